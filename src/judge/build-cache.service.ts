import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { chmod, cp, lstat, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadOnlyMount, Sandbox } from '../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { compileInSandbox } from './compile-stage.js';
import type { ResolvedLanguage } from './languages/resolved-language.js';
import { SANDBOX } from './sandbox.provider.js';

/** Where a warm cache is mounted inside the sandbox during a compilation. */
const WARM_CACHE_MOUNT = '/verdict-warm-cache';

/**
 * Warm compiler caches (see `LanguageDefinition.buildCache`), one per language and toolchain
 * version, kept under SANDBOX_WORK_DIR across worker restarts. Each is made by compiling the
 * language's warm-up program in the sandbox, then copied out root-owned and read-only.
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
    for (const language of languages) {
      const spec = language.definition.buildCache;
      if (!spec) continue;
      const key = createHash('sha256').update(`${language.id}\n${language.version}\n${spec.warmUpSource}`).digest('hex').slice(0, 16);
      const dir = join(this.cfg.workDir, `cache-${language.id}-${key}`);
      if (!existsSync(join(dir, '.complete'))) {
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
      const outcome = await compileInSandbox(slot, box, language, this.cfg, { env });
      if (!outcome.ok) throw new Error(outcome.message);
      const staging = `${dir}.tmp-${process.pid}`;
      await rm(staging, { recursive: true, force: true });
      // Copy out only directories and regular files (a link would be followed by no one, but keep none).
      await cp(join(box.hostPath, '.cache'), staging, {
        recursive: true,
        filter: async (source) => {
          const s = await lstat(source).catch(() => null);
          return !!s && (s.isDirectory() || s.isFile());
        },
      });
      await writeFile(join(staging, '.complete'), '');
      await makeReadOnly(staging);
      await publish(staging, dir);
    } finally {
      await box.destroy();
      slot.release();
    }
  }
}

/**
 * Moves a finished cache from `staging` to `dir`. Workers sharing SANDBOX_WORK_DIR and starting
 * together each make one; the first in place is kept and the others discarded, never the other
 * way round: a cache in place may already be mounted into another worker's compilation.
 */
async function publish(staging: string, dir: string): Promise<void> {
  // A directory without the marker is no one's cache (every cache is complete before it is moved in).
  if (existsSync(dir) && !existsSync(join(dir, '.complete'))) await rm(dir, { recursive: true, force: true });
  try {
    await rename(staging, dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !existsSync(join(dir, '.complete'))) throw err;
    await rm(staging, { recursive: true, force: true });
  }
}

/** Files 0444 and directories 0555, so no run's uid can change the warm cache. */
async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeReadOnly(path);
    else await chmod(path, 0o444);
  }
  await chmod(dir, 0o555);
}
