import { storedApiKey } from './api-key.js';
import { io, type Socket } from 'socket.io-client';
import type { SubmissionEvent, SubmissionView } from '../../../libs/contracts/index.js';

/** An event as the server pushes it; problem subscriptions' events also name their problem. */
export type LiveEvent = SubmissionEvent & { problemId?: string | null };

/** What the page hears over Socket.IO. */
export interface LiveHandlers {
  /** A followed submission's full state (replaces what was known). */
  state(view: SubmissionView): void;
  /** An event of a followed submission, or of any submission of the subscribed problem. */
  event(event: LiveEvent): void;
  /** The connection went up (true) or down (false); `refusal`: the server refused it (e.g. a missing or bad API key). */
  connection(up: boolean, refusal?: string): void;
  /** The server refused or ended the followed submission's subscription (its `error` message). */
  failure(message: string): void;
}

/** Longest the page waits for a `subscribe-problem` acknowledgement, ms. */
const ACK_TIMEOUT_MS = 5_000;

/**
 * The page's one Socket.IO connection (same origin, default namespace; docs/events.md). It follows
 * at most one submission and one problem at a time, and subscribes again after a reconnect: the
 * submission with `afterSeq` (the last seq it applied), the problem as before.
 */
export class LiveResults {
  private readonly socket: Socket;
  private submissionId: string | null = null;
  private problemId: string | null = null;

  /** @param lastSeq the last seq applied for the followed submission (for `afterSeq` on a reconnect). */
  constructor(
    private readonly handlers: LiveHandlers,
    private readonly lastSeq: () => number | null,
  ) {
    // The handshake carries the page's API key (read at every connection attempt).
    this.socket = io({ reconnectionDelayMax: 10_000, auth: (send) => send(storedApiKey() ? { apiKey: storedApiKey() } : {}) });
    this.socket.on('connect', () => {
      handlers.connection(true);
      if (this.submissionId) this.emitSubscribe(this.submissionId, this.lastSeq() ?? undefined);
      if (this.problemId) void this.emitSubscribeProblem(this.problemId);
    });
    this.socket.on('disconnect', () => handlers.connection(false));
    // Refused by the server (the API key): Socket.IO does not retry it; a new key reloads the page.
    this.socket.on('connect_error', (error: Error) => {
      if (!this.socket.active) handlers.connection(false, error.message);
    });
    this.socket.on('state', (view: SubmissionView) => {
      if (view && view.id === this.submissionId) handlers.state(view);
    });
    this.socket.on('error', (error: { submissionId?: unknown; message?: unknown } | null) => {
      if (error && error.submissionId === this.submissionId && typeof error.message === 'string') handlers.failure(error.message);
    });
    this.socket.on('event', (event: LiveEvent) => {
      if (!event || typeof event.submissionId !== 'string') return;
      if (event.submissionId === this.submissionId || (this.problemId !== null && event.problemId === this.problemId))
        handlers.event(event);
    });
  }

  /** Follows `submissionId` (and stops following the previous one): a `state`, then its events. */
  follow(submissionId: string): void {
    if (this.submissionId && this.submissionId !== submissionId) this.socket.emit('unsubscribe', { submissionId: this.submissionId });
    this.submissionId = submissionId;
    if (this.socket.connected) this.emitSubscribe(submissionId);
  }

  /**
   * Follows every submission of `problemId` (null: none).
   * @returns whether the server acknowledged it (`{ ok: true, problemId }`); false on a refusal, a
   *   timeout, or a server without problem subscriptions.
   */
  async followProblem(problemId: string | null): Promise<boolean> {
    if (this.problemId && this.problemId !== problemId) this.socket.emit('unsubscribe-problem', { problemId: this.problemId });
    this.problemId = problemId;
    if (!problemId || !this.socket.connected) return false;
    return this.emitSubscribeProblem(problemId);
  }

  private emitSubscribe(submissionId: string, afterSeq?: number): void {
    this.socket.emit('subscribe', afterSeq === undefined ? { submissionId } : { submissionId, afterSeq });
  }

  private async emitSubscribeProblem(problemId: string): Promise<boolean> {
    try {
      const ack = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('subscribe-problem', { problemId })) as unknown;
      return (
        typeof ack === 'object' &&
        ack !== null &&
        (ack as { ok?: unknown }).ok === true &&
        (ack as { problemId?: unknown }).problemId === problemId
      );
    } catch {
      return false;
    }
  }
}
