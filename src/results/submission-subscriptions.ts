import { Injectable, Logger } from '@nestjs/common';
import { SubmissionStatus, type SubmissionEvent, type SubmissionView } from '../../libs/contracts/index.js';
import { SubmissionEventLog } from '../events/submission-event-log.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { replayAfter } from './replay-after.js';

/** Where one subscriber's messages go (a Socket.IO socket or an SSE response in production). */
export interface SubscriberSink {
  /** The stored state; every later `event` has a greater seq than `view.lastSeq`. */
  state(view: SubmissionView): void;
  event(event: SubmissionEvent): void;
  error(error: { submissionId: string; message: string }): void;
}

/** How a subscription starts. */
export interface SubscribeOptions {
  /**
   * The seq of the last event the subscriber has (an integer ≥ 0; 0: none). Given, it is sent the
   * buffered events after it (no `state`) when the replay buffer holds every one of them, else the
   * state first as without it. Absent: the state first.
   */
  afterSeq?: number;
}

/** Why a subscribe failed. */
export type SubscribeFailure = 'not-found' | 'unavailable' | 'limit' | 'superseded';

/**
 * Outcome of a subscribe request. ok: `lastSeq` is the seq the read reached (the state's lastSeq, or
 * the last event replayed, or afterSeq when nothing was missed); `resumed` whether the events came from
 * the replay buffer (no state); `finished` whether the read says the submission is finished.
 */
export type SubscribeOutcome =
  | { ok: true; submissionId: string; lastSeq: number; resumed: boolean; finished: boolean }
  | { ok: false; submissionId: string; message: string; reason: SubscribeFailure };

/** Most submissions one client may follow at once. */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 100;
/** Most events held for one subscription while its state is being read (a submission has about 2 per test). */
const MAX_BUFFERED_EVENTS = 10_000;

interface Subscription {
  readonly clientId: string;
  readonly submissionId: string;
  readonly sink: SubscriberSink;
  /** Subscribed with `afterSeq`: every (re)load first tries the replay buffer from `lastSeq`. */
  readonly resumable: boolean;
  /** True while the state or the replay buffer is being read: events wait in `buffer`. */
  buffering: boolean;
  buffer: SubmissionEvent[];
  /** Seq of the last thing sent (state's lastSeq or an event; afterSeq before anything); later events must be greater. */
  lastSeq: number;
  /** Whether the last thing sent says the submission is finished. */
  finished: boolean;
  /** Identifies the current read; a read whose token is stale is ignored. */
  loadToken: number;
  /** Outcome of the current read. */
  loading?: Promise<SubscribeOutcome>;
}

/**
 * Who in this process follows which submission, and the ordering guarantee: a subscriber gets the
 * events with consecutive seqs, in increasing order, never one twice, after either
 * - a `state` (the stored SubmissionView): then the events with seq > state.lastSeq; or
 * - with `afterSeq`, when the replay buffer (SubmissionEventLog) holds them: the buffered events
 *   after `afterSeq`, then the live ones, without a `state`.
 *
 * How: the subscription is registered (buffering) *before* the state or the buffer is read, so an
 * event published meanwhile is held, not lost; once the read's messages are sent, the held events
 * newer than them are flushed in seq order. This relies on publishers storing an event's effect
 * before publishing it (SubmissionEventsPublisher.publishAfter), so an event published before the
 * registration is already reflected in the state read after it, and on the buffer being written
 * in the same MULTI as the PUBLISH, so it holds every event published before it is read.
 *
 * A gap (an event whose seq is not the next one: its publication failed, or pub/sub lost it) is
 * never passed on: the subscription is read again (buffer, else state) and continues from there.
 *
 * Only this process's subscribers are tracked; every API process receives every event from Redis
 * itself, so no state is shared between processes.
 */
@Injectable()
export class SubmissionSubscriptions {
  private readonly logger = new Logger('Subscriptions');
  private readonly bySubmission = new Map<string, Map<string, Subscription>>();
  private readonly byClient = new Map<string, Map<string, Subscription>>();
  private nextLoadToken = 1;

  constructor(
    private readonly repository: SubmissionsRepository,
    private readonly log: SubmissionEventLog,
  ) {}

  /** Number of (client, submission) subscriptions held; for tests and metrics. */
  get size(): number {
    let n = 0;
    for (const subs of this.byClient.values()) n += subs.size;
    return n;
  }

  /** Whether client `clientId` follows submission `submissionId` (so it gets its events from here). */
  follows(clientId: string, submissionId: string): boolean {
    return this.byClient.get(clientId)?.has(submissionId) ?? false;
  }

