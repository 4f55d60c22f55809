import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { guardConnectivity } from '../../common/dependency-errors.js';
import { isValidObjectId } from '../../common/object-id.js';
import type { ApiKeyMatch, ApiKeyRecord } from './api-key-records.js';
import { ApiKey } from './api-key.schema.js';

/** Most keys `list` returns (newest first). */
export const MAX_LISTED_KEYS = 1000;

function iso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}

function toRecord(row: ApiKey): ApiKeyRecord {
  return {
    id: row._id.toHexString(),
    name: row.name,
    role: row.role,
    createdAt: new Date(row.createdAt).toISOString(),
    revokedAt: iso(row.revokedAt),
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
  };
}

/** API keys (collection `apikeys`). Every method throws DependencyUnavailableError (a 503) when MongoDB is unreachable. */
@Injectable()
export class ApiKeysRepository {
  /** The schema's indexes (the unique keyHash), made before the first use: autoIndex does not run on a lazy connection. */
  private indexes: Promise<unknown> | null = null;

  constructor(@InjectModel(ApiKey.name) private readonly model: Model<ApiKey>) {}

  private ensureIndexes(): Promise<unknown> {
    this.indexes ??= guardConnectivity('MongoDB', 'creating the apikeys indexes', () => this.model.createIndexes()).catch(
      (error: unknown) => {
        this.indexes = null;
        throw error;
      },
    );
    return this.indexes;
  }

  /**
   * Stores a new key.
   * @param keyHash hex SHA-256 of the key's text (the key itself is never stored).
   * @param expiresAt when it stops being valid, or null for never.
   */
  async create(fields: { name: string; role: string; keyHash: string; expiresAt: Date | null }): Promise<ApiKeyRecord> {
    await this.ensureIndexes();
    const doc = await guardConnectivity('MongoDB', 'saving the API key', () =>
      this.model.create({ ...fields, createdAt: new Date(), revokedAt: null, lastUsedAt: null }),
    );
    return toRecord(doc.toObject());
  }

  /** The key whose text hashes to `keyHash` (revoked and expired ones included: the caller decides), or null. */
  async findByHash(keyHash: string): Promise<ApiKeyMatch | null> {
    await this.ensureIndexes();
    const row = await guardConnectivity('MongoDB', 'looking up the API key', () => this.model.findOne({ keyHash }).lean<ApiKey>().exec());
    return row ? { ...toRecord(row), keyHash: row.keyHash } : null;
  }

  /** Up to MAX_LISTED_KEYS keys, newest first, without their hashes. */
  async list(): Promise<ApiKeyRecord[]> {
    const rows = await guardConnectivity('MongoDB', 'listing the API keys', () =>
      this.model.find({}, { keyHash: 0 }).sort({ _id: -1 }).limit(MAX_LISTED_KEYS).lean<ApiKey[]>().exec(),
    );
    return rows.map(toRecord);
  }

  /**
   * Revokes key `id` (keeps the first revocation time when it was revoked already).
   * @returns the key after revocation with its hash, or null when there is no such key.
   */
  async revoke(id: string): Promise<ApiKeyMatch | null> {
    if (!isValidObjectId(id)) return null;
    const _id = new Types.ObjectId(id);
    await guardConnectivity('MongoDB', 'revoking the API key', () =>
      this.model.updateOne({ _id, revokedAt: null }, { $set: { revokedAt: new Date() } }).exec(),
    );
    const row = await guardConnectivity('MongoDB', 'reading the API key', () => this.model.findById(_id).lean<ApiKey>().exec());
    return row ? { ...toRecord(row), keyHash: row.keyHash } : null;
  }

  /** Records that key `id` was used at `at` (one small `$set`). */
  async touch(id: string, at: Date): Promise<void> {
    await guardConnectivity('MongoDB', 'recording the API key use', () =>
      this.model.updateOne({ _id: new Types.ObjectId(id) }, { $set: { lastUsedAt: at } }).exec(),
    );
  }
}
