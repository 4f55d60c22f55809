/** A language a worker can judge, as reported by `GET /languages`. */
export interface LanguageInfo {
  /** Stable id used in submissions, e.g. `cpp17`. */
  id: string;
  /** Display name, e.g. `C++17 (g++ -O2)`. */
  name: string;
  /** Toolchain version detected when the worker started, e.g. `g++ (Debian 12.2.0-14) 12.2.0`. */
  version: string;
}
