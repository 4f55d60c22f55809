import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One relative import between two TypeScript files of the repository (paths relative to the root, `/`-separated). */
export interface ImportEdge {
  from: string;
  to: string;
}

/**
 * Every relative import (`import`, `import type`, `export … from`, dynamic `import()`) of every
 * `.ts` file under `dirs` of `root`, specs included: a spec obeys the rules of the folder it lives in.
 * Specifiers ending in `.js` are mapped to the `.ts` file NodeNext resolution compiles them from.
 */
export function importEdges(root: string, dirs: string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const dir of dirs) {
    for (const file of tsFiles(path.join(root, dir))) {
      const from = path.relative(root, file).split(path.sep).join('/');
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const ref of info.importedFiles) {
        if (!ref.fileName.startsWith('.')) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), ref.fileName)).replace(/\.js$/, '.ts');
        edges.push({ from, to: target });
      }
    }
  }
  return edges;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/**
 * The architectural unit a file belongs to: `libs/<lib>`, `src/persistence/<store>`, `src/<folder>`,
 * or `src` for the entry points and root modules directly in `src/`.
 */
export function unitOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'libs') return `libs/${parts[1]}`;
  if (parts[0] !== 'src' || parts.length === 2) return parts[0]!;
  if (parts[1] === 'persistence' && parts.length > 3) return `src/persistence/${parts[2]}`;
  return `src/${parts[1]}`;
}

/** Cycles in the unit graph (each as the list of units on it), found with Tarjan's strongly connected components. */
export function unitCycles(edges: { from: string; to: string }[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (from === to) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    graph.get(from)!.add(to);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
