import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTool } from './resolve-tools.js';

describe('resolveTool: a directory candidate (the Kotlin compiler’s jars)', () => {
  const root = mkdtempSync(join(tmpdir(), 'verdict-resolve-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds a directory holding the file, by its real path, mounted read-only outside the system directories', () => {
    const home = join(root, 'kotlin');
    mkdirSync(join(home, 'lib'), { recursive: true });
    writeFileSync(join(home, 'lib', 'compiler.jar'), 'PK');
    symlinkSync(home, join(root, 'link'));
    const found = resolveTool([{ directory: join(root, 'link'), contains: 'lib/compiler.jar' }], {});
    expect(found).toEqual({ path: home, mount: { hostPath: home, sandboxPath: home } });
  });

  it('skips a directory without the file, or where the file is a directory, and tries the next candidate', () => {
    const empty = join(root, 'empty');
    mkdirSync(join(empty, 'lib', 'compiler.jar'), { recursive: true });
    expect(resolveTool([{ directory: join(root, 'missing'), contains: 'lib/compiler.jar' }], {})).toBeUndefined();
    expect(
      resolveTool(
        [
          { directory: empty, contains: 'lib/compiler.jar' },
          { directory: '/usr', contains: 'bin/env' },
        ],
        {},
      ),
    ).toEqual({
      path: '/usr',
    });
  });
});
