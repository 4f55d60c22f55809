/** A language a worker can judge, as reported by `GET /languages`. */
export interface LanguageInfo {
  /** Stable id used in submissions, e.g. `cpp17`. */
  id: string;
  /** Display name, e.g. `C++17 (g++ -O2)`. */
  name: string;
  /** Toolchain version detected when the worker started, e.g. `g++ (Debian 12.2.0-14) 12.2.0`. */
  version: string;
  /**
   * File name endings a source of this language may have, the usual one first, e.g. `['.cpp', '.cc', '.cxx', '.c++']`
   * (clients guess a language from a file's name with them). Absent from workers older than this field.
   */
  extensions?: string[];
}
