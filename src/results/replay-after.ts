import type { SubmissionEvent } from '../../libs/contracts/index.js';

/** What a replay buffer gives a client that saw every event up to some seq. */
export interface Replay {
  /** The events after that seq, in seq order, consecutive (empty: the client missed nothing). */
  missed: SubmissionEvent[];
  /** The newest event the buffer holds (the last of `missed`, or the one the client saw last). */
  newest: SubmissionEvent;
}

/**
 * The events a client that saw every event of a submission up to `afterSeq` is missing, out of the
 * submission's replay buffer (`logged`, in any order), when the buffer holds every one of them:
 * each seq from `afterSeq + 1` to the buffer's newest, once, none skipped.
 * @returns the replay, or null when the buffer cannot cover `afterSeq`: it is empty (expired, never
 *   written), trimmed past it (its oldest event is newer than `afterSeq + 1`), has a gap after it (an
 *   event whose publication failed), or ends before it (`afterSeq` is newer than anything published).
 *   Then the stored state must stand in for the events.
 */
export function replayAfter(logged: readonly SubmissionEvent[], afterSeq: number): Replay | null {
  const bySeq = new Map<number, SubmissionEvent>();
  for (const event of logged) if (!bySeq.has(event.seq)) bySeq.set(event.seq, event);
  if (bySeq.size === 0) return null;
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  const oldest = seqs[0]!;
  const newestSeq = seqs.at(-1)!;
  if (oldest > afterSeq + 1 || newestSeq < afterSeq) return null;
  const missed: SubmissionEvent[] = [];
  for (let seq = afterSeq + 1; seq <= newestSeq; seq++) {
    const event = bySeq.get(seq);
    if (!event) return null;
    missed.push(event);
  }
  return { missed, newest: bySeq.get(newestSeq)! };
}
