import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { type Connection } from 'mongoose';
import { guardConnectivity } from '../common/dependency-errors.js';
import { TestDataMissingError, type StoredTestFile, type TestDataStore } from './test-data.store.js';

/** GridFS bucket holding test data: collections `testdata.files` and `testdata.chunks`. */
export const TEST_DATA_BUCKET = 'testdata';

/** GridFS chunk size, bytes (the driver's default, below FerretDB's and MongoDB's document limits). */
const CHUNK_BYTES = 255 * 1024;

/** The `testdata.files` document as GridFS writes it. */
interface GridFile {
  _id: mongoose.Types.ObjectId;
  length: number;
  filename: string;
}

/**
 * TestDataStore on MongoDB GridFS (works on FerretDB 1.24 too: plain inserts, finds and deletes,
 * no transactions). Each file is stored with a fresh ObjectId and `filename` = its SHA-256; the
 * driver writes the `files` document after the last chunk, so a file is found by its hash only
 * once complete. Two concurrent uploads of the same bytes may both complete: readers take either,
 * `delete` removes all. An upload that fails is removed by the driver (abort deletes its chunks).
 */
@Injectable()
export class GridFsTestDataStore implements TestDataStore {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private bucket(): mongoose.mongo.GridFSBucket {
    const db = this.connection.db;
    if (!db) throw new mongoose.MongooseError('Client must be connected before running operations');
    return new mongoose.mongo.GridFSBucket(db, { bucketName: TEST_DATA_BUCKET, chunkSizeBytes: CHUNK_BYTES });
  }

  private async find(hash: string): Promise<GridFile | null> {
    const [file] = (await this.bucket().find({ filename: hash }, { limit: 1 }).toArray()) as unknown as GridFile[];
    return file ?? null;
  }

  async putFile(path: string, hash: string, sizeBytes: number): Promise<boolean> {
    return guardConnectivity('MongoDB', 'storing test data', async () => {
      if (await this.find(hash)) return false;
      const upload = this.bucket().openUploadStream(hash, { metadata: { sha256: hash, sizeBytes } });
      await pipeline(createReadStream(path), upload);
      return true;
    });
  }

  async putBuffer(data: Buffer): Promise<StoredTestFile> {
    const hash = createHash('sha256').update(data).digest('hex');
    await guardConnectivity('MongoDB', 'storing test data', async () => {
      if (await this.find(hash)) return;
      const upload = this.bucket().openUploadStream(hash, { metadata: { sha256: hash, sizeBytes: data.length } });
      await pipeline(Readable.from([data]), upload);
    });
    return { hash, sizeBytes: data.length };
  }

  async missing(hashes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return [];
    const found = new Set<string>();
    await guardConnectivity('MongoDB', 'looking up test data', async () => {
      // In batches, so the $in list stays small.
      for (let i = 0; i < unique.length; i += 500) {
        const batch = unique.slice(i, i + 500);
        const rows = (await this.bucket().find({ filename: { $in: batch } }, { projection: { filename: 1 } }).toArray()) as unknown as GridFile[];
        for (const row of rows) found.add(row.filename);
      }
    });
    return unique.filter((h) => !found.has(h));
  }

  async stat(hash: string): Promise<StoredTestFile | null> {
    const file = await guardConnectivity('MongoDB', 'looking up test data', () => this.find(hash));
    return file ? { hash, sizeBytes: file.length } : null;
  }

  async openReadStream(hash: string): Promise<Readable> {
    const file = await guardConnectivity('MongoDB', 'reading test data', () => this.find(hash));
    if (!file) throw new TestDataMissingError(hash);
    return this.bucket().openDownloadStream(file._id);
  }

  async delete(hash: string): Promise<void> {
    await guardConnectivity('MongoDB', 'deleting test data', async () => {
      const bucket = this.bucket();
      const rows = (await bucket.find({ filename: hash }, { projection: { _id: 1 } }).toArray()) as unknown as GridFile[];
      for (const row of rows) {
        await bucket.delete(row._id).catch((err: unknown) => {
          // Deleted meanwhile by another process: fine.
          if (!(err instanceof Error && /not found/i.test(err.message))) throw err;
        });
      }
    });
  }
}
