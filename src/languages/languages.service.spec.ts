import { Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { NEVER, of, throwError, type Observable } from 'rxjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkerPattern, type LanguageInfo } from '../../libs/contracts/index.js';
import { LANGUAGES } from '../../libs/judging/index.js';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import { LANGUAGES_FRESH_MS, LanguagesService, MISS_REFRESH_INTERVAL_MS, WORKER_ANSWER_TIMEOUT_MS } from './languages.service.js';

const python: LanguageInfo = { id: 'python3', name: 'Python 3', version: '3.11.2' };
const c: LanguageInfo = { id: 'c', name: 'C (gcc)', version: '12.2.0' };

/** A ClientProxy whose answers the test scripts, one per request (the last one repeats). */
function workers(...answers: (() => Observable<unknown>)[]) {
  const send = vi.fn((pattern: string) => {
    expect(pattern).toBe(WorkerPattern.ListLanguages);
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    return answer();
  });
  return { client: { send } as unknown as ClientProxy, send };
}

const redisUp = { status: 'ready' } as const;

describe('LanguagesService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => vi.useRealTimers());

  it('asks the workers, sorts by id and caches the list for 30 s', async () => {
    vi.useFakeTimers();
    const { client, send } = workers(() => of([python, c]));
    const service = new LanguagesService(client, redisUp);
    expect(await service.served()).toEqual([c, python]);
    vi.advanceTimersByTime(LANGUAGES_FRESH_MS - 1);
    await service.served();
    expect(send).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    await service.served();
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('shares one request between concurrent callers', async () => {
    const { client, send } = workers(() => of([c]));
    const service = new LanguagesService(client, redisUp);
    await Promise.all([service.served(), service.served(), service.check('c')]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('answers 503 (worker) when no worker answers within 2 s, and 503 (Redis) when Redis is down', async () => {
    vi.useFakeTimers();
    const silent = new LanguagesService(workers(() => NEVER).client, redisUp);
    const pending = silent.served();
    const assertion = expect(pending).rejects.toMatchObject({ dependency: 'worker' });
    await vi.advanceTimersByTimeAsync(WORKER_ANSWER_TIMEOUT_MS);
    await assertion;
    const cut = new LanguagesService(workers(() => throwError(() => new Error('ECONNREFUSED'))).client, { status: 'reconnecting' });
    await expect(cut.served()).rejects.toMatchObject({ dependency: 'Redis' });
  });

  it('refuses a malformed answer', async () => {
    const service = new LanguagesService(workers(() => of([{ id: 1 }])).client, redisUp);
    await expect(service.served()).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it('check: a cached language is known without asking; an unknown one refreshes at most every 2 s', async () => {
    vi.useFakeTimers();
    const { client, send } = workers(
      () => of([c]),
      () => of([c, python]),
    );
    const service = new LanguagesService(client, redisUp);
    expect(await service.check('c')).toEqual({ known: true, available: ['c'] });
    expect(send).toHaveBeenCalledTimes(1);
    expect(await service.check('c')).toEqual({ known: true, available: ['c'] });
    expect(send).toHaveBeenCalledTimes(1);
    // Unknown right after the first fetch: refresh is rate-limited, the cache answers.
    expect(await service.check('python3')).toEqual({ known: false, available: ['c'] });
    vi.advanceTimersByTime(MISS_REFRESH_INTERVAL_MS);
    // A worker with Python has joined since.
    expect(await service.check('python3')).toEqual({ known: true, available: ['c', 'python3'] });
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('check: falls back to the stale cache when the workers stop answering, and fails only when there was never an answer', async () => {
    const { client } = workers(
      () => of([c]),
      () => throwError(() => new Error('timeout')),
    );
    const service = new LanguagesService(client, redisUp);
    await expect(service.check('cobol')).resolves.toEqual({ known: false, available: ['c'] });
    vi.useFakeTimers();
    vi.advanceTimersByTime(LANGUAGES_FRESH_MS + MISS_REFRESH_INTERVAL_MS);
    await expect(service.check('cobol')).resolves.toEqual({ known: false, available: ['c'] });
    await expect(service.check('c')).resolves.toEqual({ known: true, available: ['c'] });
  });

  it('before any worker answered: the language table is accepted and listed as not served; Redis down is still a 503', async () => {
    const never = new LanguagesService(workers(() => throwError(() => new Error('timeout'))).client, redisUp);
    const check = await never.check('python3');
    expect(check.known).toBe(true);
    expect(check.available).toEqual([...LANGUAGES.map((l) => l.id)].sort());
    expect(await never.check('cobol')).toMatchObject({ known: false });
    const listed = await never.list();
    expect(listed.map((l) => l.id)).toEqual([...LANGUAGES.map((l) => l.id)].sort());
    expect(listed.every((l) => !l.served && l.version === null)).toBe(true);

    const cut = new LanguagesService(workers(() => throwError(() => new Error('ECONNREFUSED'))).client, { status: 'reconnecting' });
    await expect(cut.check('python3')).rejects.toMatchObject({ dependency: 'Redis' });
    await expect(cut.list()).rejects.toMatchObject({ dependency: 'Redis' });
  });

  it('once a worker answered, only its languages are served, also after it stops answering', async () => {
    vi.useFakeTimers();
    const service = new LanguagesService(
      workers(
        () => of([c]),
        () => throwError(() => new Error('timeout')),
      ).client,
      redisUp,
    );
    expect(await service.list()).toEqual([{ ...c, served: true, extensions: ['.c'] }]);
    vi.advanceTimersByTime(LANGUAGES_FRESH_MS);
    expect(await service.list()).toEqual([{ ...c, served: true, extensions: ['.c'] }]);
    expect(await service.check('python3')).toEqual({ known: false, available: ['c'] });
  });
});
