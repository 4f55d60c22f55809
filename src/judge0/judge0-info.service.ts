import { cpus, endianness, freemem, machine, totalmem } from 'node:os';
import { InjectQueue } from '@nestjs/bullmq';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '../../libs/contracts/index.js';
import { callDependency } from '../common/dependency-errors.js';
import { resolveLimits } from '../common/judge-limits.js';
import { judge0Config, type Judge0Config } from '../config/judge0.config.js';
import { judgeLimitsConfig, type JudgeLimitsSettings } from '../config/judge-limits.config.js';
import { webhooksConfig, type WebhookSettings } from '../config/webhooks.config.js';
import { LanguagesService } from '../languages/languages.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { judge0LanguageDetails, judge0Languages, type Judge0Language, type Judge0LanguageDetails } from './judge0-languages.js';
import { MAX_CPU_EXTRA_TIME_S } from './judge0-request.js';
import { JUDGE0_STATUSES, type Judge0Status } from '../judge0-format/judge0-status.js';
import { RUN_PROCESS_LIMIT } from '../judge0-format/judge0-submission.js';
import { Judge0Exception } from './judge0.exception.js';

/**
 * The Judge0 API version this surface answers as. The official Python SDK looks language
 * aliases up by `GET /about`'s `version` (its table has `1.13.1`), so it must be one it knows.
 */
export const JUDGE0_API_VERSION = '1.13.1';

/** How long `GET /statistics` is cached, ms (Judge0 caches it 10 minutes). */
const STATISTICS_CACHE_MS = 10 * 60 * 1000;

/** Judge0's `GET /config_info`: the defaults and maxima a submission gets, in Judge0's names and units. */
export interface Judge0ConfigInfo {
  [key: string]: boolean | number | string[];
}

/**
 * The informational Judge0 endpoints: languages, statuses, `/about`, `/version`, `/config_info`,
 * `/system_info`, `/workers` and `/statistics`, each in Judge0's shape and filled with what Verdict
 * really does (docs/judge0.md says where Verdict differs).
 */
@Injectable()
export class Judge0InfoService {
  private statistics: { value: Record<string, unknown>; until: number } | null = null;

  constructor(
    private readonly languages: LanguagesService,
    private readonly submissions: SubmissionsService,
    @InjectQueue(QueueName.Submissions) private readonly queue: Queue,
    @Inject(judge0Config.KEY) private readonly config: Judge0Config,
    @Inject(judgeLimitsConfig.KEY) private readonly limits: JudgeLimitsSettings,
    @Inject(webhooksConfig.KEY) private readonly webhooks: WebhookSettings,
  ) {}

  /** `GET /languages` (and `/languages/all`: Verdict has no archived languages). @throws DependencyUnavailableError (503) when no worker answers. */
  async list(): Promise<Judge0Language[]> {
    return judge0Languages(await this.languages.served());
  }

  /** `GET /languages/all`: every language with `is_archived` (always false). */
  async listAll(): Promise<(Judge0Language & { is_archived: boolean })[]> {
    return (await this.list()).map((language) => ({ ...language, is_archived: false }));
  }

  /** `GET /languages/:id`. @throws Judge0Exception 404 when no offered language has that Judge0 id. */
  async language(id: string): Promise<Judge0LanguageDetails> {
    const details = /^\d+$/.test(id) ? judge0LanguageDetails(Number(id), await this.languages.served()) : undefined;
    if (!details) throw Judge0Exception.error(`language with id ${id} doesn't exist`, HttpStatus.NOT_FOUND);
    return details;
  }

  /** `GET /statuses`: Judge0's 14 statuses. */
  statuses(): readonly Judge0Status[] {
    return JUDGE0_STATUSES;
  }

  /** `GET /about`: `version` is the Judge0 API version answered (clients branch on it). */
  about(): Record<string, string | null> {
    return {
      version: JUDGE0_API_VERSION,
      homepage: null,
      source_code: null,
      maintainer: 'Verdict (a Judge0 CE-compatible API; see docs/judge0.md)',
    };
  }

