import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureJudge0Sdk, runSdkScript } from './support/judge0-sdk.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

/** A Submission as test/support/judge0_sdk_scenarios.py prints it (the SDK's parsed attributes). */
interface SdkSubmission {
  token: string | null;
  status: number | null;
  status_name: string | null;
  stdout: string | null;
  stderr: string | null;
  compile_output: string | null;
  message: string | null;
  exit_code: number | null;
  exit_signal: number | null;
  time: number | null;
  wall_time: number | null;
  memory: number | null;
  created_at: string | null;
  finished_at: string | null;
  language: number;
  stdin: string | null;
  expected_output: string | null;
  source_code: string | null;
  cpu_time_limit: number | null;
  memory_limit: number | null;
  is_done: boolean;
}

interface SdkRun {
  version: string;
  languages: number[];
  config: { max_submission_batch_size: number; enable_wait_result: boolean; cpu_time_limit: number; memory_limit: number };
  statuses: { id: number; description: string }[];
  about: Record<string, unknown>;
  language_71: { id: number; name: string; source_file: string; run_cmd: string; compile_cmd: string | null; is_archived: boolean };
  accepted: Record<string, SdkSubmission>;
  alias_python: SdkSubmission;
  wrong_answer: SdkSubmission;
  compile_error: SdkSubmission;
  time_limit: SdkSubmission;
  runtime_error: SdkSubmission;
  batch: SdkSubmission[];
  async_created: SdkSubmission;
  async_done: SdkSubmission;
  wait_true: SdkSubmission;
  wait_true_keys: string[];
  wait_true_status_code: number;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What every finished, accepted A+B run carries. */
function expectAccepted(s: SdkSubmission, stdout: string): void {
  expect(s.status, JSON.stringify(s)).toBe(3);
  expect(s.status_name).toBe('Accepted');
  expect(s.is_done).toBe(true);
  expect(s.stdout).toBe(stdout);
  expect(s.token).toMatch(UUID_V4);
  expect(typeof s.time).toBe('number');
  expect(s.time).toBeGreaterThanOrEqual(0);
  expect(s.time).toBeLessThan(5);
  // Not ≥ time: a multi-threaded runtime (the JVM's compiler and GC threads) may use more CPU than wall time.
  expect(s.wall_time).toBeGreaterThan(0);
  expect(s.memory).toBeGreaterThan(0);
  expect(s.exit_code).toBe(0);
  expect(s.exit_signal).toBeNull();
  expect(s.compile_output).toBeNull();
  expect(s.created_at).not.toBeNull();
  expect(s.finished_at).not.toBeNull();
}

/**
 * The official Judge0 Python SDK (`judge0` on PyPI, in a virtualenv the set-up makes) against a
 * live Verdict: API, worker, real Redis and FerretDB, the real sandbox. The SDK is pointed at
 * `<api>/judge0` with a plain `judge0.Client`; test/support/judge0_sdk_scenarios.py makes the calls and
 * prints the SDK's Submission objects, asserted here.
 */
describe('the Judge0 Python SDK against Verdict', () => {
  const env = testServices('judge0-sdk');
  let api: StartedApi;
  let worker: StartedProcess;
  let run: SdkRun;

  beforeAll(async () => {
    const python = await ensureJudge0Sdk();
    worker = await startWorker({ ...env, WORKER_CONCURRENCY: '2' });
    api = await startApi(env);
    run = await runSdkScript<SdkRun>(python, 'judge0_sdk_scenarios.py', [`${api.url}/judge0`]);
  }, 900_000);

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
  });

  it('connects: /about version, /languages with the hard-coded ids, /config_info parsed by the SDK', () => {
    expect(run.version).toBe('1.13.1');
    expect(run.languages).toEqual(expect.arrayContaining([50, 54, 62, 63, 71]));
    expect(run.config.max_submission_batch_size).toBe(20);
    expect(run.config.enable_wait_result).toBe(true);
    expect(run.config.cpu_time_limit).toBe(2);
    expect(run.config.memory_limit).toBe(262144);
    expect(run.statuses.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(run.language_71).toMatchObject({ id: 71, source_file: 'main.py', is_archived: false });
    expect(run.language_71.name).toMatch(/^Python \(3\.\d+\.\d+\)$/);
  });

  it('judge0.run: Accepted in Python, C, C++, Java and JavaScript', () => {
    for (const id of ['71', '50', '54', '62', '63']) {
      const s = run.accepted[id]!;
      expectAccepted(s, '3\n');
      expect(s.language).toBe(Number(id));
      expect(s.stdin).toBe('1 2\n');
      expect(s.expected_output).toBe('3\n');
      expect(s.source_code).toMatch(/a \+ b/);
    }
    expect(run.accepted['71']!.cpu_time_limit).toBe(2);
    expect(run.accepted['71']!.memory_limit).toBe(262144);
  });

  it('a language alias resolves through /about', () => {
    expectAccepted(run.alias_python, '42\n');
  });

  it('Wrong Answer, Compilation Error, Time Limit Exceeded and Runtime Error (NZEC)', () => {
    expect(run.wrong_answer.status).toBe(4);
    expect(run.wrong_answer.stdout).toBe('-1\n');

    expect(run.compile_error.status).toBe(6);
    expect(run.compile_error.compile_output).toMatch(/error/);
    expect(run.compile_error.stdout).toBeNull();
    expect(run.compile_error.time).toBeNull();

    expect(run.time_limit.status).toBe(5);
    expect(run.time_limit.time).toBeGreaterThanOrEqual(0.5);
    expect(run.time_limit.cpu_time_limit).toBe(0.5);

    expect(run.runtime_error.status).toBe(11);
    expect(run.runtime_error.exit_code).toBe(3);
    expect(run.runtime_error.stdout).toBe('bye\n');
  });

  it('a batch of several test cases (POST and GET /submissions/batch)', () => {
    expect(run.batch.map((s) => s.status)).toEqual([3, 3, 4]);
    expect(run.batch.map((s) => s.stdout)).toEqual(['3\n', '42\n', '10\n']);
    expect(new Set(run.batch.map((s) => s.token)).size).toBe(3);
  });

  it('wait=false returns a token at once; polling (judge0.wait) gets the result', () => {
    expect(run.async_created.token).toMatch(UUID_V4);
    expect(run.async_created.status).toBeNull();
    expectAccepted(run.async_done, '5\n');
    expect(run.async_done.token).toBe(run.async_created.token);
  });

  it('wait=true answers with the result in one request (Judge0 default fields)', () => {
    expect(run.wait_true_status_code).toBe(201);
    expect(run.wait_true_keys).toEqual(['compile_output', 'memory', 'message', 'status', 'stderr', 'stdout', 'time', 'token']);
    expectAccepted({ ...run.wait_true, exit_code: 0, wall_time: run.wait_true.time, created_at: 'x', finished_at: 'x' }, '9\n');
  });
});
