import type { VerdictApi } from './api-client.js';
import { CliError } from './cli-error.js';
import { readProblemPage } from './server-messages.js';

/** Problems per page asked for (the API's largest page). */
const PAGE_SIZE = 100;
/** Most pages read looking for a slug (so 10 000 problems). */
const MAX_PAGES = 100;

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/**
 * The id of the problem `slugOrId` names: a 24-hex-digit id as it is, else the problem with that slug,
 * found by paging through `GET /problems` (the API looks problems up by id only).
 * @throws CliError (exit 2) when no problem has that slug within MAX_PAGES pages, or the API fails.
 */
export async function resolveProblemId(api: VerdictApi, slugOrId: string): Promise<string> {
  if (OBJECT_ID.test(slugOrId)) return slugOrId;
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: string = `/problems?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const found = await api.get(query, readProblemPage);
    const match = found.items.find((p) => p.slug === slugOrId);
    if (match) return match.id;
    cursor = found.nextCursor;
    if (!cursor) break;
  }
  throw new CliError(`--problem: no problem with slug or id "${slugOrId}" (verdict problems import DIR adds one)`);
}
