import { ConflictException, Logger, NotFoundException } from '@nestjs/common';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { SubmissionStatus } from '../../libs/contracts/index.js';
import { MemoryProblemsRepository, MemoryTestDataStore, sha256 } from '../../test/support/problem-fakes.js';
import { decodeCursor } from '../common/cursor-page.js';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import type { JudgeLimitsSettings } from '../config/judge-limits.config.js';
import type { ProblemsConfig } from '../config/problems.config.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import type { VerificationsRepository } from '../persistence/verifications/verifications.repository.js';
import type { JudgeQueueProducer } from '../queue/judge-queue.producer.js';
import type { SubmissionsService } from '../submissions/submissions.service.js';
import type { CreateProblemDto } from './dto/create-problem.dto.js';
import { CallbackUrlPolicy } from '../webhooks/callback-url.policy.js';
import { ProblemsService } from './problems.service.js';
import type { Caller } from '../auth/caller.js';
import { Role } from '../auth/role.js';

/** The caller of an API running open: an admin without a key. */
const ADMIN: Caller = { keyId: null, role: Role.Admin, name: 'open', ip: '127.0.0.1' };

const limits: JudgeLimitsSettings = {
  maxSourceBytes: 65536,
  maxTestCases: 100,
  maxTestDataBytes: 8 << 20,
  defaults: { cpuTimeMs: 2000, wallTimeMs: 0, memoryKiB: 262144, outputKiB: 16384 },
  maxima: { cpuTimeMs: 10000, wallTimeMs: 30000, memoryKiB: 1048576, outputKiB: 65536 },
};
const cfg = { maxTestCases: 5 } as ProblemsConfig;

/** The service over in-memory stores; submissions of a problem, the queue and verifications are scripted. */
function setup({ submissions = [] as { id: string; status: SubmissionStatus }[], enqueueFails = false } = {}) {
  const store = new MemoryTestDataStore();
  const repository = new MemoryProblemsRepository();
  const submissionsRepository = {
    countByProblem: vi.fn(async () => submissions.length),
    listByProblem: vi.fn(async () => submissions),
  };
  const submissionsService = {
    rejudge: vi.fn(async (id: string) => {
      if (id === 'started-meanwhile') throw new ConflictException(`submission ${id} is being judged`);
      if (id === 'redis-down') throw new DependencyUnavailableError('Redis', 'Redis is unavailable');
      return { id, status: SubmissionStatus.Queued };
    }),
  };
  const verifications = {
    create: vi.fn(async (problemId: string, problemRevision: number) => ({ id: 'v1', problemId, problemRevision, status: 'queued' })),
    remove: vi.fn(async () => undefined),
  };
  const queue = {
    enqueueVerify: vi.fn(async () => {
      if (enqueueFails) throw new DependencyUnavailableError('Redis', 'Redis is unavailable');
    }),
  };
  const service = new ProblemsService(
    repository.asRepository(),
    store,
    submissionsRepository as unknown as SubmissionsRepository,
    submissionsService as unknown as SubmissionsService,
    limits,
    cfg,
    verifications as unknown as VerificationsRepository,
    queue as unknown as JudgeQueueProducer,
    // Webhooks on; every name resolves to 10.0.0.5, and hooks.internal is allow-listed.
    new CallbackUrlPolicy({ secret: 's'.repeat(32), allowedHosts: new Set(['hooks.internal']) }, async () => [
      { address: '10.0.0.5', family: 4 },
    ]),
  );
  return { service, store, repository, submissionsService, verifications, queue };
}

const body = (fields: Partial<CreateProblemDto> = {}): CreateProblemDto =>
  ({
    slug: 'aplusb',
    title: 'A + B',
    groups: [
      {
        name: 'secret',
        testCases: [
          { input: '1 2\n', answer: '3\n' },
          { input: '2 2\n', answer: '4\n' },
        ],
      },
      { name: 'sample', testCases: [{ input: '1 2\n', answer: '3\n' }] },
    ],
    ...fields,
  }) as CreateProblemDto;

/** The 400's messages of a rejected call. */
async function refused(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the request should be refused with a 400').toBeInstanceOf(InvalidRequestException);
  return [...(error as InvalidRequestException).messages];
}

beforeAll(() => Logger.overrideLogger(false));

