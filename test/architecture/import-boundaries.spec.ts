import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { boundaryViolations } from './boundaries.js';
import { importEdges } from './import-graph.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('import boundaries (test/architecture/boundaries.ts)', () => {
  it('src/ and libs/ break no rule and have no cycle between folders', () => {
    expect(boundaryViolations(importEdges(root, ['src', 'libs']))).toEqual([]);
  });

  it('reports an API feature importing worker code', () => {
    const edges = [{ from: 'src/submissions/x.spec.ts', to: 'src/judge/judge.service.ts' }];
    expect(boundaryViolations(edges)).toEqual([
      'src/submissions/x.spec.ts → src/judge/judge.service.ts: api code (src/submissions) must not import worker code (src/judge)',
    ]);
  });

  it('lets the CLI (a client) import libs/contracts only, and nothing import the CLI', () => {
    const edges = [
      { from: 'src/cli/a.ts', to: 'libs/contracts/index.ts' },
      { from: 'src/cli/a.ts', to: 'src/cli/b.ts' },
      { from: 'src/cli/a.ts', to: 'src/common/error-body.ts' },
      { from: 'src/cli/a.ts', to: 'libs/judging/index.ts' },
      { from: 'src/submissions/a.ts', to: 'src/cli/b.ts' },
    ];
    expect(boundaryViolations(edges)).toEqual([
      'src/cli/a.ts → libs/judging/index.ts: a client (src/cli) may import only libs/contracts',
      'src/cli/a.ts → src/common/error-body.ts: a client (src/cli) may import only libs/contracts',
      'src/submissions/a.ts → src/cli/b.ts: nothing imports a client (src/cli)',
    ]);
  });

  it('reports a worker feature importing API code, a lib importing src/, a lower layer importing a higher one, code importing test helpers', () => {
    const edges = [
      { from: 'src/judge/a.ts', to: 'src/problems/dto/limits.dto.ts' },
      { from: 'libs/judging/a.ts', to: 'src/config/x.ts' },
      { from: 'src/persistence/problems/a.ts', to: 'src/problems/b.ts' },
      { from: 'libs/contracts/a.ts', to: 'libs/sandbox/index.ts' },
      { from: 'src/judge/a.ts', to: 'test/support/zip.ts' },
      { from: 'src/judge/a.spec.ts', to: 'test/support/zip.ts' },
      { from: 'src/judge/b.ts', to: 'libs/sandbox/box.ts' },
      { from: 'src/judge/c.ts', to: 'libs/sandbox/index.ts' },
    ];
    expect(boundaryViolations(edges)).toEqual([
      'libs/contracts/a.ts → libs/sandbox/index.ts: libs/contracts may import no other lib',
      'libs/judging/a.ts → src/config/x.ts: a lib never imports src/',
      'src/judge/a.ts → src/problems/dto/limits.dto.ts: worker code (src/judge) must not import api code (src/problems)',
      'src/judge/a.ts → test/support/zip.ts: only specs may import test/',
      'src/judge/b.ts → libs/sandbox/box.ts: use libs/sandbox only through libs/sandbox/index.ts',
      'src/persistence/problems/a.ts → src/problems/b.ts: layer 2 (src/persistence/problems) must not import layer 3 (src/problems)',
    ]);
  });

  it('reports a cycle between two folders of one layer, and a folder without a layer', () => {
    const edges = [
      { from: 'src/problems/a.ts', to: 'src/submissions/b.ts' },
      { from: 'src/submissions/b.ts', to: 'src/problems/c.ts' },
      { from: 'src/newthing/a.ts', to: 'src/common/x.ts' },
    ];
    expect(boundaryViolations(edges)).toEqual([
      'cycle between src/problems, src/submissions',
      'src/newthing/a.ts → src/common/x.ts: src/newthing has no layer in test/architecture/boundaries.ts',
    ]);
  });

  it('finds imports of every form in real files, specs included', () => {
    const edges = importEdges(root, ['test/architecture']);
    expect(edges).toContainEqual({ from: 'test/architecture/import-boundaries.spec.ts', to: 'test/architecture/boundaries.ts' });
  });
});
