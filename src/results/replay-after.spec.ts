import { describe, expect, it } from 'vitest';
import type { SubmissionEvent } from '../../libs/contracts/index.js';
import { replayAfter } from './replay-after.js';

const ID = '0123456789abcdef01234567';
const event = (seq: number): SubmissionEvent => ({ type: 'running', submissionId: ID, problemId: null, seq, test: seq, of: 9, at: '' });
const seqs = (replay: ReturnType<typeof replayAfter>) => replay && replay.missed.map((e) => e.seq);

describe('replayAfter', () => {
  it('gives the events after afterSeq in order, from any order, each once', () => {
    const logged = [event(3), event(1), event(2), event(4), event(2)];
    expect(seqs(replayAfter(logged, 0))).toEqual([1, 2, 3, 4]);
    expect(seqs(replayAfter(logged, 2))).toEqual([3, 4]);
    expect(replayAfter(logged, 2)?.newest.seq).toBe(4);
  });

  it('covers a client that saw everything: nothing missed, the newest is the one it saw last', () => {
    const replay = replayAfter([event(5), event(6)], 6);
    expect(replay).toEqual({ missed: [], newest: event(6) });
    expect(seqs(replayAfter([event(5), event(6)], 4))).toEqual([5, 6]);
  });

  it('cannot cover an empty buffer, a trimmed one, a gap, or a seq newer than anything published', () => {
    expect(replayAfter([], 0)).toBeNull();
    expect(replayAfter([event(5), event(6)], 3)).toBeNull();
    expect(replayAfter([event(1), event(2), event(4)], 1)).toBeNull();
    expect(replayAfter([event(1), event(2)], 3)).toBeNull();
  });
});
