import { describe, expect, it } from 'vitest';
import { matchesFilter } from './matches-filter.js';

describe('matchesFilter', () => {
  const doc = { attempt: 2, status: 'running', note: null };

  it('judges equality, $ne and $in on top-level fields, a missing field as null', () => {
    expect(matchesFilter(doc, {})).toBe(true);
    expect(matchesFilter(doc, { attempt: 2, status: { $ne: 'finished' } })).toBe(true);
    expect(matchesFilter(doc, { attempt: 1 })).toBe(false);
    expect(matchesFilter(doc, { attempt: '2' })).toBe(false);
    expect(matchesFilter({ ...doc, status: 'finished' }, { status: { $ne: 'finished' } })).toBe(false);
    expect(matchesFilter(doc, { attempt: { $in: [0, null] } })).toBe(false);
    expect(matchesFilter({ status: 'queued' }, { attempt: { $in: [0, null] } })).toBe(true);
    expect(matchesFilter({ status: 'queued' }, { attempt: null, missing: { $ne: 'x' } })).toBe(true);
    expect(matchesFilter(doc, { note: null })).toBe(true);
  });

  it('refuses what it cannot judge instead of calling it a match', () => {
    expect(() => matchesFilter(doc, { 'a.b': 1 })).toThrow(/unsupported field/);
    expect(() => matchesFilter(doc, { $or: [] })).toThrow(/unsupported field/);
    expect(() => matchesFilter(doc, { attempt: { $gt: 1 } })).toThrow(/unsupported condition \$gt/);
    expect(() => matchesFilter(doc, { attempt: { $ne: 1, $in: [2] } })).toThrow(/unsupported condition/);
    expect(() => matchesFilter(doc, { startedAt: new Date() })).toThrow(/unsupported condition/);
  });
});
