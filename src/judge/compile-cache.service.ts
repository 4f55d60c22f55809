import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Box, SandboxSlot } from '../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { JudgingMetrics } from '../metrics/judging.metrics.js';
import { compileInSandbox, type CompileOutcome, type CompileOverrides } from './compile-stage.js';
import { removeDeadStaging } from './dead-staging.js';
import { DiskLru } from './disk-lru.js';
import { removeEntry, scanEntries, stampUse, treeBytes } from './disk-usage.js';
import type { ResolvedLanguage } from './languages/resolved-language.js';
import { isPublished, publishReadOnlyCopy } from './read-only-artifact.js';

/**
 * Part of every key: raised when what an entry holds or how it is laid out changes, so that an
 * entry an older worker left is never read (it is evicted as the least recently used).
 */
const CACHE_LAYOUT = 1;

/** Directory names of entries: `compiled-<the key: 64 hex digits of SHA-256>`. */
const ENTRY_DIR = /^compiled-([0-9a-f]{64})$/;

/** In an entry: the outcome (`StoredOutcome` as JSON) and the copy of the compiled box. */
const OUTCOME_FILE = 'outcome.json';
const BOX_DIR = 'box';

/** A compile to run, or to find in the cache: the source written as `sourceFile` and the overrides of `compileInSandbox`. */
export interface CompileRequest {
  language: ResolvedLanguage;
  sourceFile: string;
  /** The source as written to the box (its byte-order mark dropped). */
  sourceCode: string;
  overrides: CompileOverrides;
}

/** A compile's outcome, and whether it came from the cache (no compiler ran). */
export interface CachedCompile {
  outcome: CompileOutcome;
  cached: boolean;
}

/**
 * The key of a compile: SHA-256 (64 hex digits) over everything that decides what the compiler
 * leaves in the box or says: the language id, its detected toolchain version, the argv run
 * (`overrides.argv`, else the language's compile argv for `sourceFile`: compiler and flags), its
 * environment and mounts, the source's file name and its full text, the compile limits and the
 * box's size. Two compiles with one key make the same program, or the same Compilation Error.
 * The full digest and the full source: a hostile source cannot make another source's key.
 */
export function compileCacheKey(request: CompileRequest, cfg: Pick<SandboxConfig, 'compile' | 'boxBytes' | 'boxInodes'>): string {
  const { language, sourceFile, sourceCode, overrides } = request;
  const material = [
    CACHE_LAYOUT,
    language.id,
    language.version,
    overrides.argv ?? language.compileArgv(sourceFile),
    overrides.env ?? language.definition.compileEnv ?? null,
    [...language.mounts, ...(overrides.mounts ?? [])].map((m) => [m.hostPath, m.sandboxPath]),
    sourceFile,
    sourceCode,
    cfg.compile,
    cfg.boxBytes,
    cfg.boxInodes,
  ];
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}

/** What an entry records of its compile (`CompileOutcome` without the `repeatable` flag: only repeatable ones are kept). */
type StoredOutcome = { ok: true; program: { sourceFile: string; mainClass: string | null } } | { ok: false; message: string };

/**
 * The worker's cache of compiled submissions, shared by its sandbox slots: compiles once per
 * distinct compile (`compileCacheKey`), so a rejudge, or a source submitted again, starts its
 * test runs without running the compiler. An entry is `SANDBOX_WORK_DIR/compiled-<key>/`: a copy
 * of what the compilation left in its box (regular files and directories only), root-owned and
 * read-only (`publishReadOnlyCopy`), and the outcome: the program the runs start, or the
 * Compilation Error's message. A Compilation Error is kept only when the compiler itself refused
 * the source (`repeatable`); one ended by a compile limit or a signal (the wall-time limit of a
 * loaded machine) is compiled again next time.
 *
 * A cache hit copies the entry into the judging's own fresh box, which its runs see read-only as
 * any compiled box: no run ever sees the entry, and the box's bytes are charged to each run's
 * memory limit as the compiled box's are. The entries no judging holds are kept up to
 * WORKER_COMPILE_CACHE_BYTES (`DiskLru`: an entry is leased while it is looked up, published or
 * copied, and never evicted then; the least recently used go first; a directory's mtime is its
 * last use, scanned with the sizes at start); 0 turns the cache off. Publishing, scanning and
 * cleaning never fail a judging or a start: a failure is logged and the compile's own box used.
 */
@Injectable()
export class CompileCacheService implements OnModuleInit {
  private readonly logger = new Logger(CompileCacheService.name);
  /** Compiles under way, by key: a second judging of the same compile waits for the first, then copies its entry. */
  private readonly pending = new Map<string, Promise<void>>();
  private readonly lru: DiskLru;

  constructor(
    @Inject(sandboxConfig.KEY) private readonly cfg: SandboxConfig,
    @Optional() private readonly metrics?: JudgingMetrics,
  ) {
    this.lru = new DiskLru(
      'compiled submissions',
      cfg.diskCache.compiledBytes,
      (key) => removeEntry(this.dirOf(key)),
      (key) => stampUse(this.dirOf(key)),
    );
  }

