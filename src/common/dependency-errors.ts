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

/**
 * MongoDB driver errors raised before an operation was sent: no server could be selected, the client
 * is not (or no longer) connected, or the connection pool was cleared before a connection was checked
 * out. The operation certainly did not run, so running it again cannot apply it twice. A network
 * error in the middle of an operation (MongoNetworkError) is not here: the server may have applied it.
 */
const MONGO_NOT_SENT_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/**
 * Whether `error` (a DependencyUnavailableError or a driver error) says a MongoDB operation was never
 * sent (see MONGO_NOT_SENT_ERRORS), so that retrying it is safe even for a non-idempotent write.
 */
export function isUnsentMongoOperation(error: unknown): boolean {
  const driverError = error instanceof DependencyUnavailableError ? error.cause : error;
  if (!(driverError instanceof Error)) return false;
  if (MONGO_NOT_SENT_ERRORS.has(driverError.name)) return true;
  return driverError.name === 'MongooseError' && MONGOOSE_NOT_CONNECTED.test(driverError.message);
}

/** ioredis errors for a connection that is down, retried out or too slow. */
const REDIS_CONNECTIVITY_ERRORS = new Set(['MaxRetriesPerRequestError', 'ConnectionClosedError']);
const REDIS_CONNECTIVITY_MESSAGES =
  /enableOfflineQueue|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Stream isn't writeable/;

/** ioredis messages for a command refused before it was written: no connection and no offline queue, or the connect itself failed. */
const REDIS_NOT_SENT_MESSAGES = /enableOfflineQueue|Stream isn't writeable|ECONNREFUSED/;

/**
 * Whether `error` (a DependencyUnavailableError or an ioredis error) says a Redis command was never
 * written to the server (see REDIS_NOT_SENT_MESSAGES), so that sending it again cannot apply it twice.
 * A timeout or a connection closed mid-command is not: the server may have run it.
 */
export function isUnsentRedisCommand(error: unknown): boolean {
  const driverError = error instanceof DependencyUnavailableError ? error.cause : error;
  return driverError instanceof Error && REDIS_NOT_SENT_MESSAGES.test(driverError.message);
}

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
