/** Request headers as Node gives them (lowercase names; a repeated header may be an array). */
type Headers = Readonly<Record<string, string | string[] | undefined>>;

function single(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * The API key a request presents, from the first of: `x-api-key: <key>`, `Authorization: Bearer <key>`,
 * and, when `judge0Route` (a route of the Judge0-compatible API), Judge0's own `X-Auth-Token: <key>`.
 * @returns the key's text (trimmed), or null when none of those headers carries one.
 */
export function presentedKey(headers: Headers, judge0Route = false): string | null {
  const direct = single(headers['x-api-key']);
  if (direct) return direct;
  const authorization = single(headers.authorization);
  const bearer = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  if (bearer) return bearer[1]!;
  if (judge0Route) return single(headers['x-auth-token']) ?? null;
  return null;
}
