import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import type { ReadOnlyMount, Sandbox } from '../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { compileInSandbox } from './compile-stage.js';
import { removeDeadStaging } from './dead-staging.js';
import { isPublished, publishReadOnlyCopy } from './read-only-artifact.js';
import { removeOtherArtifacts } from './stale-artifacts.js';
import type { ResolvedLanguage } from './languages/resolved-language.js';
import { SANDBOX } from './sandbox.provider.js';

/** Where a warm cache is mounted inside the sandbox during a compilation. */
const WARM_CACHE_MOUNT = '/verdict-warm-cache';

/**
 * Warm compiler caches (see `LanguageDefinition.buildCache`), one per language and toolchain
 * version, kept under SANDBOX_WORK_DIR across worker restarts. Each is made by compiling the
 * language's warm-up program in the sandbox, then copied out root-owned and read-only.
 * Their size is fixed at start (no judging adds to them: a compilation copies the cache into its
 * own box), so they are not in an LRU: one per language with a warm-up (Go only; 36 MiB of the
 * standard packages the warm-up imports for go1.26.8). A start removes the caches of earlier
 * toolchain versions or warm-up programs, so the total is that of the current set.
 */
@Injectable()
export class BuildCacheService {
  private readonly logger = new Logger(BuildCacheService.name);
  private readonly ready = new Map<string, string>();

  constructor(
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    @Inject(sandboxConfig.KEY) private readonly cfg: SandboxConfig,
  ) {}

  /**
   * Makes (or finds from an earlier start) the warm cache of each language that has one.
   * A language whose warm-up fails still compiles, only cold; the failure is logged.
   */
  async prepare(languages: readonly ResolvedLanguage[]): Promise<void> {
    // Copies a dead worker left half published.
    await removeDeadStaging(this.cfg.workDir, (name) => /^cache-.+-[0-9a-f]{16}$/.test(name));
    for (const language of languages) {
      const spec = language.definition.buildCache;
      if (!spec) continue;
      const key = createHash('sha256').update(`${language.id}\n${language.version}\n${spec.warmUpSource}`).digest('hex').slice(0, 16);
      const dir = join(this.cfg.workDir, `cache-${language.id}-${key}`);
      if (!isPublished(dir)) {
        const started = Date.now();
        try {
          await this.warmUp(language, dir);
        } catch (err) {
          this.logger.warn({ language: language.id, err: (err as Error).message }, 'warm-up failed; compiling without a warm cache');
          continue;
        }
        this.logger.log({ language: language.id, ms: Date.now() - started }, 'warm compiler cache made');
      }
      this.ready.set(language.id, dir);
      await this.removeStale(language.id, dir);
    }
  }

  /** Deletes the warm caches of `languageId` other than `current` (left by other toolchain versions or warm-up programs). */
  private async removeStale(languageId: string, current: string): Promise<void> {
    const ours = new RegExp(`^cache-${languageId.replace(/\W/g, '\\$&')}-[0-9a-f]{16}$`);
    for (const name of await removeOtherArtifacts(this.cfg.workDir, ours, basename(current))) {
      this.logger.log({ language: languageId, dir: name }, 'stale warm compiler cache removed');
    }
  }

  /**
   * How to compile `language` with its warm cache: the mount and an argv that copies the cache
   * into the compilation's private `dir` first (fixed shell text; the compile argv follows as
   * positional parameters, never inside the script). Null when there is no warm cache.
   */
  withWarmCache(language: ResolvedLanguage, compileArgv: string[]): { argv: string[]; mount: ReadOnlyMount } | null {
    const dir = this.ready.get(language.id);
    const spec = language.definition.buildCache;
    if (!dir || !spec) return null;
    return {
      mount: { hostPath: dir, sandboxPath: WARM_CACHE_MOUNT },
      argv: ['/bin/sh', '-c', 'cp -R "$1" "$2" && shift 2 && exec "$@"', 'warm-cache', WARM_CACHE_MOUNT, spec.dir, ...compileArgv],
    };
  }

  private async warmUp(language: ResolvedLanguage, dir: string): Promise<void> {
    const spec = language.definition.buildCache!;
    const slot = await this.sandbox.acquire();
    const box = await slot.createBox();
    try {
      await box.writeFile(language.definition.sourceFile, spec.warmUpSource);
      // Fill the cache inside the box (writable during compilation) so it can be copied out.
      const boxCache = '/box/.cache';
      const env = { ...language.definition.compileEnv };
      for (const [k, v] of Object.entries(env)) if (v === spec.dir) env[k] = boxCache;
      const outcome = await compileInSandbox(slot, box, language, language.definition.sourceFile, this.cfg, { env });
      if (!outcome.ok) throw new Error(outcome.message);
      await publishReadOnlyCopy(join(box.hostPath, '.cache'), dir);
    } finally {
      await box.destroy();
      slot.release();
    }
  }
}
