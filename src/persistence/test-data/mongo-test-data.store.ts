import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import mongoose, { type Connection } from 'mongoose';
import { guardConnectivity } from '../../common/dependency-errors.js';
import type { StoredTestFile, TestDataStore } from './test-data.store.js';
import { TestDataMissingError } from './test-data-missing.error.js';

/** Collection of the files: `{ _id: sha256, length, chunkBytes, chunkCount, createdAt, inlineUsedAt? }`. */
export const TEST_DATA_FILES = 'testdata_files';
/** Collection of their bytes: `{ _id: "<sha256>:<n>", data }`, n from 0. */
export const TEST_DATA_CHUNKS = 'testdata_chunks';
/** Bytes per chunk document (well under the 16 MiB document limit; few round trips per file). */
export const CHUNK_BYTES = 4 * 1024 * 1024;

interface FileDoc {
  _id: string;
  length: number;
  chunkBytes: number;
  chunkCount: number;
  createdAt: Date;
  /** Last time an inline test case of a submission stored these bytes (putInline); absent if never. */
  inlineUsedAt?: Date;
}

interface ChunkDoc {
  _id: string;
  data: mongoose.mongo.Binary;
}

const chunkId = (hash: string, n: number): string => `${hash}:${n}`;

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * TestDataStore on plain MongoDB collections, like GridFS but addressed only by `_id`: the file
 * document's `_id` is the SHA-256 and chunk `n` of it has `_id` `<sha256>:<n>`. Every read and
 * write is an `_id` lookup, which FerretDB 1.24 (SQLite) serves without a scan; GridFS's queries
 * on `files_id` and `n` scan the whole chunks table there (measured ~3 s per 1 MiB file once
 * 100 MiB were stored). The file document is written after its last chunk, so a file is found
 * only once complete; storing the same bytes twice writes nothing new (a chunk that exists holds
 * the same bytes, by its hash). Chunks of an upload that failed half-way stay until the same
 * file is stored again (they are reused) or deleted. No transactions.
 */
@Injectable()
export class MongoTestDataStore implements TestDataStore {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private collections(): { files: mongoose.mongo.Collection<FileDoc>; chunks: mongoose.mongo.Collection<ChunkDoc> } {
    const db = this.connection.db;
    if (!db) throw new mongoose.MongooseError('Client must be connected before running operations');
    return { files: db.collection<FileDoc>(TEST_DATA_FILES), chunks: db.collection<ChunkDoc>(TEST_DATA_CHUNKS) };
  }

  async putFile(path: string, hash: string, sizeBytes: number): Promise<boolean> {
    return guardConnectivity('MongoDB', 'storing test data', async () => {
      if (await this.find(hash)) return false;
      await this.write(hash, Readable.from(createReadStream(path, { highWaterMark: CHUNK_BYTES })), sizeBytes);
      return true;
    });
  }

  async putBuffer(data: Buffer): Promise<StoredTestFile> {
    const hash = createHash('sha256').update(data).digest('hex');
    await guardConnectivity('MongoDB', 'storing test data', async () => {
      if (await this.find(hash)) return;
      await this.write(hash, Readable.from([data]), data.length);
    });
    return { hash, sizeBytes: data.length };
  }

  async missing(hashes: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    await guardConnectivity('MongoDB', 'looking up test data', async () => {
      // One `_id` lookup each: `$in` is not served by an index on FerretDB.
      for (const hash of new Set(hashes)) if (!(await this.find(hash))) out.push(hash);
    });
    return out;
  }

  async stat(hash: string): Promise<StoredTestFile | null> {
    const file = await guardConnectivity('MongoDB', 'looking up test data', () => this.find(hash));
    return file ? { hash, sizeBytes: file.length } : null;
  }

