import { basename } from 'node:path';
import type { LanguageInfo } from '../../libs/contracts/index.js';
import { CliError } from './cli-error.js';

/**
 * The language the CLI picks when several offered languages take a file's extension (`.py`: python3
 * and pypy3; `.cpp`: cpp17, cpp20, cpp23): the first of these that is among the candidates. Other ties
 * are refused, asking for `--language`.
 */
const PREFERRED_ON_TIE = ['python3', 'cpp17'];

/** A guessed language: its id, and the other languages the extension would also fit. */
export interface LanguageGuess {
  id: string;
  alternatives: string[];
}

/**
 * The language of `filePath` from its name's ending, among `languages` (as `GET /languages` lists
 * them, with `extensions`). The longest matching extension wins (`.c++` over `.c`); when several
 * languages take it, PREFERRED_ON_TIE decides.
 * @throws CliError (exit 2) naming `--language` and the offered ids when no language, or an unbroken tie, fits.
 */
export function guessLanguage(filePath: string, languages: readonly LanguageInfo[]): LanguageGuess {
  const name = basename(filePath);
  let best = '';
  let candidates: string[] = [];
  for (const language of languages) {
    for (const extension of language.extensions ?? []) {
      if (!name.endsWith(extension) || name.length <= extension.length || extension.length < best.length) continue;
      if (extension.length > best.length) {
        best = extension;
        candidates = [];
      }
      if (!candidates.includes(language.id)) candidates.push(language.id);
    }
  }
  const offered = languages.map((l) => l.id).join(', ') || 'none';
  if (candidates.length === 0) {
    throw new CliError(`cannot tell the language of ${name} from its extension: pass --language <id> (offered: ${offered})`);
  }
  const id = candidates.length === 1 ? candidates[0] : PREFERRED_ON_TIE.find((p) => candidates.includes(p));
  if (!id) throw new CliError(`${name} could be ${candidates.join(', ')}: pass --language <id> to choose`);
  return { id, alternatives: candidates.filter((c) => c !== id) };
}
