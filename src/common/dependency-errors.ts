import { DependencyUnavailableError, type Dependency } from './dependency-unavailable.error.js';

/** Error names the MongoDB driver and Mongoose use when the server is unreachable or the link broke. */
const MONGO_CONNECTIVITY_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoOperationTimeoutError',
]);

/** Mongoose's own errors for a connection that is not open (bufferCommands is off). */
const MONGOOSE_NOT_CONNECTED = /before initial connection is complete|Connection was force closed|Client must be connected/;

/** ioredis errors for a connection that is down, retried out or too slow. */
const REDIS_CONNECTIVITY_ERRORS = new Set(['MaxRetriesPerRequestError', 'ConnectionClosedError']);
const REDIS_CONNECTIVITY_MESSAGES =
  /enableOfflineQueue|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Stream isn't writeable/;

/**
 * Tells which dependency a driver error says is unreachable.
 * @returns `MongoDB`, `Redis`, or null when `error` is not a connectivity error (a bug, a bad query, ...).
 */
export function unreachableDependencyOf(error: unknown): Dependency | null {
  if (error instanceof DependencyUnavailableError) return error.dependency;
  if (!(error instanceof Error)) return null;
  if (MONGO_CONNECTIVITY_ERRORS.has(error.name)) return 'MongoDB';
  if (error.name === 'MongooseError' && MONGOOSE_NOT_CONNECTED.test(error.message)) return 'MongoDB';
  if (REDIS_CONNECTIVITY_ERRORS.has(error.name)) return 'Redis';
  if (REDIS_CONNECTIVITY_MESSAGES.test(error.message) && !error.name.startsWith('Mongo')) return 'Redis';
  return null;
}

/**
 * Runs `operation` against `dependency`; any error it throws becomes a
 * DependencyUnavailableError, since every failure of these calls means the store
 * did not do what was asked. Use only around calls whose inputs are already validated.
 * @throws DependencyUnavailableError with `message` `<dependency> is unavailable: <what>`.
 */
export async function callDependency<T>(dependency: Dependency, what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof DependencyUnavailableError) throw error;
    throw new DependencyUnavailableError(dependency, `${dependency} is unavailable (${what} failed); try again later`, {
      cause: error,
    });
  }
}

/**
 * Resolves like `promise`, or rejects with DependencyUnavailableError after `timeoutMs`.
 * The underlying operation is not cancelled; use only where finishing late is harmless.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, dependency: Dependency, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DependencyUnavailableError(dependency, `${dependency} did not answer within ${timeoutMs} ms (${what}); try again later`),
        ),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs `operation`; converts only connectivity errors (see unreachableDependencyOf) into
 * DependencyUnavailableError and lets every other error through unchanged, so bugs stay visible.
 * @throws DependencyUnavailableError when `dependency` is unreachable; otherwise what `operation` throws.
 */
export async function guardConnectivity<T>(dependency: Dependency, what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof DependencyUnavailableError) throw error;
    if (unreachableDependencyOf(error) === dependency) {
      throw new DependencyUnavailableError(dependency, `${dependency} is unavailable (${what} failed); try again later`, {
        cause: error,
      });
    }
    throw error;
  }
}