  /**
   * `GET /config_info`: Verdict's defaults and maxima (judgeLimits) in Judge0's units (seconds, KB),
   * and the switches as Verdict sets them: no compiler options, arguments, additional files,
   * network, per-process limits or several runs; callbacks when the deployment sends webhooks
   * (WEBHOOK_SECRET set), with WEBHOOK_MAX_ATTEMPTS tries and WEBHOOK_TIMEOUT_MS (in seconds) each.
   */
  configInfo(): Judge0ConfigInfo {
    const { maxima } = this.limits;
    const defaults = resolveLimits(undefined, this.limits);
    // The sender refuses (and the API does not accept) any callback without WEBHOOK_SECRET.
    const callbacks = this.webhooks.secret !== null;
    return {
      maintenance_mode: false,
      enable_wait_result: this.config.enableWaitResult,
      enable_compiler_options: false,
      allowed_languages_for_compile_options: [],
      enable_command_line_arguments: false,
      enable_submission_delete: this.config.enableSubmissionDelete,
      enable_callbacks: callbacks,
      callbacks_max_tries: callbacks ? this.webhooks.maxAttempts : 0,
      callbacks_timeout: callbacks ? this.webhooks.timeoutMs / 1000 : 0,
      enable_additional_files: false,
      max_queue_size: 0,
      cpu_time_limit: defaults.cpuTimeMs / 1000,
      max_cpu_time_limit: maxima.cpuTimeMs / 1000,
      cpu_extra_time: 0,
      max_cpu_extra_time: MAX_CPU_EXTRA_TIME_S,
      wall_time_limit: defaults.wallTimeMs / 1000,
      max_wall_time_limit: maxima.wallTimeMs / 1000,
      memory_limit: defaults.memoryKiB,
      max_memory_limit: maxima.memoryKiB,
      stack_limit: defaults.memoryKiB,
      max_stack_limit: maxima.memoryKiB,
      max_processes_and_or_threads: RUN_PROCESS_LIMIT,
      max_max_processes_and_or_threads: RUN_PROCESS_LIMIT,
      enable_per_process_and_thread_time_limit: false,
      allow_enable_per_process_and_thread_time_limit: false,
      enable_per_process_and_thread_memory_limit: false,
      allow_enable_per_process_and_thread_memory_limit: false,
      max_file_size: defaults.outputKiB,
      max_max_file_size: maxima.outputKiB,
      number_of_runs: 1,
      max_number_of_runs: 1,
      redirect_stderr_to_stdout: false,
      max_extract_size: 0,
      enable_batched_submissions: true,
      max_submission_batch_size: this.config.maxBatchSize,
      submission_cache_duration: 0,
      use_docs_as_homepage: false,
      enable_network: false,
      allow_enable_network: false,
    };
  }

  /** `GET /system_info`: the API host, with lscpu's and free's names as Judge0 reports them. */
  systemInfo(): Record<string, string> {
    const processors = cpus();
    const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)}G`;
    return {
      Architecture: machine(),
      'Byte Order': endianness() === 'LE' ? 'Little Endian' : 'Big Endian',
      'CPU(s)': String(processors.length),
      'Model name': processors[0]?.model ?? 'unknown',
      Mem: gib(totalmem()),
      'Mem free': gib(freemem()),
    };
  }

  /**
   * `GET /workers`: the judge queue as Judge0 reports its queues: workers connected (`available`),
   * jobs being judged (`working`), `idle` = available − working (at least 0; a worker judges
   * several submissions at once), `paused` (all when the queue is paused), jobs that `failed`.
   * @throws DependencyUnavailableError('Redis') (503).
   */
  async workers(): Promise<Record<string, string | number>[]> {
    const [available, working, paused, failed] = await callDependency('Redis', 'reading the queue', () =>
      Promise.all([this.queue.getWorkersCount(), this.queue.getActiveCount(), this.queue.isPaused(), this.queue.getFailedCount()]),
    );
    return [
      {
        queue: QueueName.Submissions,
        available,
        idle: Math.max(0, available - working),
        working,
        paused: paused ? available : 0,
        failed,
      },
    ];
  }

  /**
   * `GET /statistics`, cached 10 minutes as in Judge0: submissions made through this API in all,
   * today (UTC) and per day of the last 30 days. Judge0's per-language, per-status and database
   * figures are not reported.
   * @throws DependencyUnavailableError('MongoDB') (503).
   */
  async statisticsReport(): Promise<Record<string, unknown>> {
    const now = Date.now();
    if (this.statistics && this.statistics.until > now) return this.statistics.value;
    const today = new Date(now);
    today.setUTCHours(0, 0, 0, 0);
    const day = 24 * 60 * 60 * 1000;
    const lastDays: Record<string, number> = {};
    let after = await this.submissions.countJudge0(new Date(today.getTime() - 29 * day));
    for (let i = 29; i >= 0; i--) {
      const start = new Date(today.getTime() - i * day);
      const later = i === 0 ? 0 : await this.submissions.countJudge0(new Date(start.getTime() + day));
      lastDays[start.toISOString().slice(0, 10)] = after - later;
      after = later;
    }
    const value = {
      created_at: new Date(now).toISOString(),
      cached_until: new Date(now + STATISTICS_CACHE_MS).toISOString(),
      submissions: {
        total: await this.submissions.countJudge0(null),
        today: lastDays[today.toISOString().slice(0, 10)] ?? 0,
        last_30_days: lastDays,
      },
    };
    this.statistics = { value, until: now + STATISTICS_CACHE_MS };
    return value;
  }
}
