import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sourceFileFor, withoutByteOrderMark } from '../../../libs/judging/index.js';
import type { SandboxSlot } from '../../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../../config/sandbox.config.js';
import type { CheckerData } from '../../persistence/problems/problem-records.js';
import { compileInSandbox } from '../compile-stage.js';
import { findProgram, type CompiledProgram } from '../compiled-program.js';
import { DiskLru, type Lease } from '../disk-lru.js';
import { removeDeadStaging } from '../dead-staging.js';
import { removeEntry, scanEntries, stampUse, treeBytes } from '../disk-usage.js';
import { isPublished, publishReadOnlyCopy } from '../read-only-artifact.js';
import { LanguageRegistry } from '../languages/language-registry.js';
import type { ResolvedLanguage } from '../languages/resolved-language.js';

/** A validator program's sources as stored: an output validator's (CheckerData) or an input validator's (InputValidatorData). */
export type ValidatorSource = Pick<CheckerData, 'language' | 'entry' | 'files'>;

/** A compiled validator (custom output validator, interactor, input validator): a root-owned read-only directory to mount at VALIDATOR_MOUNT. */
export interface ValidatorBuild {
  dir: string;
  language: ResolvedLanguage;
  /** What its runs start: the entry's file name in the build, Java's main class. */
  program: CompiledProgram;
}

/**
 * Part of every build's key: raised when the way builds are laid out changes, so that a build an
 * older worker left is not reused (it is evicted as the least recently used). 2: the entry file
 * is named by the language's rule (a Java validator's public class) instead of always `sourceFile`.
 */
const BUILD_LAYOUT = 2;

/** Where a validator's build directory is mounted (read-only) in its sandbox; its working directory. */
export const VALIDATOR_MOUNT = '/validator';

/** Outcome of preparing a validator; a build is leased (kept on disk) until `lease.release()`. */
export type ValidatorBuildOutcome = { ok: true; build: ValidatorBuild; lease: Lease } | { ok: false; message: string };

/** A compile's outcome before it is leased to each caller. */
type CompileOutcome = { ok: true; build: ValidatorBuild } | { ok: false; message: string };

/** Directory names of validator builds: `validator-<24 hex digits of the key>`. */
const BUILD_DIR = /^validator-([0-9a-f]{24})$/;

/**
 * Compiles custom output validators in the sandbox, once per worker and validator (keyed by
 * language, toolchain version and sources; kept across restarts under SANDBOX_WORK_DIR). The
 * compilation's box is copied out (regular files and directories only) root-owned and
 * read-only, so no run can change the validator. Builds no judging holds are kept up to
 * WORKER_VALIDATOR_CACHE_BYTES (`DiskLru`, least recently used deleted first; a build's directory
 * mtime is its last use, scanned with the sizes at start), so the build of a deleted or changed
 * problem's validator goes once it is the least recently used over the budget.
 */
@Injectable()
export class ValidatorBuildsService implements OnModuleInit {
  private readonly pending = new Map<string, Promise<CompileOutcome>>();
  /** What the runs of each build on disk start, found once per build (dropped with it when evicted). */
  private readonly programs = new Map<string, CompiledProgram>();
  private readonly lru: DiskLru;

  constructor(
    private readonly languages: LanguageRegistry,
    @Inject(sandboxConfig.KEY) private readonly cfg: SandboxConfig,
  ) {
    this.lru = new DiskLru(
      'validator builds',
      cfg.diskCache.validatorBytes,
      (key) => {
        this.programs.delete(key);
        return removeEntry(this.dirOf(key));
      },
      (key) => stampUse(this.dirOf(key)),
    );
  }

  /** Scans the builds earlier starts left (sizes, last use) and evicts down to the budget. */
  async onModuleInit(): Promise<void> {
    await mkdir(this.cfg.workDir, { recursive: true, mode: 0o711 });
    // Copies a dead worker left half published (never counted: their names are no key's).
    await removeDeadStaging(this.cfg.workDir, (name) => BUILD_DIR.test(name));
    await this.lru.load(await scanEntries(this.cfg.workDir, (name) => BUILD_DIR.exec(name)?.[1] ?? null));
  }

  /** Bytes of the validator builds on disk (those in use included). */
  get totalBytes(): number {
    return this.lru.totalBytes;
  }

