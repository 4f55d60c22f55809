import { randomUUID } from 'node:crypto';
import { ConflictException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { SubmissionStatus, type LanguageInfo } from '../../libs/contracts/index.js';
import type { Caller } from '../auth/caller.js';
import { SubmissionAccess } from '../auth/submission-access.js';
import { MAX_PAGE_SIZE } from '../common/cursor-page.js';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import { judge0Config, type Judge0Config } from '../config/judge0.config.js';
import { judgeLimitsConfig, type JudgeLimitsSettings } from '../config/judge-limits.config.js';
import { LanguagesService } from '../languages/languages.service.js';
import type { Judge0SubmissionRow } from '../persistence/submissions/submission-records.js';
import { UnfinishedSubmissionsGate } from '../quotas/unfinished-submissions.gate.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { CallbackUrlPolicy } from '../webhooks/callback-url.policy.js';
import { FinishWaiter } from '../results/finish-waiter.js';
import { judge0Languages, type Judge0Language } from './judge0-languages.js';
import { judge0ErrorsOf, parseJudge0Submission, type Judge0FieldErrors } from './judge0-request.js';
import {
  parseFields,
  RUN_PROCESS_LIMIT,
  serializeSubmission,
  type Judge0Field,
  type SerializeContext,
} from '../judge0-format/judge0-submission.js';
import { judge0StatusOf } from '../judge0-format/judge0-status.js';
import { Judge0Exception } from './judge0.exception.js';

/** Highest Judge0 list page accepted (a million pages of up to MAX_PAGE_SIZE submissions). */
const MAX_JUDGE0_PAGE = 1_000_000;

/** The query of a Judge0 submission request (`base64_encoded`, `wait`, `fields`, `page`, `per_page`, `tokens`), as strings. */
export type Judge0Query = Record<string, unknown>;

/** The request field of a Judge0 callback URL, as named in CallbackUrlPolicy's messages and the 422 body. */
const CALLBACK_FIELD = 'callback_url';

/** Judge0's default page size of `GET /submissions`. */
const DEFAULT_PER_PAGE = 20;

/**
 * A boolean query parameter as Judge0 reads it: `true` (any case) is true, anything else false.
 */
function flag(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'true';
}

/**
 * The Judge0 CE-compatible submissions API (docs/judge0.md): a thin adapter over
 * SubmissionsService, so a Judge0 submission is validated, limited, stored, queued, judged and
 * published exactly as one made through Verdict's own API. What it adds: Judge0's names, units
 * and Base64, a random UUID token per submission, `wait=true` (bounded by JUDGE0_WAIT_TIMEOUT_MS),
 * batches of at most JUDGE0_MAX_BATCH_SIZE, Judge0's error shapes (Judge0Exception), and
 * `callback_url` checked by the webhooks' address guard (the worker PUTs the result there).
 * Every method takes the request's Caller (docs/auth.md): submissions are owned by its key, and a
 * token of a submission the key may not read answers 404 like an unknown one (in a batch, null).
 * The key comes in `X-Auth-Token` (Judge0's header), `x-api-key` or `Authorization: Bearer`.
 */
@Injectable()
export class Judge0Service {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly unfinished: UnfinishedSubmissionsGate,
    private readonly access: SubmissionAccess,
    private readonly languages: LanguagesService,
    private readonly waiter: FinishWaiter,
    private readonly callbacks: CallbackUrlPolicy,
    @Inject(judge0Config.KEY) private readonly config: Judge0Config,
    @Inject(judgeLimitsConfig.KEY) private readonly limits: JudgeLimitsSettings,
  ) {}

  /**
   * `POST /submissions`: creates one submission.
   * @returns `{ token }`, or with `wait=true` the submission's `fields` once judged (or as it stands
   *   after JUDGE0_WAIT_TIMEOUT_MS: still In Queue or Processing, to be polled by token).
   * @throws Judge0Exception 422 naming each bad field; 400 `wait not allowed` when JUDGE0_ENABLE_WAIT_RESULT is false,
   *   400 `invalid fields: [...]`.
   * @throws DependencyUnavailableError (503) when MongoDB, Redis or every worker is unreachable.
   */
  async create(body: unknown, query: Judge0Query, caller: Caller): Promise<Record<string, unknown>> {
    const wait = flag(query.wait);
    if (wait && !this.config.enableWaitResult) throw Judge0Exception.error('wait not allowed');
    const fields = this.fields(query);
    const base64 = flag(query.base64_encoded);
    const outcome = await this.createOne(body, base64, caller);
    if (!outcome.ok) throw Judge0Exception.invalid(outcome.errors);
    if (!wait) return { token: outcome.token };
    await this.waiter.waitForFinish(outcome.id, this.config.waitTimeoutMs);
    return this.show(outcome.token, query, caller);
  }

  /**
   * `POST /submissions/batch` `{ submissions: [...] }`: creates each valid one, in order.
   * @returns one element per submission: `{ token }`, or its field errors (as Judge0 does; the others are still created).
   * @throws Judge0Exception 400 when `submissions` is not a non-empty array of at most JUDGE0_MAX_BATCH_SIZE.
   */
  async createBatch(body: unknown, query: Judge0Query, caller: Caller): Promise<Record<string, unknown>[]> {
    const list = typeof body === 'object' && body !== null ? (body as { submissions?: unknown }).submissions : undefined;
    if (!Array.isArray(list) || list.length === 0) throw Judge0Exception.error('submissions must be a non-empty array of submissions');
    this.checkBatchSize(list.length, 'submissions');
    const base64 = flag(query.base64_encoded);
    const created: Record<string, unknown>[] = [];
    for (const item of list) {
      const outcome = await this.createOne(item, base64, caller);
      created.push(outcome.ok ? { token: outcome.token } : outcome.errors);
    }
    return created;
  }

  /**
   * `GET /submissions/:token`.
   * @throws Judge0Exception 404 for an unknown token, 400 `invalid fields: [...]`.
   */
  async show(token: string, query: Judge0Query, caller: Caller): Promise<Record<string, unknown>> {
    const fields = this.fields(query);
    const [row] = await this.submissions.findByJudge0Tokens([token], await this.access.readScope(caller));
    if (!row) throw Judge0Exception.error(`submission with token ${token} doesn't exist`, HttpStatus.NOT_FOUND);
    return this.serialize([row], fields, flag(query.base64_encoded)).then(([one]) => one!);
  }

  /**
   * `GET /submissions/batch?tokens=a,b`: `{ submissions: [...] }` in the order of the tokens, null for an unknown one.
   * @throws Judge0Exception 400 without tokens or with more than JUDGE0_MAX_BATCH_SIZE.
   */
  async showBatch(query: Judge0Query, caller: Caller): Promise<{ submissions: (Record<string, unknown> | null)[] }> {
    const fields = this.fields(query);
    const tokens = typeof query.tokens === 'string' ? query.tokens.split(',').map((t) => t.trim()) : [];
    if (tokens.length === 0 || tokens.some((t) => t === '')) throw Judge0Exception.error('tokens must be a comma-separated list of tokens');
    this.checkBatchSize(tokens.length, 'tokens');
    const rows = await this.submissions.findByJudge0Tokens(tokens, await this.access.readScope(caller));
    const found = rows.filter((r): r is Judge0SubmissionRow => r !== null);
    const serialized = await this.serialize(found, fields, flag(query.base64_encoded));
    const byToken = new Map(found.map((r, i) => [r.judge0.token, serialized[i]!]));
    return { submissions: tokens.map((t) => byToken.get(t) ?? null) };
  }

  /**
   * `GET /submissions?page=&per_page=`: Judge0's numbered pages, oldest first, with `meta`.
   * @throws Judge0Exception 400 `invalid page: x` (page at most 1 000 000) / `invalid per_page: x` (per_page at most 100).
   */
  async list(query: Judge0Query, caller: Caller): Promise<{ submissions: Record<string, unknown>[]; meta: Record<string, number | null> }> {
    const fields = this.fields(query);
    const page = query.page === undefined ? 1 : Number(query.page);
    const perPage = query.per_page === undefined ? DEFAULT_PER_PAGE : Number(query.per_page);
    // Bounded so that the skip MongoDB is asked for stays a safe integer (a real MongoDB refuses a larger one).
    if (!Number.isInteger(page) || page <= 0 || page > MAX_JUDGE0_PAGE) throw Judge0Exception.error(`invalid page: ${String(query.page)}`);
    if (!Number.isInteger(perPage) || perPage <= 0 || perPage > MAX_PAGE_SIZE) {
      throw Judge0Exception.error(`invalid per_page: ${String(query.per_page)}`);
    }
    const { rows, total } = await this.submissions.listJudge0(page, perPage, await this.access.readScope(caller));
    const totalPages = Math.ceil(total / perPage);
    return {
      submissions: await this.serialize(rows, fields, flag(query.base64_encoded)),
      meta: {
        current_page: page,
        next_page: page < totalPages ? page + 1 : null,
        prev_page: page > 1 ? page - 1 : null,
        total_pages: totalPages,
        total_count: total,
      },
    };
  }

  /**
   * `DELETE /submissions/:token` (when JUDGE0_ENABLE_SUBMISSION_DELETE): deletes a finished submission.
   * @returns its `fields` as they were, always Base64-encoded (as Judge0 does for a delete).
   * Only the key that made it (or an admin) may delete it; to others the token is unknown.
   * @throws Judge0Exception 400 `delete not allowed` when disabled, 400 while it is In Queue or Processing, 404 for an unknown token.
   */
  async remove(token: string, query: Judge0Query, caller: Caller): Promise<Record<string, unknown>> {
    if (!this.config.enableSubmissionDelete) throw Judge0Exception.error('delete not allowed');
    const fields = this.fields(query);
    const [row] = await this.submissions.findByJudge0Tokens([token], this.access.ownScope(caller));
    if (!row) throw Judge0Exception.error(`submission with token ${token} doesn't exist`, HttpStatus.NOT_FOUND);
    const notFinished = (): Judge0Exception => {
      const status = judge0StatusOf(row.view);
      return Judge0Exception.error(`submission cannot be deleted because its status is ${status.id} (${status.description})`);
    };
    if (row.view.status !== SubmissionStatus.Finished) throw notFinished();
    const [body] = await this.serialize([row], fields, true);
    try {
      await this.submissions.remove(row.view.id);
    } catch (error) {
      // A rejudge started meanwhile.
      if (error instanceof ConflictException) throw notFinished();
      throw error;
    }
    return body!;
  }

  /** The Judge0 languages the workers offer now (empty when no worker answers: names then fall back to the table's). */
  private async offeredLanguages(): Promise<Judge0Language[]> {
    let offered: LanguageInfo[] = [];
    try {
      offered = await this.languages.served();
    } catch {
      // Reading a submission must not need a worker.
    }
    return judge0Languages(offered);
  }

  private async serialize(
    rows: readonly Judge0SubmissionRow[],
    fields: readonly Judge0Field[],
    base64: boolean,
  ): Promise<Record<string, unknown>[]> {
    const languages = fields.includes('language') ? await this.offeredLanguages() : [];
    const context: SerializeContext = {
      processLimit: RUN_PROCESS_LIMIT,
      languageOf: (id) => languages.find((l) => l.id === id),
    };
    return rows.map((row) => serializeSubmission(row, fields, base64, context));
  }

  private fields(query: Judge0Query): readonly Judge0Field[] {
    const parsed = parseFields(query.fields);
    if (!parsed.ok) throw Judge0Exception.error(`invalid fields: [${parsed.unknown.join(', ')}]`);
    return parsed.fields;
  }

  private checkBatchSize(size: number, what: string): void {
    if (size > this.config.maxBatchSize) {
      throw Judge0Exception.error(`number of ${what} in a batch should be less than or equal to ${this.config.maxBatchSize}`);
    }
  }

  /**
   * Validates and creates one submission through SubmissionsService (the same rules as Verdict's
   * own API, whose 400 messages become Judge0 field errors).
   * @throws DependencyUnavailableError (503).
   */
  private async createOne(
    body: unknown,
    base64: boolean,
    caller: Caller,
  ): Promise<{ ok: true; id: string; token: string } | { ok: false; errors: Judge0FieldErrors }> {
    const parsed = parseJudge0Submission(body, base64, this.limits);
    if (!parsed.ok) return parsed;
    const { dto, languageId, callbackUrl } = parsed.request;
    const check = await this.languages.check(dto.language);
    if (!check.known) return { ok: false, errors: { language_id: [`language with id ${languageId} doesn't exist`] } };
    if (callbackUrl !== null) {
      // The address guard of every callback URL (docs/webhooks.md): refused without WEBHOOK_SECRET, or
      // when it leads to a loopback, private, link-local or metadata address that is not allow-listed.
      const refusals = await this.callbacks.problems(callbackUrl, CALLBACK_FIELD);
      if (refusals.length > 0) return { ok: false, errors: { [CALLBACK_FIELD]: refusals.map((m) => m.slice(CALLBACK_FIELD.length + 1)) } };
    }
    const token = randomUUID();
    try {
      const created = await this.submissions.create(dto, {
        judge0: { token, languageId, callbackUrl },
        ownerKeyId: caller.keyId,
        afterStore: () => this.unfinished.refuseIfOver(caller),
      });
      return { ok: true, id: created.id, token };
    } catch (error) {
      if (error instanceof InvalidRequestException) return { ok: false, errors: judge0ErrorsOf(error.messages) };
      throw error;
    }
  }
}
