import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LanguageDefinition } from '../../libs/judging/index.js';
import { Box, RunStatus, type ConnectedRuns, type RunRequest, type RunResult, type SandboxSlot } from '../../libs/sandbox/index.js';
import type { SandboxConfig } from '../config/sandbox.config.js';
import { compileCacheKey, CompileCacheService, type CompileRequest } from './compile-cache.service.js';
import { ResolvedLanguage } from './languages/resolved-language.js';

// The compile cache against a fake slot whose "compiler" writes `main` from the source (or fails
// as scripted); boxes are real directories, entries real read-only copies on disk.

const CC = '/fake/cc';
const LANGUAGE = new ResolvedLanguage(
  {
    id: 'fake',
    name: 'Fake',
    sourceFile: 'main.fake',
    tools: {},
    version: [],
    compile: [CC, '{source}'],
    run: ['/box/main'],
    timeMultiplier: 1,
    extraMemoryKiB: 0,
  } satisfies LanguageDefinition,
  {},
  'fake 1.0',
  [],
);

/** A compiler run's scripted result for a source: a clean exit unless the source says otherwise. */
function compilerOf(source: string): Partial<RunResult> {
  if (source.startsWith('error')) return { exitCode: 1, stderr: Buffer.from(`main.fake:1: ${source}`) };
  if (source.startsWith('slow')) return { status: RunStatus.WallTimeLimit, exitCode: null };
  return {};
}

class FakeSlot implements SandboxSlot {
  readonly index = 0;
  readonly uid = process.getuid?.() ?? 0;
  compiles = 0;
  constructor(private readonly workDir: string) {}

  createBox(): Promise<Box> {
    return Box.create(join(this.workDir, `box-${randomUUID()}`), this.uid, process.getgid?.() ?? 0);
  }

  runTest(request: RunRequest): Promise<RunResult> {
    return this.run(request);
  }

  async run(request: RunRequest): Promise<RunResult> {
    this.compiles++;
    const source = readFileSync(join(request.box.hostPath, 'main.fake'), 'utf8');
    const scripted = compilerOf(source);
    if (scripted.status === undefined && !scripted.exitCode)
      writeFileSync(join(request.box.hostPath, 'main'), `built from ${source}`, { mode: 0o755 });
    return {
      status: RunStatus.Exited,
      exitCode: 0,
      signal: null,
      cpuTimeMs: 5,
      wallTimeMs: 5,
      memoryKiB: 1000,
      stdout: Buffer.alloc(0),
      stderr: Buffer.alloc(0),
      ...scripted,
    };
  }

  runConnected(): Promise<ConnectedRuns> {
    throw new Error('a compile never runs connected');
  }

