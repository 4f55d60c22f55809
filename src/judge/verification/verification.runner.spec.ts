import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemType, Verdict, type JudgeLimits, type TestResult } from '../../../libs/contracts/index.js';
import type { LanguageDefinition } from '../../../libs/judging/index.js';
import { SandboxRunError } from '../../../libs/sandbox/index.js';
import type { JudgeLimitsSettings } from '../../config/judge-limits.config.js';
import {
  DEFAULT_CHECKER,
  type DerivedTimeLimit,
  type PackageSubmissionData,
  type StoredProblem,
} from '../../persistence/problems/problem-records.js';
import type { ProblemsRepository } from '../../persistence/problems/problems.repository.js';
import type { InputValidationReport, VerificationEntry, VerificationView } from '../../persistence/verifications/verification-records.js';
import { VerificationStatus } from '../../persistence/verifications/verification.schema.js';
import type { VerificationsRepository } from '../../persistence/verifications/verifications.repository.js';
import { LanguageRegistry } from '../languages/language-registry.js';
import { ResolvedLanguage } from '../languages/resolved-language.js';
import type { Evaluation } from '../plan/evaluation.js';
import type { JudgedSource, PlanProgress, PlanRunner } from '../plan/plan.runner.js';
import type { PlannedTest } from '../plan/judge-plan.js';
import type { InputValidationRunner } from './input-validation.runner.js';
import { VerificationRunner } from './verification.runner.js';

const settings = {
  maxima: { cpuTimeMs: 10_000, wallTimeMs: 30_000, memoryKiB: 1 << 20, outputKiB: 65536 },
} as JudgeLimitsSettings;

const language = (id: string, timeMultiplier: number): ResolvedLanguage =>
  new ResolvedLanguage(
    {
      id,
      name: id,
      sourceFile: 'main',
      tools: {},
      version: [],
      run: ['/box/main'],
      timeMultiplier,
      extraMemoryKiB: 0,
    } as LanguageDefinition,
    {},
    '1',
    [],
  );
const languages = new LanguageRegistry([language('c', 1), language('python3', 2)]);

const submission = (path: string, lang: string | null, sourceCode = path): PackageSubmissionData => ({
  path,
  expected: path.split('/')[0]!,
  language: lang,
  sourceCode,
});

function problem(over: Partial<StoredProblem>): StoredProblem {
  return {
    id: 'p1',
    slug: 'p',
    title: 'P',
    statement: '',
    revision: 1,
    testCount: 1,
    createdAt: new Date(),
    updatedAt: new Date(),
    limits: { cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 65536, outputKiB: 1024 },
    timeLimitGiven: false,
    timeLimitSource: 'derived',
    timeLimitRules: { legacy: false, acToTimeLimit: 5, timeLimitToTle: 2, timeResolutionMs: 100 },
    derivedTimeLimit: null,
    type: ProblemType.PassFail,
    interactive: false,
    checker: DEFAULT_CHECKER,
    groups: [
      {
        name: 'secret',
        points: 0,
        sample: false,
        validatorArgs: [],
        testCases: [{ name: 'secret/1', inputHash: 'a'.repeat(64), inputBytes: 1, answerHash: 'b'.repeat(64), answerBytes: 1 }],
      },
    ],
    packageSubmissions: [],
    packageFormat: 'legacy',
    archived: false,
    ...over,
  } as StoredProblem;
}

const evaluation = (verdict: Verdict, cpuTimeMs: number, over: Partial<Evaluation> = {}): Evaluation => {
  const result: TestResult = {
    test: 1,
    verdict,
    cpuTimeMs,
    wallTimeMs: cpuTimeMs,
    memoryKiB: 1,
    exitCode: 0,
    signal: null,
    stdout: '',
    stderr: '',
    checkerMessage: null,
    group: 'secret',
    name: 'secret/1',
  };
  return { verdict, results: [result], groups: [], score: null, message: null, files: 2, cache: { cacheHits: 2, cacheMisses: 0 }, ...over };
};

/**
 * The runner over stand-ins: `outcomes` maps a submission's source to what judging it gives (a
 * function of the limits it ran with); every run and the last stored report are recorded.
 */
