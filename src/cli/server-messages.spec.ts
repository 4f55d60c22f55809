import { describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict } from '../../libs/contracts/index.js';
import { AT, ID, resultOf, testFinishedOf, viewOf } from '../../test/support/submission-views.js';
import { CliError, ExitCode } from './cli-error.js';
import {
  readCreated,
  readEvent,
  readLanguages,
  readProblem,
  readProblemPage,
  readState,
  readSubmission,
  readSubscribeAck,
} from './server-messages.js';

/** The CliError `read()` throws (exit 2, the message starting "the server sent a malformed"). */
function refusal(read: () => unknown): CliError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.Failure);
    return error as CliError;
  }
  throw new Error('it did not throw');
}

describe('readState', () => {
  it('takes a SubmissionView as it is, with the fields the CLI does not check', () => {
    const view = { ...viewOf({ tests: [resultOf(1), { ...resultOf(2), name: 'secret/02', checkerMessage: 'ok' }] }), extra: 1 };
    expect(readState(view)).toBe(view);
    expect(readState(viewOf({ status: SubmissionStatus.Finished, verdict: Verdict.Accepted, score: 5, maxScore: 10 }))).toMatchObject({
      score: 5,
    });
  });

  it('refuses a state that is null, a list, or a string', () => {
    expect(refusal(() => readState(null)).message).toBe("the server sent a malformed 'state' message: state is null, not an object");
    expect(refusal(() => readState([])).message).toBe("the server sent a malformed 'state' message: state is a list, not an object");
    expect(refusal(() => readState('x')).message).toMatch(/state is a string, not an object$/);
  });

  it('names the field that is wrong: tests null, a test result null, a verdict that is not one, a lastSeq that is not a whole number', () => {
    expect(refusal(() => readState({ ...viewOf(), tests: null })).message).toBe(
      "the server sent a malformed 'state' message: state.tests is null, not a list",
    );
    expect(refusal(() => readState(viewOf({ tests: [resultOf(1), null as never] }))).message).toMatch(
      /state\.tests\[1\] is null, not an object$/,
    );
    expect(refusal(() => readState(viewOf({ verdict: 'PWNED' as Verdict }))).message).toMatch(
      /state\.verdict is a string, not one of AC, WA, TLE, MLE, OLE, RE, CE, IE$/,
    );
    expect(refusal(() => readState(viewOf({ lastSeq: 1.5 }))).message).toMatch(/state\.lastSeq is 1\.5, not a whole number ≥ 0$/);
    expect(refusal(() => readState(viewOf({ status: undefined as never }))).message).toMatch(/state\.status is missing, not one of queued/);
    expect(refusal(() => readState(viewOf({ tests: [{ ...resultOf(1), cpuTimeMs: Number.NaN }] }))).message).toMatch(
      /state\.tests\[0\]\.cpuTimeMs is not a finite number, not a number ≥ 0$/,
    );
    expect(refusal(() => readState(viewOf({ message: 5 as never }))).message).toMatch(/state\.message is 5, not a string$/);
  });
});

describe('readEvent', () => {
  const base = { submissionId: ID, problemId: null, seq: 2, at: AT };

  it('takes each event type the CLI applies', () => {
    for (const event of [
      { ...base, type: 'queued' },
      { ...base, type: 'compiling' },
      { ...base, type: 'compiled', compileMs: 3 },
      { ...base, type: 'running', test: 1, of: 2 },
      testFinishedOf(3, 2, resultOf(1)),
      { ...base, type: 'finished', verdict: 'AC', message: null, testCount: 2, passed: 2, status: 'finished', cpuTimeMs: 1, memoryKiB: 1 },
    ]) {
      expect(readEvent(event)).toBe(event);
    }
  });

  it('ignores an event type it does not know (a newer server), once the fields all events have are there', () => {
    expect(readEvent({ ...base, type: 'rejudged' })).toBeNull();
    expect(refusal(() => readEvent({ type: 'rejudged' })).message).toMatch(/event\.submissionId is missing, not a string$/);
  });

  it('refuses an event that is null, a test-finished with result null, a running without numbers, a finished without a verdict', () => {
    expect(refusal(() => readEvent(null)).message).toBe("the server sent a malformed 'event' message: event is null, not an object");
    expect(refusal(() => readEvent({ ...testFinishedOf(3, 2, resultOf(1)), result: null })).message).toBe(
      "the server sent a malformed 'event' message: event.result is null, not an object",
    );
    expect(refusal(() => readEvent({ ...base, type: 'running', test: '1', of: 2 })).message).toMatch(
      /event\.test is a string, not a whole number ≥ 1$/,
    );
    expect(refusal(() => readEvent({ ...base, type: 'finished', message: null, testCount: 1 })).message).toMatch(
      /event\.verdict is missing, not one of AC/,
    );
    expect(refusal(() => readEvent({ ...base, type: 'queued', seq: 0 })).message).toMatch(/event\.seq is 0, not a whole number ≥ 1$/);
  });
});