  release(): void {}
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function config(workDir: string, compiledBytes: number): SandboxConfig {
  return {
    workDir,
    boxBytes: 1 << 24,
    boxInodes: 1000,
    compile: { cpuTimeMs: 20_000, wallTimeMs: 40_000, memoryKiB: 1 << 20, outputBytes: 1000 },
    diskCache: { testDataBytes: 1 << 30, validatorBytes: 1 << 30, compiledBytes },
  } as SandboxConfig;
}

async function setup(compiledBytes = 1 << 20, workDir = mkdtempSync(join(tmpdir(), 'compile-cache-spec-'))) {
  dirs.push(workDir);
  const cfg = config(workDir, compiledBytes);
  const cache = new CompileCacheService(cfg);
  await cache.onModuleInit();
  const slot = new FakeSlot(workDir);
  /** Compiles `sourceCode` into a new box; returns the outcome, whether it was cached and the box's files. */
  const compile = async (sourceCode: string) => {
    const box = await slot.createBox();
    const { outcome, cached } = await cache.compile(slot, box, request(sourceCode));
    const files = Object.fromEntries(readdirSync(box.hostPath).map((f) => [f, readFileSync(join(box.hostPath, f), 'utf8')]));
    return { outcome, cached, files };
  };
  return { cache, cfg, slot, compile, workDir };
}

function request(sourceCode: string, over: Partial<CompileRequest> = {}): CompileRequest {
  return { language: LANGUAGE, sourceFile: 'main.fake', sourceCode, overrides: {}, ...over };
}

function entries(workDir: string): string[] {
  return readdirSync(workDir).filter((n) => n.startsWith('compiled-'));
}

describe('compileCacheKey', () => {
  const cfg = config('/nowhere', 1);
  const key = (r: CompileRequest, c: Pick<SandboxConfig, 'compile' | 'boxBytes' | 'boxInodes'> = cfg) => compileCacheKey(r, c);

  it('is the same for the same compile, and differs with the source, file name, flags, toolchain version and compile limits', () => {
    const base = key(request('int main(){}'));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(key(request('int main(){}'))).toBe(base);
    const others = [
      key(request('int main(){} ')),
      key(request('int main(){}', { sourceFile: 'sol.fake' })),
      key(request('int main(){}', { overrides: { argv: [CC, '-O0', 'main.fake'] } })),
      key(request('int main(){}', { overrides: { mounts: [{ hostPath: '/h', sandboxPath: '/s' }] } })),
      key(request('int main(){}', { language: new ResolvedLanguage(LANGUAGE.definition, {}, 'fake 1.1', []) })),
      key(request('int main(){}'), { ...cfg, compile: { ...cfg.compile, memoryKiB: 1 << 19 } }),
      key(request('int main(){}'), { ...cfg, boxBytes: 1 << 20 }),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it('does not confuse a source with a file name that joins into the same text', () => {
    expect(key(request('b', { sourceFile: 'a' }))).not.toBe(key(request('', { sourceFile: 'ab' })));
  });
});

describe('CompileCacheService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('compiles a source once: the second compile runs no compiler and fills its box with the same program', async () => {
    const { slot, compile, workDir, cache } = await setup();
    const first = await compile('print 42');
    expect(first).toMatchObject({ outcome: { ok: true, program: { sourceFile: 'main.fake', mainClass: null } }, cached: false });
    const second = await compile('print 42');
    expect(second.cached).toBe(true);
    expect(second.outcome).toEqual(first.outcome);
    expect(second.files).toEqual({ 'main.fake': 'print 42', main: 'built from print 42' });
    expect(slot.compiles).toBe(1);
    // The entry is root's (the worker's) and read-only, outside every box.
    const [entry] = entries(workDir);
    expect(statSync(join(workDir, entry!, 'box', 'main')).mode & 0o777).toBe(0o555);
    expect(statSync(join(workDir, entry!, 'box')).mode & 0o777).toBe(0o555);
    expect(cache.totalBytes).toBeGreaterThan(0);
  });

  it('never serves a different source the cached program', async () => {
    const { slot, compile } = await setup();
    await compile('print 1');
    const other = await compile('print 2');
    expect(other.cached).toBe(false);
    expect(other.files.main).toBe('built from print 2');
    expect(slot.compiles).toBe(2);
  });

  it("keeps the compiler's own Compilation Error, but not one a compile limit ended", async () => {
    const { slot, compile } = await setup();
    const first = await compile('error: expected ;');
    const again = await compile('error: expected ;');
    expect(first.outcome).toEqual({ ok: false, message: 'main.fake:1: error: expected ;', repeatable: true });
    expect(again).toMatchObject({ outcome: first.outcome, cached: true });
    expect(slot.compiles).toBe(1);
    const slow = await compile('slow');
    expect(slow.outcome).toMatchObject({ ok: false, repeatable: false });
    expect((await compile('slow')).cached).toBe(false);
    expect(slot.compiles).toBe(3);
  });

  it('compiles once when two judgings of one source compile at once', async () => {
    const { slot, cache, workDir } = await setup();
    const boxes = await Promise.all([slot.createBox(), slot.createBox()]);
    const both = await Promise.all(boxes.map((box) => cache.compile(slot, box, request('same'))));
    expect(both.map((b) => b.cached).sort()).toEqual([false, true]);
    expect(slot.compiles).toBe(1);
    for (const box of boxes) expect(readFileSync(join(box.hostPath, 'main'), 'utf8')).toBe('built from same');
    expect(entries(workDir)).toHaveLength(1);
  });

  it('keeps at most its byte budget, evicting the least recently used entry', async () => {
    const probe = await setup();
    await probe.compile('source 1');
    const oneEntry = probe.cache.totalBytes;
    // Room for two entries of this size, not three.
    const { cache, compile, workDir, slot } = await setup(oneEntry * 2 + oneEntry / 2);
    await compile('source 1');
    await compile('source 2');
    await compile('source 1'); // used again: source 2 is now the least recently used
    await compile('source 3');
    expect(cache.totalBytes).toBeLessThanOrEqual(oneEntry * 2 + oneEntry / 2);
    expect(entries(workDir)).toHaveLength(2);
    expect(slot.compiles).toBe(3);
    expect((await compile('source 1')).cached).toBe(true);
    expect((await compile('source 2')).cached).toBe(false);
  });

  it('with a budget of 0 caches nothing', async () => {
    const { compile, workDir, slot } = await setup(0);
    await compile('x');
    expect((await compile('x')).cached).toBe(false);
    expect(slot.compiles).toBe(2);
    expect(entries(workDir)).toEqual([]);
  });

  it('keeps entries across a restart, and removes what a dead worker left half published', async () => {
    const first = await setup();
    await first.compile('kept');
    const [entry] = entries(first.workDir);
    const deadStaging = join(first.workDir, `${entry!.slice(0, -1)}0.tmp-999999999`);
    mkdirSync(deadStaging);
    writeFileSync(join(deadStaging, 'outcome.json'), '{');
    const restarted = await setup(1 << 20, first.workDir);
    expect(existsSync(deadStaging)).toBe(false);
    expect(restarted.cache.totalBytes).toBe(first.cache.totalBytes);
    expect((await restarted.compile('kept')).cached).toBe(true);
    expect(restarted.slot.compiles).toBe(0);
  });

  it('compiles again when an entry is unreadable', async () => {
    const { compile, workDir, slot } = await setup();
    await compile('fine');
    const [entry] = entries(workDir);
    rmSync(join(workDir, entry!, 'outcome.json'), { force: true });
    const again = await compile('fine');
    expect(again.cached).toBe(false);
    expect(again.files.main).toBe('built from fine');
    expect(slot.compiles).toBe(2);
    expect((await compile('fine')).cached).toBe(true);
  });

  it('compiles again, into an emptied box, when an entry cannot be copied', async () => {
    const { compile, workDir, slot } = await setup();
    await compile('damaged');
    const [entry] = entries(workDir);
    rmSync(join(workDir, entry!, 'box'), { recursive: true }); // the outcome is there, the program is not
    const again = await compile('damaged');
    expect(again.cached).toBe(false);
    expect(again.files).toEqual({ 'main.fake': 'damaged', main: 'built from damaged' });
    expect(slot.compiles).toBe(2);
  });
});
