import type { LanguageInfo } from './language-info.js';

/**
 * Message patterns on the Nest Redis transport between API and workers.
 * These are requests and broadcasts only; a message with no listener is lost,
 * so nothing that must not be lost travels here.
 */
export enum WorkerPattern {
  /** Request: which languages can you judge? Reply: `LanguageInfo[]`. */
  ListLanguages = 'worker.languages',
  /** Request: how are you? Reply: `WorkerStatus`. */
  Status = 'worker.status',
}

/** Reply to `WorkerPattern.ListLanguages`. */
export type ListLanguagesReply = LanguageInfo[];

/** Reply to `WorkerPattern.Status`. */
export interface WorkerStatus {
  workerId: string;
  hostname: string;
  pid: number;
  /** Runs allowed at once on this worker. */
  concurrency: number;
  /** Submissions being judged now. */
  active: number;
  /** Seconds since the worker started. */
  uptimeS: number;
  languages: string[];
  /** The worker's local test data cache since it started: files found on disk (hits) and downloaded (misses). */
  testDataCache?: { hits: number; misses: number; bytesDownloaded: number };
}
