import type { LanguageInfo } from '../../libs/contracts/index.js';
import { VerdictApi } from './api-client.js';
import { ExitCode } from './cli-error.js';
import { readLanguages } from './server-messages.js';
import { resolveApiKey } from './api-key.js';
import { resolveServerUrl } from './server-url.js';
import { terminalJson } from './terminal-text.js';
import { formatTable } from './text-table.js';

/** Options of `verdict languages`. */
export interface LanguagesOptions {
  server?: string;
  apiKey?: string;
  json?: boolean;
}

/** The `verdict languages` table: id, name, detected version, extensions (cells made terminal-safe by formatTable). */
export function formatLanguages(languages: readonly LanguageInfo[]): string {
  return formatTable(
    [{ header: 'id' }, { header: 'name' }, { header: 'version' }, { header: 'extensions' }],
    languages.map((l) => [l.id, l.name, l.version, (l.extensions ?? []).join(' ')]),
  );
}

/**
 * `verdict languages`: what the workers can judge (`GET /languages`), as a table or, with `--json`, as the API's JSON.
 * @throws CliError (exit 2) when the API fails or cannot be reached (503 when no worker answers).
 */
export async function languagesCommand(options: LanguagesOptions): Promise<ExitCode> {
  const languages = await new VerdictApi(resolveServerUrl(options.server), resolveApiKey(options.apiKey)).get('/languages', readLanguages);
  process.stdout.write(options.json ? `${terminalJson(languages)}\n` : `${formatLanguages(languages)}\n`);
  return ExitCode.Ok;
}
