import { Inject, Injectable } from '@nestjs/common';
import { retentionConfig, type RetentionConfig } from '../config/retention.config.js';
import { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { TEST_DATA_STORE, type TestDataStore } from '../persistence/test-data/test-data.store.js';
import { MAX_BATCHES_PER_SWEEP } from './max-batches.js';

/**
 * Garbage collection of inline test data (docs/retention.md), mark and sweep with a grace period:
 * the candidates are the test data files an inline test case stored or reused (TestDataStore.putInline
 * stamps `inlineUsedAt`) not within RETENTION_TEST_DATA_GRACE_MS; a batch of them (in hash order,
 * resuming where the previous sweep stopped) is checked against every submission's `fileHashes`
 * and every problem's `fileHashes`, and each one neither uses is deleted only if its stamp is still
 * old (a POST that stored the same bytes meanwhile restamped it). So a file shared by a problem and
 * an inline submission stays while either uses it (a problem's delete leaves stamped files to this
 * collector), and a POST in flight (files stored, submission not yet) is covered by the grace period.
 * Files only problems ever stored are never candidates (problems delete their own).
 */
@Injectable()
export class InlineTestDataCollector {
  /** Last hash checked; the next sweep resumes after it (null: from the start). */
  private cursor: string | null = null;

  constructor(
    @Inject(retentionConfig.KEY) private readonly cfg: RetentionConfig,
    @Inject(TEST_DATA_STORE) private readonly store: TestDataStore,
    private readonly submissions: SubmissionsRepository,
    private readonly problems: ProblemsRepository,
  ) {}

  /**
   * Checks at most MAX_BATCHES_PER_SWEEP batches of RETENTION_BATCH_SIZE candidates.
   * @returns how many files were deleted.
   * @throws DependencyUnavailableError('MongoDB'); the next call resumes at the same place.
   */
  async collect(now = new Date()): Promise<number> {
    const usedBefore = new Date(now.getTime() - this.cfg.testDataGraceMs);
    let deleted = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_SWEEP; batch++) {
      const hashes = await this.store.inlineCandidates(usedBefore, this.cursor, this.cfg.batchSize);
      const [bySubmissions, byProblems] = await Promise.all([this.submissions.hashesInUse(hashes), this.problems.hashesInUse(hashes)]);
      for (const hash of hashes) {
        if (bySubmissions.has(hash) || byProblems.has(hash)) continue;
        if (await this.store.deleteInlineUnusedSince(hash, usedBefore)) deleted++;
      }
      this.cursor = hashes.length < this.cfg.batchSize ? null : hashes.at(-1)!;
      if (this.cursor === null) break;
    }
    return deleted;
  }
}