describe('ProblemsService.create (POST /problems)', () => {
  it('stores inline test data by hash (equal files once), samples first, default limits, checker and names', async () => {
    const { service, store, repository } = setup();
    const view = await service.create(body(), ADMIN);
    expect(view).toMatchObject({
      slug: 'aplusb',
      statement: '',
      type: 'pass-fail',
      interactive: false,
      // No cpuTimeMs in the body: the server default, taken as stated (timeLimitSource package).
      timeLimitGiven: false,
      timeLimitSource: 'package',
      timeLimitRules: { legacy: false, acToTimeLimit: 2, timeLimitToTle: 1.5, timeResolutionMs: 1000 },
      derivedTimeLimit: null,
      appliedTimeLimit: { ms: 2000, from: 'server-default' },
      limits: { cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 262144, outputKiB: 16384 },
      checker: {
        kind: 'default',
        caseSensitive: false,
        spaceChangeSensitive: false,
        floatAbsoluteTolerance: null,
        floatRelativeTolerance: null,
        files: [],
      },
      testCount: 3,
      maxScore: null,
      revision: 1,
    });
    expect(view.groups.map((g) => [g.name, g.sample, g.testCases.map((t) => t.name)])).toEqual([
      ['sample', true, ['sample/1']],
      ['secret', false, ['secret/1', 'secret/2']],
    ]);
    expect(view.groups[0]!.testCases[0]).toEqual({
      name: 'sample/1',
      inputHash: sha256('1 2\n'),
      inputBytes: 4,
      answerHash: sha256('3\n'),
      answerBytes: 2,
    });
    expect([...store.files.keys()].sort()).toEqual([sha256('1 2\n'), sha256('2 2\n'), sha256('3\n'), sha256('4\n')].sort());
    expect(repository.problems.size).toBe(1);
  });

  it('keeps a default callbackUrl the address guard accepts, refuses one it does not', async () => {
    const { service } = setup();
    const created = await service.create(body({ callbackUrl: 'https://hooks.internal/verdict' }), ADMIN);
    expect(created.callbackUrl).toBe('https://hooks.internal/verdict');
    expect((await service.findOne(created.id, ADMIN)).callbackUrl).toBe('https://hooks.internal/verdict');
    expect((await service.replace(created.id, body(), ADMIN)).callbackUrl).toBeNull();
    const refused = await service.create(body({ slug: 'other', callbackUrl: 'https://lan.example/hook' }), ADMIN).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidRequestException);
    expect((refused as InvalidRequestException).messages).toEqual([
      'callbackUrl must not lead to a private address (10.0.0.0/8, RFC 1918) (lan.example resolves to 10.0.0.5); ' +
        'an operator may allow the host in WEBHOOK_ALLOWED_HOSTS',
    ]);
  });

  it('scoring: points per group (samples are worth nothing), maxScore their sum', async () => {
    const { service } = setup();
    const view = await service.create(
      body({
        type: 'scoring',
        groups: [
          { name: 'sample', points: 10, testCases: [{ input: '1', answer: '1' }] },
          { name: 'secret/g1', points: 30, testCases: [{ input: '2', answer: '2' }] },
          { name: 'secret/g2', points: 70, sample: false, testCases: [{ input: '3', answer: '3' }] },
        ],
      } as Partial<CreateProblemDto>),
      ADMIN,
    );
    expect(view.groups.map((g) => g.points)).toEqual([0, 30, 70]);
    expect(view.maxScore).toBe(100);
  });

  it('refuses points that add up to more than MAX_PROBLEM_POINTS; samples count nothing', async () => {
    const { service } = setup();
    const group = (name: string, points: number) => ({ name, points, testCases: [{ input: '1', answer: '1' }] });
    const refused = await service
      .create(body({ type: 'scoring', groups: [group('secret/a', 1e308), group('secret/b', 1e308)] } as Partial<CreateProblemDto>), ADMIN)
      .catch((e: unknown) => e);
    expect((refused as { getResponse(): unknown }).getResponse()).toMatchObject({
      message: "groups: the test groups' points add up to Infinity, more than 1000000",
    });
    const view = await service.create(
      body({ type: 'scoring', groups: [group('sample', 1e308), group('secret/a', 1_000_000)] } as Partial<CreateProblemDto>),
      ADMIN,
    );
    expect(view.maxScore).toBe(1_000_000);
  });

  it('default checker flags: floatTolerance sets both tolerances unless one is given', async () => {
    const { service } = setup();
    const view = await service.create(
      body({
        checker: { kind: 'default', caseSensitive: true, floatTolerance: 1e-6, floatRelativeTolerance: 1e-3 },
      } as Partial<CreateProblemDto>),
      ADMIN,
    );
    expect(view.checker).toMatchObject({
      kind: 'default',
      caseSensitive: true,
      floatAbsoluteTolerance: 1e-6,
      floatRelativeTolerance: 1e-3,
    });
  });

  it("custom checker: stored under its language's source file; an unknown language is a 400 naming checker.language", async () => {
    const { service } = setup();
    const view = await service.create(
      body({ checker: { kind: 'custom', language: 'python3', source: 'print()', args: ['--x'] } } as Partial<CreateProblemDto>),
      ADMIN,
    );
    expect(view.checker).toMatchObject({ kind: 'custom', language: 'python3', entry: 'main.py', files: ['main.py'], args: ['--x'] });
    expect(
      await refused(
        setup().service.create(body({ checker: { kind: 'custom', language: 'cobol', source: 'x' } } as Partial<CreateProblemDto>), ADMIN),
      ),
    ).toEqual([expect.stringMatching(/^checker\.language must be one of: c, cpp17, cpp20, cpp23, python3, pypy3, /)]);
  });

  it('refuses every broken rule at once, each naming its field, and stores nothing (5 cases: MAX_PROBLEM_TEST_CASES is not broken)', async () => {
    const { service, store, repository } = setup();
    const messages = await refused(
      service.create(
        body({
          limits: { cpuTimeMs: 10001, memoryKiB: 2 ** 21 },
          interactive: true,
          groups: [
            {
              name: 'secret',
              testCases: [
                { name: 'x', input: '1', inputHash: sha256('1'), answer: '1' },
                { name: 'x', answer: '2' },
              ],
            },
            {
              name: 'secret',
              testCases: [{ input: '1', answer: '1', answerHash: sha256('1') }, { input: '1' }, { input: '1', answer: '1' }],
            },
          ],
        } as Partial<CreateProblemDto>),
        ADMIN,
      ),
    );
    expect(messages).toEqual([
      'limits.cpuTimeMs must not be greater than 10000',
      'limits.memoryKiB must not be greater than 1048576',
      'interactive problems need checker.kind "custom" (the interactor, run against the submission)',
      'groups.0.testCases.0 must have exactly one of input and inputHash',
      'groups.0.testCases.1 must have exactly one of input and inputHash',
      'groups.0.testCases.1.name "x" is used by another test case',
      'groups.1.name "secret" is used by another group',
      'groups.1.testCases.0 must have exactly one of answer and answerHash',
      'groups.1.testCases.1 must have exactly one of answer and answerHash',
    ]);
    expect(store.files.size).toBe(0);
    expect(repository.problems.size).toBe(0);
  });

  it('counts test cases over all groups against MAX_PROBLEM_TEST_CASES; default names that collide are refused', async () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ input: `${i}`, answer: `${i}` }));
    expect(
      await refused(setup().service.create(body({ groups: [{ name: 'secret', testCases: six }] } as Partial<CreateProblemDto>), ADMIN)),
    ).toEqual(['groups must hold no more than 5 test cases in all; they hold 6']);
    const collide = [
      { name: 'secret/2', input: '1', answer: '1' },
      { input: '2', answer: '2' },
    ];
    expect(
      await refused(setup().service.create(body({ groups: [{ name: 'secret', testCases: collide }] } as Partial<CreateProblemDto>), ADMIN)),
    ).toEqual(['groups.0.testCases.1.name "secret/2" is used by another test case']);
  });

  it('test data by hash: a stored file is used with its size; an unknown hash is a 400 naming the field', async () => {
    const { service, store } = setup();
    const input = await store.putBuffer(Buffer.from('big input\n'));
    const view = await service.create(
      body({ groups: [{ name: 'secret', testCases: [{ inputHash: input.hash, answer: 'x' }] }] } as Partial<CreateProblemDto>),
      ADMIN,
    );
    expect(view.groups[0]!.testCases[0]).toMatchObject({ inputHash: input.hash, inputBytes: 10 });
    const unknown = 'f'.repeat(64);
    expect(
      await refused(
        service.create(
          body({
            slug: 'other',
            groups: [{ name: 'secret', testCases: [{ input: 'x', answerHash: unknown }] }],
          } as Partial<CreateProblemDto>),
          ADMIN,
        ),
      ),
    ).toEqual(['groups.0.testCases.0.answerHash names no stored file']);
  });

  it('a taken slug is a 409, and the files the write added are removed (those of the other problem stay)', async () => {
    const { service, store } = setup();
    await service.create(body(), ADMIN);
    const before = new Set(store.files.keys());
    const error = await service
      .create(
        body({
          groups: [
            {
              name: 'secret',
              testCases: [
                { input: '1 2\n', answer: '3\n' },
                { input: 'new input', answer: 'new answer' },
              ],
            },
          ],
        } as Partial<CreateProblemDto>),
        ADMIN,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).message).toBe('slug "aplusb" is taken by another problem; choose another slug');
    expect(new Set(store.files.keys())).toEqual(before);
  });

  it('a store that fails half-way leaves no file and no problem behind', async () => {
    const { service, store, repository } = setup();
    store.failPutAfter = 2;
    await expect(service.create(body(), ADMIN)).rejects.toThrow('the store failed');
    expect(store.files.size).toBe(0);
    expect(repository.problems.size).toBe(0);
  });
});

