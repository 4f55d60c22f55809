import type { LanguageInfo } from './language-info.js';

/**
 * Message patterns on the Nest Redis transport between API and workers.
 * These are requests and broadcasts only; a message with no listener is lost,
 * so nothing that must not be lost travels here.
 */
export enum WorkerPattern {
  /** Request: which languages can you judge? Reply: `LanguageInfo[]`. */
  ListLanguages = 'worker.languages',
}

/** Reply to `WorkerPattern.ListLanguages`. */
export type ListLanguagesReply = LanguageInfo[];
