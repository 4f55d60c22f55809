import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Verdict, type JudgeLimits } from '../../libs/contracts/index.js';
import { LANGUAGES } from '../../libs/judging/index.js';
import { RunStatus, Sandbox, type RunRequest, type SandboxSlot } from '../../libs/sandbox/index.js';
import type { SandboxConfig } from '../config/sandbox.config.js';
import { JudgingMetrics } from '../metrics/judging.metrics.js';
import { MetricsRegistry } from '../metrics/metrics.registry.js';
import type { TestDataStore } from '../persistence/test-data/test-data.store.js';
import { BuildCacheService } from './build-cache.service.js';
import { ValidatorBuildsService } from './checkers/validator-builds.service.js';
import { CompileCacheService } from './compile-cache.service.js';
import { LanguageRegistry } from './languages/language-registry.js';
import type { ResolvedLanguage } from './languages/resolved-language.js';
import { inlinePlan } from './plan/judge-plan.js';
import { PlanRunner, type PlanProgress } from './plan/plan.runner.js';
import { PCH_MOUNT, PrecompiledHeadersService } from './precompiled-headers.service.js';
import { TestDataCache } from './test-data-cache.js';

// The compile cache and the precompiled bits/stdc++.h on the real sandbox (bubblewrap, cgroups,
// the launcher built by `npm run build`, g++), as root: a C++ source judged twice is compiled once,
// another source is compiled for itself, g++ really uses the precompiled header, and the cache
// keeps to its byte budget. Inline test cases only: the test data store is never asked.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UID_BASE = 64400;
const LIMITS: JudgeLimits = { cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 262144, outputKiB: 1024 };
const A_PLUS_B = '#include <bits/stdc++.h>\nint main() { long long a, b; std::cin >> a >> b; std::cout << a + b << "\\n"; }\n';
const A_MINUS_B = A_PLUS_B.replace('a + b', 'a - b');
const PLAN = inlinePlan([
  { input: '1 2\n', expectedOutput: '3\n' },
  { input: '20 22\n', expectedOutput: '42\n' },
]);

function config(workDir: string, compiledBytes: number): SandboxConfig {
  return {
    concurrency: 1,
    requestedConcurrency: 1,
    pinCpus: false,
    resident: false,
    scaleLimitsBySpeed: false,
    jobLockMs: 30_000,
    submissionWallBudgetMs: 600_000,
    bwrapPath: '/usr/bin/bwrap',
    launcherPath: join(root, 'dist', 'native', 'verdict-launch'),
    workDir,
    uidBase: UID_BASE,
    runProcessLimit: 64,
    runTmpBytes: 64 << 20,
    runTmpInodes: 1000,
    boxBytes: 256 << 20,
    boxInodes: 1000,
    compile: { cpuTimeMs: 30_000, wallTimeMs: 60_000, memoryKiB: 1 << 20, outputBytes: 64 << 10 },
    outputPreviewBytes: 64,
    validator: { cpuTimeMs: 20_000, wallTimeMs: 40_000, memoryKiB: 1 << 20 },
    diskCache: { testDataBytes: 1 << 30, validatorBytes: 1 << 30, compiledBytes },
  };
}

/** The sandbox, counting the compiles (writable-box runs) of its slots. */
class CountingSandbox {
  compiles = 0;
  constructor(private readonly sandbox: Sandbox) {}
  async acquire(): Promise<SandboxSlot> {
    const slot = await this.sandbox.acquire();
    return {
      index: slot.index,
      uid: slot.uid,
      createBox: () => slot.createBox(),
      run: (request: RunRequest) => {
        if (request.boxWritable) this.compiles++;
        return slot.run(request);
      },
      runTest: (request: RunRequest) => slot.runTest(request),
      runConnected: (submission, interactor) => slot.runConnected(submission, interactor),
      release: () => slot.release(),
    };
  }
}

