import { constants } from 'node:os';

const NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, num]) => [num, name]));

/** `SIGSEGV` for 11 and so on; `SIG<n>` for numbers Node does not name. */
export function signalName(signal: number): string {
  return NAMES.get(signal) ?? `SIG${signal}`;
}

/** Signal number for a name such as `SIGKILL`, or undefined. */
export function signalNumber(name: string): number | undefined {
  return (constants.signals as Record<string, number>)[name];
}
