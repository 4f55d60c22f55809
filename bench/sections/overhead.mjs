// Section 1, sandbox overhead: the same static C A+B run bare (child_process.spawn) and through
// libs/sandbox (the build, every limit and measurement on), interleaved, warm (back to back) and
// cold (60 ms idle before each run), with the per-pair difference; and the same through the slot's
// resident (`SandboxSlot.runTest` with SandboxOptions.resident, docs/resident-sandbox.md), the path
// of test runs with SANDBOX_RESIDENT on, interleaved in the same series.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runBare } from '../bare-run.mjs';
import { compileInto, openSandbox, PROGRAMS, RUN_LIMITS } from '../built.mjs';
import { rounded, summarize } from '../stats.mjs';

/** Idle time before each run of the cold series, ms. */
const COLD_IDLE_MS = 60;
const WARM_UP_RUNS = 20;

/** How to get the other sandboxes this section compares with when they are on PATH. */
const OTHER_SANDBOXES = {
  'go-judge': 'not served by the Go module proxy: build it from its source repository (go build ./cmd/go-judge) and put it on PATH',
  isolate: 'build from its source repository with libcap-dev installed (make isolate; make install), then isolate --init',
};

/** @param {string} name */
const onPath = (name) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));

/**
 * @param {{ count: (n: number) => number, log: (line: string) => void }} ctx
 */
export async function overhead({ count, log }) {
  const runs = count(1000);
  const { sandbox, close } = await openSandbox(1, true);
  const slot = await sandbox.acquire();
  const box = await slot.createBox();
  try {
    compileInto(box, 'aplusb', PROGRAMS.c.aPlusB, ['-static', '-O2']);
    const hostProgram = join(box.hostPath, 'aplusb');
    const bare = async () => {
      const r = await runBare([hostProgram], { stdin: '1 2\n' });
      if (r.code !== 0 || r.stdout !== '3\n') throw new Error(`bare A+B: exit ${r.code}, stdout ${JSON.stringify(r.stdout)}`);
      return r.ms;
    };
    const boxed = async () => {
      const started = process.hrtime.bigint();
      const r = await slot.run({ argv: ['/box/aplusb'], box, boxWritable: false, stdin: { data: '1 2\n' }, limits: RUN_LIMITS });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (r.status !== 'exited' || r.exitCode !== 0 || r.stdout.toString() !== '3\n')
        throw new Error(`sandboxed A+B: ${r.status}, exit ${r.exitCode}, stdout ${JSON.stringify(r.stdout.toString())}`);
      return ms;
    };
    const resident = async () => {
      const started = process.hrtime.bigint();
      const r = await slot.runTest({ argv: ['/box/aplusb'], box, boxWritable: false, stdin: { data: '1 2\n' }, limits: RUN_LIMITS });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (r.status !== 'exited' || r.exitCode !== 0 || r.stdout.toString() !== '3\n')
        throw new Error(`A+B in the resident: ${r.status}, exit ${r.exitCode}, stdout ${JSON.stringify(r.stdout.toString())}`);
      return ms;
    };
    for (let i = 0; i < WARM_UP_RUNS; i++) {
      await bare();
      await boxed();
      await resident();
    }

    /** @param {number} idleMs */
    const series = async (idleMs) => {
      /** @type {{ bare: number[], sandboxed: number[], difference: number[], resident: number[], residentDifference: number[] }} */
      const times = { bare: [], sandboxed: [], difference: [], resident: [], residentDifference: [] };
      const idle = () => (idleMs > 0 ? new Promise((r) => setTimeout(r, idleMs)) : undefined);
      for (let i = 0; i < runs; i++) {
        // Interleaved, and which goes first alternates, so that neither gets the other's warm caches.
        let b, s;
        if (i % 2 === 0) {
          await idle();
          b = await bare();
          await idle();
          s = await boxed();
        } else {
          await idle();
          s = await boxed();
          await idle();
          b = await bare();
        }
        // The resident's run against the same pair's bare run, after it or before it (alternating too).
        await idle();
        const r = await resident();
        times.bare.push(b);
        times.sandboxed.push(s);
        times.difference.push(s - b);
        times.resident.push(r);
        times.residentDifference.push(r - b);
      }
      return {
        bare: rounded(summarize(times.bare)),
        sandboxed: rounded(summarize(times.sandboxed)),
        difference: rounded(summarize(times.difference)),
        resident: { sandboxed: rounded(summarize(times.resident)), difference: rounded(summarize(times.residentDifference)) },
      };
    };
    log(`overhead: ${runs} warm pairs`);
    const warm = await series(0);
    log(`overhead: ${runs} cold pairs (${COLD_IDLE_MS} ms idle before each run)`);
    const cold = await series(COLD_IDLE_MS);
    const others = Object.entries(OTHER_SANDBOXES).map(([name, howToBuild]) => ({
      name,
      onPath: onPath(name),
      measured: false,
      note: onPath(name) ? 'on PATH, but this benchmark does not drive it yet' : `not on PATH (${howToBuild})`,
    }));
    const residentStats = sandbox.residentStats;
    const gcc = execFileSync('gcc', ['-dumpfullversion'], { encoding: 'utf8' }).trim();
    return {
      program: `C A+B (test/fixtures/programs.ts), gcc ${gcc} -O2 -static, stdin "1 2"`,
      limits: RUN_LIMITS,
      cgroup: sandbox.cgroups.description,
      runs,
      coldIdleMs: COLD_IDLE_MS,
      warm,
      cold,
      others,
      residentStats,
    };
  } finally {
    await box.destroy();
    slot.release();
    close();
  }
}
