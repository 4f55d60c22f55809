import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** A class whose properties are environment variable names, each with a default value and class-validator rules. */
export type EnvClass<E extends object> = new () => E;

/**
 * Thrown at start-up when environment variables are invalid. The message lists
 * every offending variable with the rule it broke (never its value, which may be a secret),
 * e.g. `Invalid configuration: PORT must not be greater than 65535; REDIS_URL must be a redis:// or rediss:// URL`.
 */
export class EnvValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}. Fix these environment variables (see .env.example) and restart.`);
    this.name = 'EnvValidationError';
  }
}

/**
 * Picks the variables that `envClass` declares out of `env`, converts them to the declared
 * property types (numbers from strings) and fills the class defaults for missing ones.
 * An empty string counts as unset, so `PORT=` in a .env file means "use the default".
 * Does not validate; see {@link collectEnvProblems} and {@link parseEnv}.
 */
function toEnvInstance<E extends object>(envClass: EnvClass<E>, env: Record<string, unknown>): E {
  const defaults = new envClass();
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const raw = env[key];
    if (raw !== undefined && raw !== '') picked[key] = raw;
  }
  return plainToInstance(envClass, { ...defaults, ...picked }, { enableImplicitConversion: true });
}

function flatten(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((error) => [...Object.values(error.constraints ?? {}), ...flatten(error.children ?? [])]);
}

/**
 * Validates the variables `envClass` declares.
 * @returns one message per broken rule, naming the variable; empty when all are valid.
 */
export function collectEnvProblems<E extends object>(envClass: EnvClass<E>, env: Record<string, unknown>): string[] {
  return flatten(validateSync(toEnvInstance(envClass, env), { forbidUnknownValues: true }));
}

/**
 * Reads, converts and validates the variables `envClass` declares.
 * @returns an instance of `envClass` with defaults filled in and numbers converted.
 * @throws EnvValidationError naming every invalid variable.
 */
export function parseEnv<E extends object>(envClass: EnvClass<E>, env: Record<string, unknown>): E {
  const problems = collectEnvProblems(envClass, env);
  if (problems.length > 0) throw new EnvValidationError(problems);
  return toEnvInstance(envClass, env);
}
