import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller.js';
import { quotasConfig, type QuotasConfig } from '../config/quotas.config.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { isQuotaExempt } from './quota-caller.js';
import { QuotaExceededException } from './quota-exceeded.exception.js';

/**
 * The cap on a key's unfinished submissions (QUOTA_UNFINISHED_SUBMISSIONS: queued, compiling or
 * running at once). Counted in MongoDB, by the submissions' `ownerKeyId` and status (an index holds
 * both), not with a Redis counter: the stored status is the truth that every crash leaves right (a
 * worker killed mid-judging leaves its submission unfinished until it is judged again or ended, an API
 * killed before enqueueing leaves it queued until the reconciler enqueues it, and nothing has to be
 * decremented by a `finished` event that may never be seen). Open callers (no key) count together.
 * Two checks: `refuseIfNoRoom` before a request does any work (a Judge0 batch that does not fit is
 * refused whole), and `refuseIfOver` after the new submission is stored, which closes the race of
 * parallel requests: each counts after its own insert, so at most the cap of them stay.
 */
@Injectable()
export class UnfinishedSubmissionsGate {
  constructor(
    private readonly submissions: SubmissionsRepository,
    @Inject(quotasConfig.KEY) private readonly cfg: Pick<QuotasConfig, 'unfinishedSubmissions' | 'unfinishedRetryAfterS' | 'exemptAdmin'>,
  ) {}

  /**
   * Refuses a request that would bring `caller` past the cap with `count` new submissions.
   * @throws QuotaExceededException (429, Retry-After QUOTA_UNFINISHED_RETRY_AFTER_S).
   * @throws DependencyUnavailableError('MongoDB') when the count cannot be read.
   */
  async refuseIfNoRoom(caller: Caller | undefined, count: number): Promise<void> {
    if (this.off(caller)) return;
    const unfinished = await this.submissions.countUnfinishedByOwner(caller?.keyId ?? null);
    if (unfinished + count > this.cfg.unfinishedSubmissions) throw this.refusal(caller, unfinished);
  }

  /**
   * After a submission of `caller` was stored (unfinished): refuses it when the owner now has more
   * unfinished ones than the cap; the caller then deletes it again.
   * @throws QuotaExceededException (429); DependencyUnavailableError('MongoDB').
   */
  async refuseIfOver(caller: Caller | undefined): Promise<void> {
    if (this.off(caller)) return;
    const unfinished = await this.submissions.countUnfinishedByOwner(caller?.keyId ?? null);
    if (unfinished > this.cfg.unfinishedSubmissions) throw this.refusal(caller, unfinished - 1);
  }

  private off(caller: Caller | undefined): boolean {
    return this.cfg.unfinishedSubmissions === 0 || isQuotaExempt(caller, this.cfg.exemptAdmin);
  }

  private refusal(caller: Caller | undefined, unfinished: number): QuotaExceededException {
    const cap = this.cfg.unfinishedSubmissions;
    const [scope, who] = caller?.keyId ? ['per API key', 'this key has'] : ['for all open callers together', 'they have'];
    return new QuotaExceededException(
      `at most ${cap} unfinished submissions ${scope} (QUOTA_UNFINISHED_SUBMISSIONS); ${who} ${unfinished} queued or being judged; retry after ${this.cfg.unfinishedRetryAfterS} s`,
      this.cfg.unfinishedRetryAfterS,
    );
  }
}
