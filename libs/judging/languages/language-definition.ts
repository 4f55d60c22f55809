/**
 * Where to find a tool a language needs. Tried in order; the first that resolves to an ELF
 * executable wins (a version-manager shim, which is a script, never does).
 * - a string: an absolute path, or a bare name searched on the worker's PATH;
 * - `{ probe, binary }`: run `probe` on the host (argv, `{name}` placeholders allowed for tools
 *   found before it), take its first output line as a directory, and use `binary` under it;
 *   that directory is also mounted read-only into the sandbox (rustup's toolchains live in /root);
 * - `{ directory, contains }`: a directory of files that are not programs (the Kotlin compiler's
 *   jars, which `java` runs), found when it holds the regular file `contains`; the placeholder is
 *   the directory's real path, mounted read-only when outside the system directories.
 */
export type ToolCandidate = string | { probe: string[]; binary: string } | { directory: string; contains: string };

/**
 * What a successful compile must leave in the box for the run to start, checked before any
 * test runs so that a source that compiles to no program (a library crate, a Go package that
 * is not `main`) is the submitter's Compilation Error, not a failed run.
 * - `elf`: `file` (e.g. `main`) is a regular, executable ELF program (not an archive, object file
 *   or shared library);
 * - `java-class`: a class of the default package with `public static void main(String[])`: the
 *   class named like the source file (its public class) when it has one, else the only class with
 *   `main`. Its name fills the run argv's `{mainClass}` (src/judge/compiled-program.ts).
 */
export type ProgramTarget =
  | {
      format: 'elf';
      /** File in the box the run starts. */
      file: string;
      /** What the source needs, said in the Compilation Error, e.g. "Go needs `package main` with `func main()`". */
      needs: string;
    }
  | {
      format: 'java-class';
      /** What the source needs, said in the Compilation Error. */
      needs: string;
    };

/**
 * How Judge0 clients name a language (the Judge0-compatible API, src/judge0): the Judge0 CE
 * language ids that run this language, and the display name shown for them.
 */
export interface Judge0Naming {
  /**
   * Judge0 CE language ids that mean this language, e.g. 50 (C, GCC 9.2.0), 48, 49 for C. Every id
   * listed is served by this row; an id appears in at most one row. Source: Judge0 CE 1.13.1's
   * `GET /languages/all` (ids of other languages, e.g. 70 Python 2 or 75 Clang, are not listed).
   */
  ids: readonly number[];
  /** Display name with `{version}` for the version number the worker detected, e.g. `C (GCC {version})`. */
  name: string;
}

/**
 * One row of the language table. Commands are argv arrays (never shell strings) with
 * placeholders: `{tool}` for a resolved tool path, `{memoryMiB}` for the run's memory limit,
 * `{source}` for the source file's name in the box (`sourceFileFor`), `{mainClass}` for the
 * class the run starts (Java, found after compiling).
 */
export interface LanguageDefinition {
  /** Stable id used in submissions, e.g. `cpp17`. */
  id: string;
  /** Display name without version, e.g. `C++17 (g++ -O2)`. */
  name: string;
  /** File the source code is written to in the box, unless `sourceFileRule` names another. */
  sourceFile: string;
  /** Extensions a submitted `fileName` may end with; default: `sourceFile`'s. */
  extensions?: string[];
  /** `java-public-class`: the file is named after the source's public top-level class (source-file.ts). */
  sourceFileRule?: 'java-public-class';
  /** Tools by placeholder name. */
  tools: Record<string, ToolCandidate[]>;
  /** argv printing the version; its first non-empty output line is the version shown. */
  version: string[];
  /** Compile argv, run in the box (writable). Absent: no compile step. */
  compile?: string[];
  /** Environment of the compile step (on top of the sandbox's PATH, HOME=/tmp, LANG). */
  compileEnv?: Record<string, string>;
  /**
   * A compiler cache filled once per worker and copied into each compilation's private /tmp,
   * so a compile does not rebuild the standard library (Go has no prebuilt std since 1.20:
   * about 7 s of CPU cold, 0.1 s warm). The warm copy is read-only to runs; what one
   * compilation adds to its copy is thrown away with it, so submissions cannot poison it.
   */
  buildCache?: {
    /** Directory the compiler uses as its cache inside the sandbox (what compileEnv points at). */
    dir: string;
    /** A program using the commonly used packages, compiled at worker start to fill the cache. */
    warmUpSource: string;
  };
  /**
   * A header GCC precompiles once per worker (and toolchain version and flags) for this
   * language's compilations: built with the compile argv's own flags (`-std`, `-O2`, ...: GCC
   * ignores a precompiled header made with others), mounted read-only as `<dir>/<header>.gch` and
   * found by `-I<dir>` before the real header, which GCC falls back to when the precompiled one
   * does not fit (src/judge/precompiled-headers.service.ts).
   */
  precompiledHeader?: {
    /** The header as sources include it, e.g. `bits/stdc++.h`. */
    header: string;
    /** GCC's `-x` language of a header, e.g. `c++-header`. */
    headerLanguage: string;
  };
  /** Processes + threads the compiler may use at once (go build runs several tools). */
  compileProcesses?: number;
  /** What the compile must produce for the run to start (absent: the run reads the source itself). */
  program?: ProgramTarget;
  /** Run argv, in the box (read-only). */
  run: string[];
  /** Extra run environment; values may use `{memoryMiB}` and tool placeholders like `run`. */
  runEnv?: Record<string, string>;
  /** Time limits of a run are multiplied by this (interpreters and the JVM start slower). */
  timeMultiplier: number;
  /** KiB added to the memory cgroup above the submission's memory limit for the runtime itself (JVM, V8). */
  extraMemoryKiB: number;
  /** Extra processes + threads the runtime needs (the JVM's GC and compiler threads). */
  extraProcesses?: number;
  /** stderr text by which the runtime says it ran out of memory under its own cap (→ Memory Limit Exceeded). */
  outOfMemory?: RegExp;
  /** Judge0 CE ids and display name (absent: not offered to Judge0 clients). */
  judge0?: Judge0Naming;
}