  async openReadStream(hash: string): Promise<Readable> {
    const file = await guardConnectivity('MongoDB', 'reading test data', () => this.find(hash));
    if (!file) throw new TestDataMissingError(hash);
    const { chunks } = this.collections();
    async function* read(): AsyncGenerator<Buffer> {
      let total = 0;
      for (let n = 0; n < file!.chunkCount; n++) {
        const chunk = await guardConnectivity('MongoDB', 'reading test data', () => chunks.findOne({ _id: chunkId(hash, n) }));
        if (!chunk) throw new TestDataMissingError(hash);
        const bytes = chunk.data.buffer;
        total += bytes.length;
        yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
      if (total !== file!.length) throw new Error(`test data file ${hash} is ${total} bytes in the store, not ${file!.length}`);
    }
    return Readable.from(read(), { objectMode: false });
  }

  async delete(hash: string): Promise<void> {
    await guardConnectivity('MongoDB', 'deleting test data', async () => {
      const { files, chunks } = this.collections();
      const file = await this.find(hash);
      // The file document first, so no reader starts on a file whose chunks are going.
      if (file) await files.deleteOne({ _id: hash });
      for (let n = 0; ; n++) {
        const { deletedCount } = await chunks.deleteOne({ _id: chunkId(hash, n) });
        if (deletedCount === 0 && (!file || n >= file.chunkCount)) break;
      }
    });
  }

  async putInline(data: Buffer): Promise<StoredTestFile> {
    const hash = createHash('sha256').update(data).digest('hex');
    await guardConnectivity('MongoDB', 'storing test data', async () => {
      const { files } = this.collections();
      // A small update of the file document: stamps it, and says whether it is stored already.
      const { matchedCount } = await files.updateOne({ _id: hash }, { $set: { inlineUsedAt: new Date() } });
      if (matchedCount > 0) return;
      await this.write(hash, Readable.from([data]), data.length, new Date());
    });
    return { hash, sizeBytes: data.length };
  }

  async stampInline(hashes: readonly string[]): Promise<Set<string>> {
    const distinct = [...new Set(hashes)];
    if (distinct.length === 0) return new Set();
    return guardConnectivity('MongoDB', 'storing test data', async () => {
      const { files } = this.collections();
      const { matchedCount } = await files.updateMany({ _id: { $in: distinct } }, { $set: { inlineUsedAt: new Date() } });
      if (matchedCount === distinct.length) return new Set(distinct);
      // Some are not stored. A file found now was stamped above, or stored since (stamped as it was
      // written); one deleted by the collector before the stamp is not found, and is written again.
      const rows = await files.find({ _id: { $in: distinct } }, { projection: { _id: 1 } }).toArray();
      return new Set(rows.map((row) => row._id));
    });
  }

  async inlineCandidates(usedBefore: Date, afterHash: string | null, limit: number): Promise<string[]> {
    const rows = await guardConnectivity('MongoDB', 'listing inline test data', () =>
      this.collections()
        .files.find(
          { inlineUsedAt: { $lt: usedBefore }, ...(afterHash !== null ? { _id: { $gt: afterHash } } : {}) },
          { projection: { _id: 1 } },
        )
        .sort({ _id: 1 })
        .limit(limit)
        .toArray(),
    );
    return rows.map((r) => r._id);
  }

  async inlineUsed(hashes: readonly string[]): Promise<Set<string>> {
    const used = new Set<string>();
    await guardConnectivity('MongoDB', 'looking up test data', async () => {
      for (const hash of new Set(hashes)) if ((await this.find(hash))?.inlineUsedAt) used.add(hash);
    });
    return used;
  }

  async deleteInlineUnusedSince(hash: string, usedBefore: Date): Promise<boolean> {
    return guardConnectivity('MongoDB', 'deleting test data', async () => {
      const { files, chunks } = this.collections();
      const file = await files.findOneAndDelete({ _id: hash, inlineUsedAt: { $lt: usedBefore } });
      if (!file) return false;
      // The file document is gone, so no reader starts on it; now exactly its chunks.
      for (let n = 0; n < file.chunkCount; n++) await chunks.deleteOne({ _id: chunkId(hash, n) });
      return true;
    });
  }

  private find(hash: string): Promise<FileDoc | null> {
    return this.collections().files.findOne({ _id: hash });
  }

  /** Writes the chunks (`CHUNK_BYTES` each, the last shorter), then the file document. */
  private async write(hash: string, source: Readable, sizeBytes: number, inlineUsedAt?: Date): Promise<void> {
    const { files, chunks } = this.collections();
    let n = 0;
    let length = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (data: Buffer) => {
      try {
        await chunks.insertOne({ _id: chunkId(hash, n), data: new mongoose.mongo.Binary(data) });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error; // same hash, same chunk size: same bytes
      }
      n++;
    };
    for await (const piece of source as AsyncIterable<Buffer>) {
      pending.push(piece);
      pendingBytes += piece.length;
      length += piece.length;
      while (pendingBytes >= CHUNK_BYTES) {
        const all = Buffer.concat(pending, pendingBytes);
        await flush(all.subarray(0, CHUNK_BYTES));
        pending = [all.subarray(CHUNK_BYTES)];
        pendingBytes = all.length - CHUNK_BYTES;
      }
    }
    if (pendingBytes > 0 || n === 0) await flush(Buffer.concat(pending, pendingBytes));
    if (length !== sizeBytes)
      throw new Error(`test data file ${hash} changed while it was stored (${length} bytes, expected ${sizeBytes})`);
    try {
      await files.insertOne({
        _id: hash,
        length,
        chunkBytes: CHUNK_BYTES,
        chunkCount: n,
        createdAt: new Date(),
        ...(inlineUsedAt ? { inlineUsedAt } : {}),
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // stored meanwhile by another import
      if (inlineUsedAt) await files.updateOne({ _id: hash }, { $set: { inlineUsedAt } });
    }
  }
}
