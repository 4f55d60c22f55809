/**
 * `npm start` (scripts/start.mjs) stopped with Ctrl-C while a submission is being judged: the
 * running submission finishes and is stored, as the README promises. A terminal's Ctrl-C reaches
 * the whole foreground process group at once, and npm forwards the same SIGINT to start.mjs once
 * more a moment later; that duplicate must not count as the "second Ctrl-C" that kills everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { MongoClient } from 'mongodb';
import { Types } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { watchEvents, type EventWatch } from './support/events.js';
import { request } from './support/http.js';
import { freePort, ROOT, testServices } from './support/stack.js';

describe('npm start, stopped with Ctrl-C', () => {
  const env = testServices('start-script');
  let start: ChildProcess | undefined;
  let watch: EventWatch | undefined;

  afterAll(async () => {
    if (start?.pid && start.exitCode === null) process.kill(-start.pid, 'SIGKILL');
    await watch?.close();
  });

  it('lets the running submission finish and stores its verdict, then exits 0', async () => {
    watch = await watchEvents(env.REDIS_URL);
    const port = await freePort();
    // A process group of its own, like a shell's foreground job.
    const child = spawn(process.execPath, ['scripts/start.mjs', 'all'], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    start = child;
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    let created: { status: number; body: { id: string } } | undefined;
    while (Date.now() < deadline) {
      created = await request<{ id: string }>(url, 'POST', '/submissions', {
        language: 'c',
        sourceCode: 'int main(void){volatile unsigned long x=0;for(;;)x++;}\n',
        testCases: [{ input: '', expectedOutput: '0\n' }],
        limits: { cpuTimeMs: 1500, wallTimeMs: 4000 },
      }).catch(() => undefined);
      if (created?.status === 201) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(created?.status, output).toBe(201);
    const id = created!.body.id;
    await watch.event(id, 'running');

    // Ctrl-C: the terminal signals the whole group; npm then forwards it to its child once more.
    process.kill(-child.pid!, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.kill(child.pid!, 'SIGINT');
    expect(await exited, output).toBe(0);

    const mongo = new MongoClient(env.MONGO_URI);
    try {
      const stored = await mongo
        .db()
        .collection('submissions')
        .findOne({ _id: new Types.ObjectId(id) });
      expect(stored, output).toMatchObject({ status: 'finished', verdict: 'TLE' });
      await mongo.db().dropDatabase();
    } finally {
      await mongo.close();
    }
  });
});
