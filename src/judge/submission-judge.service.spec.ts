import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemType, Verdict, type SubmissionEventDraft, type TestResult } from '../../libs/contracts/index.js';
import { SandboxRunError } from '../../libs/sandbox/index.js';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import type { SubmissionEventsPublisher } from '../events/submission-events.publisher.js';
import type { StoredProblem } from '../persistence/problems/problem-records.js';
import type { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import type { ProgressStep, SubmissionForJudging } from '../persistence/submissions/submission-records.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import type { Evaluation } from './plan/evaluation.js';
import type { JudgePlan } from './plan/judge-plan.js';
import type { JudgedSource, PlanProgress, PlanRunner } from './plan/plan.runner.js';
import type { WebhookDeliveries } from '../webhooks/webhook-deliveries.service.js';
import { JudgingMetrics } from '../metrics/judging.metrics.js';
import { MetricsRegistry } from '../metrics/metrics.registry.js';
import { SubmissionJudgeService } from './submission-judge.service.js';

const result = (test: number, verdict: Verdict, over: Partial<TestResult> = {}): TestResult => ({
  test,
  verdict,
  cpuTimeMs: 10 * test,
  wallTimeMs: 12,
  memoryKiB: 1000 + test,
  exitCode: 0,
  signal: null,
  stdout: '',
  stderr: '',
  checkerMessage: null,
  ...over,
});

const submission: SubmissionForJudging = {
  id: 's1',
  fileName: null,
  language: 'c',
  sourceCode: 'int main(){}',
  problemId: null,
  attempt: 0,
  testCases: [
    { input: '1', expectedOutput: '1' },
    { input: '2', expectedOutput: '2' },
  ],
  limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 },
};

/**
 * The service with recording stand-ins: repository writes and publications go to `steps`
 * (each write allocates the next seq, as MongoDB does); `judgePlan` plays the plan runner.
 */
function setup(
  judgePlan: (plan: JudgePlan, source: JudgedSource, progress: PlanProgress) => Promise<Evaluation>,
  opts: {
    failWrite?: string;
    /** A write that stores nothing (null): another judging attempt has superseded this one. */
    supersededAt?: string;
    problem?: StoredProblem | null;
    stored?: SubmissionForJudging | null;
    /** The finished view `findFinishedView` reads (a verdict a dead worker stored), and the seqs in the replay buffer. */
    finishedView?: Record<string, unknown>;
    loggedSeqs?: number[];
    callbackUrl?: string;
    judge0CallbackUrl?: string;
  } = {},
) {
  const steps: string[] = [];
  const finished: unknown[] = [];
  let seq = 0;
  const write = (name: string) => async () => {
    if (name === opts.failWrite) throw new DependencyUnavailableError('MongoDB', 'MongoDB is unavailable');
    if (name === opts.supersededAt) return null;
    steps.push(`store ${name}`);
    return ++seq;
  };
  const submissions = {
    findForJudging: async () => (opts.stored === undefined ? submission : opts.stored),
    findView: async () => ({ problemId: (opts.stored === undefined ? submission : opts.stored)?.problemId ?? null }),
    findFinishedView: async () => opts.finishedView ?? null,
    markStarted: write('started'),
    // Steps stored in one write are recorded one by one; a batch is bracketed by its size when it has more than one.
    storeProgress: async (_id: string, _attempt: number, batch: readonly ProgressStep[]) => {
      if (batch.length > 1) steps.push(`batch of ${batch.length}`);
      for (const { result: r, judgeMessage } of batch) {
        if (r === null) {
          if ((await write('running')()) === null) return null;
        } else {
          if ((await write(`test ${r.test}`)()) === null) return null;
          steps.push(`  judgeMessage ${judgeMessage}`);
        }
      }
      return seq;
    },
    finish: async (_id: string, outcome: unknown) => {
      finished.push(outcome);
      return {
        seq: await write('verdict')(),
        attempt: 1,
        callbackUrl: opts.callbackUrl ?? null,
        judge0CallbackUrl: opts.judge0CallbackUrl ?? null,
      };
    },
  } as unknown as SubmissionsRepository;
  const problems = { find: async () => opts.problem ?? null } as unknown as ProblemsRepository;
  const events: (SubmissionEventDraft & { seq: number })[] = [];
  const publisher = {
    publishAll: async (items: readonly { draft: SubmissionEventDraft; seq: number }[]) => {
      for (const { draft, seq: s } of items) {
        events.push({ ...draft, seq: s });
        steps.push(`publish ${draft.type}`);
      }
      return null;
    },
    publishIfMissing: async (draft: SubmissionEventDraft, s: number) => {
      if (opts.loggedSeqs?.includes(s)) return false;
      events.push({ ...draft, seq: s });
      steps.push(`publish ${draft.type}`);
      return true;
    },
  } as unknown as SubmissionEventsPublisher;
  const plans = { run: judgePlan } as unknown as PlanRunner;
  const webhooks = {
    schedule: async (id: string, attempt: number, url: string, format: string) => {
      steps.push(`schedule webhook ${id} ${attempt} ${url} ${format}`);
      return `${id}-a${attempt}`;
    },
  } as unknown as WebhookDeliveries;
  const registry = new MetricsRegistry('worker');
  const judge = new SubmissionJudgeService(plans, submissions, problems, publisher, webhooks, new JudgingMetrics(registry));
  return { judge, steps, events, finished, registry };
}

