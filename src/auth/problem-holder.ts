import type { Caller } from './caller.js';
import { Role } from './role.js';
import type { StoredProblem } from '../persistence/problems/problem-records.js';

/**
 * Whether `caller` holds problem `problem` (docs/problem-ownership.md): an admin (an API running open
 * treats every caller as one) holds every problem, a key holds the problems it created or imported.
 * Only a holder may replace, delete, verify or rejudge a problem, read its verifications, see its
 * secret test data and its callback URL.
 */
export function holdsProblem(caller: Caller, problem: Pick<StoredProblem, 'ownerKeyId'>): boolean {
  if (caller.role === Role.Admin) return true;
  return caller.keyId !== null && (problem.ownerKeyId ?? null) === caller.keyId;
}
