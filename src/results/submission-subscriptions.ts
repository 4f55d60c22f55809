import { Injectable, Logger } from '@nestjs/common';
import type { SubmissionEvent, SubmissionView } from '../../libs/contracts/index.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';

/** Where one subscriber's messages go (a Socket.IO socket in production). */
export interface SubscriberSink {
  /** The stored state; every later `event` has a greater seq than `view.lastSeq`. */
  state(view: SubmissionView): void;
  event(event: SubmissionEvent): void;
  error(error: { submissionId: string; message: string }): void;
}

/** Outcome of a subscribe request (also the Socket.IO acknowledgement). */
export type SubscribeOutcome = { ok: true; submissionId: string; lastSeq: number } | { ok: false; submissionId: string; message: string };

/** Most submissions one client may follow at once. */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 100;
/** Most events held for one subscription while its state is being read (a submission has about 2 per test). */
const MAX_BUFFERED_EVENTS = 10_000;

interface Subscription {
  readonly clientId: string;
  readonly submissionId: string;
  readonly sink: SubscriberSink;
  /** True while the state is being read: events wait in `buffer`. */
  buffering: boolean;
  buffer: SubmissionEvent[];
  /** Seq of the last thing sent (state's lastSeq or an event); later events must be greater. */
  lastSeq: number;
  /** Identifies the current state read; a read whose token is stale is ignored. */
  loadToken: number;
  /** Outcome of the current state read. */
  loading?: Promise<SubscribeOutcome>;
}

/**
 * Who in this process follows which submission, and the ordering guarantee:
 * a subscriber first gets `state` (the stored SubmissionView), then the events with
 * seq > state.lastSeq, in increasing seq order, never one twice.
 *
 * How: the subscription is registered (buffering) *before* the state is read, so an
 * event published meanwhile is held, not lost; once the state is sent, the held events
 * newer than it are flushed in seq order. This relies on publishers storing an event's
 * effect before publishing it (SubmissionEventsPublisher.publishAfter), so an event
 * published before the registration is already reflected in the state read after it.
 *
 * Only this process's subscribers are tracked; every API process receives every event
 * from Redis itself, so no state is shared between processes.
 */
@Injectable()
export class SubmissionSubscriptions {
  private readonly logger = new Logger('Subscriptions');
  private readonly bySubmission = new Map<string, Map<string, Subscription>>();
  private readonly byClient = new Map<string, Map<string, Subscription>>();
  private nextLoadToken = 1;

  constructor(private readonly repository: SubmissionsRepository) {}

  /** Number of (client, submission) subscriptions held; for tests and metrics. */
  get size(): number {
    let n = 0;
    for (const subs of this.byClient.values()) n += subs.size;
    return n;
  }

  /**
   * Starts sending submission `submissionId`'s state and events to `sink`. Subscribing again
   * to the same submission restarts the sequence with a fresh `state`.
   * @returns ok with the state's lastSeq once the state and the events held meanwhile are sent;
   *   not ok (after `sink.error`) when the submission does not exist, MongoDB cannot be read,
   *   the client follows too many submissions, or it unsubscribed meanwhile.
   */
  async subscribe(clientId: string, submissionId: string, sink: SubscriberSink): Promise<SubscribeOutcome> {
    const own = this.byClient.get(clientId);
    if (own && own.size >= MAX_SUBSCRIPTIONS_PER_CLIENT && !own.has(submissionId)) {
      return this.fail(
        sink,
        submissionId,
        `a client may follow at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} submissions; unsubscribe from some first`,
      );
    }
    const subscription: Subscription = {
      clientId,
      submissionId,
      sink,
      buffering: true,
      buffer: [],
      lastSeq: 0,
      loadToken: 0,
    };
    this.add(subscription);
    return this.load(subscription);
  }

  /** Stops sending submission `submissionId` to client `clientId`. @returns whether it was subscribed. */
  unsubscribe(clientId: string, submissionId: string): boolean {
    const subscription = this.byClient.get(clientId)?.get(submissionId);
    if (!subscription) return false;
    this.delete(subscription);
    return true;
  }

  /** Drops every subscription of client `clientId` (it disconnected). */
  removeClient(clientId: string): void {
    for (const subscription of [...(this.byClient.get(clientId)?.values() ?? [])]) this.delete(subscription);
  }

