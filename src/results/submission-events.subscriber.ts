import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { SUBMISSION_EVENTS_CHANNEL } from '../../libs/contracts/index.js';
import { parseSubmissionEvent } from '../events/parse-submission-event.js';
import { ProblemSubscriptions } from './problem-subscriptions.js';
import { EVENTS_SUBSCRIBER_REDIS } from './results.tokens.js';
import { SubmissionSubscriptions } from './submission-subscriptions.js';

/**
 * This API process's one SUBSCRIBE on SUBMISSION_EVENTS_CHANNEL. Each message is parsed
 * and handed to SubmissionSubscriptions, which forwards it to the clients following that
 * submission, and to ProblemSubscriptions, for the other clients following its problem. When the connection comes back after a loss, it subscribes again and, once
 * Redis confirms, asks every subscription to resync (events published meanwhile were missed).
 */
@Injectable()
export class SubmissionEventsSubscriber implements OnApplicationBootstrap {
  private readonly logger = new Logger('EventsSubscriber');
  private subscribedBefore = false;
  private invalidMessages = 0;

  constructor(
    @Inject(EVENTS_SUBSCRIBER_REDIS) private readonly redis: Redis,
    private readonly subscriptions: SubmissionSubscriptions,
    private readonly problems: ProblemSubscriptions,
  ) {}

  onApplicationBootstrap(): void {
    this.redis.on('message', (channel: string, message: string) => {
      if (channel === SUBMISSION_EVENTS_CHANNEL) this.onMessage(message);
    });
    this.redis.on('ready', () => void this.subscribe());
    if (this.redis.status === 'ready') void this.subscribe();
  }

  private async subscribe(): Promise<void> {
    try {
      await this.redis.subscribe(SUBMISSION_EVENTS_CHANNEL);
    } catch (error) {
      // The connection dropped again; the next 'ready' retries.
      this.logger.warn({ err: error }, `could not subscribe to ${SUBMISSION_EVENTS_CHANNEL}`);
      return;
    }
    if (this.subscribedBefore) {
      this.logger.log(`resubscribed to ${SUBMISSION_EVENTS_CHANNEL}; resending state to subscribers`);
      this.subscriptions.resyncAll();
    }
    this.subscribedBefore = true;
  }

  private onMessage(message: string): void {
    const event = parseSubmissionEvent(message);
    if (!event) {
      // Log the first few only: a misbehaving publisher must not flood the logs.
      if (this.invalidMessages++ < 10) this.logger.warn({ bytes: message.length }, 'ignored a malformed message on the events channel');
      return;
    }
    this.subscriptions.dispatch(event);
    this.problems.dispatch(event, (clientId) => this.subscriptions.follows(clientId, event.submissionId));
  }
}
