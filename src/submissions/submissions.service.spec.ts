import { type BadRequestException, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { SubmissionStatus, type SubmissionEventDraft } from '../../libs/contracts/index.js';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import type { JudgeLimitsSettings } from '../config/judge-limits.config.js';
import type { SubmissionEventsPublisher } from '../events/submission-events.publisher.js';
import type { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import type { QueueAdmission } from '../queue/queue-admission.js';
import type { JudgeQueueProducer } from '../queue/judge-queue.producer.js';
import type { CreateSubmissionDto } from './dto/create-submission.dto.js';
import type { NewSubmission } from '../persistence/submissions/submission-records.js';
import type { SubmissionRequestValidator } from './submission-request.validator.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { SubmissionsService } from './submissions.service.js';
import type { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries/webhook-deliveries.repository.js';
import { InlineTestData } from '../persistence/submissions/inline-test-data.js';
import { MemoryTestDataStore, sha256 } from '../../test/support/problem-fakes.js';

/** The two Redis commands a rejudge lease uses, in memory; `down` makes every command fail like an unreachable Redis. */
class FakeRedis {
  readonly keys = new Map<string, string>();
  down = false;
  async set(key: string, value: string, _px: 'PX', _ttl: number, _nx: 'NX'): Promise<'OK' | null> {
    if (this.down) throw new Error('Connection is closed.');
    if (this.keys.has(key)) return null;
    this.keys.set(key, value);
    return 'OK';
  }
  async eval(_script: string, _keys: number, key: string, token: string): Promise<number> {
    if (this.down) throw new Error('Connection is closed.');
    if (this.keys.get(key) !== token) return 0;
    this.keys.delete(key);
    return 1;
  }
}

const settings: JudgeLimitsSettings = {
  maxSourceBytes: 65536,
  maxTestCases: 100,
  maxTestDataBytes: 8 << 20,
  defaults: { cpuTimeMs: 2000, wallTimeMs: 0, memoryKiB: 262144, outputKiB: 16384 },
  maxima: { cpuTimeMs: 10000, wallTimeMs: 30000, memoryKiB: 1048576, outputKiB: 65536 },
};

/** The service with recording stand-ins; `fail` makes one step throw like an unreachable dependency. */
function setup(fail?: 'files' | 'store' | 'publish' | 'enqueue', redis = new FakeRedis()) {
  const steps: string[] = [];
  const files = new MemoryTestDataStore();
  if (fail === 'files') files.failPutAfter = 1; // the second file of a request fails
  const stored: NewSubmission[] = [];
  const unavailable = (dependency: 'Redis' | 'MongoDB') => new DependencyUnavailableError(dependency, `${dependency} is unavailable`);
  const repository = {
    create: vi.fn(async (input: NewSubmission) => {
      steps.push('store');
      if (fail === 'store') throw unavailable('MongoDB');
      stored.push(input);
      return { lastSeq: 1 };
    }),
    remove: vi.fn(async (id: string) => {
      steps.push('remove');
      stored.splice(
        stored.findIndex((s) => s.id === id),
        1,
      );
      return true;
    }),
  };
  const events = {
    publishAfter: vi.fn(async (draft: SubmissionEventDraft, persist: () => Promise<number | null>) => {
      const seq = await persist();
      steps.push(`publish:${draft.type}`);
      if (fail === 'publish') throw unavailable('Redis');
      return { ...draft, seq, at: '' };
    }),
  };
  const queue = {
    enqueueJudge: vi.fn(async () => {
      steps.push('enqueue');
      if (fail === 'enqueue') throw unavailable('Redis');
    }),
  };
  const validator = { validate: vi.fn(async () => undefined) };
  const problems = {
    find: vi.fn(async (id: string) =>
      id === PROBLEM_ID || id === ARCHIVED_ID
        ? {
            id,
            slug: 'aplusb',
            archived: id === ARCHIVED_ID,
            testCount: 7,
            type: 'scoring',
            groups: [{ points: 30 }, { points: 70 }],
            limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 },
            callbackUrl: 'https://problem.example/hook',
          }
        : null,
    ),
  };
  const service = new SubmissionsService(
    repository as unknown as SubmissionsRepository,
    events as unknown as SubmissionEventsPublisher,
    queue as unknown as JudgeQueueProducer,
    validator as unknown as SubmissionRequestValidator,
    settings,
    problems as unknown as ProblemsRepository,
    redis as unknown as Redis,
    { latestFor: async () => null } as unknown as WebhookDeliveriesRepository,
    { admit: async () => undefined } as unknown as QueueAdmission,
    new InlineTestData(files),
  );
  return { service, steps, stored, queue, events, repository, files };
}

const dto = { language: 'python3', sourceCode: 'print(input())', stdin: 'hi' } as CreateSubmissionDto;
const PROBLEM_ID = '0123456789abcdef01234567';
const ARCHIVED_ID = '0123456789abcdef01234568';

describe('SubmissionsService.create', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it("stores (the store allocates the queued event's seq), publishes with it, then enqueues with the same id", async () => {
    const { service, steps, stored, queue, events } = setup();
    const created = await service.create(dto);
    expect(created.status).toBe(SubmissionStatus.Queued);
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(steps).toEqual(['store', 'publish:queued', 'enqueue']);
    await expect(events.publishAfter.mock.results[0]!.value).resolves.toMatchObject({ type: 'queued', seq: 1 });
    expect(stored).toEqual([
      {
        id: created.id,
        language: 'python3',
        sourceCode: 'print(input())',
        testCases: [{ inputHash: sha256('hi'), inputBytes: 2, answerHash: null, answerBytes: 0 }],
        limits: { cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 262144, outputKiB: 16384 },
      },
    ]);
    expect(queue.enqueueJudge).toHaveBeenCalledWith(created.id);
  });

  it("against a problem: stores no test cases, the problem's limits, test count and points", async () => {
    const { service, stored } = setup();
    await service.create({ language: 'c', sourceCode: 'int main(){}', problemId: PROBLEM_ID } as CreateSubmissionDto);
    expect(stored[0]).toMatchObject({
      testCases: [],
      problemId: PROBLEM_ID,
      testCount: 7,
      maxScore: 100,
      limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 },
      callbackUrl: 'https://problem.example/hook',
    });
  });

  it("stores the submission's own callbackUrl over its problem's default; inline submissions have none unless given", async () => {
    const { service, stored } = setup();
    const own = 'https://own.example/hook';
    await service.create({ language: 'c', sourceCode: 'int main(){}', problemId: PROBLEM_ID, callbackUrl: own } as CreateSubmissionDto);
    await service.create(dto);
    await service.create({ ...dto, callbackUrl: own } as CreateSubmissionDto);
    expect(stored.map((s) => s.callbackUrl)).toEqual([own, undefined, own]);
  });

  it('refuses an unknown or archived problem with a 400 naming problemId, storing nothing', async () => {
    const { service, stored } = setup();
    const unknown = await service
      .create({ language: 'c', sourceCode: 'x', problemId: 'ffffffffffffffffffffffff' } as CreateSubmissionDto)
      .catch((e: unknown) => e);
    expect((unknown as BadRequestException).getResponse()).toMatchObject({
      message: expect.stringMatching(/^problemId must name an existing problem/),
    });
    const archived = await service
      .create({ language: 'c', sourceCode: 'x', problemId: ARCHIVED_ID } as CreateSubmissionDto)
      .catch((e: unknown) => e);
    expect((archived as BadRequestException).getResponse()).toMatchObject({ message: expect.stringMatching(/archived problem/) });
    expect(stored).toEqual([]);
  });

  it('runs a program without stdin on empty input', async () => {
    const { service, stored } = setup();
    await service.create({ language: 'c', sourceCode: 'int main(){}' } as CreateSubmissionDto);
    expect(stored[0]!.testCases).toEqual([{ inputHash: sha256(''), inputBytes: 0, answerHash: null, answerBytes: 0 }]);
  });

  it('puts inline test data into the test data store first, once per distinct content, and stores only hashes', async () => {
    const { service, stored, files, steps } = setup();
    const testCases = [
      { input: '1 2\n', expectedOutput: '3\n' },
      { input: '1 2\n', expectedOutput: '3\n' },
    ];
    await service.create({ language: 'python3', sourceCode: 'x', testCases } as CreateSubmissionDto);
    expect(files.files.get(sha256('1 2\n'))?.toString()).toBe('1 2\n');
    expect(files.uploads).toBe(2);
    const ref = { inputHash: sha256('1 2\n'), inputBytes: 4, answerHash: sha256('3\n'), answerBytes: 2 };
    expect(stored[0]!.testCases).toEqual([ref, ref]);
    expect(steps[0]).toBe('store');
  });

  it("keeps a Judge0-compatible submission's one test case as text (the Judge0 API returns it)", async () => {
    const { service, stored, files } = setup();
    await service.create(dto, { judge0: { token: '00000000-0000-4000-8000-000000000000', languageId: 71, callbackUrl: null } });
    expect(stored[0]!.testCases).toEqual([{ input: 'hi', expectedOutput: null }]);
    expect(files.uploads).toBe(0);
  });

  it('stores no submission when the test data store fails half-way, and rethrows', async () => {
    const { service, steps, stored } = setup('files');
    const testCases = [{ input: 'a', expectedOutput: 'b' }];
    await expect(service.create({ language: 'python3', sourceCode: 'x', testCases } as CreateSubmissionDto)).rejects.toThrow(
      'the store failed',
    );
    expect(steps).toEqual([]);
    expect(stored).toEqual([]);
  });

  it.each(['publish', 'enqueue'] as const)('deletes the stored submission when the %s step fails, and rethrows', async (step) => {
    const { service, steps, stored } = setup(step);
    await expect(service.create(dto)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(steps.at(-1)).toBe('remove');
    expect(stored).toEqual([]);
  });

  it.each(['store'] as const)('leaves nothing to undo when the %s step fails', async (step) => {
    const { service, steps, stored } = setup(step);
    await expect(service.create(dto)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(steps).not.toContain('remove');
    expect(steps).not.toContain('enqueue');
    expect(stored).toEqual([]);
  });
});

describe('SubmissionsService.rejudge', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const ID = '0123456789abcdef0123abcd';

  /** The service around a finished inline submission whose reset can be held open with `gate`. */
  function rejudgeSetup(redis = new FakeRedis()) {
    const { service, steps, repository, queue } = setup(undefined, redis);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let resets = 0;
    Object.assign(repository, {
      findView: vi.fn(async () => ({ id: ID, status: SubmissionStatus.Finished, problemId: null })),
      resetForRejudge: vi.fn(async () => {
        resets++;
        await gate;
        return { rejudges: resets, seq: 10 + resets };
      }),
    });
    return { service, steps, queue, redis, release, resets: () => resets };
  }

  it('lets one rejudge of a submission run at a time: a concurrent one is 409 and resets nothing', async () => {
    const { service, redis, release, resets, queue } = rejudgeSetup();
    const first = service.rejudge(ID);
    await vi.waitFor(() => expect(resets()).toBe(1));
    const second = await service.rejudge(ID).catch((e: unknown) => e);
    expect(second).toMatchObject({ status: 409, message: `submission ${ID} is being queued for a rejudge already` });
    release();
    await expect(first).resolves.toEqual({ id: ID, status: SubmissionStatus.Queued });
    expect(resets()).toBe(1);
    expect(queue.enqueueJudge).toHaveBeenCalledTimes(1);
    // The lease is given back once the rejudge is queued.
    expect(redis.keys.size).toBe(0);
  });

  it('is 503 with nothing reset when Redis is unreachable', async () => {
    const redis = new FakeRedis();
    redis.down = true;
    const { service, resets } = rejudgeSetup(redis);
    await expect(service.rejudge(ID)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(resets()).toBe(0);
  });

  it('gives the lease back when the rejudge fails', async () => {
    const redis = new FakeRedis();
    const { service, release, queue } = rejudgeSetup(redis);
    release();
    queue.enqueueJudge.mockRejectedValueOnce(new DependencyUnavailableError('Redis', 'Redis is unavailable'));
    await expect(service.rejudge(ID)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(redis.keys.size).toBe(0);
  });
});

describe('SubmissionsService.create with a Judge0 link', () => {
  it('stores the link with the submission', async () => {
    const { service, stored } = setup();
    const judge0 = { token: 'd85cd024-1548-4165-96c7-7bc88673f194', languageId: 71, callbackUrl: 'https://example.com/hook' };
    await service.create(dto, { judge0 });
    expect(stored[0]).toMatchObject({ language: 'python3', judge0 });
  });
});

describe('SubmissionsService.remove', () => {
  const ID = '0123456789abcdef01234569';

  function withStatus(status: SubmissionStatus | null) {
    const { service, repository } = setup();
    Object.assign(repository, { findView: vi.fn(async () => (status ? { id: ID, status } : null)) });
    return { service, repository };
  }

  it('deletes a finished submission', async () => {
    const { service, repository } = withStatus(SubmissionStatus.Finished);
    await expect(service.remove(ID)).resolves.toBe(true);
    expect(repository.remove).toHaveBeenCalledWith(ID);
  });

  it('is false for an unknown one, 409 for one still queued or being judged, deleting nothing', async () => {
    await expect(withStatus(null).service.remove(ID)).resolves.toBe(false);
    for (const status of [SubmissionStatus.Queued, SubmissionStatus.Compiling, SubmissionStatus.Running]) {
      const { service, repository } = withStatus(status);
      await expect(service.remove(ID)).rejects.toMatchObject({ status: 409 });
      expect(repository.remove).not.toHaveBeenCalled();
    }
  });
});