  /**
   * The built validator of `checker`, compiling it in `slot` first when needed; release the lease
   * when the judging ends. `role` names the validator in the messages of a failed build
   * (`the output validator`, `the input validator input_validators/validate.cpp`).
   */
  async prepare(slot: SandboxSlot, checker: ValidatorSource, role = 'the output validator'): Promise<ValidatorBuildOutcome> {
    const language = checker.language ? this.languages.get(checker.language) : undefined;
    if (!language) return { ok: false, message: `${role}'s language ${checker.language} is not available on this worker` };
    const key = createHash('sha256')
      .update(JSON.stringify([BUILD_LAYOUT, language.id, language.version, checker.entry, checker.files.map((f) => [f.name, f.content])]))
      .digest('hex')
      .slice(0, 24);
    const dir = this.dirOf(key);
    // Held before the disk is looked at: from here on no eviction removes the build.
    const lease = await this.lru.lease(key);
    try {
      if (isPublished(dir)) {
        // Published by another worker sharing the directory since the start's scan: counted from now on.
        if (!this.lru.has(key)) await this.lru.record(key, await treeBytes(dir));
        const program = this.programs.get(key) ?? (await builtProgram(dir, checker, language));
        if ('problem' in program) {
          lease.release();
          return { ok: false, message: `${role} does not compile:\n${program.problem}` };
        }
        this.programs.set(key, program);
        return { ok: true, build: { dir, language, program }, lease };
      }
      let build = this.pending.get(key);
      if (!build) {
        build = this.compile(slot, checker, language, dir, role).finally(() => this.pending.delete(key));
        this.pending.set(key, build);
      }
      const outcome = await build;
      if (!outcome.ok) {
        lease.release();
        return outcome;
      }
      if (!this.lru.has(key)) await this.lru.record(key, await treeBytes(dir));
      this.programs.set(key, outcome.build.program);
      return { ...outcome, lease };
    } catch (err) {
      lease.release();
      throw err;
    }
  }

  private dirOf(key: string): string {
    return join(this.cfg.workDir, `validator-${key}`);
  }

  private async compile(
    slot: SandboxSlot,
    checker: ValidatorSource,
    language: ResolvedLanguage,
    dir: string,
    role: string,
  ): Promise<CompileOutcome> {
    const box = await slot.createBox();
    try {
      const sourceFile = entryFile(checker, language);
      if (sourceFile !== checker.entry && checker.files.some((f) => f.name === sourceFile)) {
        return {
          ok: false,
          message: `${role} does not compile: its entry ${checker.entry} is compiled as ${sourceFile} (${language.id}'s rule), and another of its files has that name`,
        };
      }
      for (const file of checker.files) {
        // The entry file is compiled under the language's name for it (main.cpp, main.py, the public class's .java).
        if (file.name === checker.entry) await box.writeFile(sourceFile, withoutByteOrderMark(file.content));
        else await box.writeFile(file.name, file.content);
      }
      const compiled = await compileInSandbox(slot, box, language, sourceFile, this.cfg);
      if (!compiled.ok) return { ok: false, message: `${role} does not compile:\n${compiled.message}` };
      await publishReadOnlyCopy(box.hostPath, dir);
      return { ok: true, build: { dir, language, program: compiled.program } };
    } finally {
      await box.destroy();
    }
  }
}

/** The name the validator's entry file is compiled under: the language's rule applied to its content (source-file.ts). */
function entryFile(checker: ValidatorSource, language: ResolvedLanguage): string {
  const entry = checker.files.find((f) => f.name === checker.entry);
  return sourceFileFor(language.definition, withoutByteOrderMark(entry?.content ?? ''));
}

/** What the runs of a published build start, found again in its directory (as after its compile). */
async function builtProgram(
  dir: string,
  checker: ValidatorSource,
  language: ResolvedLanguage,
): Promise<CompiledProgram | { problem: string }> {
  const sourceFile = entryFile(checker, language);
  const target = language.definition.program;
  if (!target) return { sourceFile, mainClass: null };
  const found = await findProgram(dir, target, sourceFile);
  return 'problem' in found ? found : { sourceFile, mainClass: found.mainClass };
}

/**
 * A language's run argv rebased from the box to the validator's mount: `/box` and `/box/...`
 * arguments point into VALIDATOR_MOUNT instead (the box of a validator run is its feedback directory).
 */
export function rebaseToValidator(argv: readonly string[]): string[] {
  return argv.map((a) => (a === '/box' ? VALIDATOR_MOUNT : a.startsWith('/box/') ? `${VALIDATOR_MOUNT}/${a.slice(5)}` : a));
}
