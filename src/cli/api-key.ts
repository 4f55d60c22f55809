import { CliError } from './cli-error.js';

/** What a header value may hold: visible ASCII, no spaces (an API key is `vk_` and base64url). */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * The API key the CLI sends (in `x-api-key`, HTTP and Socket.IO): `option` (`--api-key`), else
 * `env.VERDICT_API_KEY`, else null (an API running open on loopback needs none; docs/auth.md).
 * @throws CliError when the chosen value is empty or holds spaces or control characters.
 */
export function resolveApiKey(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = option ?? env.VERDICT_API_KEY;
  if (raw === undefined || (option === undefined && raw.trim() === '')) return null;
  const key = raw.trim();
  if (!HEADER_SAFE.test(key)) {
    throw new CliError(
      `${option === undefined ? 'VERDICT_API_KEY' : '--api-key'} must be an API key (vk_…) without spaces or control characters`,
    );
  }
  return key;
}
