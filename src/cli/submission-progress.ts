import { SubmissionStatus, type SubmissionEvent, type SubmissionView, type TestResult } from '../../libs/contracts/index.js';

/**
 * What the CLI knows of one submission while following it live: the last `state` (a SubmissionView)
 * with every later `event` applied. A new `state` replaces everything (the API sends one again after
 * it lost its Redis subscription); events whose `seq` is not above the known `lastSeq` are ignored,
 * so a replayed or stale event changes nothing.
 */
export class SubmissionProgress {
  private current: SubmissionView | null = null;
  /** The test case being run now (`running` event), or null. */
  running: { test: number; of: number } | null = null;

  constructor(readonly submissionId: string) {}

  /** The view so far, or null before the first `state`. */
  get view(): SubmissionView | null {
    return this.current;
  }

  get finished(): boolean {
    return this.current?.status === SubmissionStatus.Finished;
  }

  /** Replaces what is known with `view` (a `state` message). Ignored when it is another submission's. */
  applyState(view: SubmissionView): void {
    if (view.id !== this.submissionId) return;
    this.current = { ...view, tests: [...view.tests] };
    this.running = null;
  }

  /**
   * Applies one `event` message.
   * @returns true when it changed something (it is this submission's, after the first state, and newer than lastSeq).
   */
  applyEvent(event: SubmissionEvent): boolean {
    const view = this.current;
    if (!view || event.submissionId !== this.submissionId || event.seq <= view.lastSeq) return false;
    view.lastSeq = event.seq;
    switch (event.type) {
      case 'queued':
        Object.assign(view, { status: SubmissionStatus.Queued, verdict: null, tests: [], message: null });
        this.running = null;
        break;
      case 'compiling':
        // Also sent when a worker takes the submission again after another died: results start over.
        Object.assign(view, { status: SubmissionStatus.Compiling, tests: [] });
        this.running = null;
        break;
      case 'compiled':
        // Compiled (or syntax-checked): the tests start next.
        view.status = SubmissionStatus.Running;
        break;
      case 'running':
        view.status = SubmissionStatus.Running;
        view.testCount = event.of;
        this.running = { test: event.test, of: event.of };
        break;
      case 'test-finished':
        view.testCount = event.of;
        view.tests = [...view.tests.filter((t) => t.test !== event.result.test), event.result].sort((a, b) => a.test - b.test);
        if (this.running?.test === event.result.test) this.running = null;
        break;
      case 'finished':
        Object.assign(view, {
          status: SubmissionStatus.Finished,
          verdict: event.verdict,
          message: event.message,
          testCount: event.testCount,
        });
        if (event.score !== undefined) view.score = event.score;
        if (event.maxScore !== undefined) view.maxScore = event.maxScore;
        this.running = null;
        break;
    }
    return true;
  }

  /** The results known so far, in test order. */
  get tests(): readonly TestResult[] {
    return this.current?.tests ?? [];
  }
}