/** A plan runner that reports `results` as the tests of the plan. */
const reporting =
  (results: TestResult[], over: Partial<Evaluation> = {}) =>
  async (plan: JudgePlan, _source: JudgedSource, progress: PlanProgress): Promise<Evaluation> => {
    for (const r of results) {
      const test = plan.tests[r.test - 1]!;
      progress.testStarting(test, plan.tests.length);
      progress.testFinished(
        test,
        { result: r, judgeMessage: r.verdict === Verdict.WrongAnswer ? 'full message' : null },
        plan.tests.length,
      );
    }
    return {
      verdict: results.find((r) => r.verdict !== Verdict.Accepted)?.verdict ?? Verdict.Accepted,
      results,
      groups: [],
      score: null,
      message: null,
      files: 0,
      cache: { cacheHits: 0, cacheMisses: 0 },
      ...over,
    };
  };

describe('SubmissionJudgeService', () => {
  describe('a job handed out again after its worker stored the verdict and died', () => {
    const stored = { ...submission, alreadyFinished: { attempt: 1, callbackUrl: null, judge0CallbackUrl: null } };
    const finishedView = {
      problemId: null,
      verdict: Verdict.WrongAnswer,
      testCount: 2,
      tests: [result(1, Verdict.Accepted), result(2, Verdict.WrongAnswer)],
      message: null,
      lastSeq: 7,
    };
    const noPlan = async (): Promise<Evaluation> => {
      throw new Error('an already judged submission is not judged again');
    };

    it('publishes the stored verdict as finished, with its seq, when the dead worker had not', async () => {
      const { judge, events } = setup(noPlan, { stored, finishedView, loggedSeqs: [1, 2, 3] });
      expect(await judge.judge('s1')).toBeNull();
      expect(events).toEqual([
        expect.objectContaining({
          type: 'finished',
          seq: 7,
          verdict: Verdict.WrongAnswer,
          passed: 1,
          testCount: 2,
          cpuTimeMs: 20,
          memoryKiB: 1002,
        }),
      ]);
    });

    it('publishes nothing when the finished event was published before the worker died', async () => {
      const { judge, events } = setup(noPlan, { stored, finishedView, loggedSeqs: [6, 7] });
      expect(await judge.judge('s1')).toBeNull();
      expect(events).toEqual([]);
    });
  });

  beforeAll(() => Logger.overrideLogger(false));

  it('counts the verdict by language and times the judging (Prometheus metrics)', async () => {
    const { judge, registry } = setup(reporting([result(1, Verdict.Accepted), result(2, Verdict.WrongAnswer)]));
    await judge.judge('s1');
    const text = await registry.metrics();
    expect(text).toMatch(/verdict_submissions_judged_total\{language="[a-z0-9]+",verdict="WA",process="worker"\} 1/);
    expect(text).toMatch(/verdict_judge_duration_seconds_count\{process="worker",language="[a-z0-9]+"\} 1/);
  });

  it('schedules the webhook of a submission with a callback URL once its verdict is stored and published', async () => {
    const withUrl = setup(reporting([result(1, Verdict.Accepted)]), { callbackUrl: 'https://example.com/h' });
    await withUrl.judge.judge('s1');
    expect(withUrl.steps.slice(-3)).toEqual(['store verdict', 'publish finished', 'schedule webhook s1 1 https://example.com/h verdict']);
    const judge0 = setup(reporting([result(1, Verdict.Accepted)]), { judge0CallbackUrl: 'https://example.com/j' });
    await judge0.judge.judge('s1');
    expect(judge0.steps.slice(-3)).toEqual(['store verdict', 'publish finished', 'schedule webhook s1 1 https://example.com/j judge0']);
    const without = setup(reporting([result(1, Verdict.Accepted)]));
    await without.judge.judge('s1');
    expect(without.steps.filter((s) => s.startsWith('schedule'))).toEqual([]);
  });

  it('records each step in order, each stored before its event is published, the verdict last; the steps that queued up behind a write in one write', async () => {
    const { judge, steps, events, finished } = setup(
      reporting([result(1, Verdict.Accepted), result(2, Verdict.WrongAnswer, { checkerMessage: 'shown' })]),
    );
    expect(await judge.judge('s1')).toBe(Verdict.WrongAnswer);
    expect(steps).toEqual([
      'store started',
      'publish compiling',
      // The plan ran while `started` was being stored: its four steps went in one write, then one MULTI.
      'batch of 4',
      'store running',
      'store test 1',
      '  judgeMessage null',
      'store running',
      'store test 2',
      '  judgeMessage full message',
      'publish running',
      'publish test-finished',
      'publish running',
      'publish test-finished',
      'store verdict',
      'publish finished',
    ]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[5]).toMatchObject({
      type: 'finished',
      verdict: Verdict.WrongAnswer,
      passed: 1,
      testCount: 2,
      cpuTimeMs: 20,
      memoryKiB: 1002,
      message: null,
    });
    expect(events[5]).not.toHaveProperty('maxScore');
    expect(finished).toEqual([{ verdict: Verdict.WrongAnswer, message: null, score: null, groups: [], testCount: 2 }]);
  });

  it('publishes compiled after the compile step, and test-finished with the result summarised; every event names the problem', async () => {
    const runner = reporting([result(1, Verdict.Accepted)]);
    const { judge, steps, events } = setup(async (plan, source, progress) => {
      progress.compiled?.(37, true);
      return runner(plan, source, progress);
    });
    await judge.judge('s1');
    expect(steps.slice(0, 5)).toEqual(['store started', 'publish compiling', 'batch of 3', 'store running', 'store running']);
    expect(steps.filter((s) => s.startsWith('publish')).slice(0, 2)).toEqual(['publish compiling', 'publish compiled']);
    expect(events.map((e) => e.type)).toEqual(['compiling', 'compiled', 'running', 'test-finished', 'finished']);
    expect(events[1]).toEqual({ type: 'compiled', submissionId: 's1', problemId: null, compileMs: 37, compileCached: true, seq: 2 });
    expect(events[3]).toMatchObject({ type: 'test-finished', test: 1, of: 2, verdict: 'AC', cpuMs: 10, wallMs: 12, memoryKiB: 1001 });
    expect(events.every((e) => e.problemId === null)).toBe(true);
    const forProblem = setup(reporting([]), { stored: { ...submission, problemId: 'ab'.repeat(12) } });
    await forProblem.judge.giveUp('s1', new Error('gone'));
    expect(forProblem.events).toMatchObject([{ type: 'finished', problemId: 'ab'.repeat(12) }]);
  });

  it('judges against the stored problem, with its score and groups', async () => {
    const problem = {
      id: 'p1',
      type: ProblemType.Scoring,
      interactive: false,
      checker: null,
      groups: [
        {
          name: 'secret',
          points: 10,
          sample: false,
          validatorArgs: [],
          testCases: [{ name: 'secret/1', inputHash: 'a'.repeat(64), answerHash: 'b'.repeat(64), inputBytes: 1, answerBytes: 1 }],
        },
      ],
    } as unknown as StoredProblem;
    const groups = [{ name: 'secret', verdict: Verdict.Accepted, points: 10, score: 10, testCount: 1, passed: 1 }];
    const { judge, events, finished } = setup(reporting([result(1, Verdict.Accepted)], { groups, score: 10 }), {
      problem,
      stored: { ...submission, problemId: 'p1' },
    });
    expect(await judge.judge('s1')).toBe(Verdict.Accepted);
    expect(events.at(-1)).toMatchObject({ type: 'finished', score: 10, maxScore: 10, testCount: 1 });
    expect(finished).toEqual([{ verdict: Verdict.Accepted, message: null, score: 10, groups, testCount: 1 }]);
  });

  it('stores Internal Error when the problem is gone, a sandbox failure, and a Compilation Error as the plan gives it', async () => {
    const gone = setup(reporting([]), { problem: null, stored: { ...submission, problemId: 'p9' } });
    expect(await gone.judge.judge('s1')).toBe(Verdict.InternalError);
    expect(gone.finished).toEqual([
      { verdict: Verdict.InternalError, message: 'problem p9 no longer exists', score: null, groups: [], testCount: 0 },
    ]);

    const broken = setup(async () => Promise.reject(new SandboxRunError('bwrap exited 1')));
    expect(await broken.judge.judge('s1')).toBe(Verdict.InternalError);
    expect(broken.finished).toEqual([
      { verdict: Verdict.InternalError, message: 'sandbox failure: bwrap exited 1', score: null, groups: [], testCount: 0 },
    ]);

    const ce = setup(reporting([], { verdict: Verdict.CompilationError, message: 'main.c:1: error' }));
    expect(await ce.judge.judge('s1')).toBe(Verdict.CompilationError);
    expect(ce.events.at(-1)).toMatchObject({
      type: 'finished',
      verdict: Verdict.CompilationError,
      message: 'main.c:1: error',
      passed: 0,
      testCount: 2,
    });
  });

  it('rethrows a dependency failure (the queue retries the job) and publishes nothing after the failed write', async () => {
    const { judge, steps } = setup(reporting([result(1, Verdict.Accepted), result(2, Verdict.Accepted)]), { failWrite: 'test 1' });
    await expect(judge.judge('s1')).rejects.toBeInstanceOf(DependencyUnavailableError);
    // The write of test 1 carried the steps before it too: none of them is published.
    expect(steps).toEqual(['store started', 'publish compiling', 'batch of 4', 'store running']);
  });

  it('stores and publishes nothing more once another judging attempt superseded this one, and schedules no webhook', async () => {
    const { judge, steps, events } = setup(reporting([result(1, Verdict.Accepted), result(2, Verdict.Accepted)]), {
      supersededAt: 'started',
      callbackUrl: 'https://example.com/hook',
    });
    expect(await judge.judge('s1')).toBe(Verdict.Accepted);
    expect(steps).toEqual([]);
    expect(events).toEqual([]);
  });

  it('drops the job of a submission that no longer exists; gives up with a stored Internal Error', async () => {
    const missing = setup(reporting([]), { stored: null });
    expect(await missing.judge.judge('s1')).toBeNull();
    expect(missing.steps).toEqual([]);
    const { judge, finished, events } = setup(reporting([]));
    await judge.giveUp('s1', new Error('MongoDB is unavailable'));
    expect(finished).toEqual([
      {
        verdict: Verdict.InternalError,
        message: 'judging failed repeatedly: MongoDB is unavailable',
        score: null,
        groups: [],
        testCount: 0,
      },
    ]);
    expect(events.map((e) => e.type)).toEqual(['finished']);
  });
});
