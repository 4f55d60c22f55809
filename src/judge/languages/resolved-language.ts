import type { ReadOnlyMount } from '../../../libs/sandbox/index.js';
import type { LanguageInfo } from '../../../libs/contracts/index.js';
import type { LanguageDefinition } from '../../../libs/judging/index.js';

/** A language whose tools this worker found: the table row plus resolved paths and version. */
export class ResolvedLanguage {
  constructor(
    readonly definition: LanguageDefinition,
    /** Tool placeholder → absolute real path on the host (the same path inside the sandbox). */
    readonly tools: Readonly<Record<string, string>>,
    /** Detected version line, e.g. `gcc (Debian 12.2.0-14) 12.2.0`. */
    readonly version: string,
    /** Toolchain directories outside /usr to mount read-only. */
    readonly mounts: readonly ReadOnlyMount[],
  ) {}

  get id(): string {
    return this.definition.id;
  }

  info(): LanguageInfo {
    return { id: this.definition.id, name: this.definition.name, version: this.version };
  }

  /** Compile argv with tools filled in, or null when the language has no compile step. */
  compileArgv(): string[] | null {
    return this.definition.compile ? this.fill(this.definition.compile, 0) : null;
  }

  /** Run argv with tools and `{memoryMiB}` (the submission's memory limit, rounded down, ≥ 1) filled in. */
  runArgv(memoryKiB: number): string[] {
    return this.fill(this.definition.run, Math.max(1, Math.floor(memoryKiB / 1024)));
  }

  private fill(argv: readonly string[], memoryMiB: number): string[] {
    return argv.map((arg) =>
      arg.replace(/\{(\w+)\}/g, (whole, name: string) => {
        if (name === 'memoryMiB') return String(memoryMiB);
        return this.tools[name] ?? whole;
      }),
    );
  }
}
