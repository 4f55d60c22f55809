import { registerAs, type ConfigFactory, type ConfigFactoryKeyHost } from '@nestjs/config';
import { parseEnv, type EnvClass } from './env-validation.js';

/**
 * A `registerAs` namespace that also carries the class validating its environment
 * variables, so the config module can validate every namespace at start-up.
 * Inject the value with `@Inject(ns.KEY) cfg: ConfigType<typeof ns>`.
 */
export type ValidatedConfig<C extends object, E extends object = object> = (() => C) &
  ConfigFactoryKeyHost<C> & { readonly envClass: EnvClass<E> };

/** Any validated namespace, whatever its value type: what the config module takes in lists. */
export type AnyValidatedConfig = ConfigFactory & { readonly KEY: string | symbol; readonly envClass: EnvClass<object> };

/**
 * Defines a config namespace `key` whose value is `map(parsed env)`.
 * @param key namespace name, e.g. `redis` (also the `ConfigService` path prefix).
 * @param envClass class-validator class declaring the variables, with defaults.
 * @param map turns the validated variables into the typed config object.
 * @throws EnvValidationError (when the factory runs) if a variable is invalid.
 */
export function defineConfig<C extends object, E extends object>(
  key: string,
  envClass: EnvClass<E>,
  map: (env: E) => C,
): ValidatedConfig<C, E> {
  const factory = registerAs(key, () => map(parseEnv(envClass, process.env)));
  return Object.assign(factory, { envClass }) as unknown as ValidatedConfig<C, E>;
}
