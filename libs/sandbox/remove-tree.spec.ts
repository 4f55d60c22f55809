import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeTree, type CleanupFailure } from './remove-tree.js';

const root = mkdtempSync(join(tmpdir(), 'verdict-remove-tree-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('disposeTree', () => {
  it('returns null and logs nothing when the removal succeeds', async () => {
    const logged: CleanupFailure[] = [];
    const dir = join(root, 'ok');
    mkdirSync(dir);
    const failure = await disposeTree(
      dir,
      root,
      (p) => Promise.resolve(rmSync(p, { recursive: true })),
      (f) => logged.push(f),
    );
    expect(failure).toBeNull();
    expect(logged).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('never throws: a tree it cannot remove is moved into trash/ and logged with its path', async () => {
    const logged: CleanupFailure[] = [];
    const dir = join(root, 'box-1-0-1');
    mkdirSync(join(dir, 'inner'), { recursive: true });
    const failure = await disposeTree(
      dir,
      root,
      () => Promise.reject(new Error('ENAMETOOLONG')),
      (f) => logged.push(f),
    );
    expect(failure).toMatchObject({ path: dir, error: 'ENAMETOOLONG' });
    expect(failure?.quarantinedAt).toMatch(new RegExp(`^${join(root, 'trash', 'box-1-0-1-')}`));
    expect(logged).toEqual([failure]);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(join(failure!.quarantinedAt!))).toEqual(['inner']);
  });

  it('leaves a tree already in trash/ where it is, and survives a failing move and a failing log', async () => {
    const inTrash = join(root, 'trash', 'x');
    mkdirSync(inTrash, { recursive: true });
    const failure = await disposeTree(
      inTrash,
      root,
      () => Promise.reject(new Error('EXDEV')),
      () => {
        throw new Error('log down');
      },
    );
    expect(failure).toMatchObject({ path: inTrash, quarantinedAt: null });
    expect(existsSync(inTrash)).toBe(true);
    const missing = await disposeTree(
      join(root, 'gone'),
      join(root, 'no', 'such'),
      () => Promise.reject(new Error('EIO')),
      () => undefined,
    );
    expect(missing?.quarantinedAt).toBeNull();
    expect(missing?.error).toMatch(/^EIO; could not move it aside: /);
  });
});
