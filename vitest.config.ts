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
const INTEGRATION = [
  '{src,libs}/**/*.integration-spec.ts',
  // Not renamed yet while libs/sandbox and src/recovery are being restructured; each needs:
  'libs/sandbox/sandbox.spec.ts', //            root, bubblewrap, cgroups, dist/native/verdict-launch
  'libs/sandbox/worker-death.spec.ts', //       root, cgroups, the built sandbox (dist/libs/sandbox)
  'libs/sandbox/uid-leases.spec.ts', //         the built module (processes leasing at once run dist/libs/sandbox/uid-leases.js)
  'libs/sandbox/launcher-hardening.spec.ts', // gcc, libseccomp-dev and readelf (compiles the launcher)
  'src/recovery/lost-jobs.sweeper.spec.ts', //  a real BullMQ queue on Redis (REDIS_URL)
];

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
