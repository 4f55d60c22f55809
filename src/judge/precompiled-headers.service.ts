import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdir, rename } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import type { ReadOnlyMount, Sandbox } from '../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { runCompiler } from './compile-stage.js';
import { removeDeadStaging } from './dead-staging.js';
import type { ResolvedLanguage } from './languages/resolved-language.js';
import { isPublished, publishReadOnlyCopy } from './read-only-artifact.js';
import { SANDBOX } from './sandbox.provider.js';
import { removeOtherArtifacts } from './stale-artifacts.js';

/** Where a language's precompiled headers are mounted (read-only) during a compilation; `-I` names it. */
export const PCH_MOUNT = '/verdict-pch';

/** The file the precompiled header is built from in its box: it only includes the header. */
const PCH_SOURCE = 'verdict-pch-source.h';

/** Directory names of precompiled headers: `pch-<language id>-<16 hex digits of the key>`. */
const PCH_DIR = /^pch-.+-[0-9a-f]{16}$/;

/**
 * The argv building a precompiled header from `compileArgv` (a compile of `source` with `-o
 * <program>`): the same compiler and flags, `source` compiled as `-x <headerLanguage>`, and the
 * output `-o <output>`. So the header is built with exactly the compile's flags, which GCC
 * requires of a precompiled header it uses (`-std`, `-O`, ...).
 * @throws Error when `compileArgv` has no `-o <file>` or does not name `source`.
 */
export function precompiledHeaderArgv(compileArgv: readonly string[], source: string, headerLanguage: string, output: string): string[] {
  const o = compileArgv.indexOf('-o');
  if (o < 0 || o + 1 >= compileArgv.length || !compileArgv.includes(source)) {
    throw new Error(`the compile argv ${JSON.stringify(compileArgv)} has no -o <file> or no ${source}`);
  }
  return compileArgv.flatMap((arg, i) => (i === o + 1 ? [output] : arg === source ? ['-x', headerLanguage, source] : [arg]));
}

/**
 * Precompiled headers (see `LanguageDefinition.precompiledHeader`: `bits/stdc++.h` for the g++
 * languages), one per language, toolchain version and compile flags, built at worker start in
 * the sandbox from a file that includes the header, with the compile's own flags
 * (`precompiledHeaderArgv`), then copied out root-owned and read-only as
 * `SANDBOX_WORK_DIR/pch-<language>-<key>/<header>.gch` (kept across restarts). A compilation gets
 * the directory mounted read-only at PCH_MOUNT and `-I/verdict-pch` first on its argv: GCC looks
 * for `<dir>/<header>.gch` in each include directory before the header itself, uses it when it was
 * built with the same flags, and otherwise goes on to the real header (so a compile never depends
 * on it, only its time does). Sizes are fixed at start (about 100 MB per C++ standard with g++ 12),
 * so they are not in an LRU; a start removes those of other toolchain versions or flags.
 */
@Injectable()
export class PrecompiledHeadersService {
  private readonly logger = new Logger(PrecompiledHeadersService.name);
  private readonly ready = new Map<string, string>();

  constructor(
    @Inject(SANDBOX) private readonly sandbox: Pick<Sandbox, 'acquire'>,
    @Inject(sandboxConfig.KEY) private readonly cfg: SandboxConfig,
  ) {}

  /**
   * Builds (or finds from an earlier start) the precompiled header of each language that has one,
   * one after the other, each in a sandbox slot of its own (so a judging may wait for the slot);
   * a language compiles with its header as soon as it is ready. A language whose build fails
   * compiles with the real header; failures are logged, never thrown. Logs `precompiled headers
   * ready` when done.
   */
  async prepare(languages: readonly ResolvedLanguage[]): Promise<void> {
    try {
      // Copies a dead worker left half published.
      await removeDeadStaging(this.cfg.workDir, (name) => PCH_DIR.test(name));
      for (const language of languages) await this.prepareOne(language);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'precompiled headers not prepared');
    }
    this.logger.log({ languages: [...this.ready.keys()] }, 'precompiled headers ready');
  }

  /** Builds or finds `language`'s precompiled header, when it has one (see `prepare`). */
  private async prepareOne(language: ResolvedLanguage): Promise<void> {
    const spec = language.definition.precompiledHeader;
    const compileArgv = language.compileArgv(PCH_SOURCE);
    if (!spec || !compileArgv) return;
    const output = basename(spec.header) + '.gch';
    let argv: string[];
    try {
      argv = precompiledHeaderArgv(compileArgv, PCH_SOURCE, spec.headerLanguage, output);
    } catch (err) {
      this.logger.warn({ language: language.id, err: (err as Error).message }, 'no precompiled header');
      return;
    }
    const key = createHash('sha256')
      .update(JSON.stringify([language.id, language.version, argv, spec.header]))
      .digest('hex')
      .slice(0, 16);
    const dir = join(this.cfg.workDir, `pch-${language.id}-${key}`);
    if (!isPublished(dir)) {
      const started = Date.now();
      try {
        await this.build(language, argv, spec.header, output, dir);
      } catch (err) {
        this.logger.warn(
          { language: language.id, err: (err as Error).message },
          'precompiled header not built; compiling with the header itself',
        );
        return;
      }
      this.logger.log({ language: language.id, header: spec.header, ms: Date.now() - started }, 'precompiled header built');
    }
    this.ready.set(language.id, dir);
    const ours = new RegExp(`^pch-${language.id.replace(/\W/g, '\\$&')}-[0-9a-f]{16}$`);
    for (const name of await removeOtherArtifacts(this.cfg.workDir, ours, basename(dir))) {
      this.logger.log({ language: language.id, dir: name }, 'stale precompiled header removed');
    }
  }

  /**
   * How to compile `language` with its precompiled header: `compileArgv` with `-I<PCH_MOUNT>`
   * after the compiler, and the mount. Null when the language has none (or it was not built).
   */
  withPrecompiledHeader(language: ResolvedLanguage, compileArgv: readonly string[]): { argv: string[]; mount: ReadOnlyMount } | null {
    const dir = this.ready.get(language.id);
    if (!dir || compileArgv.length === 0) return null;
    return {
      argv: [compileArgv[0]!, `-I${PCH_MOUNT}`, ...compileArgv.slice(1)],
      mount: { hostPath: dir, sandboxPath: PCH_MOUNT },
    };
  }

  private async build(language: ResolvedLanguage, argv: string[], header: string, output: string, dir: string): Promise<void> {
    const slot = await this.sandbox.acquire();
    const box = await slot.createBox();
    try {
      await box.writeFile(PCH_SOURCE, `#include <${header}>\n`);
      const ran = await runCompiler(slot, box, language, argv, this.cfg);
      if (!ran.ok) throw new Error(ran.message);
      // Laid out as the include names it (bits/stdc++.h → bits/stdc++.h.gch) in a directory of its
      // own; the box holds only what g++ wrote from the fixed source above, and nothing runs in it now.
      const staged = join(box.hostPath, 'verdict-pch');
      await mkdir(join(staged, dirname(posix.normalize(header))), { recursive: true });
      await rename(join(box.hostPath, output), join(staged, `${header}.gch`));
      await publishReadOnlyCopy(staged, dir);
    } finally {
      await box.destroy();
      slot.release();
    }
  }
}