  /**
   * Starts sending submission `submissionId`'s events to `sink` (after its state, or replayed; see
   * SubscribeOptions). Subscribing again to the same submission restarts the sequence.
   * @returns ok once the state or replayed events and the events held meanwhile are sent; not ok
   *   (after `sink.error`) when the submission does not exist, MongoDB cannot be read, the client
   *   follows too many submissions, or it unsubscribed meanwhile.
   */
  async subscribe(clientId: string, submissionId: string, sink: SubscriberSink, options: SubscribeOptions = {}): Promise<SubscribeOutcome> {
    const own = this.byClient.get(clientId);
    if (own && own.size >= MAX_SUBSCRIPTIONS_PER_CLIENT && !own.has(submissionId)) {
      return this.fail(
        sink,
        submissionId,
        'limit',
        `a client may follow at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} submissions; unsubscribe from some first`,
      );
    }
    const subscription: Subscription = {
      clientId,
      submissionId,
      sink,
      resumable: options.afterSeq !== undefined,
      buffering: true,
      buffer: [],
      lastSeq: options.afterSeq ?? 0,
      finished: false,
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
    for (const subscription of [...subscribers.values()]) this.route(subscription, event);
  }

  /**
   * Reads every subscription again and sends what it missed: the buffered events after its last
   * seq (subscriptions made with `afterSeq`, when the buffer holds them), else a fresh state. Call
   * after the events connection was lost and restored: events published meanwhile were missed.
   */
  resyncAll(): void {
    for (const subs of this.byClient.values()) {
      for (const subscription of subs.values()) void this.load(subscription);
    }
  }

  private route(subscription: Subscription, event: SubmissionEvent): void {
    if (subscription.buffering) {
      if (subscription.buffer.length < MAX_BUFFERED_EVENTS) subscription.buffer.push(event);
      return;
    }
    if (event.seq <= subscription.lastSeq) return;
    if (event.seq > subscription.lastSeq + 1) {
      // A gap: never passed on. Read again; this event is held until then.
      this.logger.debug(
        { submissionId: subscription.submissionId, after: subscription.lastSeq, got: event.seq },
        'event gap; reading again',
      );
      subscription.buffer.push(event);
      void this.load(subscription);
      return;
    }
    this.deliver(subscription, event);
  }

  private deliver(subscription: Subscription, event: SubmissionEvent): void {
    subscription.lastSeq = event.seq;
    subscription.finished = event.type === 'finished';
    this.safely(() => subscription.sink.event(event));
  }

  private load(subscription: Subscription): Promise<SubscribeOutcome> {
    const token = this.nextLoadToken++;
    subscription.loadToken = token;
    subscription.buffering = true;
    subscription.loading = this.read(subscription, token);
    return subscription.loading;
  }

  private async read(subscription: Subscription, token: number): Promise<SubscribeOutcome> {
    if (subscription.resumable) {
      const replayed = await this.replay(subscription, token);
      if (replayed) return replayed;
    }
    const { submissionId, sink } = subscription;
    let view: SubmissionView | null;
    try {
      view = await this.repository.findView(submissionId);
    } catch (error) {
      if (!this.isCurrent(subscription, token)) return this.superseded(subscription);
      this.logger.warn({ submissionId, err: error }, 'could not read submission state for a subscriber');
      this.delete(subscription);
      return this.fail(
        sink,
        submissionId,
        'unavailable',
        'the submission state cannot be read now (database unavailable); subscribe again later',
      );
    }
    if (!this.isCurrent(subscription, token)) return this.superseded(subscription);
    if (!view) {
      this.delete(subscription);
      return this.fail(sink, submissionId, 'not-found', `submission ${submissionId} not found`);
    }
    this.safely(() => sink.state(view));
    subscription.lastSeq = view.lastSeq;
    subscription.finished = view.status === SubmissionStatus.Finished;
    return this.flush(subscription, false);
  }

  /**
   * Sends the buffered events after the subscription's last seq when the replay buffer holds all of them.
   * @returns the outcome, or null when the buffer cannot cover it (or Redis cannot be read): read the state.
   */
  private async replay(subscription: Subscription, token: number): Promise<SubscribeOutcome | null> {
    const { submissionId } = subscription;
    let logged: SubmissionEvent[];
    try {
      logged = await this.log.read(submissionId);
    } catch (error) {
      this.logger.debug({ submissionId, err: error }, 'could not read the replay buffer; sending the state');
      logged = [];
    }
    if (!this.isCurrent(subscription, token)) return this.superseded(subscription);
    const replay = replayAfter(logged, subscription.lastSeq);
    if (!replay) return null;
    if (replay.missed.length === 0) subscription.finished = replay.newest.type === 'finished';
    for (const event of replay.missed) this.deliver(subscription, event);
    return this.flush(subscription, true);
  }

  /**
   * Sends the events held during a read, newer than what it sent, in seq order; ends buffering.
   * @returns the read's outcome: `lastSeq` and `finished` as of the read (the state or the last replayed event).
   */
  private flush(subscription: Subscription, resumed: boolean): SubscribeOutcome {
    const { submissionId, lastSeq, finished } = subscription;
    const held = subscription.buffer.sort((a, b) => a.seq - b.seq);
    subscription.buffer = [];
    subscription.buffering = false;
    for (const event of held) this.route(subscription, event);
    return { ok: true, submissionId, lastSeq, resumed, finished };
  }

  private isCurrent(subscription: Subscription, token: number): boolean {
    return subscription.loadToken === token && this.isRegistered(subscription);
  }

  /** Outcome for a read overtaken by a newer one: the newer read's outcome when the same subscription (a resync) started it. */
  private superseded(subscription: Subscription): Promise<SubscribeOutcome> | SubscribeOutcome {
    if (this.isRegistered(subscription) && subscription.loading) return subscription.loading;
    return {
      ok: false,
      submissionId: subscription.submissionId,
      reason: 'superseded',
      message: 'unsubscribed or subscribed again before the state was read',
    };
  }

  private isRegistered(subscription: Subscription): boolean {
    return this.byClient.get(subscription.clientId)?.get(subscription.submissionId) === subscription;
  }

  private fail(sink: SubscriberSink, submissionId: string, reason: SubscribeFailure, message: string): SubscribeOutcome {
    this.safely(() => sink.error({ submissionId, message }));
    return { ok: false, submissionId, message, reason };
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
