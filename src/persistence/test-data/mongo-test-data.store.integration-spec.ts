import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoTestDataStore } from './mongo-test-data.store.js';

// MongoTestDataStore's inline stamps on the real MongoDB-compatible server (MONGO_URI, set by `npm test`).
const mongoUri = process.env.MONGO_URI ?? 'mongodb://127.0.0.1:27017/verdict';

describe('MongoTestDataStore.stampInline', () => {
  let connection: Connection;
  let store: MongoTestDataStore;

  beforeAll(async () => {
    connection = await mongoose.createConnection(mongoUri, { dbName: `verdict_test_data_${process.pid}` }).asPromise();
    store = new MongoTestDataStore(connection);
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('stamps the stored files among the hashes in one go and names them; the others stay unstored', async () => {
    const a = await store.putBuffer(Buffer.from('stamp a'));
    const b = await store.putBuffer(Buffer.from('stamp b'));
    const absent = 'f'.repeat(64);
    expect(await store.inlineUsed([a.hash, b.hash])).toEqual(new Set());

    expect(await store.stampInline([a.hash, b.hash, a.hash])).toEqual(new Set([a.hash, b.hash]));
    expect(await store.inlineUsed([a.hash, b.hash])).toEqual(new Set([a.hash, b.hash]));

    const before = new Date();
    expect(await store.stampInline([absent, b.hash])).toEqual(new Set([b.hash]));
    expect(await store.stat(absent)).toBeNull();
    // b's stamp is fresh: not a collector candidate before now.
    expect(await store.inlineCandidates(before, null, 10)).not.toContain(b.hash);
    expect(await store.stampInline([])).toEqual(new Set());
  });
});
