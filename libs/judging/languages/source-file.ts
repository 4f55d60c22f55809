import type { LanguageDefinition } from './language-definition.js';

/** The UTF-8 byte-order mark as a decoded string's first character. */
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * The source as the compiler gets it: without a leading UTF-8 byte-order mark, which editors on
 * Windows write and javac (among others) rejects ("illegal character: '\ufeff'"). Kattis and
 * DOMjudge accept such files; nothing else of the source changes.
 * @param source the submitted source, decoded.
 */
export function withoutByteOrderMark(source: string): string {
  return source.startsWith(BYTE_ORDER_MARK) ? source.slice(1) : source;
}

/**
 * The name the source is saved under in the box: the language's `sourceFile`, except where the
 * language's rule derives it from the source. Java (`sourceFileRule: 'java-public-class'`): javac
 * requires a public top-level class to be in a file of its name, and Kattis names the file after
 * it, so `public class Solution` is saved as `Solution.java`; a source without one keeps `Main.java`.
 * A `fileName` the submitter gave (checked by `fileNameProblem`) is kept, as Kattis and DOMjudge
 * keep the submitted name (programs may read `argv[0]` or `__file__`).
 * @param source the source without a byte-order mark.
 */
export function sourceFileFor(
  language: Pick<LanguageDefinition, 'sourceFile' | 'sourceFileRule'>,
  source: string,
  fileName: string | null = null,
): string {
  if (fileName !== null) return fileName;
  if (language.sourceFileRule === 'java-public-class') {
    const name = javaPublicClass(source);
    if (name !== null) return `${name}.java`;
  }
  return language.sourceFile;
}

/** A plain file name: no directory, no leading dot, at most 100 characters of letters, digits and `_ . + -`. */
const PLAIN_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,99}$/;

/** The file name endings a `language` source may have: its `extensions`, else its `sourceFile`'s (e.g. `['.py']`). */
export function extensionsOf(language: Pick<LanguageDefinition, 'sourceFile' | 'extensions'>): string[] {
  return language.extensions ? [...language.extensions] : [language.sourceFile.slice(language.sourceFile.lastIndexOf('.'))];
}

/**
 * What is wrong with `fileName` as the name of a `language` source, as the rule a 400 states, or
 * null: a plain file name ending with one of the language's extensions (`extensions`, else
 * `sourceFile`'s), e.g. `solution.cc` for C++ or `Solution.java`.
 */
export function fileNameProblem(language: Pick<LanguageDefinition, 'sourceFile' | 'extensions' | 'id'>, fileName: string): string | null {
  if (!PLAIN_FILE_NAME.test(fileName)) return 'must be a plain file name (letters, digits, _ . + -; at most 100 characters; no path)';
  const extensions = extensionsOf(language);
  if (!extensions.some((e) => fileName.endsWith(e) && fileName.length > e.length)) {
    return `must end with ${extensions.join(', ')} for ${language.id}`;
  }
  return null;
}

/** A Java identifier (JLS §3.8), as far as a file name may hold it. */
const IDENTIFIER = /^[\p{L}\p{Nl}_$][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}_$]*$/u;

/** Modifiers a top-level type may carry besides `public` (JLS §8.1.1, §9.1.1): no `static`, which only nested types have. */
const TOP_LEVEL_DECLARATION =
  /(?:^|[\s;}])public\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\s+)*(?:class|interface|enum|record|@interface)\s+([^\s{<(]+)/u;

/**
 * The name of the public top-level type declared in a Java source, or null when there is none.
 * Comments, string, text-block and character literals are skipped, and only declarations outside
 * every brace count, so a public nested class or a `"public class X"` in a string is not taken.
 * Annotations before the declaration (`@SuppressWarnings("x") public class A`) are fine.
 * @param source Java source text.
 */
export function javaPublicClass(source: string): string | null {
  const match = TOP_LEVEL_DECLARATION.exec(topLevelText(source));
  const name = match?.[1];
  return name !== undefined && IDENTIFIER.test(name) ? name : null;
}

/**
 * The source with comments and literals replaced by spaces and everything inside braces dropped:
 * what is left is package, imports and the headers of top-level declarations.
 */
function topLevelText(source: string): string {
  let out = '';
  let depth = 0;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? n : end;
      out += ' ';
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out += ' ';
    } else if (c === '"' && source.startsWith('"""', i)) {
      const end = source.indexOf('"""', i + 3);
      i = end < 0 ? n : end + 3;
      out += ' ';
    } else if (c === '"' || c === "'") {
      i++;
      while (i < n && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i++;
      out += ' ';
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
      else if (depth === 0) out += c;
      if (depth > 0 && c === '{') out += ' { ';
      i++;
    }
  }
  return out;
}