  /** Delivers `event` to the subscribers of its submission (held while their state is being read). */
  dispatch(event: SubmissionEvent): void {
    const subscribers = this.bySubmission.get(event.submissionId);
    if (!subscribers) return;
    for (const subscription of subscribers.values()) {
      if (subscription.buffering) {
        if (subscription.buffer.length < MAX_BUFFERED_EVENTS) subscription.buffer.push(event);
      } else {
        this.send(subscription, event);
      }
    }
  }

  /**
   * Re-reads and re-sends the state of every subscription, then the events newer than it.
   * Call after the events connection was lost and restored: events published meanwhile were
   * missed, and the fresh state replaces them.
   */
  resyncAll(): void {
    for (const subs of this.byClient.values()) {
      for (const subscription of subs.values()) {
        subscription.buffering = true;
        void this.load(subscription);
      }
    }
  }

  private load(subscription: Subscription): Promise<SubscribeOutcome> {
    const token = this.nextLoadToken++;
    subscription.loadToken = token;
    subscription.loading = this.read(subscription, token);
    return subscription.loading;
  }

  private async read(subscription: Subscription, token: number): Promise<SubscribeOutcome> {
    const { submissionId, sink } = subscription;
    let view: SubmissionView | null;
    try {
      view = await this.repository.findView(submissionId);
    } catch (error) {
      if (!this.isCurrent(subscription, token)) return this.superseded(subscription);
      this.logger.warn({ submissionId, err: error }, 'could not read submission state for a subscriber');
      this.delete(subscription);
      return this.fail(sink, submissionId, 'the submission state cannot be read now (database unavailable); subscribe again later');
    }
    if (!this.isCurrent(subscription, token)) return this.superseded(subscription);
    if (!view) {
      this.delete(subscription);
      return this.fail(sink, submissionId, `submission ${submissionId} not found`);
    }
    this.safely(() => sink.state(view));
    subscription.lastSeq = view.lastSeq;
    const held = subscription.buffer.sort((a, b) => a.seq - b.seq);
    subscription.buffer = [];
    subscription.buffering = false;
    for (const event of held) this.send(subscription, event);
    return { ok: true, submissionId, lastSeq: view.lastSeq };
  }

  private send(subscription: Subscription, event: SubmissionEvent): void {
    if (event.seq <= subscription.lastSeq) return;
    subscription.lastSeq = event.seq;
    this.safely(() => subscription.sink.event(event));
  }

  private isCurrent(subscription: Subscription, token: number): boolean {
    return subscription.loadToken === token && this.isRegistered(subscription);
  }

  /** Outcome for a read overtaken by a newer one: the newer read's outcome when the same subscription (a resync) started it. */
  private superseded(subscription: Subscription): Promise<SubscribeOutcome> | SubscribeOutcome {
    if (this.isRegistered(subscription) && subscription.loading) return subscription.loading;
    return { ok: false, submissionId: subscription.submissionId, message: 'unsubscribed or subscribed again before the state was read' };
  }

  private isRegistered(subscription: Subscription): boolean {
    return this.byClient.get(subscription.clientId)?.get(subscription.submissionId) === subscription;
  }

  private fail(sink: SubscriberSink, submissionId: string, message: string): SubscribeOutcome {
    this.safely(() => sink.error({ submissionId, message }));
    return { ok: false, submissionId, message };
  }

  private safely(send: () => void): void {
    try {
      send();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not send to a subscriber');
    }
  }

  private add(subscription: Subscription): void {
    const { clientId, submissionId } = subscription;
    const previous = this.byClient.get(clientId)?.get(submissionId);
    if (previous) this.delete(previous);
    let own = this.byClient.get(clientId);
    if (!own) this.byClient.set(clientId, (own = new Map()));
    own.set(submissionId, subscription);
    let subscribers = this.bySubmission.get(submissionId);
    if (!subscribers) this.bySubmission.set(submissionId, (subscribers = new Map()));
    subscribers.set(clientId, subscription);
  }

  private delete(subscription: Subscription): void {
    const { clientId, submissionId } = subscription;
    const own = this.byClient.get(clientId);
    if (own?.get(submissionId) === subscription) {
      own.delete(submissionId);
      if (own.size === 0) this.byClient.delete(clientId);
    }
    const subscribers = this.bySubmission.get(submissionId);
    if (subscribers?.get(clientId) === subscription) {
      subscribers.delete(clientId);
      if (subscribers.size === 0) this.bySubmission.delete(submissionId);
    }
  }
}
