import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDeadStaging } from './dead-staging.js';

/** No process has this pid (above Linux's largest pid_max, 2^22). */
const DEAD_PID = 99_999_999;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('removeDeadStaging', () => {
  it("removes a dead worker's staging of our artifacts; keeps a live process's, others' names and the artifacts", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dead-staging-spec-'));
    dirs.push(dir);
    for (const name of [`validator-aaaa.tmp-${DEAD_PID}`, `validator-bbbb.tmp-${process.pid}`, 'validator-aaaa', `other.tmp-${DEAD_PID}`]) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'file'), 'x');
    }
    expect(await removeDeadStaging(dir, (name) => name.startsWith('validator-'))).toEqual([`validator-aaaa.tmp-${DEAD_PID}`]);
    expect(readdirSync(dir).sort()).toEqual([`other.tmp-${DEAD_PID}`, 'validator-aaaa', `validator-bbbb.tmp-${process.pid}`]);
  });
});
