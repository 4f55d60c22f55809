import { constants } from 'node:os';

/** Number → name, the first name Node lists winning: SIGABRT rather than its alias SIGIOT. */
const NAMES = new Map<number, string>();
for (const [name, num] of Object.entries(constants.signals)) if (!NAMES.has(num)) NAMES.set(num, name);

/** `SIGSEGV` for 11 and so on; `SIG<n>` for numbers Node does not name. */
export function signalName(signal: number): string {
  return NAMES.get(signal) ?? `SIG${signal}`;
}
