import { describe, expect, it } from 'vitest';
import type { RetentionConfig } from '../config/retention.config.js';
import type { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { MemoryTestDataStore } from '../../test/support/problem-fakes.js';
import { InlineTestDataCollector } from './inline-test-data.collector.js';

const cfg: RetentionConfig = { outputMs: null, submissionMs: null, sweepIntervalMs: 1000, batchSize: 2, testDataGraceMs: 60_000 };

/** Users of hashes, as the repositories' `hashesInUse` answer. */
const users = (used: Set<string>) => ({
  hashesInUse: async (hashes: readonly string[]) => new Set(hashes.filter((h) => used.has(h))),
});

function setup() {
  const store = new MemoryTestDataStore();
  const bySubmissions = new Set<string>();
  const byProblems = new Set<string>();
  const collector = new InlineTestDataCollector(
    cfg,
    store,
    users(bySubmissions) as unknown as SubmissionsRepository,
    users(byProblems) as unknown as ProblemsRepository,
  );
  return { store, bySubmissions, byProblems, collector };
}

const later = (ms: number) => new Date(Date.now() + ms);

describe('InlineTestDataCollector', () => {
  it('deletes the inline files neither a submission nor a problem uses, once past the grace period', async () => {
    const { store, bySubmissions, byProblems, collector } = setup();
    const [unused, bySubmission, byProblem, both] = await Promise.all(
      ['unused', 'submission', 'problem', 'both'].map(async (t) => (await store.putInline(Buffer.from(t))).hash),
    );
    bySubmissions.add(bySubmission!).add(both!);
    byProblems.add(byProblem!).add(both!);
    const problemOnly = store.put('a problem file, never inline');

    expect(await collector.collect(later(1000))).toBe(0); // all within the grace period
    expect(await collector.collect(later(120_000))).toBe(1);
    expect(store.files.has(unused!)).toBe(false);
    for (const kept of [bySubmission, byProblem, both, problemOnly]) expect(store.files.has(kept!)).toBe(true);
  });

  it('checks every candidate in batches, resuming after the last hash on the next sweep', async () => {
    const { store, bySubmissions, collector } = setup();
    const hashes: string[] = [];
    for (let i = 0; i < 25; i++) hashes.push((await store.putInline(Buffer.from(`file ${i}`))).hash);
    // Every file but the last in hash order is in use: a collector that always started over would never reach it.
    const sorted = [...hashes].sort();
    for (const h of sorted.slice(0, -1)) bySubmissions.add(h);
    // 10 batches of 2 per sweep: 20 candidates, then the rest on the next sweep.
    expect(await collector.collect(later(120_000))).toBe(0);
    expect(await collector.collect(later(120_000))).toBe(1);
    expect(store.files.has(sorted.at(-1)!)).toBe(false);
    expect(store.files.size).toBe(24);
  });
});
