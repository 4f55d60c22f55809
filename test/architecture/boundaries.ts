import { unitOf, unitCycles, type ImportEdge } from './import-graph.js';

/**
 * The project's import rules, the one place they are written down (README's architecture map
 * describes them in prose). A unit is what `unitOf` names: `libs/<lib>`, `src/persistence/<store>`,
 * `src/<folder>` or `src` (entry points and root modules).
 *
 * Layers, lowest first; a unit may import its own layer's units (without cycles) and lower layers:
 * 0. libs: `libs/contracts` (imports no other lib), `libs/sandbox` (imports no other lib),
 *    `libs/judging` (contracts, sandbox). A lib never imports `src/`.
 * 1. base: common, config, redis, mongo, logging.
 * 2. infrastructure both processes use: persistence/*, events, queue, webhooks (the callback URL guard
 *    the API applies, the scheduling, sending and retrying the worker does; any feature may use it),
 *    judge0-format (a submission in Judge0's shape: the Judge0 API's responses and the webhook
 *    sender's Judge0 callback bodies), auth (API keys, roles and the caller of a request), quotas (the
 *    per-key rate limits and the unfinished-submissions cap the API features apply).
 * 3. features: API side (submissions, problems, results, languages, health, judge0) and worker side
 *    (judge, recovery, retention). An API feature never imports a worker feature and the reverse.
 * 4. `src` itself: the two entry points and their root modules import anything.
 * Clients (side `cli`: `src/cli`, the `verdict` command) talk to the API over HTTP and Socket.IO only:
 * they import `libs/contracts` and nothing else of the project, and nothing imports them.
 * A lib is used from outside only through its `index.ts` (its public surface).
 * Specs may also import test helpers under `test/`; nothing else may.
 */
export const LAYERS: Record<string, number> = {
  'libs/contracts': 0,
  'libs/sandbox': 0,
  'libs/judging': 0,
  'src/common': 1,
  'src/config': 1,
  'src/redis': 1,
  'src/mongo': 1,
  'src/logging': 1,
  'src/events': 2,
  'src/queue': 2,
  'src/webhooks': 2,
  'src/judge0-format': 2,
  'src/metrics': 2,
  'src/auth': 2,
  'src/quotas': 2,
  'src/submissions': 3,
  'src/problems': 3,
  'src/results': 3,
  'src/languages': 3,
  'src/health': 3,
  'src/workers': 3,
  'src/judge0': 3,
  'src/playground': 3,
  'src/judge': 3,
  'src/recovery': 3,
  'src/retention': 3,
  'src/cli': 3,
  src: 4,
};

/** Which process a feature folder belongs to: features of one side never import the other's. */
export const SIDES: Record<string, 'api' | 'worker' | 'cli'> = {
  'src/submissions': 'api',
  'src/problems': 'api',
  'src/results': 'api',
  'src/languages': 'api',
  'src/health': 'api',
  'src/workers': 'api',
  'src/judge0': 'api',
  'src/playground': 'api',
  'src/judge': 'worker',
  'src/recovery': 'worker',
  'src/retention': 'worker',
  'src/cli': 'cli',
};

/** What a client (side `cli`) may import of the project: the contracts, nothing else. */
const CLIENT_IMPORTS = ['libs/contracts'];

/** What each lib may import of the other libs. */
const LIB_IMPORTS: Record<string, string[]> = {
  'libs/contracts': [],
  'libs/sandbox': [],
  'libs/judging': ['libs/contracts', 'libs/sandbox'],
};

function layerOf(unit: string): number | undefined {
  if (unit.startsWith('src/persistence/')) return 2;
  return LAYERS[unit];
}

/**
 * Every broken rule among `edges`, one human-readable line each (`from → to: why`), plus one line per
 * cycle between units. Empty when the graph is clean. A unit missing from LAYERS is itself reported,
 * so a new folder has to be placed in a layer on purpose.
 */
export function boundaryViolations(edges: ImportEdge[]): string[] {
  const problems = new Set<string>();
  const unitEdges: { from: string; to: string }[] = [];
  for (const edge of edges) {
    const from = unitOf(edge.from);
    const to = unitOf(edge.to);
    const where = `${edge.from} → ${edge.to}`;
    if (edge.to.startsWith('test/')) {
      // Test helpers (test/support, test/fixtures) are for specs only; production code never reaches them.
      if (!/\.(e2e-|integration-)?spec\.ts$/.test(edge.from)) problems.add(`${where}: only specs may import test/`);
      continue;
    }
    for (const unit of [from, to]) {
      if (layerOf(unit) === undefined) problems.add(`${where}: ${unit} has no layer in test/architecture/boundaries.ts`);
    }
    if (from === to) continue;
    unitEdges.push({ from, to });
    if (to.startsWith('libs/') && edge.to !== `${to}/index.ts`) problems.add(`${where}: use ${to} only through ${to}/index.ts`);
    if (from.startsWith('libs/')) {
      if (!to.startsWith('libs/')) problems.add(`${where}: a lib never imports src/`);
      else if (!(LIB_IMPORTS[from] ?? []).includes(to)) {
        const allowed = LIB_IMPORTS[from] ?? [];
        problems.add(`${where}: ${from} may import ${allowed.length > 0 ? `only ${allowed.join(', ')}` : 'no other lib'}`);
      }
      continue;
    }
    const fromLayer = layerOf(from);
    const toLayer = layerOf(to);
    if (fromLayer !== undefined && toLayer !== undefined && toLayer > fromLayer) {
      problems.add(`${where}: layer ${fromLayer} (${from}) must not import layer ${toLayer} (${to})`);
    }
    const fromSide = SIDES[from];
    const toSide = SIDES[to];
    if (fromSide === 'cli' && !CLIENT_IMPORTS.includes(to)) {
      problems.add(`${where}: a client (${from}) may import only ${CLIENT_IMPORTS.join(', ')}`);
    }
    if (toSide === 'cli' && fromSide !== 'cli') problems.add(`${where}: nothing imports a client (${to})`);
    else if (fromSide && toSide && fromSide !== toSide && fromSide !== 'cli')
      problems.add(`${where}: ${fromSide} code (${from}) must not import ${toSide} code (${to})`);
  }
  for (const cycle of unitCycles(unitEdges)) problems.add(`cycle between ${cycle.join(', ')}`);
  return [...problems].sort();
}