describe('ProblemsService.replace, remove, list', () => {
  it("PUT replaces all but the package's submissions and format, revision + 1, and deletes the files no problem uses anymore", async () => {
    const { service, store, repository } = setup();
    const created = await service.create(body(), ADMIN);
    repository.problems.get(created.id)!.packageSubmissions = [
      { path: 'submissions/accepted/a.py', expected: 'accepted', language: 'python3', sourceCode: 'print(3)' },
    ];
    repository.problems.get(created.id)!.packageFormat = 'legacy';
    const replaced = await service.replace(
      created.id,
      body({ title: 'New', groups: [{ name: 'secret', testCases: [{ input: '1 2\n', answer: '3\n' }] }] } as Partial<CreateProblemDto>),
      ADMIN,
    );
    expect(replaced).toMatchObject({
      title: 'New',
      revision: 2,
      testCount: 1,
      packageFormat: 'legacy',
      packageSubmissions: [{ path: 'submissions/accepted/a.py' }],
    });
    expect([...store.files.keys()].sort()).toEqual([sha256('1 2\n'), sha256('3\n')].sort());
    await expect(service.replace('0123456789abcdef01234567', body(), ADMIN)).rejects.toBeInstanceOf(NotFoundException);
  });

  it("timeLimitSource: POST and PUT set it; PUT keeps the package's time-limit rules and clears a derived limit", async () => {
    const { service, repository } = setup();
    const created = await service.create(body({ timeLimitSource: 'derived', limits: { cpuTimeMs: 3000 } }), ADMIN);
    expect(created).toMatchObject({ timeLimitSource: 'derived', timeLimitGiven: true, appliedTimeLimit: { ms: 3000, from: 'stated' } });
    const stored = repository.problems.get(created.id)!;
    stored.timeLimitRules = { legacy: true, acToTimeLimit: 4, timeLimitToTle: 3, timeResolutionMs: 1000 };
    stored.derivedTimeLimit = { ms: 1000, verificationId: 'a'.repeat(24), problemRevision: 1, at: new Date('2026-01-02T03:04:05Z') };
    expect(await service.findOne(created.id, ADMIN)).toMatchObject({
      derivedTimeLimit: { ms: 1000, verificationId: 'a'.repeat(24), problemRevision: 1, at: '2026-01-02T03:04:05.000Z' },
      appliedTimeLimit: { ms: 1000, from: 'derived' },
    });
    const replaced = await service.replace(created.id, body({ limits: { cpuTimeMs: 3000 } }), ADMIN);
    expect(replaced).toMatchObject({
      timeLimitSource: 'package',
      timeLimitRules: { legacy: true, acToTimeLimit: 4, timeLimitToTle: 3, timeResolutionMs: 1000 },
      derivedTimeLimit: null,
      appliedTimeLimit: { ms: 3000, from: 'stated' },
    });
  });

  it('DELETE: 409 while submissions refer to a problem that is not archived; archived, it goes with its unused files', async () => {
    const used = setup({ submissions: [{ id: 's1', status: SubmissionStatus.Finished }] });
    const created = await used.service.create(body(), ADMIN);
    const conflict = await used.service.remove(created.id, ADMIN).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictException);
    expect((conflict as ConflictException).message).toBe(
      'problem aplusb has 1 submission(s); archive it first (PUT with "archived": true) to delete it anyway',
    );
    await used.service.replace(created.id, body({ archived: true }), ADMIN);
    await used.service.remove(created.id, ADMIN);
    expect(used.repository.problems.size).toBe(0);
    expect(used.store.files.size).toBe(0);
    await expect(used.service.remove(created.id, ADMIN)).rejects.toBeInstanceOf(NotFoundException);
  });

  it('DELETE keeps the files another problem shares', async () => {
    const { service, store } = setup();
    const a = await service.create(body(), ADMIN);
    await service.create(body({ slug: 'copy' }), ADMIN);
    await service.remove(a.id, ADMIN);
    expect(store.files.size).toBe(4);
  });

  it("lists newest first in pages, without the groups' test case lists", async () => {
    const { service } = setup();
    for (const slug of ['p1', 'p2', 'p3']) await service.create(body({ slug }), ADMIN);
    const first = await service.list({ limit: 2 }, ADMIN);
    expect(first.items.map((p) => p.slug)).toEqual(['p3', 'p2']);
    expect(first.items[0]!.groups.every((g) => g.testCases.length === 0)).toBe(true);
    expect(first.items[0]!.testCount).toBe(3);
    const second = await service.list({ limit: 2, beforeId: decodeCursor(first.nextCursor!)! }, ADMIN);
    expect(second).toMatchObject({ items: [{ slug: 'p1' }], nextCursor: null });
  });
});

