import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, lstat, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxSlot } from '../../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../../config/sandbox.config.js';
import type { CheckerData } from '../../problems/problem-records.js';
import { compileInSandbox } from '../compile-stage.js';
import { LanguageRegistry } from '../languages/language-registry.js';
import type { ResolvedLanguage } from '../languages/resolved-language.js';

/** A compiled custom output validator: a root-owned read-only directory to mount at VALIDATOR_MOUNT. */
export interface ValidatorBuild {
  dir: string;
  language: ResolvedLanguage;
}

/** Where a validator's build directory is mounted (read-only) in its sandbox; its working directory. */
export const VALIDATOR_MOUNT = '/validator';

/** Outcome of preparing a validator. */
export type ValidatorBuildOutcome = { ok: true; build: ValidatorBuild } | { ok: false; message: string };

/**
 * Compiles custom output validators in the sandbox, once per worker and validator (keyed by
 * language, toolchain version and sources; kept across restarts under SANDBOX_WORK_DIR). The
 * compilation's box is copied out (regular files and directories only) root-owned and
 * read-only, so no run can change the validator.
 */
@Injectable()
export class ValidatorBuildsService {
  private readonly pending = new Map<string, Promise<ValidatorBuildOutcome>>();

  constructor(
    private readonly languages: LanguageRegistry,
    @Inject(sandboxConfig.KEY) private readonly cfg: SandboxConfig,
  ) {}

  /** The built validator of `checker`, compiling it in `slot` first when needed. */
  async prepare(slot: SandboxSlot, checker: CheckerData): Promise<ValidatorBuildOutcome> {
    const language = checker.language ? this.languages.get(checker.language) : undefined;
    if (!language) return { ok: false, message: `the output validator's language ${checker.language} is not available on this worker` };
    const key = createHash('sha256')
      .update(JSON.stringify([language.id, language.version, checker.entry, checker.files.map((f) => [f.name, f.content])]))
      .digest('hex')
      .slice(0, 24);
    const dir = join(this.cfg.workDir, `validator-${key}`);
    if (existsSync(join(dir, '.complete'))) return { ok: true, build: { dir, language } };
    let build = this.pending.get(key);
    if (!build) {
      build = this.compile(slot, checker, language, dir).finally(() => this.pending.delete(key));
      this.pending.set(key, build);
    }
    return build;
  }

  private async compile(slot: SandboxSlot, checker: CheckerData, language: ResolvedLanguage, dir: string): Promise<ValidatorBuildOutcome> {
    const box = await slot.createBox();
    try {
      for (const file of checker.files) {
        // The entry file is compiled as the language's source file (main.cpp, main.py, ...).
        await box.writeFile(file.name === checker.entry ? language.definition.sourceFile : file.name, file.content);
      }
      const compiled = await compileInSandbox(slot, box, language, this.cfg);
      if (!compiled.ok) return { ok: false, message: `the output validator does not compile:\n${compiled.message}` };
      const staging = `${dir}.tmp-${process.pid}`;
      await rm(staging, { recursive: true, force: true });
      await cp(box.hostPath, staging, {
        recursive: true,
        filter: async (source) => {
          const s = await lstat(source).catch(() => null);
          return !!s && (s.isDirectory() || s.isFile());
        },
      });
      await writeFile(join(staging, '.complete'), '');
      await makeReadOnly(staging);
      if (existsSync(join(dir, '.complete'))) {
        // Another worker sharing SANDBOX_WORK_DIR built it meanwhile (and may be running it): keep that one.
        await rm(staging, { recursive: true, force: true });
      } else {
        await rm(dir, { recursive: true, force: true }); // an incomplete leftover
        await rename(staging, dir).catch(async (err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST' && err.code !== 'ENOTEMPTY') throw err;
          await rm(staging, { recursive: true, force: true });
        });
      }
      return { ok: true, build: { dir, language } };
    } finally {
      await box.destroy();
    }
  }
}

/** Files keep their execute bits but lose write (0555 / 0444), directories 0555. */
async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeReadOnly(path);
    else await chmod(path, (await stat(path)).mode & 0o111 ? 0o555 : 0o444);
  }
  await chmod(dir, 0o555);
}

/**
 * A language's run argv rebased from the box to the validator's mount: `/box` and `/box/...`
 * arguments point into VALIDATOR_MOUNT instead (the box of a validator run is its feedback directory).
 */
export function rebaseToValidator(argv: readonly string[]): string[] {
  return argv.map((a) => (a === '/box' ? VALIDATOR_MOUNT : a.startsWith('/box/') ? `${VALIDATOR_MOUNT}/${a.slice(5)}` : a));
}
