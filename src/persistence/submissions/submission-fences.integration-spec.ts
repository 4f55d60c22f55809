import { Redis } from 'ioredis';
import mongoose, { type Connection, type Model } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict } from '../../../libs/contracts/index.js';
import { DocumentWriteLock } from '../shared/document-write-lock.js';
import { Submission, SubmissionSchema } from './submission.schema.js';
import { SubmissionsRepository } from './submissions.repository.js';

// The judging fences on the real MongoDB-compatible server and Redis (MONGO_URI, REDIS_URL, set by
// `npm test`). On FerretDB 1.24 a filtered update is not atomic: without DocumentWriteLock, 8
// concurrent starts of one submission had more than one winner in 19 of 20 rounds.
const mongoUri = process.env.MONGO_URI ?? 'mongodb://127.0.0.1:27017/verdict';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = 10;
const WRITERS = 8;

describe('SubmissionsRepository fences under concurrent writers', () => {
  let connection: Connection;
  let redis: Redis;
  let model: Model<Submission>;
  let repository: SubmissionsRepository;

  beforeAll(async () => {
    connection = await mongoose.createConnection(mongoUri, { dbName: `verdict_fences_${process.pid}` }).asPromise();
    redis = new Redis(redisUrl);
    model = connection.model<Submission>(Submission.name, SubmissionSchema);
    repository = new SubmissionsRepository(model, new DocumentWriteLock(connection, redis));
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    redis.disconnect();
  });

  /** A queued submission stored as the API stores one (only the fields the fences read matter here). */
  async function queued(): Promise<string> {
    const { insertedId } = await model.collection.insertOne({
      status: SubmissionStatus.Queued,
      attempt: 0,
      lastSeq: 1,
      language: 'python3',
      sourceCode: 'x'.repeat(4096),
      tests: [],
      createdAt: new Date(),
    });
    return insertedId.toHexString();
  }

  it('lets exactly one of several workers start the same judging attempt', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await queued();
      const seqs = await Promise.all(Array.from({ length: WRITERS }, () => repository.markStarted(id, 0)));
      const winners = seqs.filter((seq) => seq !== null);
      expect(winners, `round ${round}: seqs ${JSON.stringify(seqs)}`).toHaveLength(1);
      const stored = await model.findById(id).lean().exec();
      expect(stored?.attempt).toBe(1);
      expect(stored?.lastSeq).toBe(winners[0]);
    }
  });

  it('never stores two verdicts: a stale attempt finishing races a new attempt starting, one wins', async () => {
    let staleFinished = 0;
    let restarted = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const id = await queued();
      expect(await repository.markStarted(id, 0)).not.toBeNull();
      // Attempt 1 stores its verdict while another worker starts attempt 2 over it (its job was handed out again).
      const [finished, started] = await Promise.all([
        repository.finish(id, { verdict: Verdict.Accepted, message: null }, { attempt: 1 }),
        repository.markStarted(id, 1),
      ]);
      expect(finished === null || started === null, `round ${round}: both the stale verdict and the new start were stored`).toBe(true);
      const stored = await model.findById(id).lean().exec();
      if (finished) {
        staleFinished++;
        expect(stored?.status).toBe(SubmissionStatus.Finished);
        expect(stored?.attempt).toBe(1);
      } else {
        restarted++;
        expect(stored?.status).toBe(SubmissionStatus.Compiling);
        expect(stored?.attempt).toBe(2);
        // The stale attempt can no longer store anything.
        expect(await repository.storeProgress(id, 1, [{ result: null }])).toBeNull();
      }
    }
    expect(staleFinished + restarted).toBe(ROUNDS);
  });

  it('on FerretDB, sends each fenced write by `_id` alone (the only filter it pushes down; any other scans the collection)', async () => {
    const lock = new DocumentWriteLock(connection, redis);
    if (!(await lock.serializes())) return; // MongoDB: the filtered update itself is atomic and indexed
    const filters: unknown[] = [];
    const spied = Object.assign(Object.create(model) as Model<Submission>, {
      findOneAndUpdate: (filter: unknown, ...rest: unknown[]) => {
        filters.push(filter);
        return (model.findOneAndUpdate as (...args: unknown[]) => unknown).call(model, filter, ...rest);
      },
    });
    const fenced = new SubmissionsRepository(spied, lock);
    const id = await queued();
    expect(await fenced.markStarted(id, 0)).toBe(2);
    expect(await fenced.storeProgress(id, 1, [{ result: null }])).toBe(3);
    expect(await fenced.storeProgress(id, 7, [{ result: null }])).toBeNull();
    expect(await fenced.markStarted(id, 0)).toBeNull();
    expect(filters.map((f) => Object.keys(f as object))).toEqual([['_id'], ['_id']]);
  });
});
