import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { leaseUids, releaseUids } from './uid-leases.js';

// Several processes leasing at once need the built module (`npm run build`): node runs it directly.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = join(root, 'dist', 'libs', 'sandbox', 'uid-leases.js');

/** Starts `count` node processes that each lease `each` uids from `dir` at the same instant; resolves with their leases. */
async function leaseAtOnce(dir: string, count: number, each: number): Promise<number[][]> {
  const startAt = Date.now() + 500;
  const script = `
    import { leaseUids } from ${JSON.stringify(built)};
    while (Date.now() < ${startAt}) {}
    console.log(JSON.stringify(leaseUids(${JSON.stringify(dir)}, 1000, ${each})));
    setTimeout(() => {}, 300); // hold the leases while the others lease
  `;
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<number[]>((resolve, reject) => {
          let out = '';
          const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
          child.stdout.on('data', (c: Buffer) => (out += c.toString()));
          child.on('exit', (code) =>
            code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`leasing process exited ${code}`)),
          );
        }),
    ),
  );
}

describe('uid leases', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'verdict-leases-spec-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('gives one process distinct uids and takes them back', () => {
    const dir = newDir();
    const uids = leaseUids(dir, 1000, 3);
    expect(uids).toEqual([1000, 1001, 1002]);
    releaseUids(dir, uids);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over the lease of a dead process', () => {
    const dir = newDir();
    const dead = spawnSync('true').pid!;
    writeFileSync(join(dir, 'uid-1000.lock'), String(dead));
    writeFileSync(join(dir, `uid-1001.lock`), String(process.pid));
    expect(leaseUids(dir, 1000, 2)).toEqual([1000, 1002]);
  });

  it('never gives one uid to two processes leasing at once, over fresh or stale leases', { timeout: 60_000 }, async () => {
    expect(existsSync(built), `${built} is missing: run npm run build`).toBe(true);
    for (let round = 0; round < 6; round++) {
      const dir = newDir();
      if (round % 2 === 1) {
        // As after a crash: every lease held by a dead worker.
        const dead = spawnSync('true').pid!;
        for (let uid = 1000; uid < 1012; uid++) writeFileSync(join(dir, `uid-${uid}.lock`), String(dead));
      }
      const leases = (await leaseAtOnce(dir, 5, 2)).flat();
      expect(leases).toHaveLength(10);
      expect(new Set(leases).size, `round ${round}: ${leases.sort().join(' ')}`).toBe(10);
    }
  });
});
