import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { SandboxSlot } from '../../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../../config/sandbox.config.js';
import type { CheckerData } from '../../persistence/problems/problem-records.js';
import { compileInSandbox } from '../compile-stage.js';
import { isPublished, publishReadOnlyCopy } from '../read-only-artifact.js';
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
    if (isPublished(dir)) return { ok: true, build: { dir, language } };
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
      await publishReadOnlyCopy(box.hostPath, dir);
      return { ok: true, build: { dir, language } };
    } finally {
      await box.destroy();
    }
  }
}

/**
 * A language's run argv rebased from the box to the validator's mount: `/box` and `/box/...`
 * arguments point into VALIDATOR_MOUNT instead (the box of a validator run is its feedback directory).
 */
export function rebaseToValidator(argv: readonly string[]): string[] {
  return argv.map((a) => (a === '/box' ? VALIDATOR_MOUNT : a.startsWith('/box/') ? `${VALIDATOR_MOUNT}/${a.slice(5)}` : a));
}
