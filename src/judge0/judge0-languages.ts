import type { LanguageInfo } from '../../libs/contracts/index.js';
import { LANGUAGES, type LanguageDefinition } from '../../libs/judging/index.js';

/** A Judge0 language as `GET /languages` lists it. */
export interface Judge0Language {
  id: number;
  name: string;
}

/** A Judge0 language as `GET /languages/:id` shows it. */
export interface Judge0LanguageDetails extends Judge0Language {
  is_archived: boolean;
  source_file: string;
  compile_cmd: string | null;
  run_cmd: string;
}

/** The Verdict language (a row of the language table) that Judge0 language id `id` names, or undefined. */
export function languageForJudge0Id(id: number): LanguageDefinition | undefined {
  return LANGUAGES.find((language) => language.judge0?.ids.includes(id));
}

/**
 * The version number in a toolchain's version line, e.g. `12.2.0` in `gcc (Debian 12.2.0-14) 12.2.0`,
 * `3.11.2` in `Python 3.11.2`, `22.12.0` in `v22.12.0`; the whole line when it has none.
 */
export function versionNumber(versionLine: string): string {
  return /\d+\.\d+(?:\.\d+)*/.exec(versionLine)?.[0] ?? versionLine;
}

/** The Judge0 display name of `language` with the version a worker detected, e.g. `C (GCC 12.2.0)`. */
function judge0Name(language: LanguageDefinition, info: LanguageInfo): string {
  return (language.judge0?.name ?? language.name).replace('{version}', versionNumber(info.version));
}

/**
 * The Judge0 languages the workers can run now: every Judge0 id of each offered language of the
 * table, with Verdict's detected version in the name, sorted by id (Judge0's order).
 * @param offered what the workers reported (LanguagesService.list).
 */
export function judge0Languages(offered: readonly LanguageInfo[]): Judge0Language[] {
  const languages: Judge0Language[] = [];
  for (const info of offered) {
    const language = LANGUAGES.find((l) => l.id === info.id);
    if (!language?.judge0) continue;
    for (const id of language.judge0.ids) languages.push({ id, name: judge0Name(language, info) });
  }
  return languages.sort((a, b) => a.id - b.id);
}

/**
 * An argv of the table as one command line, placeholders shown by name: `{gcc}` → `gcc`,
 * `{memoryMiB}` → `<memoryMiB>`, `{mainClass}` → `<mainClass>`, `{source}` → the language's usual source file.
 */
function commandLine(argv: readonly string[], sourceFile: string): string {
  return argv
    .map((arg) =>
      arg
        .replace(/\{source\}/g, sourceFile)
        .replace(/\{(memoryMiB|mainClass)\}/g, '<$1>')
        .replace(/\{(\w+)\}/g, '$1'),
    )
    .map((arg) => (/[\s"'$&;|<>()]/.test(arg) && !/^<\w+>$/.test(arg) ? `'${arg.replace(/'/g, `'\\''`)}'` : arg))
    .join(' ');
}

/**
 * `GET /languages/:id`: the language with its source file and commands as Verdict runs them.
 * @returns undefined when `id` is no Judge0 id of a language some worker offers.
 */
export function judge0LanguageDetails(id: number, offered: readonly LanguageInfo[]): Judge0LanguageDetails | undefined {
  const language = languageForJudge0Id(id);
  const info = language && offered.find((l) => l.id === language.id);
  if (!language || !info) return undefined;
  return {
    id,
    name: judge0Name(language, info),
    is_archived: false,
    source_file: language.sourceFile,
    compile_cmd: language.compile ? commandLine(language.compile, language.sourceFile) : null,
    run_cmd: commandLine(language.run, language.sourceFile),
  };
}
