import { HttpException, Inject, Logger, Optional, UnauthorizedException, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { Authenticator, openCaller } from '../auth/authenticator.js';
import { CALLER_PROPERTY, type Caller } from '../auth/caller.js';
import { presentedKey } from '../auth/presented-key.js';
import { REFUSED_REQUESTS_LIMITER, type RefusedRequestsLimiter } from '../auth/refused-requests.limiter.js';
import { SubmissionAccess } from '../auth/submission-access.js';
import { isValidObjectId } from '../common/object-id.js';
import { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import { MAX_PROBLEM_SUBSCRIPTIONS_PER_CLIENT, ProblemSubscriptions } from './problem-subscriptions.js';
import { dropConnection, SocketBacklog } from './socket-backlog.js';
import { SUBSCRIBE_BURST, SUBSCRIBES_PER_SECOND, SubscribeRate } from './subscribe-rate.js';
import { SubmissionSubscriptions, type SubscriberSink } from './submission-subscriptions.js';
import { MAX_UNSENT_BYTES } from './unsent-limit.js';

/**
 * Acknowledgement of `subscribe` and `unsubscribe`. `subscribe`'s carries `lastSeq` (the state's, or
 * the last replayed event's) and `resumed` (true: the events after `afterSeq` came from the replay
 * buffer, no `state` was sent).
 */
export type SubscriptionAck =
  { ok: true; submissionId: string; lastSeq?: number; resumed?: boolean } | { ok: false; submissionId?: string; message: string };

/** Acknowledgement of `subscribe-problem` and `unsubscribe-problem`. */
export type ProblemSubscriptionAck = { ok: true; problemId: string } | { ok: false; problemId?: string; message: string };

/** Socket.IO events the server emits. */
export const ServerEvent = {
  /** SubmissionView: the stored state (first message after `subscribe` without afterSeq; again after a resync it needs). */
  State: 'state',
  /** SubmissionEvent: of a followed submission, seq increasing by 1; of a followed problem, as they come. */
  Event: 'event',
  /** `{ submissionId?, problemId?, message }`: the subscription failed or ended. */
  Error: 'error',
} as const;

/** Socket.IO events a client emits. */
export const ClientEvent = {
  /** `{ submissionId, afterSeq? }`; acknowledged with SubscriptionAck. */
  Subscribe: 'subscribe',
  /** `{ submissionId }`; acknowledged with SubscriptionAck. */
  Unsubscribe: 'unsubscribe',
  /** `{ problemId }`; acknowledged with ProblemSubscriptionAck. */
  SubscribeProblem: 'subscribe-problem',
  /** `{ problemId }`; acknowledged with ProblemSubscriptionAck. */
  UnsubscribeProblem: 'unsubscribe-problem',
} as const;

/**
 * The id in `field` of a message body, in the lowercase hex that events carry (REST accepts either
 * case, so a subscription must too), or null when it is not a 24-hex-digit id.
 */
function idOf(body: unknown, field: 'submissionId' | 'problemId'): string | null {
  const id = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  return isValidObjectId(id) ? id.toLowerCase() : null;
}

/** Largest `afterSeq` accepted (seqs are small integers; this keeps arithmetic exact). */
const MAX_AFTER_SEQ = Number.MAX_SAFE_INTEGER - 1;

/** `afterSeq` of a `subscribe` body: undefined when absent, null when present but not an integer 0..MAX_AFTER_SEQ. */
function afterSeqOf(body: unknown): number | undefined | null {
  const value = (body as { afterSeq?: unknown }).afterSeq;
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_AFTER_SEQ ? value : null;
}

const BAD_ID = 'submissionId must be a 24-character hex string';
const BAD_AFTER_SEQ = 'afterSeq must be an integer ≥ 0 (the seq of the last event received; 0: none)';
const BAD_PROBLEM_ID = 'problemId must be a 24-character hex string';

/** How often the key of every connected socket is checked again, ms (revoked or expired: disconnected). */
const KEY_RECHECK_MS = 10_000;

/**
 * The API key of a Socket.IO handshake: `auth: { apiKey }` (what browsers can send), else the
 * `x-api-key` or `Authorization: Bearer` header; null when none.
 */
export function handshakeKey(handshake: Socket['handshake']): string | null {
  const fromAuth = (handshake.auth as { apiKey?: unknown } | undefined)?.apiKey;
  if (typeof fromAuth === 'string' && fromAuth.trim() !== '') return fromAuth.trim();
  return presentedKey(handshake.headers);
}

/** Milliseconds a too-slow client's connection gets to take the `error` message before it is dropped. */
const TOO_SLOW_GRACE_MS = 2000;

/**
 * Live results over Socket.IO, on the HTTP server's port, default namespace (docs/events.md,
 * docs/asyncapi.yaml).
 *
 * Protocol:
 * 1. Client emits `subscribe` `{ submissionId }` (with an ack callback if it likes).
 *    Server emits `state` (SubmissionView, from MongoDB), then `event` messages (SubmissionEvent)
 *    with seq > state.lastSeq in increasing seq order; never an `event` before the `state`.
 *    The ack `{ ok: true, submissionId, lastSeq, resumed: false }` arrives after the `state`.
 * 2. With `afterSeq` (integer ≥ 0: the last seq the client has), the server emits every event with
 *    seq > afterSeq, in order, without a gap, from the replay buffer, then the live ones, and no
 *    `state` (ack `resumed: true`); when the buffer no longer holds them all, as in 1.
 * 3. Unknown or malformed id, a bad afterSeq, or the database unreadable: server emits `error`
 *    `{ submissionId?, message }` and acks `{ ok: false, submissionId?, message }`.
 * 4. `unsubscribe` `{ submissionId }` stops the events; disconnecting drops all subscriptions.
 * 5. A socket with more than MAX_UNSENT_BYTES waiting to be sent from before (it reads too slowly;
 *    what one event-loop turn sends at once, a replay, is not held against it) is sent `error`
 *    `{ message: 'too slow: …' }` and disconnected; checked before every `state` and `event` and at
 *    each `subscribe`. A socket may start SUBSCRIBE_BURST subscribes at once, then
 *    SUBSCRIBES_PER_SECOND (more are refused with `error`), so it cannot make the API read and send
 *    a replay without end.
 * 6. `subscribe-problem` `{ problemId }`: every event of every submission of that problem from then
 *    on (live only), acked `{ ok: true, problemId }`, or `{ ok: false, message }` for a malformed or
 *    unknown problem id or too many problems; `unsubscribe-problem` stops it. An event of a
 *    submission the socket also follows is sent once, by that subscription.
 * If this process loses its Redis subscription, it later sends what was missed (replayed, or a
 * fresh `state`): a client must treat every `state` as replacing what it knew.
 *
 * Authentication (docs/auth.md): the handshake carries the API key (`auth: { apiKey }`, or the `x-api-key`
 * header); without a valid one (when authentication is on) the connection is refused: the client gets
 * `connect_error` with the 401 message. A submission the key may not read answers `subscribe` exactly as
 * an unknown one (`submission <id> not found`); `subscribe-problem` is for the problem's setter and admins.
 */
@WebSocketGateway()
export class ResultsGateway implements OnGatewayDisconnect, OnGatewayInit, OnModuleDestroy {
  private recheckTimer: NodeJS.Timeout | undefined;
  private readonly logger = new Logger('ResultsGateway');
  private readonly clients = new WeakMap<Socket, { rate: SubscribeRate; backlog: SocketBacklog }>();

  constructor(
    private readonly subscriptions: SubmissionSubscriptions,
    private readonly problemSubscriptions: ProblemSubscriptions,
    private readonly problems: ProblemsRepository,
    private readonly authenticator: Authenticator,
    private readonly access: SubmissionAccess,
    @Optional() @Inject(REFUSED_REQUESTS_LIMITER) private readonly refusals?: RefusedRequestsLimiter,
  ) {}

  /**
   * Checks every handshake's API key before the connection is made (sets `socket.data.caller`), and
   * every KEY_RECHECK_MS the key of every connected socket: a socket whose key was revoked or expired
   * meanwhile is told so and disconnected, so it stops receiving events (REST refuses such a key at
   * once; the key cache makes this within its 30 s on other processes).
   */
  afterInit(server: Server): void {
    this.recheckTimer = setInterval(() => {
      for (const socket of server.sockets.sockets.values()) void this.recheckKey(socket);
    }, KEY_RECHECK_MS);
    this.recheckTimer.unref();
    server.use((socket, next) => {
      this.authenticator.callerOf(handshakeKey(socket.handshake), socket.handshake.address).then(
        (caller) => {
          (socket.data as Record<string, Caller>)[CALLER_PROPERTY] = caller;
          next();
        },
        async (error: unknown) => {
          // A refused handshake counts per address like a refused HTTP request (429 beyond the rate).
          if (error instanceof UnauthorizedException) {
            error = await this.refusals?.refused(socket.handshake.address).then(
              () => error,
              (tooMany: unknown) => tooMany,
            );
          }
          const status = error instanceof HttpException ? error.getStatus() : 503;
          const message =
            error instanceof HttpException ? error.message : 'the API key cannot be checked now (database unavailable); retry later';
          next(Object.assign(new Error(message), { data: { statusCode: status } }));
        },
      );
    });
  }

  onModuleDestroy(): void {
    clearInterval(this.recheckTimer);
  }

  /**
   * Checks `socket`'s handshake key again (the key cache answers most): revoked or expired, the socket gets an
   * `error` naming it and is disconnected. A database that cannot be reached leaves it connected.
   * @returns whether the socket may go on.
   */
  private async recheckKey(socket: Socket): Promise<boolean> {
    if (!(socket.data as Record<string, Caller | undefined>)[CALLER_PROPERTY]?.keyId) return true;
    try {
      await this.authenticator.callerOf(handshakeKey(socket.handshake), socket.handshake.address);
      return true;
    } catch (error) {
      if (!(error instanceof HttpException)) return true;
      socket.emit(ServerEvent.Error, { message: `${error.message}; disconnected` });
      socket.disconnect(true);
      return false;
    }
  }

  /** The caller of `socket`, as its handshake established it (the open caller when authentication is off). */
  private callerOf(socket: Socket): Caller {
    return (socket.data as Record<string, Caller | undefined>)[CALLER_PROPERTY] ?? openCaller(socket.handshake.address);
  }

  @SubscribeMessage(ClientEvent.Subscribe)
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SubscriptionAck> {
    const submissionId = idOf(body, 'submissionId');
    if (!submissionId) return this.refuse(socket, { message: BAD_ID });
    const afterSeq = afterSeqOf(body);
    if (afterSeq === null) return this.refuse(socket, { submissionId, message: BAD_AFTER_SEQ });
    if (this.isTooSlow(socket)) return { ok: false, submissionId, message: 'disconnected: too slow' };
    const waitMs = this.clientOf(socket).rate.take();
    if (waitMs > 0) {
      return this.refuse(socket, {
        submissionId,
        message: `too many subscribes: at most ${SUBSCRIBE_BURST} at once, then ${SUBSCRIBES_PER_SECOND} per second; retry in ${waitMs} ms`,
      });
    }
    if (!(await this.recheckKey(socket))) return { ok: false, submissionId, message: 'disconnected: the API key is no longer valid' };
    let readable: boolean;
    try {
      readable = await this.access.mayRead(this.callerOf(socket), submissionId);
    } catch {
      return this.refuse(socket, {
        submissionId,
        message: 'the submission cannot be read now (database unavailable); subscribe again later',
      });
    }
    // Another key's submission: the very answer an unknown id gets, so ids tell nothing.
    if (!readable) return this.refuse(socket, { submissionId, message: `submission ${submissionId} not found` });
    const outcome = await this.subscriptions.subscribe(
      socket.id,
      submissionId,
      this.sinkFor(socket),
      afterSeq === undefined ? {} : { afterSeq },
    );
    if (!outcome.ok) return { ok: false, submissionId, message: outcome.message };
    return { ok: true, submissionId, lastSeq: outcome.lastSeq, resumed: outcome.resumed };
  }

  @SubscribeMessage(ClientEvent.Unsubscribe)
  unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): SubscriptionAck {
    const submissionId = idOf(body, 'submissionId');
    if (!submissionId) return { ok: false, message: BAD_ID };
    return this.subscriptions.unsubscribe(socket.id, submissionId)
      ? { ok: true, submissionId }
      : { ok: false, submissionId, message: 'not subscribed to this submission' };
  }

  @SubscribeMessage(ClientEvent.SubscribeProblem)
  async subscribeProblem(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<ProblemSubscriptionAck> {
    const problemId = idOf(body, 'problemId');
    if (!problemId) return this.refuse(socket, { message: BAD_PROBLEM_ID });
    if (!(await this.recheckKey(socket))) return { ok: false, problemId, message: 'disconnected: the API key is no longer valid' };
    let exists: boolean;
    let allowed: boolean;
    try {
      const problem = await this.problems.find(problemId);
      exists = problem !== null;
      allowed = exists && this.access.mayManage(this.callerOf(socket), problem);
    } catch {
      return this.refuse(socket, { problemId, message: 'the problem cannot be read now (database unavailable); subscribe again later' });
    }
    if (!exists) return this.refuse(socket, { problemId, message: `problem ${problemId} not found` });
    if (!allowed) {
      return this.refuse(socket, { problemId, message: "only the problem's setter or an admin may follow all of its submissions" });
    }
    if (!socket.connected) return { ok: false, problemId, message: 'disconnected' };
    const added = this.problemSubscriptions.subscribe(socket.id, problemId, (event) => this.send(socket, ServerEvent.Event, event));
    if (!added) {
      return this.refuse(socket, {
        problemId,
        message: `a client may follow at most ${MAX_PROBLEM_SUBSCRIPTIONS_PER_CLIENT} problems; unsubscribe from some first`,
      });
    }
    return { ok: true, problemId };
  }

  @SubscribeMessage(ClientEvent.UnsubscribeProblem)
  unsubscribeProblem(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): ProblemSubscriptionAck {
    const problemId = idOf(body, 'problemId');
    if (!problemId) return { ok: false, message: BAD_PROBLEM_ID };
    return this.problemSubscriptions.unsubscribe(socket.id, problemId)
      ? { ok: true, problemId }
      : { ok: false, problemId, message: 'not subscribed to this problem' };
  }

  handleDisconnect(socket: Socket): void {
    this.subscriptions.removeClient(socket.id);
    this.problemSubscriptions.removeClient(socket.id);
  }

  /** Emits `error` with `error` and returns it as a refusing ack. */
  private refuse<E extends { message: string }>(socket: Socket, error: E): E & { ok: false } {
    this.logger.debug(error, 'subscription refused');
    socket.emit(ServerEvent.Error, error);
    return { ok: false, ...error };
  }

  /** Emits `name` with `payload`, unless the socket is gone or too slow (then it is disconnected). */
  private send(socket: Socket, name: string, payload: unknown): void {
    if (socket.disconnected || this.isTooSlow(socket)) return;
    this.clientOf(socket).backlog.emit(name, payload);
  }

  private clientOf(socket: Socket): { rate: SubscribeRate; backlog: SocketBacklog } {
    let client = this.clients.get(socket);
    if (!client) this.clients.set(socket, (client = { rate: new SubscribeRate(), backlog: new SocketBacklog(socket) }));
    return client;
  }

  /**
   * Whether more than MAX_UNSENT_BYTES wait to be sent to `socket` from before this event-loop turn
   * (SocketBacklog); if so it is sent `error` and disconnected, and its connection dropped
   * TOO_SLOW_GRACE_MS later if still open.
   */
  private isTooSlow(socket: Socket): boolean {
    const unsent = this.clientOf(socket).backlog.bytes;
    if (unsent <= MAX_UNSENT_BYTES) return false;
    if (socket.disconnected) return true;
    this.logger.warn({ socket: socket.id, unsent }, 'disconnecting a Socket.IO client that reads too slowly');
    socket.emit(ServerEvent.Error, {
      message: `too slow: ${unsent} bytes unsent (at most ${MAX_UNSENT_BYTES}); reconnect and subscribe with afterSeq`,
    });
    socket.disconnect(true);
    setTimeout(() => dropConnection(socket), TOO_SLOW_GRACE_MS).unref();
    return true;
  }

  private sinkFor(socket: Socket): SubscriberSink {
    return {
      state: (view) => this.send(socket, ServerEvent.State, view),
      event: (event) => this.send(socket, ServerEvent.Event, event),
      error: (error) => {
        this.logger.debug({ submissionId: error.submissionId, reason: error.message }, 'subscription refused');
        socket.emit(ServerEvent.Error, error);
      },
    };
  }
}