function setup(
  p: StoredProblem,
  outcomes: Record<string, (limits: JudgeLimits) => Evaluation | Error>,
  opts: { stores?: boolean; inputReport?: InputValidationReport; inputOnly?: boolean } = {},
) {
  const stores = opts.stores ?? true;
  const runs: { source: string; cpuTimeMs: number; wallTimeMs: number }[] = [];
  const derivedStored: { problemId: string; derived: DerivedTimeLimit }[] = [];
  let report: Partial<VerificationView> & { entries?: VerificationEntry[] } = {};
  let inputValidations = 0;
  const verifications = {
    find: async (id: string) => ({ id, problemId: p.id, inputOnly: opts.inputOnly ?? false }),
    update: async (_id: string, fields: object) => {
      report = { ...report, ...fields };
    },
  } as unknown as VerificationsRepository;
  const problems = {
    find: async () => p,
    setDerivedTimeLimit: async (problemId: string, derived: DerivedTimeLimit) => {
      derivedStored.push({ problemId, derived });
      return stores;
    },
  } as unknown as ProblemsRepository;
  const plans = {
    run: async (_plan: unknown, source: JudgedSource, progress?: PlanProgress) => {
      runs.push({ source: source.sourceCode, cpuTimeMs: source.limits.cpuTimeMs, wallTimeMs: source.limits.wallTimeMs });
      const outcome = outcomes[source.sourceCode]!(source.limits);
      if (outcome instanceof Error) throw outcome;
      // The plan runner reports each test's full judge message through its progress listener.
      const { judgeMessages = {}, ...evaluation } = outcome as Evaluation & { judgeMessages?: Record<number, string> };
      for (const result of evaluation.results) {
        const judged = { result, judgeMessage: judgeMessages[result.test] ?? null };
        progress?.testFinished({ number: result.test } as PlannedTest, judged, evaluation.results.length);
      }
      return evaluation;
    },
  } as unknown as PlanRunner;
  const inputs = {
    validate: async () => {
      inputValidations++;
      return opts.inputReport!;
    },
  } as unknown as InputValidationRunner;
  const runner = new VerificationRunner(verifications, problems, plans, languages, settings, inputs);
  return { runner, runs, derivedStored, report: () => report, inputValidations: () => inputValidations };
}

