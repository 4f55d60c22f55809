import { describe, expect, it, vi } from 'vitest';
import { ADMISSION_DEPTH_FRESH_MS, QueueAdmission } from './queue-admission.js';
import { QueueFullException } from './queue-full.exception.js';

function depth(...waiting: number[]) {
  const read = vi.fn(async () => ({ waiting: waiting.length > 1 ? waiting.shift()! : waiting[0]!, active: 0, oldestWaitingMs: null }));
  return { read };
}

describe('QueueAdmission', () => {
  it('admits below the cap and refuses at it with the configured Retry-After', async () => {
    vi.useFakeTimers();
    try {
      const reads = depth(9, 10);
      const admission = new QueueAdmission(reads as never, { maxWaiting: 10, fullRetryAfterS: 7 });
      await expect(admission.admit()).resolves.toBeUndefined();
      vi.advanceTimersByTime(ADMISSION_DEPTH_FRESH_MS);
      const refused = await admission.admit().catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(QueueFullException);
      expect(refused).toMatchObject({ retryAfterSeconds: 7, waiting: 10, maxWaiting: 10 });
      expect((refused as QueueFullException).getStatus()).toBe(503);
      expect((refused as QueueFullException).message).toMatch(/QUEUE_MAX_WAITING/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads the depth once per freshness window, shared by concurrent callers', async () => {
    const reads = depth(0);
    const admission = new QueueAdmission(reads as never, { maxWaiting: 10, fullRetryAfterS: 1 });
    await Promise.all([admission.admit(), admission.admit(), admission.admit()]);
    await admission.admit();
    expect(reads.read).toHaveBeenCalledTimes(1);
  });

  it('counts what it admitted since the last read: a burst cannot pass the cap', async () => {
    const reads = depth(0);
    const admission = new QueueAdmission(reads as never, { maxWaiting: 3, fullRetryAfterS: 1 });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => admission.admit()));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(
      outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason instanceof QueueFullException),
    ).toBe(true);
  });

  it('a cap of 0 admits everything without reading', async () => {
    const reads = depth(1_000_000);
    await new QueueAdmission(reads as never, { maxWaiting: 0, fullRetryAfterS: 1 }).admit();
    expect(reads.read).not.toHaveBeenCalled();
  });
});