describe('compile cache and precompiled headers (real sandbox)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-compile-cache-spec-'));
  let real: Sandbox;
  let sandbox: CountingSandbox;
  let cpp17: ResolvedLanguage;
  let languages: LanguageRegistry;
  let headers: PrecompiledHeadersService;
  const registry = new MetricsRegistry('worker');
  const metrics = new JudgingMetrics(registry);

  /** A plan runner over a compile cache of `compiledBytes`, in its own work directory, and the cache. */
  async function runnerWith(compiledBytes: number, dir = workDir): Promise<{ runner: PlanRunner; cache: CompileCacheService }> {
    const cfg = config(dir, compiledBytes);
    const cache = new CompileCacheService(cfg, metrics);
    await cache.onModuleInit();
    const testData = new TestDataCache({} as TestDataStore, cfg);
    const buildCache = new BuildCacheService(real, cfg);
    const runner = new PlanRunner(
      sandbox,
      languages,
      cfg,
      buildCache,
      testData,
      new ValidatorBuildsService(languages, cfg),
      cache,
      headers,
      metrics,
    );
    return { runner, cache };
  }

  async function judge(runner: PlanRunner, sourceCode: string): Promise<{ verdict: Verdict; cached: boolean | null }> {
    let cached: boolean | null = null;
    const progress: PlanProgress = { compiled: (_ms, c) => (cached = c), testStarting: () => undefined, testFinished: () => undefined };
    const evaluation = await runner.run(PLAN, { language: 'cpp17', sourceCode, fileName: null, limits: LIMITS }, progress);
    return { verdict: evaluation.verdict, cached };
  }

  async function cacheCount(result: 'hit' | 'miss'): Promise<number> {
    const metric = await registry.getSingleMetric('verdict_compile_cache_total')!.get();
    return metric.values.find((v) => v.labels.result === result)?.value ?? 0;
  }

  beforeAll(async () => {
    Logger.overrideLogger(false);
    real = await Sandbox.open({
      bwrapPath: '/usr/bin/bwrap',
      launcherPath: join(root, 'dist', 'native', 'verdict-launch'),
      workDir,
      slots: 1,
      uidBase: UID_BASE,
      cgroupParent: 'verdict-compile-cache-spec',
      boxBytes: 256 << 20,
      boxInodes: 1000,
    });
    sandbox = new CountingSandbox(real);
    languages = LanguageRegistry.detect(LANGUAGES.filter((l) => l.id === 'cpp17' || l.id === 'cpp20'));
    cpp17 = languages.get('cpp17')!;
    expect(cpp17, 'g++ is needed').toBeDefined();
    headers = new PrecompiledHeadersService(sandbox, config(workDir, 0));
    await headers.prepare([cpp17]);
  }, 120_000);

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('builds the precompiled header once, root-owned and read-only, and g++ uses it (-H marks it with !)', async () => {
    const [dir] = readdirSync(workDir).filter((n) => n.startsWith('pch-cpp17-'));
    expect(dir).toBeDefined();
    const gch = join(workDir, dir!, 'bits', 'stdc++.h.gch');
    expect(statSync(gch).mode & 0o777).toBe(0o444);
    expect(statSync(gch).uid).toBe(0);

    const slot = await sandbox.acquire();
    try {
      const compileWith = async (language: ResolvedLanguage, usePch: boolean) => {
        const box = await slot.createBox();
        try {
          await box.writeFile('main.cpp', A_PLUS_B);
          const argv = language.compileArgv('main.cpp')!;
          // cpp17's precompiled header, also for cpp20's argv.
          const pch = headers.withPrecompiledHeader(cpp17, argv)!;
          const mounts = [...language.mounts, ...(usePch ? [pch.mount] : [])];
          const withPch = usePch ? pch.argv : argv;
          const limits = {
            cpuTimeMs: 30_000,
            wallTimeMs: 60_000,
            memoryKiB: 1 << 20,
            stdoutBytes: 1 << 20,
            stderrBytes: 1 << 20,
            processes: 32,
            fileSizeBytes: 256 << 20,
            openFiles: 512,
            tmpBytes: 512 << 20,
          };
          const r = await slot.run({ argv: [...withPch, '-H', '-Winvalid-pch'], box, boxWritable: true, mounts, limits });
          expect(r.status, r.stderr.toString()).toBe(RunStatus.Exited);
          expect(r.exitCode, r.stderr.toString()).toBe(0);
          return r.stderr.toString();
        } finally {
          await box.destroy();
        }
      };
      // With it, g++ reads the precompiled header (`!` line) and not the header's own includes.
      const used = await compileWith(cpp17, true);
      expect(used).toMatch(new RegExp(`^! ${PCH_MOUNT}/bits/stdc\\+\\+\\.h\\.gch$`, 'm'));
      expect(used).not.toMatch(/^\. .*bits\/stdc\+\+\.h$/m);
      // Without it, the real header is parsed.
      const cold = await compileWith(cpp17, false);
      expect(cold).not.toMatch(/^! /m);
      expect(cold).toMatch(/^\. .*bits\/stdc\+\+\.h$/m);
      // Other flags (C++20) find it, refuse it and parse the real header: correctness never depends on it.
      const other = await compileWith(languages.get('cpp20')!, true);
      expect(other).toMatch(/stdc\+\+\.h\.gch: not used because/);
      expect(other).toMatch(/^\. .*bits\/stdc\+\+\.h$/m);
    } finally {
      slot.release();
    }
  });

  it('judges the second identical C++ submission without running the compiler, and compiles a different source for itself', async () => {
    const { runner, cache } = await runnerWith(1 << 30);
    const hitsBefore = await cacheCount('hit');
    const before = sandbox.compiles;
    expect(await judge(runner, A_PLUS_B)).toEqual({ verdict: Verdict.Accepted, cached: false });
    expect(sandbox.compiles - before).toBe(1);
    // The entry is the worker's (root's) and read-only, though the slot's uid wrote the program.
    const [entry] = readdirSync(workDir).filter((n) => /^compiled-[0-9a-f]{64}$/.test(n));
    const program = statSync(join(workDir, entry!, 'box', 'main'));
    expect([program.uid, program.mode & 0o777]).toEqual([0, 0o555]);
    expect(await judge(runner, A_PLUS_B)).toEqual({ verdict: Verdict.Accepted, cached: true });
    expect(sandbox.compiles - before).toBe(1);
    expect((await cacheCount('hit')) - hitsBefore).toBe(1);
    // One character more: another key, compiled again, and its own program runs (a - b: Wrong Answer).
    expect(await judge(runner, A_MINUS_B)).toEqual({ verdict: Verdict.WrongAnswer, cached: false });
    expect(sandbox.compiles - before).toBe(2);
    expect(cache.totalBytes).toBeGreaterThan(0);
    // A Compilation Error is kept too: judged again, no compiler runs.
    const broken = 'int main() { return x; }\n';
    expect(await judge(runner, broken)).toMatchObject({ verdict: Verdict.CompilationError });
    expect(await judge(runner, broken)).toMatchObject({ verdict: Verdict.CompilationError });
    expect(sandbox.compiles - before).toBe(3);
  });

  it('keeps the compiled programs within its byte budget, the least recently used evicted', async () => {
    const dir = mkdtempSync(join(workDir, 'evict-'));
    const probe = await runnerWith(1 << 30, dir);
    await judge(probe.runner, A_PLUS_B);
    const one = probe.cache.totalBytes;
    rmSync(dir, { recursive: true, force: true });
    const budget = Math.floor(one * 2.5);
    const { runner, cache } = await runnerWith(budget, mkdtempSync(join(workDir, 'evict-')));
    const sources = [1, 2, 3].map((n) => A_PLUS_B.replace('a + b', `a + b + ${n} - ${n}`));
    for (const source of sources) expect((await judge(runner, source)).verdict).toBe(Verdict.Accepted);
    expect(cache.totalBytes).toBeLessThanOrEqual(budget);
    expect((await judge(runner, sources[2]!)).cached).toBe(true);
    expect((await judge(runner, sources[0]!)).cached).toBe(false);
  });
});
