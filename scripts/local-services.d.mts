// Types for local-services.mjs, so TypeScript tests can import it.

export interface EnsureServicesOptions {
  /** Where the services keep their data (kept after stop()). Default: a fresh temp dir, removed by stop(). */
  dir?: string;
  /** Do not print the one-line notice per service on stderr. */
  quiet?: boolean;
}

export interface LocalServices {
  /** REDIS_URL from the environment, or `redis://127.0.0.1:PORT` of the redis-server started here. */
  redisUrl: string;
  /** MONGO_URI from the environment, or `mongodb://127.0.0.1:PORT/verdict` of the mongod/FerretDB started here. */
  mongoUri: string;
  /** Stops whatever was started here (nothing if both came from the environment). Idempotent. */
  stop(): Promise<void>;
}

export function ensureServices(options?: EnsureServicesOptions): Promise<LocalServices>;
