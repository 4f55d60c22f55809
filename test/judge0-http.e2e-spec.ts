import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRAMS } from './fixtures/programs.js';
import { request } from './support/http.js';
import { startApi, startWorker, testServices, uniqueSuffix, type StartedApi, type StartedProcess } from './support/stack.js';

/**
 * Every Judge0-compatible endpoint over plain HTTP, its shape compared with Judge0 CE's documented
 * examples (field names and JSON types; docs/judge0.md cites them): a live API and worker on real
 * Redis and FerretDB. Two more APIs on the same database check the configuration switches: one whose
 * queue no worker reads (so submissions stay In Queue; wait bounded at 500 ms; delete allowed; another
 * prefix), one with wait=true disabled.
 */
describe('the Judge0-compatible API over HTTP', () => {
  const env = testServices('judge0-http');
  let worker: StartedProcess;
  let api: StartedApi;
  let idle: StartedApi;
  let noWait: StartedApi;
  let base: string;

  const A_PLUS_B = 'a, b = map(int, input().split())\nprint(a + b)\n';
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  const unb64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');
  const DEFAULT_KEYS = ['compile_output', 'memory', 'message', 'status', 'stderr', 'stdout', 'time', 'token'];
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  beforeAll(async () => {
    worker = await startWorker({ ...env, WORKER_CONCURRENCY: '2' });
    api = await startApi(env);
    base = `${api.url}/judge0`;
    idle = await startApi({
      ...env,
      QUEUE_PREFIX: `idle-${uniqueSuffix()}`,
      JUDGE0_PREFIX: '/compat/j0',
      JUDGE0_WAIT_TIMEOUT_MS: '500',
      JUDGE0_ENABLE_SUBMISSION_DELETE: 'true',
    });
    noWait = await startApi({ ...env, JUDGE0_ENABLE_WAIT_RESULT: 'false' });
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), idle?.stop(), noWait?.stop()]);
    await worker?.stop();
  });

  /** POST /submissions?wait=true (Judge0 default fields unless `query` says otherwise). */
  async function judged(body: Record<string, unknown>, query = ''): Promise<Record<string, unknown>> {
    const res = await request<Record<string, unknown>>(base, 'POST', `/submissions?wait=true${query}`, body, { timeoutMs: 60_000 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  describe('information endpoints', () => {
    it('GET /about, /version', async () => {
      const about = await request<Record<string, unknown>>(base, 'GET', '/about');
      expect(about.status).toBe(200);
      expect(Object.keys(about.body).sort()).toEqual(['homepage', 'maintainer', 'source_code', 'version']);
      expect(about.body.version).toBe('1.13.1');
      const version = await fetch(`${base}/version`);
      expect(version.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await version.text()).toBe('1.13.1');
    });

    it('GET /statuses: Judge0’s list, ids 1..14', async () => {
      const res = await request<{ id: number; description: string }[]>(base, 'GET', '/statuses');
      expect(res.status).toBe(200);
      expect(res.body.slice(0, 3)).toEqual([
        { id: 1, description: 'In Queue' },
        { id: 2, description: 'Processing' },
        { id: 3, description: 'Accepted' },
      ]);
      expect(res.body.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
      for (const s of res.body) expect(Object.keys(s)).toEqual(['id', 'description']);
    });

    it('GET /languages, /languages/all, /languages/:id', async () => {
      const list = await request<{ id: number; name: string }[]>(base, 'GET', '/languages');
      expect(list.status).toBe(200);
      for (const l of list.body) {
        expect(Object.keys(l)).toEqual(['id', 'name']);
        expect(typeof l.id).toBe('number');
        expect(typeof l.name).toBe('string');
      }
      expect(list.body.map((l) => l.id)).toEqual(expect.arrayContaining([48, 49, 50, 52, 53, 54, 62, 63, 71]));
      expect(list.body.find((l) => l.id === 54)?.name).toMatch(/^C\+\+ \(GCC \d+\.\d+\.\d+\)$/);

      const all = await request<{ id: number; name: string; is_archived: boolean }[]>(base, 'GET', '/languages/all');
      expect(all.status).toBe(200);
      for (const l of all.body) expect(Object.keys(l)).toEqual(['id', 'name', 'is_archived']);

      const one = await request<Record<string, unknown>>(base, 'GET', '/languages/50');
      expect(one.status).toBe(200);
      expect(Object.keys(one.body)).toEqual(['id', 'name', 'is_archived', 'source_file', 'compile_cmd', 'run_cmd']);
      expect(one.body).toMatchObject({ id: 50, is_archived: false, source_file: 'main.c' });
      expect(one.body.compile_cmd).toMatch(/^gcc /);

      for (const id of ['9999', 'abc']) {
        const missing = await request<Record<string, unknown>>(base, 'GET', `/languages/${id}`);
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual({ error: `language with id ${id} doesn't exist` });
      }
    });

    it('GET /config_info: every attribute of Judge0’s example, with its type, and Verdict’s values', async () => {
      const res = await request<Record<string, unknown>>(base, 'GET', '/config_info');
      expect(res.status).toBe(200);
      const documented: Record<string, string> = {
        enable_wait_result: 'boolean',
        enable_compiler_options: 'boolean',
        allowed_languages_for_compile_options: 'object',
        enable_command_line_arguments: 'boolean',
        enable_submission_delete: 'boolean',
        max_queue_size: 'number',
        cpu_time_limit: 'number',
        max_cpu_time_limit: 'number',
        cpu_extra_time: 'number',
        max_cpu_extra_time: 'number',
        wall_time_limit: 'number',
        max_wall_time_limit: 'number',
        memory_limit: 'number',
        max_memory_limit: 'number',
        stack_limit: 'number',
        max_stack_limit: 'number',
        max_processes_and_or_threads: 'number',
        max_max_processes_and_or_threads: 'number',
        enable_per_process_and_thread_time_limit: 'boolean',
        allow_enable_per_process_and_thread_time_limit: 'boolean',
        enable_per_process_and_thread_memory_limit: 'boolean',
        allow_enable_per_process_and_thread_memory_limit: 'boolean',
        max_file_size: 'number',
        max_max_file_size: 'number',
        number_of_runs: 'number',
        max_number_of_runs: 'number',
      };
      for (const [key, type] of Object.entries(documented)) expect(typeof res.body[key], key).toBe(type);
      expect(res.body).toMatchObject({
        enable_wait_result: true,
        cpu_time_limit: 2,
        max_cpu_time_limit: 10,
        wall_time_limit: 6,
        max_wall_time_limit: 30,
        memory_limit: 262144,
        max_memory_limit: 1048576,
        max_file_size: 16384,
        max_submission_batch_size: 20,
        enable_network: false,
        enable_submission_delete: false,
      });
    });

    it('GET /system_info, /workers, /statistics', async () => {
      const system = await request<Record<string, unknown>>(base, 'GET', '/system_info');
      expect(system.status).toBe(200);
      expect(system.body).toMatchObject({
        Architecture: expect.any(String),
        'CPU(s)': expect.stringMatching(/^\d+$/),
        Mem: expect.any(String),
      });
      for (const value of Object.values(system.body)) expect(typeof value).toBe('string');

      const workers = await request<Record<string, unknown>[]>(base, 'GET', '/workers');
      expect(workers.status).toBe(200);
      expect(workers.body).toHaveLength(1);
      expect(Object.keys(workers.body[0]!)).toEqual(['queue', 'available', 'idle', 'working', 'paused', 'failed']);
      expect(workers.body[0]).toMatchObject({ queue: 'submissions', available: 1, paused: 0 });

      await judged({ source_code: A_PLUS_B, language_id: 71, stdin: '1 1\n' });
      const stats = await request<{ submissions: { total: number; today: number; last_30_days: Record<string, number> } }>(
        base,
        'GET',
        '/statistics',
      );
      expect(stats.status).toBe(200);
      expect(stats.body).toMatchObject({ created_at: expect.any(String), cached_until: expect.any(String) });
      expect(stats.body.submissions.total).toBeGreaterThanOrEqual(1);
      expect(stats.body.submissions.today).toBe(stats.body.submissions.total);
      expect(Object.keys(stats.body.submissions.last_30_days)).toHaveLength(30);
    });
  });

  describe('submissions', () => {
    it('POST → 201 { token }; GET by token with the default, the documented and all fields', async () => {
      const created = await request<{ token: string }>(base, 'POST', '/submissions', {
        source_code: 'print("hello, " + input())',
        language_id: '71',
        stdin: 'Judge0',
        expected_output: 'hello, Judge0',
      });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body)).toEqual(['token']);
      expect(created.body.token).toMatch(UUID);

      let shown: Record<string, unknown> = {};
      for (let i = 0; i < 600; i++) {
        shown = (await request<Record<string, unknown>>(base, 'GET', `/submissions/${created.body.token}`)).body;
        if ((shown.status as { id: number }).id > 2) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(Object.keys(shown).sort()).toEqual(DEFAULT_KEYS);
      expect(shown).toMatchObject({
        stdout: 'hello, Judge0\n',
        time: expect.stringMatching(/^\d+\.\d{3}$/),
        memory: expect.any(Number),
        stderr: null,
        token: created.body.token,
        compile_output: null,
        message: null,
        status: { id: 3, description: 'Accepted' },
      });

      const picked = await request<Record<string, unknown>>(
        base,
        'GET',
        `/submissions/${created.body.token}?fields=stdout,stderr,status_id,language_id`,
      );
      expect(picked.body).toEqual({ stdout: 'hello, Judge0\n', stderr: null, status_id: 3, language_id: 71 });

      const encoded = await request<Record<string, unknown>>(base, 'GET', `/submissions/${created.body.token}?base64_encoded=true`);
      expect(encoded.body.stdout).toBe(b64('hello, Judge0\n'));

      const all = await request<Record<string, unknown>>(base, 'GET', `/submissions/${created.body.token}?fields=*`);
      expect(all.body).toMatchObject({
        source_code: 'print("hello, " + input())',
        language_id: 71,
        language: { id: 71, name: expect.stringMatching(/^Python \(/) },
        stdin: 'Judge0',
        expected_output: 'hello, Judge0',
        status_id: 3,
        number_of_runs: 1,
        cpu_time_limit: 2,
        wall_time_limit: 6,
        memory_limit: 262144,
        exit_code: 0,
        exit_signal: null,
        wall_time: expect.stringMatching(/^\d+\.\d{3}$/),
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        finished_at: expect.stringMatching(/Z$/),
      });
      expect(all.body).not.toHaveProperty('verdict');

      const extra = await request<Record<string, unknown>>(base, 'GET', `/submissions/${created.body.token}?fields=status,verdict`);
      expect(extra.body).toEqual({ status: { id: 3, description: 'Accepted' }, verdict: 'AC' });

      const bad = await request<Record<string, unknown>>(base, 'GET', `/submissions/${created.body.token}?fields=stdout,nope`);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ error: 'invalid fields: [nope]' });

      const unknown = await request<Record<string, unknown>>(base, 'GET', '/submissions/d85cd024-1548-4165-96c7-7bc88673f194');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ error: expect.stringMatching(/doesn't exist/) });
    });

    it('Base64 in and out, exact: no newline added, invalid Base64 refused naming the field', async () => {
      const result = await judged(
        { source_code: b64('import sys\nsys.stdout.write(sys.stdin.read().upper())'), language_id: 71, stdin: b64('no newline') },
        '&base64_encoded=true&fields=stdout,stdin,source_code,status',
      );
      expect(result.status).toEqual({ id: 3, description: 'Accepted' });
      expect(result.stdout).toBe(b64('NO NEWLINE'));
      expect(unb64(result.stdout as string)).toBe('NO NEWLINE');
      expect(result.stdin).toBe(b64('no newline'));

      const bad = await request<Record<string, string[]>>(base, 'POST', '/submissions?base64_encoded=true', {
        source_code: 'print(1)',
        language_id: 71,
      });
      expect(bad.status).toBe(422);
      expect(bad.body).toEqual({ source_code: ['is not valid Base64 (standard alphabet, padded with =)'] });
    });

    it('wait=true: the default fields once judged (the documented example: C, hello)', async () => {
      const result = await judged({
        source_code:
          '#include <stdio.h>\n\nint main(void) {\n  char name[10];\n  scanf("%s", name);\n  printf("hello, %s\\n", name);\n  return 0;\n}',
        language_id: '50',
        stdin: 'Judge0',
        expected_output: 'hello, Judge0',
      });
      expect(Object.keys(result).sort()).toEqual(DEFAULT_KEYS);
      expect(result).toMatchObject({ stdout: 'hello, Judge0\n', status: { id: 3, description: 'Accepted' }, stderr: null, message: null });
      expect(typeof result.time).toBe('string');
      expect(typeof result.memory).toBe('number');
    });

    it("Judge0 CE's ids of the further languages judge A+B (Ruby 72, PHP 68, Lua 64, Perl 85, Pascal 67, OCaml 65, Haskell 61, C# 51, Kotlin 78)", async () => {
      const programs: Record<number, string> = {}; // Judge0 id → A+B in that language
      for (const [id, language] of Object.entries({
        72: 'ruby',
        68: 'php',
        64: 'lua',
        85: 'perl',
        67: 'pascal',
        65: 'ocaml',
        61: 'haskell',
        51: 'csharp',
        78: 'kotlin',
      }))
        programs[Number(id)] = PROGRAMS[language]!.aPlusB;
      for (const [id, source] of Object.entries(programs)) {
        const result = await judged({ source_code: source, language_id: Number(id), stdin: '2 40', expected_output: '42' });
        expect(result.status, `${id}: ${JSON.stringify(result)}`).toEqual({ id: 3, description: 'Accepted' });
      }
    });

    it('verdicts Judge0 lacks: Memory and Output Limit Exceeded as Judge0 reports them, the precise one in `verdict`', async () => {
      const mle = await judged(
        {
          source_code:
            '#include <stdlib.h>\n#include <string.h>\nint main(void) { for (;;) { char *p = malloc(1 << 20); if (!p) return 1; memset(p, 1, 1 << 20); } }\n',
          language_id: 50,
          memory_limit: 65536,
        },
        '&fields=status,verdict,message,exit_signal',
      );
      expect(mle.verdict).toBe('MLE');
      expect(mle.status).toEqual({ id: 12, description: 'Runtime Error (Other)' });
      expect(mle.message).toBe('Memory limit exceeded');

      const ole = await judged(
        { source_code: 'while True:\n    print("x" * 1000)\n', language_id: 71, max_file_size: 64 },
        '&fields=status,verdict',
      );
      expect(ole).toEqual({ status: { id: 8, description: 'Runtime Error (SIGXFSZ)' }, verdict: 'OLE' });

      const segv = await judged(
        { source_code: 'int main(void) { return *(volatile int *)0; }', language_id: 50 },
        '&fields=status,exit_signal,message',
      );
      expect(segv).toEqual({
        status: { id: 7, description: 'Runtime Error (SIGSEGV)' },
        exit_signal: 11,
        message: 'Caught fatal signal 11',
      });
    });

    it('422 for bad input, naming the field as Judge0 does (its documented examples)', async () => {
      const source = '#include <stdio.h>\nint main(void) { return 0; }';
      const cases: [Record<string, unknown>, Record<string, string[]>][] = [
        [{ source_code: source }, { language_id: ["can't be blank"] }],
        [{ source_code: source, language_id: 150000, stdin: 'world' }, { language_id: ["language with id 150000 doesn't exist"] }],
        [{ source_code: source, language_id: 50, wall_time_limit: 100000 }, { wall_time_limit: ['must be less than or equal to 30'] }],
        [{ language_id: 50 }, { source_code: ["can't be blank"] }],
        [
          { source_code: source, language_id: 50, enable_network: true },
          { enable_network: [expect.stringMatching(/^is not supported by Verdict: /)] as unknown as string[] },
        ],
        [{ source_code: source, language_id: 50, callback_url: 'nope' }, { callback_url: ['must be an http or https URL'] }],
        [
          { source_code: 'x'.repeat(70_000), language_id: 50 },
          { source_code: [expect.stringMatching(/^must not be longer than 65536 bytes/)] as unknown as string[] },
        ],
      ];
      for (const [body, errors] of cases) {
        const res = await request<unknown>(base, 'POST', '/submissions', body);
        expect(res.status, JSON.stringify(body).slice(0, 100)).toBe(422);
        expect(res.body).toEqual(errors);
      }
      const notJson = await request<unknown>(base, 'POST', '/submissions', '{"source_code":');
      expect(notJson.status).toBe(400);
    });

    it('X-Auth-Token is accepted (not checked: Verdict has no keys yet)', async () => {
      const res = await fetch(`${base}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-token': 'anything' },
        body: JSON.stringify({ source_code: 'print(1)', language_id: 71 }),
      });
      expect(res.status).toBe(201);
    });

    it('GET /submissions: Judge0’s numbered pages with meta; bad page or per_page is 400', async () => {
      const first = await request<{ submissions: Record<string, unknown>[]; meta: Record<string, number | null> }>(
        base,
        'GET',
        '/submissions?page=1&per_page=2&fields=status,language,time',
      );
      expect(first.status).toBe(200);
      expect(first.body.submissions).toHaveLength(2);
      expect(Object.keys(first.body.submissions[0]!)).toEqual(['status', 'language', 'time']);
      expect(Object.keys(first.body.meta)).toEqual(['current_page', 'next_page', 'prev_page', 'total_pages', 'total_count']);
      expect(first.body.meta).toMatchObject({ current_page: 1, next_page: 2, prev_page: null });
      expect(first.body.meta.total_pages).toBe(Math.ceil(first.body.meta.total_count! / 2));

      const bad = await request<unknown>(base, 'GET', '/submissions?page=-4');
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ error: 'invalid page: -4' });
      // A page whose skip would not be a safe integer (real MongoDB refuses it): 400, not a 500.
      const huge = await request<unknown>(base, 'GET', '/submissions?page=1e20');
      expect([huge.status, huge.body]).toEqual([400, { error: 'invalid page: 1e20' }]);
      const badPer = await request<unknown>(base, 'GET', '/submissions?per_page=-2');
      expect(badPer.body).toEqual({ error: 'invalid per_page: -2' });
    });

    it('batches: POST creates the valid ones and names the errors of the others; GET by tokens; at most 20', async () => {
      const created = await request<Record<string, unknown>[]>(base, 'POST', '/submissions/batch', {
        submissions: [
          { source_code: A_PLUS_B, language_id: 71, stdin: '1 2', expected_output: '3' },
          { source_code: A_PLUS_B, language_id: 71, stdin: '2 2', expected_output: '5' },
          { source_code: A_PLUS_B },
        ],
      });
      expect(created.status).toBe(201);
      expect(created.body[0]).toEqual({ token: expect.stringMatching(UUID) });
      expect(created.body[1]).toEqual({ token: expect.stringMatching(UUID) });
      expect(created.body[2]).toEqual({ language_id: ["can't be blank"] });

      const tokens = [created.body[0]!.token, created.body[1]!.token, 'd85cd024-1548-4165-96c7-7bc88673f194'].join(',');
      let shown: (Record<string, unknown> | null)[] = [];
      for (let i = 0; i < 600; i++) {
        const res = await request<{ submissions: (Record<string, unknown> | null)[] }>(
          base,
          'GET',
          `/submissions/batch?tokens=${tokens}&fields=token,status_id`,
        );
        expect(res.status).toBe(200);
        shown = res.body.submissions;
        if (shown.slice(0, 2).every((s) => (s!.status_id as number) > 2)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(shown).toEqual([{ token: created.body[0]!.token, status_id: 3 }, { token: created.body[1]!.token, status_id: 4 }, null]);

      const tooMany = await request<unknown>(base, 'POST', '/submissions/batch', {
        submissions: Array.from({ length: 21 }, () => ({ source_code: 'print(1)', language_id: 71 })),
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toEqual({ error: 'number of submissions in a batch should be less than or equal to 20' });
      expect((await request<unknown>(base, 'POST', '/submissions/batch', { submissions: [] })).status).toBe(400);
      expect((await request<unknown>(base, 'GET', '/submissions/batch')).status).toBe(400);
    });
  });

  describe('configuration', () => {
    it('JUDGE0_PREFIX moves the API; wait=true is bounded by JUDGE0_WAIT_TIMEOUT_MS', async () => {
      const moved = `${idle.url}/compat/j0`;
      expect((await request<unknown>(moved, 'GET', '/about')).status).toBe(200);
      expect((await request<unknown>(idle.url, 'GET', '/judge0/about')).status).toBe(404);
      const started = Date.now();
      const res = await request<Record<string, unknown>>(moved, 'POST', '/submissions?wait=true', {
        source_code: 'print(1)',
        language_id: 71,
      });
      expect(res.status).toBe(201);
      expect(res.body.status).toEqual({ id: 1, description: 'In Queue' });
      expect(res.body.token).toMatch(UUID);
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('DELETE: refused unless JUDGE0_ENABLE_SUBMISSION_DELETE, and while In Queue; returns the submission, Base64-encoded', async () => {
      const finished = await judged({ source_code: 'print("bye")', language_id: 71 });
      const denied = await request<unknown>(base, 'DELETE', `/submissions/${finished.token as string}`);
      expect(denied.status).toBe(400);
      expect(denied.body).toEqual({ error: 'delete not allowed' });

      const moved = `${idle.url}/compat/j0`;
      const queued = await request<{ token: string }>(moved, 'POST', '/submissions', { source_code: 'print(1)', language_id: 71 });
      const busy = await request<unknown>(moved, 'DELETE', `/submissions/${queued.body.token}`);
      expect(busy.status).toBe(400);
      expect(busy.body).toEqual({ error: 'submission cannot be deleted because its status is 1 (In Queue)' });

      const deleted = await request<Record<string, unknown>>(moved, 'DELETE', `/submissions/${finished.token as string}`);
      expect(deleted.status).toBe(200);
      expect(Object.keys(deleted.body).sort()).toEqual(DEFAULT_KEYS);
      expect(deleted.body.stdout).toBe(b64('bye\n'));
      expect((await request<unknown>(base, 'GET', `/submissions/${finished.token as string}`)).status).toBe(404);
    });

    it('JUDGE0_ENABLE_WAIT_RESULT=false: wait=true is 400 "wait not allowed"', async () => {
      const res = await request<unknown>(`${noWait.url}/judge0`, 'POST', '/submissions?wait=true', {
        source_code: 'print(1)',
        language_id: 71,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'wait not allowed' });
      const config = await request<Record<string, unknown>>(`${noWait.url}/judge0`, 'GET', '/config_info');
      expect(config.body.enable_wait_result).toBe(false);
    });
  });
});
