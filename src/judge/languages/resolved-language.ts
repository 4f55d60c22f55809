import type { ReadOnlyMount } from '../../../libs/sandbox/index.js';
import type { LanguageInfo } from '../../../libs/contracts/index.js';
import { extensionsOf, type LanguageDefinition } from '../../../libs/judging/index.js';
import type { CompiledProgram } from '../compiled-program.js';

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
    return { id: this.definition.id, name: this.definition.name, version: this.version, extensions: extensionsOf(this.definition) };
  }

  /** Compile argv with tools and `{source}` (the source's file name in the box) filled in, or null when the language has no compile step. */
  compileArgv(sourceFile: string): string[] | null {
    return this.definition.compile ? this.fill(this.definition.compile, { source: sourceFile }) : null;
  }

  /**
   * Run argv with tools, `{memoryMiB}` (the submission's memory limit, rounded down, ≥ 1),
   * `{source}` and `{mainClass}` (from the compile: `program`) filled in.
   */
  runArgv(memoryKiB: number, program: CompiledProgram): string[] {
    return this.fill(this.definition.run, {
      memoryMiB: memoryMiBOf(memoryKiB),
      source: program.sourceFile,
      ...(program.mainClass === null ? {} : { mainClass: program.mainClass }),
    });
  }

  /**
   * The run's extra environment (`runEnv`) with tools and `{memoryMiB}` (as in {@link runArgv})
   * filled in, e.g. Mono's `MONO_GC_PARAMS=max-heap-size=256m`; undefined when the language has none.
   */
  runEnv(memoryKiB: number): Record<string, string> | undefined {
    const env = this.definition.runEnv;
    if (!env) return undefined;
    const values = { memoryMiB: memoryMiBOf(memoryKiB) };
    return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, this.fill([value], values)[0]]));
  }

  private fill(argv: readonly string[], values: Readonly<Record<string, string>>): string[] {
    return argv.map((arg) => arg.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? this.tools[name] ?? whole));
  }
}

/** A memory limit in KiB as the whole MiB a runtime's own cap takes (rounded down, at least 1). */
function memoryMiBOf(memoryKiB: number): string {
  return String(Math.max(1, Math.floor(memoryKiB / 1024)));
}