  /** Removes what dead workers left half published, scans the entries earlier starts left and evicts down to the budget. */
  async onModuleInit(): Promise<void> {
    try {
      await mkdir(this.cfg.workDir, { recursive: true, mode: 0o711 });
      await removeDeadStaging(this.cfg.workDir, (name) => ENTRY_DIR.test(name));
      await this.lru.load(await scanEntries(this.cfg.workDir, (name) => ENTRY_DIR.exec(name)?.[1] ?? null));
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'compile cache not scanned; entries left on disk are not counted');
    }
  }

  /** Bytes of the entries on disk (those in use included). */
  get totalBytes(): number {
    return this.lru.totalBytes;
  }

  /**
   * Compiles `request` into `box` (new and empty), or copies its cached compile there: either way
   * the box then holds the source and what the compiler made, as the runs expect.
   * @returns the outcome (`compileInSandbox`'s) and whether it came from the cache.
   * @throws SandboxRunError when the sandbox fails. An entry that cannot be read or copied is
   *   removed and the source compiled instead.
   */
  async compile(slot: SandboxSlot, box: Box, request: CompileRequest): Promise<CachedCompile> {
    if (this.cfg.diskCache.compiledBytes === 0 || !request.language.compileArgv(request.sourceFile)) {
      return { outcome: await this.compileHere(slot, box, request), cached: false };
    }
    const key = compileCacheKey(request, this.cfg);
    const dir = this.dirOf(key);
    // Held before the disk is looked at: from here on no eviction removes the entry.
    const lease = await this.lru.lease(key);
    try {
      // No await between the last look at `pending` and setting it below: one compile per key.
      for (let waiting = this.pending.get(key); waiting; waiting = this.pending.get(key)) await waiting;
      if (isPublished(dir)) {
        const stored = await readOutcome(dir);
        const copied = stored?.ok
          ? await copyInto(join(dir, BOX_DIR), box.hostPath).then(
              () => null,
              (err: Error) => err,
            )
          : null;
        if (stored && !copied) {
          // Published by another worker sharing the directory since the start's scan: counted from now on.
          if (!this.lru.has(key)) await this.lru.record(key, await treeBytes(dir));
          this.metrics?.compileCache('hit');
          return { outcome: stored.ok ? stored : { ...stored, repeatable: true }, cached: true };
        }
        // Compiled again instead, into a box emptied of what the failed copy left (no run has used it).
        this.logger.warn({ key, err: copied?.message ?? 'no outcome' }, 'unusable compile cache entry removed');
        await removeEntry(dir).catch(() => undefined);
        await emptyBox(box.hostPath);
      }
      let done!: () => void;
      this.pending.set(key, new Promise<void>((resolve) => (done = resolve)));
      try {
        const outcome = await this.compileHere(slot, box, request);
        await this.publish(key, dir, box, outcome);
        this.metrics?.compileCache('miss');
        return { outcome, cached: false };
      } finally {
        this.pending.delete(key);
        done();
      }
    } finally {
      lease.release();
    }
  }

  private async compileHere(slot: SandboxSlot, box: Box, request: CompileRequest): Promise<CompileOutcome> {
    await box.writeFile(request.sourceFile, request.sourceCode);
    return compileInSandbox(slot, box, request.language, request.sourceFile, this.cfg, request.overrides);
  }

  /** Keeps `outcome` (and the box when it compiled) as the entry of `key`; logs and forgets a failure. */
  private async publish(key: string, dir: string, box: Box, outcome: CompileOutcome): Promise<void> {
    if (!outcome.ok && !outcome.repeatable) return;
    try {
      // A box larger than the whole budget would be evicted as soon as it is recorded.
      if (outcome.ok && (await box.usedBytes()) > this.cfg.diskCache.compiledBytes) return;
      const stored: StoredOutcome = outcome.ok ? outcome : { ok: false, message: outcome.message };
      await publishReadOnlyCopy(outcome.ok ? box.hostPath : null, dir, {
        under: BOX_DIR,
        files: { [OUTCOME_FILE]: JSON.stringify(stored) },
      });
      await this.lru.record(key, await treeBytes(dir));
    } catch (err) {
      this.logger.warn({ key, err: (err as Error).message }, 'compile not cached');
      await removeEntry(`${dir}.tmp-${process.pid}`).catch(() => undefined);
    }
  }

  private dirOf(key: string): string {
    return join(this.cfg.workDir, `compiled-${key}`);
  }
}

/** The outcome an entry records, or null when its file is missing or not one (then the entry is compiled again). */
async function readOutcome(dir: string): Promise<StoredOutcome | null> {
  try {
    const value = JSON.parse(await readFile(join(dir, OUTCOME_FILE), 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const v = value as Record<string, unknown>;
    if (v.ok === false && typeof v.message === 'string') return { ok: false, message: v.message };
    const program = v.program as Record<string, unknown> | undefined;
    if (v.ok === true && typeof program?.sourceFile === 'string' && (program.mainClass === null || typeof program.mainClass === 'string')) {
      return { ok: true, program: { sourceFile: program.sourceFile, mainClass: program.mainClass } };
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * Copies the directories and regular files under `from` (an entry's box: nothing else is published)
 * into `to`, a new box that no run has used yet. Files keep their modes (0444, 0555), so the
 * runs, which see the box read-only anyway, could not write them either.
 */
async function copyInto(from: string, to: string): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      await mkdir(target);
      await copyInto(source, target);
    } else if (entry.isFile()) await copyFile(source, target, constants.COPYFILE_EXCL);
  }
}

/** Removes everything in the box directory `dir` (the worker's own copies: nothing has run in it). */
async function emptyBox(dir: string): Promise<void> {
  for (const name of await readdir(dir)) await rm(join(dir, name), { recursive: true, force: true });
}
