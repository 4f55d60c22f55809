import { describe, expect, expectTypeOf, it } from 'vitest';
import { SUBMISSION_EVENT_TYPES, type SubmissionEvent } from '../../libs/contracts/index.js';
import { parseSubmissionEvent } from './parse-submission-event.js';

describe('parseSubmissionEvent', () => {
  it('knows every event type', () => {
    expectTypeOf<(typeof SUBMISSION_EVENT_TYPES)[number]>().toEqualTypeOf<SubmissionEvent['type']>();
    for (const type of SUBMISSION_EVENT_TYPES) {
      expect(parseSubmissionEvent(JSON.stringify({ seq: 1, type, submissionId: 'a', problemId: null, at: '' }))).not.toBeNull();
    }
  });

  it('passes a well-formed event through unchanged', () => {
    const event = { seq: 4, type: 'running', submissionId: 'abc', at: '2026-01-01T00:00:00.000Z', test: 2, of: 3 };
    expect(parseSubmissionEvent(JSON.stringify(event))).toEqual(event);
  });

  it('drops what it cannot route', () => {
    for (const message of [
      'not json',
      'null',
      '[1]',
      '{"seq":1,"type":"queued"}',
      '{"seq":0,"type":"queued","submissionId":"a"}',
      '{"seq":1.5,"type":"queued","submissionId":"a"}',
      '{"seq":1,"type":"exploded","submissionId":"a"}',
    ]) {
      expect(parseSubmissionEvent(message)).toBeNull();
    }
  });
});