describe('ProblemsService.rejudgeAll and verify', () => {
  it('rejudges finished submissions; skips unfinished ones and ones that started meanwhile; other failures propagate', async () => {
    const submissions = [
      { id: 'a', status: SubmissionStatus.Finished },
      { id: 'b', status: SubmissionStatus.Running },
      { id: 'started-meanwhile', status: SubmissionStatus.Finished },
      { id: 'c', status: SubmissionStatus.Finished },
    ];
    const { service, submissionsService } = setup({ submissions });
    const { id } = await service.create(body(), ADMIN);
    expect(await service.rejudgeAll(id, ADMIN)).toEqual({ rejudged: 2, skipped: 2 });
    expect(submissionsService.rejudge.mock.calls.map(([s]) => s)).toEqual(['a', 'started-meanwhile', 'c']);
    const down = setup({ submissions: [{ id: 'redis-down', status: SubmissionStatus.Finished }] });
    const problem = await down.service.create(body(), ADMIN);
    await expect(down.service.rejudgeAll(problem.id, ADMIN)).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(service.rejudgeAll('0123456789abcdef01234567', ADMIN)).rejects.toBeInstanceOf(NotFoundException);
  });

  it('verify: 400 without package submissions; queues a verification of the current revision; removes it when queueing fails', async () => {
    const { service, repository, queue } = setup();
    const { id } = await service.create(body(), ADMIN);
    expect(await refused(service.verify(id, ADMIN))).toEqual([
      'problem aplusb has no package submissions to verify (submissions/<verdict>/ files of its package) and no input validators',
    ]);
    repository.problems.get(id)!.packageSubmissions = [
      { path: 'submissions/accepted/a.py', expected: 'accepted', language: 'python3', sourceCode: '' },
    ];
    expect(await service.verify(id, ADMIN)).toMatchObject({ id: 'v1', problemId: id, problemRevision: 1 });
    expect(queue.enqueueVerify).toHaveBeenCalledWith('v1');

    const failing = setup({ enqueueFails: true });
    const other = await failing.service.create(body(), ADMIN);
    failing.repository.problems.get(other.id)!.packageSubmissions = repository.problems.get(id)!.packageSubmissions;
    await expect(failing.service.verify(other.id, ADMIN)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(failing.verifications.remove).toHaveBeenCalledWith('v1');
  });
});

describe('ProblemsService ownership (docs/problem-ownership.md)', () => {
  const key = (id: string, role: Role): Caller => ({ keyId: id.repeat(24), role, name: id, ip: '10.0.0.1' });
  const setterA = key('a', Role.Setter);
  const setterB = key('b', Role.Setter);
  const submitter = key('c', Role.Submitter);
  const adminKey = key('d', Role.Admin);

  it("stores the creating key as the owner; another setter's writes on it answer the 404 of a missing problem, its owner's and an admin's pass", async () => {
    const { service, repository } = setup();
    const created = await service.create(body({ callbackUrl: 'https://hooks.internal/a' }), setterA);
    expect(created.ownerKeyId).toBe(setterA.keyId);
    const notFound = `problem ${created.id} not found`;
    await expect(service.replace(created.id, body(), setterB)).rejects.toThrow(notFound);
    await expect(service.remove(created.id, setterB)).rejects.toThrow(notFound);
    await expect(service.rejudgeAll(created.id, setterB)).rejects.toThrow(notFound);
    await expect(service.verify(created.id, setterB)).rejects.toThrow(notFound);
    await expect(service.findVerification(created.id, 'v1', setterB)).rejects.toThrow(notFound);
    await expect(service.replace(created.id, body(), submitter)).rejects.toBeInstanceOf(NotFoundException);
    expect(repository.problems.get(created.id)!.revision).toBe(1);
    // An admin's replace keeps the owner.
    expect((await service.replace(created.id, body(), adminKey)).ownerKeyId).toBe(setterA.keyId);
    expect((await service.replace(created.id, body(), setterA)).revision).toBe(3);
    await service.remove(created.id, setterA);
    expect(repository.problems.size).toBe(0);
  });

  it("shows secret test cases' hashes and the callback URL to the owner and admins only; samples stay for everyone", async () => {
    const { service } = setup();
    const { id } = await service.create(body({ callbackUrl: 'https://hooks.internal/a' }), setterA);
    for (const holder of [setterA, adminKey, ADMIN]) {
      const view = await service.findOne(id, holder);
      expect(view.callbackUrl).toBe('https://hooks.internal/a');
      for (const g of view.groups) for (const tc of g.testCases) expect(tc.answerHash).toMatch(/^[0-9a-f]{64}$/);
    }
    for (const other of [setterB, submitter]) {
      const view = await service.findOne(id, other);
      expect(view.callbackUrl).toBeNull();
      const sample = view.groups.find((g) => g.sample)!;
      const secret = view.groups.find((g) => !g.sample)!;
      expect(sample.testCases[0]).toMatchObject({ inputHash: sha256('1 2\n'), answerHash: sha256('3\n') });
      expect(secret.testCases).toHaveLength(2);
      for (const tc of secret.testCases) expect(tc).toMatchObject({ inputHash: null, answerHash: null, name: expect.any(String) });
      expect((await service.list({ limit: 10 }, other)).items[0]!.callbackUrl).toBeNull();
    }
  });

  it("refuses a hash of another key's problem in POST and PUT, naming the field; stores nothing; the owner and admins may reuse it", async () => {
    const { service, repository, store } = setup();
    const a = await service.create(body(), setterA);
    const secretAnswer = sha256('4\n');
    const reuse = (slug: string) =>
      body({
        slug,
        groups: [
          {
            name: 'secret',
            testCases: [
              { input: 'x\n', answerHash: secretAnswer },
              { inputHash: 'e'.repeat(64), answer: '1' },
            ],
          },
        ],
      } as Partial<CreateProblemDto>);
    const files = new Set(store.files.keys());
    expect(await refused(service.create(reuse('stolen'), setterB))).toEqual([
      'groups.0.testCases.0.answerHash must be test data of one of your problems',
      // A hash naming no file gets the same answer: whether others' data exists is not told.
      'groups.0.testCases.1.inputHash must be test data of one of your problems',
    ]);
    expect(repository.problems.size).toBe(1);
    expect(new Set(store.files.keys())).toEqual(files);
    // B's own problem, other data (had B sent the same answer inline, the hash would be B's too).
    const b = await service.create(
      body({ slug: 'b-own', groups: [{ name: 'secret', testCases: [{ input: '9\n', answer: '9\n' }] }] } as Partial<CreateProblemDto>),
      setterB,
    );
    expect(await refused(service.replace(b.id, reuse('b-own'), setterB))).toContain(
      'groups.0.testCases.0.answerHash must be test data of one of your problems',
    );
    const ownReuse = body({
      slug: 'a-again',
      groups: [{ name: 'secret', testCases: [{ input: 'x\n', answerHash: secretAnswer }] }],
    } as Partial<CreateProblemDto>);
    expect((await service.create(ownReuse, setterA)).groups[0]!.testCases[0]!.answerHash).toBe(secretAnswer);
    const adminReuse = { ...ownReuse, slug: 'admin-copy' };
    expect((await service.create(adminReuse, adminKey)).ownerKeyId).toBe(adminKey.keyId);
    expect(repository.problems.get(a.id)!.ownerKeyId).toBe(setterA.keyId);
  });
});
