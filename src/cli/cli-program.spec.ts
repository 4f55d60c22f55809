import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HOSTILE, TERMINAL_CONTROL } from '../../test/support/submission-views.js';
import { runCli } from './cli-program.js';

/** What one runCli did: its exit code and what it wrote to stdout and stderr. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli(['node', 'verdict', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("runCli's usage errors", () => {
  it("prints commander's error as one line `verdict: …` and exits 2", async () => {
    const bad = await run('submit', 'sum.py', '--time-limit', 'abc');
    expect(bad).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "verdict: option '--time-limit <ms>' argument 'abc' is invalid. must be a positive whole number (run with --help for usage)\n",
    });
    const unknown = await run('languages', '--jsn');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^verdict: unknown option '--jsn' \(Did you mean --json\?\) \(run with --help for usage\)\n$/);
    const missing = await run('submit');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("verdict: missing required argument 'file' (run with --help for usage)\n");
    const command = await run('sbumit');
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^verdict: unknown command 'sbumit'.*\(run with --help for usage\)\n$/);
  });

  it('keeps the help and the version on stdout with exit 0', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: verdict /);
    expect(help.stderr).toBe('');
  });
});

describe('runCli against a server that sends hostile or malformed answers', () => {
  /** What the fake API answers to GET /languages: a status and a JSON body. */
  let answer: { status: number; body: unknown } = { status: 200, body: [] };
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("prints the API's error message and details without terminal controls, exit 2", async () => {
    answer = { status: 400, body: { message: `bad${HOSTILE}`, details: [{ field: 'language', message: `is ${HOSTILE}` }] } };
    const { code, stdout, stderr } = await run('languages', '--server', url);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^verdict: GET \/languages: 400 bad\ufffd\]0;PWNED/);
    expect(stderr).toContain('language is \ufffd]0;PWNED');
    expect(stderr).not.toMatch(TERMINAL_CONTROL);
  });

  it('prints the languages table and the --json answer without terminal controls; the JSON parses back to what the server sent', async () => {
    const languages = [{ id: 'c', name: `C${HOSTILE}`, version: HOSTILE, extensions: ['.c'] }];
    answer = { status: 200, body: languages };
    const table = await run('languages', '--server', url);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('PWNED');
    expect(table.stdout).not.toMatch(TERMINAL_CONTROL);
    const json = await run('languages', '--server', url, '--json');
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(JSON.parse(json.stdout)).toEqual(languages);
  });

  it('turns a malformed answer into one line "the server sent a malformed …" and exit 2', async () => {
    answer = { status: 200, body: { languages: [] } };
    expect(await run('languages', '--server', url)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'verdict: the server sent a malformed answer to GET /languages: answer is an object, not a list\n',
    });
    answer = { status: 200, body: [null] };
    expect((await run('languages', '--server', url, '--json')).stderr).toBe(
      'verdict: the server sent a malformed answer to GET /languages: answer[0] is null, not an object\n',
    );
  });
});
