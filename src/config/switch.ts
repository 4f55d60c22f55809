/**
 * The values of an on/off environment variable: strings, since class-validator's implicit
 * conversion would turn `"false"` into true. Read one as `env.X === 'true'`.
 */
export const SWITCH = ['true', 'false'] as const;
/** An on/off environment variable's value. */
export type Switch = (typeof SWITCH)[number];
