import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { Redis } from 'ioredis';
import { firstValueFrom, timeout } from 'rxjs';
import { WorkerPattern, type LanguageInfo, type ListLanguagesReply } from '../../libs/contracts/index.js';
import { extensionsOf, LANGUAGES } from '../../libs/judging/index.js';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { WORKER_CLIENT } from './worker-client.token.js';

/** How long to wait for the first worker's answer, ms. */
export const WORKER_ANSWER_TIMEOUT_MS = 2000;
/** Age after which the cached list is refreshed, ms. */
export const LANGUAGES_FRESH_MS = 30_000;
/** Least time between two refreshes caused by an unknown language, ms (so bad requests cannot flood the workers). */
export const MISS_REFRESH_INTERVAL_MS = 2000;

/** Result of checking a language id. */
export interface LanguageCheck {
  known: boolean;
  /** Ids offered, sorted; for the error message. */
  available: string[];
}

/**
 * A language of `GET /languages`: one a worker offers (`served`, with the version it detected),
 * or, while no worker has answered yet, a language of the table (`served: false`, version null),
 * for which submissions are accepted and wait in the queue.
 */
export interface LanguageAvailability {
  id: string;
  name: string;
  /** Toolchain version a worker detected; null when no worker has answered. */
  version: string | null;
  /** Whether a worker offered it in its last answer. */
  served: boolean;
  /** File name endings of its sources, the usual one first (e.g. `['.py']`): the worker's, else the table's. */
  extensions: string[];
}

/** The language table as `GET /languages` lists it before any worker answered: not served, no version; sorted by id. */
const TABLE_ENTRIES: readonly LanguageAvailability[] = LANGUAGES.map((language) => ({
  id: language.id,
  name: language.name,
  version: null,
  served: false,
  extensions: extensionsOf(language),
})).sort((a, b) => a.id.localeCompare(b.id));

/** Each table language's file name endings, by id. */
const TABLE_EXTENSIONS = new Map(TABLE_ENTRIES.map((entry) => [entry.id, entry.extensions]));

/** A worker's answer as listed: served, with the table's extensions when the worker gave none (an older worker). */
function servedEntry(language: LanguageInfo): LanguageAvailability {
  return { ...language, served: true, extensions: language.extensions ?? TABLE_EXTENSIONS.get(language.id) ?? [] };
}

/** The language table's ids, sorted (what a submission may name before any worker answered). */
const TABLE_IDS = TABLE_ENTRIES.map((entry) => entry.id);

function isLanguageList(value: unknown): value is ListLanguagesReply {
  return (
    Array.isArray(value) &&
    value.every(
      (item) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as LanguageInfo).id === 'string' &&
        typeof (item as LanguageInfo).name === 'string' &&
        typeof (item as LanguageInfo).version === 'string',
    )
  );
}

/**
 * The languages the workers can judge, asked of them with `WorkerPattern.ListLanguages`
 * over the Redis transport (the first worker to answer wins) and cached in this process.
 * The cache is refreshed when older than 30 s and, at most every 2 s, when a submission
 * names a language it does not hold; concurrent refreshes share one request.
 *
 * Until a worker has answered once (a fresh API, workers still starting or not yet deployed),
 * the language table (libs/judging) stands in: its languages are accepted and queued, and
 * `GET /languages` lists them with `served: false`. A worker that takes a job in a language it
 * cannot judge ends it as Internal Error naming the language.
 */
@Injectable()
export class LanguagesService {
  private readonly logger = new Logger('Languages');
  private cache: { languages: LanguageInfo[]; fetchedAt: number } | null = null;
  private inFlight: Promise<LanguageInfo[]> | null = null;
  private lastMissRefreshAt = Number.NEGATIVE_INFINITY;
  /** The last request found no worker (and none has ever answered). */
  private workersSilent = false;

  constructor(
    @Inject(WORKER_CLIENT) private readonly workers: ClientProxy,
    /** Only to tell "Redis is down" from "no worker answered" in errors. */
    @Inject(REDIS_CLIENT) private readonly redis: Pick<Redis, 'status'>,
  ) {}

