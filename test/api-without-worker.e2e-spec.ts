/**
 * The API with no worker anywhere on its Redis (e2e files run one at a time, and each stops its
 * workers): the languages are unknown, so a submission is refused with 503 and nothing is saved.
 */
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type ErrorBody } from './support/http.js';
import { startApi, testServices, type StartedApi } from './support/stack.js';

const services = testServices('api-without-worker');
let api: StartedApi;
let db: mongoose.Connection;

beforeAll(async () => {
  db = await mongoose.createConnection(services.MONGO_URI, { serverSelectionTimeoutMS: 5000 }).asPromise();
  api = await startApi({ ...services });
});

afterAll(async () => {
  await api?.stop();
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
});

describe('without any worker', () => {
  it('GET /languages is 503 saying no worker answered', async () => {
    const response = await request<ErrorBody>(api.url, 'GET', '/languages');
    expect(response.status).toBe(503);
    expect(response.body.message).toMatch(/no worker answered/);
  });

  it('a valid submission is 503 (languages unknown), nothing saved', async () => {
    const response = await request<ErrorBody>(api.url, 'POST', '/submissions', { language: 'python3', sourceCode: 'print(1)\n' });
    expect(response.status).toBe(503);
    expect(response.body.message).toMatch(/worker/);
    expect(await db.collection('submissions').countDocuments()).toBe(0);
  });
});