describe('readSubscribeAck', () => {
  it('takes an acceptance and a refusal with its message', () => {
    expect(readSubscribeAck({ ok: true, submissionId: ID, lastSeq: 3, resumed: false })).toEqual({ ok: true });
    expect(readSubscribeAck({ ok: false, message: 'no such submission' })).toEqual({ ok: false, message: 'no such submission' });
  });

  it('refuses null, an ok that is not a boolean, a refusal without a message', () => {
    expect(refusal(() => readSubscribeAck(null)).message).toBe(
      "the server sent a malformed acknowledgement of 'subscribe': ack is null, not an object",
    );
    expect(refusal(() => readSubscribeAck({ ok: 'yes' })).message).toMatch(/ack\.ok is a string, not true or false$/);
    expect(refusal(() => readSubscribeAck({ ok: false })).message).toMatch(/ack\.message is missing, not a string$/);
  });
});

describe('the REST answers', () => {
  it('GET /languages must be a list of languages with string ids, names and versions', () => {
    const languages = [
      { id: 'c', name: 'C', version: 'gcc 12', extensions: ['.c'] },
      { id: 'old', name: 'Old', version: '1' },
    ];
    expect(readLanguages(languages, 'GET /languages')).toBe(languages);
    expect(refusal(() => readLanguages({ items: [] }, 'GET /languages')).message).toBe(
      'the server sent a malformed answer to GET /languages: answer is an object, not a list',
    );
    expect(refusal(() => readLanguages([{ id: 'c', name: 'C', version: null }], 'GET /languages')).message).toMatch(
      /answer\[0\]\.version is null, not a string$/,
    );
    expect(refusal(() => readLanguages([{ id: 'c', name: 'C', version: '1', extensions: '.c' }], 'GET /languages')).message).toMatch(
      /answer\[0\]\.extensions is a string, not a list$/,
    );
  });

  it('POST /submissions must name the id; GET /submissions/:id must be a view', () => {
    expect(readCreated({ id: ID, status: 'queued' }, 'POST /submissions')).toMatchObject({ id: ID });
    expect(refusal(() => readCreated({ id: '' }, 'POST /submissions')).message).toBe(
      'the server sent a malformed answer to POST /submissions: answer.id is an empty string, not a non-empty string',
    );
    expect(refusal(() => readCreated({}, 'POST /submissions')).message).toMatch(/answer\.id is missing/);
    expect(refusal(() => readSubmission({ ...viewOf(), testCount: -1 }, 'GET /submissions/x')).message).toBe(
      'the server sent a malformed answer to GET /submissions/x: answer.testCount is -1, not a whole number ≥ 0',
    );
  });

  it('GET /problems must be a page of problems; POST /problems/import a problem with its groups', () => {
    const problem = { id: ID, slug: 'a', title: 'A', testCount: 1, groups: [{ name: 'sample', sample: true, points: 0, testCases: [{}] }] };
    expect(readProblemPage({ items: [problem], nextCursor: null }, 'GET /problems')).toMatchObject({ items: [problem] });
    expect(readProblem(problem, 'POST /problems/import')).toBe(problem);
    expect(refusal(() => readProblemPage({ items: null, nextCursor: null }, 'GET /problems')).message).toMatch(
      /answer\.items is null, not a list$/,
    );
    expect(
      refusal(() => readProblem({ ...problem, groups: [{ ...problem.groups[0], testCases: 3 }] }, 'POST /problems/import')).message,
    ).toMatch(/answer\.groups\[0\]\.testCases is 3, not a list$/);
  });
});
