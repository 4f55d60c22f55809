import swc from 'unplugin-swc';
import { configDefaults, defineConfig } from 'vitest/config';
import { nodeVersionProblem } from './scripts/check-node.mjs';

// Every tier needs the Node.js of package.json's engines (scripts/setup.sh installs it).
const nodeProblem = nodeVersionProblem();
if (nodeProblem) throw new Error(nodeProblem);

// SWC instead of esbuild: Nest's dependency injection needs emitted decorator metadata.
const plugins = [swc.vite({ module: { type: 'es6' } })];

// Test tiers, by what they need (README "Tests and benchmarks"):
//   unit         `*.spec.ts` beside the code and test/architecture: no root, no build, no Redis or MongoDB,
//                no C toolchain; seconds on any machine.
//   integration  `*.integration-spec.ts`: the host's real things, no built processes: the sandbox as root
//                (bubblewrap, cgroups, the launcher built by `npm run build`), real Redis/MongoDB, gcc.
//   e2e          `test/**/*.e2e-spec.ts` (with test/hostile): the built API and worker processes, real services.
// The tiers run one after the other (groupOrder): unit first, and CPU-time measurements of the later
// tiers never share the cores with another tier's files.
// Each integration spec names what it needs in its header comment (the sandbox ones: root, bubblewrap,
// cgroups and the launcher built by `npm run build`; the queue ones: Redis).
const INTEGRATION = ['{src,libs}/**/*.integration-spec.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        plugins,
        test: {
          name: 'unit',
          include: ['src/**/*.spec.ts', 'libs/**/*.spec.ts', 'test/architecture/**/*.spec.ts'],
          exclude: [...configDefaults.exclude, ...INTEGRATION],
          sequence: { groupOrder: 0 },
          // Files share each worker's module cache (a third of the time: no re-import of Nest per file),
          // so a unit spec that changes process-wide state (env, fake timers, mocks) restores it.
          isolate: false,
          testTimeout: 10_000,
        },
      },
      {
        plugins,
        test: {
          name: 'integration',
          include: INTEGRATION,
          sequence: { groupOrder: 1 },
          // The sandbox specs assert CPU time and peak memory; they get the cores to themselves.
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
      {
        plugins,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e-spec.ts'],
          sequence: { groupOrder: 2 },
          // e2e files boot real API and worker processes; CPU-time verdicts need the cores to themselves.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
