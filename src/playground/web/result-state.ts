import { SubmissionStatus, type SubmissionEvent, type SubmissionView } from '../../../libs/contracts/index.js';

/** What the result panel shows of one submission: its view, kept current by its events. */
export interface ResultState {
  view: SubmissionView;
  /** The test case being run now (1-based), from the last `running` event; null otherwise. */
  runningTest: number | null;
}

/** The state a `state` message (or `GET /submissions/:id`) starts: the view replaces all that was known. */
export function fromView(view: SubmissionView): ResultState {
  return { view, runningTest: view.status === SubmissionStatus.Running ? view.tests.length + 1 : null };
}

/**
 * `state` after `event`: an event whose `seq` is not above the view's `lastSeq` is already reflected
 * and changes nothing (the same object is returned); otherwise a new state with `lastSeq = event.seq`.
 * A type this page does not show (e.g. `compiled`, which newer servers publish) only moves `lastSeq`:
 * the types are tested one by one, not switched on, so a server with more of them is still followed.
 */
export function applyEvent(state: ResultState, event: SubmissionEvent): ResultState {
  if (event.submissionId !== state.view.id || event.seq <= state.view.lastSeq) return state;
  const view: SubmissionView = { ...state.view, lastSeq: event.seq };
  let runningTest = state.runningTest;
  if (event.type === 'queued') {
    // A rejudge starts over.
    Object.assign(view, { status: SubmissionStatus.Queued, verdict: null, tests: [], message: null, finishedAt: null });
    runningTest = null;
  } else if (event.type === 'compiling') {
    view.status = SubmissionStatus.Compiling;
    runningTest = null;
  } else if (event.type === 'running') {
    view.status = SubmissionStatus.Running;
    view.testCount = event.of;
    runningTest = event.test;
  } else if (event.type === 'test-finished') {
    view.status = SubmissionStatus.Running;
    view.testCount = event.of;
    view.tests = [...view.tests.filter((t) => t.test !== event.result.test), event.result].sort((a, b) => a.test - b.test);
    if (runningTest === event.result.test) runningTest = null;
  } else if (event.type === 'finished') {
    Object.assign(view, {
      status: SubmissionStatus.Finished,
      verdict: event.verdict,
      testCount: event.testCount,
      message: event.message,
      score: event.score ?? view.score ?? null,
      maxScore: event.maxScore ?? view.maxScore ?? null,
      finishedAt: event.at,
    });
    runningTest = null;
  }
  return { view, runningTest };
}
