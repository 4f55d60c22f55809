import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server as SocketServer } from 'socket.io';
import type { LanguageInfo, SubmissionView } from '../libs/contracts/index.js';
import { HOSTILE, TERMINAL_CONTROL, viewOf } from './support/submission-views.js';
import { directoryEntries, makeZip } from './support/zip.js';
import {
  freePort,
  ROOT,
  startApi,
  startWorker,
  testServices,
  uniqueSuffix,
  type StartedApi,
  type StartedProcess,
} from './support/stack.js';

/** The built CLI, run as `verdict` is (bin/verdict.mjs imports it). */
const CLI_ENTRY = path.join(ROOT, 'dist/src/cli/main.js');
const APLUSB = path.join(ROOT, 'test/fixtures/problems/aplusb');

/** What one run of the CLI did. */
interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (or `entry`) with `args` and `env` over this process's (VERDICT_URL removed unless
 * given); resolves when it exits.
 */
function runCli(args: string[], env: Record<string, string> = {}, { entry = CLI_ENTRY, timeoutMs = 120_000 } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!('VERDICT_URL' in env)) delete childEnv.VERDICT_URL;
    const child = spawn(process.execPath, [entry, ...args], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`verdict ${args.join(' ')} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A run's output, for assertion messages. */
const shown = (run: CliRun): string => `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
/** A stack trace line (`    at fn (file:1:2)`): the CLI must never print one. */
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

/** A TCP proxy in front of the API that can cut every connection, to make the CLI's live connection drop. */
interface DroppingProxy {
  url: string;
  /** Socket.IO connections seen so far (by their request line). */
  liveConnections(): number;
  /** Destroys every open connection; the proxy keeps listening. */
  dropAll(): void;
  close(): Promise<void>;
}

async function startProxy(target: StartedApi): Promise<DroppingProxy> {
  const open = new Set<Socket>();
  let live = 0;
  const server = createServer((client) => {
    const upstream = connect(target.port, '127.0.0.1');
    open.add(client).add(upstream);
    client.once('data', (first: Buffer) => {
      if (first.toString('latin1').includes('/socket.io/')) live++;
    });
    client.pipe(upstream).pipe(client);
    const forget = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    liveConnections: () => live,
    dropAll: () => {
      for (const socket of open) socket.destroy();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A stand-in for the API that answers `POST /submissions` with `{ id: createdId }` and, on the Socket.IO
 * `subscribe`, acks and sends `state` as the given value: to see what the CLI does with a server that
 * breaks the protocol.
 */
async function startFakeApi(createdId: string, ack: unknown, state: unknown): Promise<{ url: string; close(): Promise<void> }> {
  const http = createHttpServer((request, response) => {
    request.resume();
    const created = request.method === 'POST' && request.url === '/submissions';
    response.writeHead(created ? 201 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(created ? { id: createdId } : { message: `not here${HOSTILE}` }));
  });
  const io = new SocketServer(http);
  io.on('connection', (socket) => {
    socket.on('subscribe', (_body: unknown, answer: (value: unknown) => void) => {
      answer(ack);
      socket.emit('state', state);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => void io.close(() => resolve())) };
}

/** Resolves once `condition` holds, polling every 20 ms. @throws Error after `timeoutMs`. */
async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the verdict CLI against the built API and worker', () => {
  const env = testServices('cli');
  let api: StartedApi;
  let worker: StartedProcess;
  let dir: string;
  let server: Record<string, string>;
  const file = (name: string, text: string): string => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'verdict-cli-'));
    // Shared by the tests: an A+B in Python, one that is off by one, and one test case.
    file('sum.py', 'a, b = map(int, input().split())\nprint(a + b)\n');
    file('off.py', 'a, b = map(int, input().split())\nprint(a + b + 1)\n');
    file('1.in', '1 2\n');
    file('1.ans', '3\n');
    worker = await startWorker({ ...env, WORKER_CONCURRENCY: '2' });
    api = await startApi(env);
    server = { VERDICT_URL: api.url };
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('judges a Python A+B with --stdin and --expect: exit 0, progress on stderr, a summary table on stdout', async () => {
    const run = await runCli(
      ['submit', path.join(dir, 'sum.py'), '--stdin', path.join(dir, '1.in'), '--expect', path.join(dir, '1.ans')],
      server,
    );
    expect(run.code, shown(run)).toBe(0);
    expect(run.stderr).toMatch(/language: python3 \(from the file name/);
    expect(run.stderr).toMatch(/^submission [0-9a-f]{24}$/m);
    // Not a terminal: one line per finished test.
    expect(run.stderr).toMatch(/^test 1\/1 AC {2}\d+ ms {2}\d+ KiB$/m);
    expect(run.stdout).toMatch(/^Accepted \(AC\): 1 of 1 test passed$/m);
    expect(run.stdout).toMatch(/^test {2}verdict {2}CPU ms {2}wall ms {2}memory KiB {2}exit$/m);
    expect(run.stdout).toMatch(/^ {3}1 {2}AC +\d+ +\d+ +\d+$/m);
  });

  it('names a Wrong Answer and exits 1', async () => {
    const run = await runCli(
      ['submit', path.join(dir, 'off.py'), '--stdin', path.join(dir, '1.in'), '--expect', path.join(dir, '1.ans')],
      server,
    );
    expect(run.code, shown(run)).toBe(1);
    expect(run.stdout).toMatch(/^Wrong Answer \(WA\): 0 of 1 test passed$/m);
    expect(run.stdout).toMatch(/^ {3}1 {2}WA /m);
  });

  it("prints the compiler's message for a Compilation Error in C and exits 1", async () => {
    const source = file('broken.c', 'int main(void) { return undefined_name; }\n');
    const run = await runCli(['submit', source, '--stdin', path.join(dir, '1.in')], server);
    expect(run.code, shown(run)).toBe(1);
    expect(run.stderr).toMatch(/language: c \(from the file name\)/);
    expect(run.stdout).toMatch(/^Compilation Error \(CE\)/m);
    expect(run.stdout).toMatch(/compiler output:\n[\s\S]*error: .*undefined_name/);
  });

  it("prints a Compilation Error's compiler output with the escape sequences it holds defused (no ESC, BEL or CR reaches the terminal)", async () => {
    // gcc repeats an #error's text byte for byte: raw ESC, BEL, C1 and bidi controls from the source reach the API's message.
    const source = file('escapes.c', '#error "\x1b]0;PWNED\x07\x1b[2J gotcha\u009b31m\u202eevil"\nint main(void) { return 0; }\n');
    const run = await runCli(['submit', source, '--stdin', path.join(dir, '1.in')], server);
    expect(run.code, shown(run)).toBe(1);
    expect(run.stdout).toMatch(/^Compilation Error \(CE\)/m);
    expect(run.stdout).toContain('#error "\ufffd]0;PWNED\ufffd\ufffd[2J gotcha\ufffd31m\ufffdevil"');
    expect(run.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(run.stderr).not.toMatch(TERMINAL_CONTROL);
    // --json keeps the message as the API has it, the controls written as JSON escapes.
    const json = await runCli(['submit', source, '--stdin', path.join(dir, '1.in'), '--json'], server);
    expect(json.code, shown(json)).toBe(1);
    expect(json.stdout).not.toMatch(TERMINAL_CONTROL);
    expect((JSON.parse(json.stdout) as SubmissionView).message).toContain('#error "\x1b]0;PWNED\x07\x1b[2J');
  });

  it('prints only the final SubmissionView with --json, with the verdict, the limits asked for and the file name', async () => {
    const run = await runCli(
      [
        'submit',
        path.join(dir, 'sum.py'),
        '--language',
        'python3',
        '--stdin',
        path.join(dir, '1.in'),
        '--expect',
        path.join(dir, '1.ans'),
        '--time-limit',
        '1500',
        '--memory-limit',
        '131072',
        '--json',
      ],
      server,
    );
    expect(run.code, shown(run)).toBe(0);
    expect(run.stderr).toBe('');
    const view = JSON.parse(run.stdout) as SubmissionView;
    expect(view).toMatchObject({ status: 'finished', verdict: 'AC', language: 'python3', testCount: 1, fileName: 'sum.py' });
    expect(view.limits).toMatchObject({ cpuTimeMs: 1500, memoryKiB: 131072 });
    expect(view.tests).toHaveLength(1);
    expect(view.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('follows a submission through a dropped live connection: reconnects, takes the fresh state, and finishes', async () => {
    const proxy = await startProxy(api);
    try {
      const slow = file('slow.py', 'import time\ntime.sleep(1.5)\na, b = map(int, input().split())\nprint(a + b)\n');
      const running = runCli(
        ['submit', slow, '--stdin', path.join(dir, '1.in'), '--expect', path.join(dir, '1.ans'), '--time-limit', '2000'],
        {
          VERDICT_URL: proxy.url,
        },
      );
      await until(() => proxy.liveConnections() === 1, 'the live connection');
      await new Promise((resolve) => setTimeout(resolve, 300));
      proxy.dropAll();
      const run = await running;
      expect(run.code, shown(run)).toBe(0);
      expect(proxy.liveConnections()).toBeGreaterThanOrEqual(2);
      expect(run.stderr.match(/^test 1\/1 AC /gm)).toHaveLength(1);
      expect(run.stdout).toMatch(/^Accepted \(AC\): 1 of 1 test passed$/m);
    } finally {
      await proxy.close();
    }
  });

  it('lists the languages with their versions and extensions, python3 among them; --json gives the API answer', async () => {
    const run = await runCli(['languages'], server);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stdout).toMatch(/^id +name +version +extensions$/m);
    expect(run.stdout).toMatch(/^python3 +Python.* +\S.* +\.py$/m);
    expect(run.stdout).toMatch(/^c +.*\.c$/m);
    const json = await runCli(['languages', '--json', '--server', api.url]);
    expect(json.code, shown(json)).toBe(0);
    const languages = JSON.parse(json.stdout) as LanguageInfo[];
    expect(languages.find((l) => l.id === 'python3')?.extensions).toEqual(['.py']);
  });

  it('imports a package directory, then judges a submission against it by slug', async () => {
    const slug = `cli-aplusb-${uniqueSuffix()}`;
    const imported = await runCli(['problems', 'import', APLUSB, '--slug', slug], server);
    expect(imported.code, shown(imported)).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`^imported problem ${slug} \\(id [0-9a-f]{24}\\): A plus B$`, 'm'));
    expect(imported.stdout).toMatch(/^4 test cases \(1 sample, 3 secret\)/m);
    expect(imported.stdout).toMatch(/^sample +1 +0$/m);

    const run = await runCli(['submit', path.join(APLUSB, 'submissions/accepted/sum.py'), '--problem', slug], server);
    expect(run.code, shown(run)).toBe(0);
    expect(run.stdout).toMatch(/^Accepted \(AC\): 4 of 4 tests passed$/m);
    expect(run.stdout).toMatch(/^ {3}4 {2}secret\/03-negative {2}AC /m);

    const wrong = await runCli(['submit', path.join(dir, 'off.py'), '--problem', slug, '--json'], server);
    expect(wrong.code, shown(wrong)).toBe(1);
    expect((JSON.parse(wrong.stdout) as SubmissionView).verdict).toBe('WA');
  });

  it('imports a zip as it is, the slug taken from its file name', async () => {
    const zip = path.join(dir, 'zipped-aplusb.zip');
    writeFileSync(zip, makeZip(directoryEntries(APLUSB, '')));
    const run = await runCli(['problems', 'import', zip, '--json'], server);
    expect(run.code, shown(run)).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ slug: 'zipped-aplusb', title: 'A plus B', testCount: 4 });
  });

  it("prints the API's message for a bad package and exits 2", async () => {
    const bad = path.join(dir, 'empty-package');
    rmSync(bad, { recursive: true, force: true });
    file('empty-package', ''); // a file that is not a zip
    const run = await runCli(['problems', 'import', bad], server);
    expect(run.code, shown(run)).toBe(2);
    expect(run.stderr).toMatch(/^verdict: POST \/problems\/import: 400 .*zip/im);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('exits 2 with a clear message, no stack trace, when the server cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli(['submit', path.join(dir, 'sum.py'), '--stdin', path.join(dir, '1.in')], { VERDICT_URL: closed });
    expect(run.code, shown(run)).toBe(2);
    expect(run.stderr).toContain(`verdict: cannot reach the Verdict API at ${closed}: connect ECONNREFUSED`);
    expect(run.stderr).not.toMatch(STACK_LINE);
    const languages = await runCli(['languages', '--server', closed]);
    expect(languages.code, shown(languages)).toBe(2);
    expect(languages.stderr).toContain('cannot reach the Verdict API');
  });

  it('exits 2 naming --language for an unknown extension', async () => {
    const run = await runCli(['submit', file('prog.xyz', 'print(1)\n')], server);
    expect(run.code, shown(run)).toBe(2);
    expect(run.stderr).toMatch(/cannot tell the language of prog\.xyz from its extension: pass --language <id> \(offered: .*python3/);
  });

  it("exits 2 on usage errors and prints the API's 400 message", async () => {
    const badLimit = await runCli(['submit', path.join(dir, 'sum.py'), '--time-limit', 'fast'], server);
    expect(badLimit.code, shown(badLimit)).toBe(2);
    expect(badLimit.stderr).toBe(
      "verdict: option '--time-limit <ms>' argument 'fast' is invalid. must be a positive whole number (run with --help for usage)\n",
    );
    const clash = await runCli(['submit', path.join(dir, 'sum.py'), '--problem', 'x', '--stdin', path.join(dir, '1.in')], server);
    expect(clash.code, shown(clash)).toBe(2);
    expect(clash.stderr).toContain('leave out --stdin');
    const missing = await runCli(['submit', path.join(dir, 'nope.py')], server);
    expect(missing.code, shown(missing)).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    const refused = await runCli(['submit', path.join(dir, 'sum.py'), '--memory-limit', '1'], server);
    expect(refused.code, shown(refused)).toBe(2);
    expect(refused.stderr).toMatch(/^verdict: POST \/submissions: 400 limits\.memoryKiB must not be less than 4096$/m);
    const unknownProblem = await runCli(['submit', path.join(dir, 'sum.py'), '--problem', 'no-such-problem'], server);
    expect(unknownProblem.code, shown(unknownProblem)).toBe(2);
    expect(unknownProblem.stderr).toContain('no problem with slug or id "no-such-problem"');
  });

  it('answers --help and --version with exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code, shown(help)).toBe(0);
    expect(help.stdout).toMatch(/Usage: verdict/);
    expect(help.stdout).toMatch(/submit \[options\] <file>/);
    const importHelp = await runCli(['problems', 'import', '--help']);
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toMatch(/Usage: verdict problems import \[options\] <path>/);
    // The package.json `bin` script runs the same built file.
    const bin = await runCli(['languages', '--help'], {}, { entry: path.join(ROOT, 'bin/verdict.mjs') });
    expect(bin.code, shown(bin)).toBe(0);
    expect(bin.stdout).toMatch(/Usage: verdict languages/);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('the verdict CLI against a server that breaks the protocol', () => {
  const sourceDir = mkdtempSync(path.join(tmpdir(), 'verdict-cli-fake-'));
  const source = path.join(sourceDir, 'main.c');
  writeFileSync(source, 'int main(void) { return 0; }\n');
  afterAll(() => rmSync(sourceDir, { recursive: true, force: true }));

  /** Submits main.c to a fake API that acks `ack` and sends `state`; what the CLI did. */
  async function submitTo(ack: unknown, state: unknown, createdId = '6b0cf7de9a5a2d7dba1e512e'): Promise<CliRun> {
    const fake = await startFakeApi(createdId, ack, state);
    try {
      return await runCli(['submit', source, '--language', 'c', '--stdin', source], { VERDICT_URL: fake.url }, { timeoutMs: 30_000 });
    } finally {
      await fake.close();
    }
  }

  it('ends a malformed state (null, tests null) with one line "verdict: the server sent a malformed …", exit 2, no stack trace', async () => {
    const run = await submitTo({ ok: true }, null);
    expect(run.code, shown(run)).toBe(2);
    expect(run.stderr).toMatch(/^verdict: the server sent a malformed 'state' message: state is null, not an object\n$/m);
    expect(run.stderr).not.toMatch(STACK_LINE);
    const tests = await submitTo({ ok: true }, { ...viewOf(), tests: null });
    expect(tests.code, shown(tests)).toBe(2);
    expect(tests.stderr).toMatch(/^verdict: the server sent a malformed 'state' message: state\.tests is null, not a list$/m);
    expect(tests.stderr).not.toMatch(STACK_LINE);
  });

  it('ends an acknowledgement of null likewise, and prints a hostile submission id without its terminal controls', async () => {
    const run = await submitTo(null, null, `id${HOSTILE}`);
    expect(run.code, shown(run)).toBe(2);
    expect(run.stderr).toMatch(/^submission id\ufffd\]0;PWNED/m);
    expect(run.stderr).toMatch(/^verdict: the server sent a malformed acknowledgement of 'subscribe': ack is null, not an object$/m);
    expect(run.stderr).not.toMatch(TERMINAL_CONTROL);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
