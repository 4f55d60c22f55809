import { LANGUAGES } from './languages.table.js';
import { extensionsOf } from './source-file.js';

/**
 * Where several languages of the table share an extension, the one a package's file is judged in:
 * C++ as C++20 (DOMjudge's C++ is `-std=gnu++20`; problemtools' is newer still, and C++17 sources
 * compile as C++20). Python stays CPython (`python3`, DOMjudge's), the first row with `.py`.
 */
const PREFERRED: Readonly<Record<string, string>> = { '.cpp': 'cpp20', '.cc': 'cpp20', '.cxx': 'cpp20', '.c++': 'cpp20' };

/**
 * Language id of a package source file (submission, validator) by its extension, lower case with
 * the dot (`.kt` → `kotlin`): derived from the languages table (each extension's first row, or
 * PREFERRED's), so a language added there is read from packages too.
 */
export const LANGUAGE_BY_EXTENSION: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    [...new Set(LANGUAGES.flatMap((l) => extensionsOf(l)))].map((ext) => [
      ext,
      PREFERRED[ext] ?? LANGUAGES.find((l) => extensionsOf(l).includes(ext))!.id,
    ]),
  ),
);

/** problemtools' rule for `*.py`: a first line `#!…python2` makes the file Python 2. */
const PYTHON2_SHEBANG = /^#!.*python2\b/;

/** The language of a package submission, or why it has none Verdict offers. */
export type PackageLanguage = { language: string } | { language: null; reason: string };

/**
 * The language a package submission `path` (e.g. `submissions/accepted/a.py`) with `sourceCode`
 * is judged in: LANGUAGE_BY_EXTENSION's, except that a `.py` file whose first line is a python2
 * `#!` line is Python 2 (problemtools' language detection, config/languages.yaml), which Verdict
 * does not offer; a directory (`path` ending in `/`) is a multi-file submission, which Verdict does
 * not judge. No match: `language` null and the reason, as the verification report states it.
 */
export function packageLanguageOf(path: string, sourceCode: string): PackageLanguage {
  if (path.endsWith('/')) return { language: null, reason: 'a multi-file submission (a directory) is not supported by Verdict' };
  const dot = path.lastIndexOf('.');
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot).toLowerCase() : '';
  const firstLine = sourceCode.split('\n', 1)[0]!;
  if (ext === '.py' && PYTHON2_SHEBANG.test(firstLine)) {
    return {
      language: null,
      reason: 'Python 2 (its first line is a python2 #! line, as problemtools reads it) is not a language Verdict offers',
    };
  }
  const language = LANGUAGE_BY_EXTENSION[ext];
  if (language) return { language };
  return { language: null, reason: `no language Verdict offers has the extension ${ext ? `"${ext}"` : '(none)'}` };
}