describe('VerificationRunner', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('deriving: accepted runs get the server maximum, the limit is the slowest (per language) × ac_to_time_limit rounded up to time_resolution; TLE ones run with limit × time_limit_to_tle, the others with the limit', async () => {
    const p = problem({
      packageSubmissions: [
        submission('time_limit_exceeded/slow.c', 'c'),
        submission('accepted/fast.c', 'c'),
        submission('accepted/slow.py', 'python3'),
        submission('wrong_answer/wa.c', 'c'),
      ],
    });
    const { runner, runs, report, derivedStored } = setup(p, {
      'accepted/fast.c': () => evaluation(Verdict.Accepted, 90),
      // 250 ms of Python counts 125 ms: the slowest accepted run.
      'accepted/slow.py': () => evaluation(Verdict.Accepted, 250),
      'time_limit_exceeded/slow.c': (limits) => evaluation(Verdict.TimeLimitExceeded, limits.cpuTimeMs),
      'wrong_answer/wa.c': () => evaluation(Verdict.WrongAnswer, 5),
    });
    await runner.verify('v1');
    expect(runs).toEqual([
      { source: 'accepted/fast.c', cpuTimeMs: 10_000, wallTimeMs: 30_000 },
      { source: 'accepted/slow.py', cpuTimeMs: 10_000, wallTimeMs: 30_000 },
      // 125 ms × 5 = 625 ms, rounded up to 700 ms (resolution 100 ms); × time_limit_to_tle 2; wall 3 × that.
      { source: 'time_limit_exceeded/slow.c', cpuTimeMs: 1400, wallTimeMs: 4200 },
      { source: 'wrong_answer/wa.c', cpuTimeMs: 700, wallTimeMs: 2100 },
    ]);
    const r = report();
    expect(r).toMatchObject({
      status: VerificationStatus.Finished,
      timeLimitMs: 700,
      timeLimitDerived: true,
      tleThresholdMs: 1400,
      timeLimitApplied: true,
      slowestAcceptedMs: 125,
      ok: true,
    });
    // Entries in judging order: accepted submissions first.
    expect(r.entries!.map((e) => [e.path, e.verdict, e.ok, e.cpuTimeMs])).toEqual([
      ['accepted/fast.c', Verdict.Accepted, true, 90],
      ['accepted/slow.py', Verdict.Accepted, true, 250],
      ['time_limit_exceeded/slow.c', Verdict.TimeLimitExceeded, true, 1400],
      ['wrong_answer/wa.c', Verdict.WrongAnswer, true, 5],
    ]);
    // Every submission as expected: the limit is stored on the problem, for the revision judged.
    expect(derivedStored).toEqual([
      { problemId: 'p1', derived: { ms: 700, verificationId: 'v1', problemRevision: 1, at: expect.any(Date) } },
    ]);
  });

  it('deriving: a TLE submission past the limit but under limit × time_limit_to_tle fails, and the limit is not stored', async () => {
    const p = problem({
      timeLimitRules: { legacy: false, acToTimeLimit: 2, timeLimitToTle: 1.5, timeResolutionMs: 1000 },
      packageSubmissions: [submission('accepted/a.c', 'c'), submission('time_limit_exceeded/t.c', 'c')],
    });
    const { runner, runs, report, derivedStored } = setup(p, {
      'accepted/a.c': () => evaluation(Verdict.Accepted, 300),
      // 1.2 s: over the 1 s limit, under the 1.5 s the format asks of a TLE submission.
      'time_limit_exceeded/t.c': () => evaluation(Verdict.Accepted, 1200),
    });
    await runner.verify('v1');
    expect(runs.map((r) => r.cpuTimeMs)).toEqual([10_000, 1500]);
    expect(report()).toMatchObject({ timeLimitMs: 1000, tleThresholdMs: 1500, timeLimitApplied: false, ok: false });
    expect(report().entries![1]).toMatchObject({
      verdict: Verdict.Accepted,
      ok: false,
      message:
        'ran 1200 ms: above the derived time limit of 1000 ms, but a time_limit_exceeded submission must run at least time_limit_to_tle 1.5 × it (1500 ms)',
    });
    expect(derivedStored).toEqual([]);
  });

  it("deriving: a TLE submission's run is weighed by its language's time multiplier (Python × 2), and the message says so", async () => {
    const p = problem({
      timeLimitRules: { legacy: false, acToTimeLimit: 2, timeLimitToTle: 1.5, timeResolutionMs: 1000 },
      packageSubmissions: [
        submission('accepted/a.c', 'c'),
        submission('time_limit_exceeded/slow.py', 'python3'),
        submission('time_limit_exceeded/fast.py', 'python3'),
      ],
    });
    const { runner, report } = setup(p, {
      'accepted/a.c': () => evaluation(Verdict.Accepted, 300),
      // 2.4 s of Python is 1.2 s by its multiplier: past the 1 s limit, under the 1.5 s a TLE submission must reach.
      'time_limit_exceeded/slow.py': () => evaluation(Verdict.Accepted, 2400),
      // 1.8 s of Python is 0.9 s: not even past the limit, so no margin message.
      'time_limit_exceeded/fast.py': () => evaluation(Verdict.Accepted, 1800),
    });
    await runner.verify('v1');
    const byPath = new Map(report().entries!.map((e) => [e.path, e]));
    expect(byPath.get('time_limit_exceeded/slow.py')!.message).toBe(
      "ran 2400 ms, 1200 ms by its language's time multiplier 2 (its limits are × 2): above the derived time limit of 1000 ms, but a time_limit_exceeded submission must run at least time_limit_to_tle 1.5 × it (1500 ms)",
    );
    expect(byPath.get('time_limit_exceeded/fast.py')!.message ?? '').not.toMatch(/above the derived time limit/);
  });

  it('deriving with legacy rules: ⌈slowest × time_multiplier⌉ whole seconds, TLE at × time_safety_margin', async () => {
    const p = problem({
      timeLimitRules: { legacy: true, acToTimeLimit: 5, timeLimitToTle: 2, timeResolutionMs: 1000 },
      packageSubmissions: [submission('accepted/a.c', 'c'), submission('time_limit_exceeded/t.c', 'c')],
    });
    const { runner, runs, report } = setup(p, {
      // 220 ms × 5 = 1.1 s → 2 s.
      'accepted/a.c': () => evaluation(Verdict.Accepted, 220),
      'time_limit_exceeded/t.c': (limits) => evaluation(Verdict.TimeLimitExceeded, limits.cpuTimeMs),
    });
    await runner.verify('v1');
    expect(runs.map((r) => r.cpuTimeMs)).toEqual([10_000, 4000]);
    expect(report()).toMatchObject({ timeLimitMs: 2000, tleThresholdMs: 4000, ok: true, timeLimitApplied: true });
  });

  it('deriving: a problem changed meanwhile keeps its limit (the store is refused), the report says so', async () => {
    const p = problem({ packageSubmissions: [submission('accepted/a.c', 'c')] });
    const { runner, report, derivedStored } = setup(p, { 'accepted/a.c': () => evaluation(Verdict.Accepted, 10) }, { stores: false });
    await runner.verify('v1');
    expect(derivedStored).toHaveLength(1);
    expect(report()).toMatchObject({ ok: true, timeLimitMs: 100, timeLimitApplied: false });
  });

  it('with the package time limit: every submission runs with it, TLE ones too; the slowest accepted run is still reported', async () => {
    const p = problem({
      timeLimitGiven: true,
      timeLimitSource: 'package',
      limits: { cpuTimeMs: 1500, wallTimeMs: 4500, memoryKiB: 65536, outputKiB: 1024 },
      packageSubmissions: [
        submission('accepted/a.c', 'c'),
        submission('wrong_answer/b.c', 'c'),
        submission('time_limit_exceeded/t.c', 'c'),
      ],
    });
    const { runner, runs, report, derivedStored } = setup(p, {
      'accepted/a.c': () => evaluation(Verdict.Accepted, 333),
      'wrong_answer/b.c': () => evaluation(Verdict.Accepted, 10),
      'time_limit_exceeded/t.c': (limits) => evaluation(Verdict.TimeLimitExceeded, limits.cpuTimeMs),
    });
    await runner.verify('v1');
    expect(runs.map((r) => r.cpuTimeMs)).toEqual([1500, 1500, 1500]);
    expect(report()).toMatchObject({
      timeLimitMs: 1500,
      timeLimitDerived: false,
      tleThresholdMs: null,
      timeLimitApplied: false,
      slowestAcceptedMs: 333,
      ok: false,
    });
    expect(report().entries![1]).toMatchObject({ verdict: Verdict.Accepted, ok: false, expectedVerdicts: [Verdict.WrongAnswer] });
    expect(derivedStored).toEqual([]);
  });

  it("falls back to the problem's stored limit when no accepted submission is accepted", async () => {
    const p = problem({ packageSubmissions: [submission('accepted/a.c', 'c'), submission('wrong_answer/b.c', 'c')] });
    const { runner, runs, report } = setup(p, {
      // A secret test: the submitter's message is null; the setters' report quotes the judge message.
      'accepted/a.c': () => ({
        ...evaluation(Verdict.WrongAnswer, 50, {
          results: [{ ...evaluation(Verdict.WrongAnswer, 50).results[0]!, checkerMessage: null }],
        }),
        judgeMessages: { 1: 'token 1: expected "5", got "6" (line 1)' },
      }),
      'wrong_answer/b.c': () => evaluation(Verdict.WrongAnswer, 10),
    });
    await runner.verify('v1');
    expect(runs.map((r) => r.cpuTimeMs)).toEqual([10_000, 2000]);
    expect(report()).toMatchObject({ timeLimitMs: 2000, timeLimitDerived: true, slowestAcceptedMs: null, ok: false });
    expect(report().entries![0]!.message).toBe('test 1 (secret/1): WA — token 1: expected "5", got "6" (line 1)');
  });

  it("makes a sandbox failure that entry's Internal Error; a file no language matches is not judged, and says why", async () => {
    const p = problem({
      packageSubmissions: [submission('accepted/a.c', 'c'), submission('accepted/b.txt', null), submission('wrong_answer/c.c', 'c')],
    });
    const { runner, runs, report } = setup(p, {
      'accepted/a.c': () => new SandboxRunError('launcher died'),
      'wrong_answer/c.c': () => evaluation(Verdict.WrongAnswer, 10),
    });
    await runner.verify('v1');
    expect(runs.map((r) => r.source)).toEqual(['accepted/a.c', 'wrong_answer/c.c']);
    expect(report().entries!.map((e) => [e.verdict, e.ok, e.message])).toEqual([
      [Verdict.InternalError, false, 'sandbox failure: launcher died'],
      [null, null, 'not judged: no language Verdict offers has the extension ".txt"'],
      [Verdict.WrongAnswer, true, 'test 1 (secret/1): WA'],
    ]);
  });

  it('requires an accepted submission of a scoring problem to score every point', async () => {
    const p = problem({
      type: ProblemType.Scoring,
      groups: [
        { name: 'secret', points: 40, sample: false, validatorArgs: [], testCases: [] },
        { name: 'secret/b', points: 60, sample: false, validatorArgs: [], testCases: [] },
      ],
      packageSubmissions: [submission('accepted/full.c', 'c'), submission('accepted/partial.c', 'c')],
    });
    const { runner, report } = setup(p, {
      'accepted/full.c': () => evaluation(Verdict.Accepted, 10, { score: 100 }),
      'accepted/partial.c': () => evaluation(Verdict.Accepted, 10, { score: 40 }),
    });
    await runner.verify('v1');
    expect(report().entries!.map((e) => [e.score, e.ok])).toEqual([
      [100, true],
      [40, false],
    ]);
  });

  it("checks DOMjudge's @EXPECTED_RESULTS@ against the verdict, and submissions.yaml requirements against every test case", async () => {
    const tc = (test: number, name: string, verdict: Verdict, checkerMessage: string | null = null): TestResult => ({
      ...evaluation(verdict, 10).results[0]!,
      test,
      name,
      group: name.split('/').slice(0, -1).join('/'),
      checkerMessage,
    });
    const twoTests = (a: Verdict, b: Verdict, msg: string | null = null): Evaluation => ({
      ...evaluation(a === Verdict.Accepted ? b : a, 10),
      results: [tc(1, 'sample/1', a), tc(2, 'secret/hard-1', b, msg)],
    });
    const p = problem({
      packageSubmissions: [
        { ...submission('mixed/either.c', 'c'), expectedResults: [Verdict.Accepted, Verdict.WrongAnswer] },
        { ...submission('mixed/neither.c', 'c'), expectedResults: [Verdict.Accepted] },
        {
          ...submission('time_limit_exceeded/easy.c', 'c'),
          requirements: [
            { tests: null, permitted: ['AC', 'TLE'], required: ['TLE'], score: null, message: null },
            { tests: 'secret/hard-*', permitted: null, required: ['TLE'], score: null, message: null },
          ],
        },
        {
          ...submission('wrong_answer/msg.c', 'c'),
          requirements: [{ tests: 'secret', permitted: null, required: ['WA'], score: null, message: 'off by one' }],
        },
        {
          ...submission('wrong_answer/where.c', 'c'),
          requirements: [{ tests: 'sample', permitted: ['AC'], required: null, score: null, message: null }],
        },
      ],
    });
    const { runner, report } = setup(p, {
      'mixed/either.c': () => evaluation(Verdict.WrongAnswer, 10),
      'mixed/neither.c': () => evaluation(Verdict.WrongAnswer, 10),
      'time_limit_exceeded/easy.c': () => twoTests(Verdict.Accepted, Verdict.TimeLimitExceeded),
      'wrong_answer/msg.c': () => twoTests(Verdict.Accepted, Verdict.WrongAnswer, 'expected 5, got 4: off by one'),
      'wrong_answer/where.c': () => twoTests(Verdict.WrongAnswer, Verdict.WrongAnswer),
    });
    await runner.verify('v1');
    expect(report().entries!.map((e) => [e.path, e.ok, e.expectedVerdicts, e.ok ? null : e.message])).toEqual([
      ['mixed/either.c', true, [Verdict.Accepted, Verdict.WrongAnswer], null],
      ['mixed/neither.c', false, [Verdict.Accepted], 'test 1 (secret/1): WA'],
      ['time_limit_exceeded/easy.c', true, [Verdict.Accepted, Verdict.TimeLimitExceeded], null],
      ['wrong_answer/msg.c', true, [], null],
      ['wrong_answer/where.c', false, [], 'submissions.yaml sample: permitted [AC], but test 1 (sample/1) got WA'],
    ]);
    expect(report().ok).toBe(false);
  });

  it('judges every test case of a submission with submissions.yaml requirements (and no other)', async () => {
    const p = problem({
      packageSubmissions: [
        submission('accepted/a.c', 'c'),
        {
          ...submission('accepted/b.c', 'c'),
          requirements: [{ tests: null, permitted: ['AC'], required: null, score: null, message: null }],
        },
      ],
    });
    const plans: (boolean | undefined)[] = [];
    const { runner } = setup(p, {
      'accepted/a.c': () => evaluation(Verdict.Accepted, 10),
      'accepted/b.c': () => evaluation(Verdict.Accepted, 10),
    });
    const original = (runner as unknown as { plans: PlanRunner }).plans;
    const run = original.run.bind(original);
    original.run = (plan, source, progress) => {
      plans.push(plan.judgeEveryTest);
      return run(plan, source, progress);
    };
    await runner.verify('v1');
    expect(plans).toEqual([undefined, true]);
  });

  describe('with input validators', () => {
    const inputValidation = {
      validators: [{ path: 'input_validators/v.py', language: 'python3', entry: 'v.py', files: [{ name: 'v.py', content: 'x' }] }],
      groupArgs: [],
      invalidInputs: [],
    };
    const rejected: InputValidationReport = {
      ok: false,
      validators: ['input_validators/v.py'],
      testCasesChecked: 1,
      invalidInputsChecked: 0,
      problems: [
        {
          testCase: 'secret/1',
          validator: 'input_validators/v.py',
          problem: 'rejected by input_validators/v.py (exit 43)',
          stderr: 'n too big',
        },
      ],
    };

    it('stores what they found, and a rejected test case fails the verification although every submission got its verdict', async () => {
      const p = problem({ inputValidation, timeLimitGiven: true, packageSubmissions: [submission('accepted/a.c', 'c')] });
      const { runner, runs, report } = setup(p, { 'accepted/a.c': () => evaluation(Verdict.Accepted, 10) }, { inputReport: rejected });
      await runner.verify('v1');
      expect(runs).toHaveLength(1);
      expect(report().entries![0]!.ok).toBe(true);
      expect(report().inputValidation).toEqual(rejected);
      expect(report().ok).toBe(false);
      expect(report().status).toBe(VerificationStatus.Finished);
    });

    it('an inputOnly verification (queued by an import) runs the input validators and no submission', async () => {
      const p = problem({ inputValidation, packageSubmissions: [submission('accepted/a.c', 'c')] });
      const clean = { ...rejected, ok: true, problems: [] };
      const { runner, runs, report, inputValidations } = setup(p, {}, { inputReport: clean, inputOnly: true });
      await runner.verify('v1');
      expect(inputValidations()).toBe(1);
      expect(runs).toEqual([]);
      expect(report()).toMatchObject({ ok: true, status: VerificationStatus.Finished, inputValidation: clean });
    });

    it('a problem without input validators runs none', async () => {
      const p = problem({ timeLimitGiven: true, packageSubmissions: [submission('accepted/a.c', 'c')] });
      const { runner, report, inputValidations } = setup(p, { 'accepted/a.c': () => evaluation(Verdict.Accepted, 10) });
      await runner.verify('v1');
      expect(inputValidations()).toBe(0);
      expect(report().inputValidation).toBeUndefined();
      expect(report().ok).toBe(true);
    });
  });
});
