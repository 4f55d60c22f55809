import type { LanguageInfo } from './language-info.js';

/** How often a worker stores its WorkerStatus, ms. */
export const WORKER_HEARTBEAT_MS = 5000;

/**
 * Lifetime of a stored WorkerStatus, ms: three heartbeats. A worker that stops beating (killed,
 * frozen, cut off from Redis) disappears from `GET /workers` within this time.
 */
export const WORKER_STATUS_TTL_MS = 3 * WORKER_HEARTBEAT_MS;

/** What a worker is doing as a whole. */
export enum WorkerState {
  /** Started, warming its compiler caches; takes no job yet. */
  Starting = 'starting',
  /** Taking jobs. */
  Ready = 'ready',
  /** Shutting down: takes no new job, finishes the running ones. */
  Draining = 'draining',
}

/**
 * A worker's heartbeat: stored as JSON under `workerStatusKey(prefix, workerId)` every
 * WORKER_HEARTBEAT_MS with a WORKER_STATUS_TTL_MS expiry, deleted when the worker stops.
 * The API lists them in `GET /workers` and counts them in `/health/ready`.
 */
export interface WorkerStatus {
  /** `<host>:<pid>:<random>`, unique per worker process start. */
  workerId: string;
  host: string;
  pid: number;
  state: WorkerState;
  /** Sandbox slots: jobs judged at once (never more than the worker's CPUs). */
  slots: number;
  /** The CPU each slot's runs are pinned to (index = slot), or null when runs are not pinned. */
  slotCpus: number[] | null;
  /** Speed relative to the reference host, measured at start (> 1: faster); null when unknown. */
  speedFactor: number | null;
  /** Median CPU time of the speed benchmark, ms; null when unknown. */
  speedBenchmarkMs: number | null;
  /** Whether it divides time limits by `speedFactor` (JUDGE_SCALE_LIMITS_BY_SPEED). */
  limitsScaledBySpeed: boolean;
  /** Jobs being judged now. */
  busySlots: number;
  /** Jobs (judgings and verifications) ended since start, whatever their outcome. */
  jobsDone: number;
  /** The languages it judges, with the toolchain versions it detected at start. */
  languages: LanguageInfo[];
  /** ISO-8601 times. */
  startedAt: string;
  lastSeenAt: string;
}

/** Redis key of one worker's status, e.g. `verdict:workers:judge-1:4242:9f3a`. */
export function workerStatusKey(queuePrefix: string, workerId: string): string {
  return `${queuePrefix}:workers:${workerId}`;
}

/** SCAN pattern matching every worker status key of a queue prefix. */
export function workerStatusPattern(queuePrefix: string): string {
  return `${queuePrefix}:workers:*`;
}
