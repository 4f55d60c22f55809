import { CliError } from './cli-error.js';

/** Where the CLI finds the API when neither `--server` nor `VERDICT_URL` says: the API's default port (PORT=3000) on this host. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:3000';

/**
 * The API's base URL, without a trailing slash: `option` (`--server`), else `env.VERDICT_URL`, else DEFAULT_SERVER_URL.
 * @throws CliError when the chosen value is not an http(s) URL.
 */
export function resolveServerUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const raw = option ?? (env.VERDICT_URL?.trim() || DEFAULT_SERVER_URL);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`${option === undefined ? 'VERDICT_URL' : '--server'} must be an http or https URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`${option === undefined ? 'VERDICT_URL' : '--server'} must be an http or https URL, got "${raw}"`);
  }
  return url.href.replace(/\/+$/, '');
}