  /**
   * What the workers offer, sorted by id: the cache when fresh, else a worker's answer.
   * @throws DependencyUnavailableError('worker') when no worker answers within 2 s ('Redis' when Redis is down).
   */
  async served(): Promise<LanguageInfo[]> {
    if (this.cache && Date.now() - this.cache.fetchedAt < LANGUAGES_FRESH_MS) return this.cache.languages;
    return this.refresh();
  }

  /**
   * `GET /languages`: what the workers offer (served, sorted by id); while no worker has ever
   * answered, the language table instead (`served: false`, version null). A stale cache answers
   * when the workers stop answering.
   * @throws DependencyUnavailableError('Redis') when Redis is down (no submission could be queued).
   */
  async list(): Promise<LanguageAvailability[]> {
    try {
      return (await this.served()).map(servedEntry);
    } catch (error) {
      if (this.cache) return this.cache.languages.map(servedEntry);
      if (error instanceof DependencyUnavailableError && error.dependency === 'worker') {
        return [...TABLE_ENTRIES];
      }
      throw error;
    }
  }

  /**
   * Whether some worker offers language `id`. A known id is answered from the cache, even a
   * stale one (a job waits in the queue until a worker takes it). An unknown id triggers a
   * refresh, at most every 2 s; when that fails the (stale) cache decides, and when no worker
   * has ever answered the language table does (the submission waits for a worker).
   * @throws DependencyUnavailableError('Redis') when Redis is down and no worker has ever answered.
   */
  async check(id: string): Promise<LanguageCheck> {
    const now = Date.now();
    if (this.cache?.languages.some((language) => language.id === id)) {
      if (now - this.cache.fetchedAt >= LANGUAGES_FRESH_MS) this.refresh().catch(() => undefined);
      return { known: true, available: this.ids() };
    }
    if (!this.cache && this.workersSilent) {
      // No worker has ever answered: the table decides at once, rather than every submission
      // waiting out another WORKER_ANSWER_TIMEOUT_MS; the workers are asked again in the
      // background, at most every MISS_REFRESH_INTERVAL_MS.
      if (now - this.lastMissRefreshAt >= MISS_REFRESH_INTERVAL_MS) {
        this.lastMissRefreshAt = now;
        this.refresh().catch(() => undefined);
      }
      return this.tableCheck(id);
    }
    if (!this.cache || now - this.lastMissRefreshAt >= MISS_REFRESH_INTERVAL_MS) {
      this.lastMissRefreshAt = now;
      try {
        await this.refresh();
      } catch (error) {
        if (!this.cache) {
          if (error instanceof DependencyUnavailableError && error.dependency === 'worker') return this.tableCheck(id);
          throw error;
        }
      }
    }
    return { known: this.cache!.languages.some((language) => language.id === id), available: this.ids() };
  }

  private tableCheck(id: string): LanguageCheck {
    return { known: TABLE_IDS.includes(id), available: TABLE_IDS };
  }

  private ids(): string[] {
    return (this.cache?.languages ?? []).map((language) => language.id);
  }

  private refresh(): Promise<LanguageInfo[]> {
    this.inFlight ??= this.ask().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async ask(): Promise<LanguageInfo[]> {
    let reply: unknown;
    try {
      reply = await firstValueFrom(
        this.workers.send<unknown, Record<string, never>>(WorkerPattern.ListLanguages, {}).pipe(timeout(WORKER_ANSWER_TIMEOUT_MS)),
      );
    } catch (error) {
      if (this.redis.status !== 'ready') {
        throw new DependencyUnavailableError(
          'Redis',
          'Redis is unavailable, so no worker can be asked which languages it offers; try again later',
          {
            cause: error,
          },
        );
      }
      this.workersSilent = true;
      throw new DependencyUnavailableError(
        'worker',
        `no worker answered within ${WORKER_ANSWER_TIMEOUT_MS} ms, so the available languages are unknown; start a worker or try again later`,
        { cause: error },
      );
    }
    if (!isLanguageList(reply)) {
      this.logger.error({ reply: typeof reply }, 'a worker answered the language request with something else than LanguageInfo[]');
      throw new DependencyUnavailableError('worker', 'a worker gave an invalid language list; try again later');
    }
    const languages = [...reply].sort((a, b) => a.id.localeCompare(b.id));
    this.cache = { languages, fetchedAt: Date.now() };
    this.workersSilent = false;
    return languages;
  }
}
