import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SubmissionStatus } from '../../libs/contracts/index.js';
import { SubmissionSubscriptions } from './submission-subscriptions.js';

/**
 * Waits for a submission's verdict the way WebSocket clients follow it (no polling): a
 * subscription of this process to the submission's events (SubmissionSubscriptions, fed by the
 * events channel), which first reads the stored state, so a verdict stored before the
 * subscription is seen as well. Used by `POST /submissions?wait=true` and the Judge0-compatible API's `wait=true`.
 */
@Injectable()
export class FinishWaiter {
  constructor(private readonly subscriptions: SubmissionSubscriptions) {}

  /**
   * Resolves once submission `submissionId` is finished, or after `timeoutMs`, whichever comes
   * first; never rejects (the caller reads the stored state afterwards either way).
   * @returns whether it finished within the time.
   */
  async waitForFinish(submissionId: string, timeoutMs: number): Promise<boolean> {
    const clientId = `wait:${randomUUID()}`;
    let settle!: (finished: boolean) => void;
    const outcome = new Promise<boolean>((resolve) => (settle = resolve));
    const timer = setTimeout(() => settle(false), timeoutMs);
    try {
      await this.subscriptions.subscribe(clientId, submissionId, {
        state: (view) => {
          if (view.status === SubmissionStatus.Finished) settle(true);
        },
        event: (event) => {
          if (event.type === 'finished') settle(true);
        },
        error: () => settle(false),
      });
      return await outcome;
    } finally {
      clearTimeout(timer);
      this.subscriptions.unsubscribe(clientId, submissionId);
    }
  }
}
