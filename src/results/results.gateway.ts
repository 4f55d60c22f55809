import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayDisconnect } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { isValidObjectId } from '../common/object-id.js';
import { SubmissionSubscriptions, type SubscriberSink } from './submission-subscriptions.js';

/** Acknowledgement of `subscribe` (with the state's lastSeq) and `unsubscribe`. */
export type SubscriptionAck = { ok: true; submissionId: string; lastSeq?: number } | { ok: false; submissionId?: string; message: string };

/** Socket.IO events the server emits. */
export const ServerEvent = {
  /** SubmissionView: the stored state (first message after `subscribe`; again after a resync). */
  State: 'state',
  /** SubmissionEvent: seq > the last `state`'s lastSeq, increasing. */
  Event: 'event',
  /** `{ submissionId?, message }`: the subscription failed or ended. */
  Error: 'error',
} as const;

/** Socket.IO events a client emits. */
export const ClientEvent = {
  /** `{ submissionId }`; acknowledged with SubscriptionAck. */
  Subscribe: 'subscribe',
  /** `{ submissionId }`; acknowledged with SubscriptionAck. */
  Unsubscribe: 'unsubscribe',
} as const;

/**
 * The submission id of a `subscribe`/`unsubscribe` body, in the lowercase hex that events carry
 * (REST accepts either case, so a subscription must too), or null when it is not a submission id.
 */
function submissionIdOf(body: unknown): string | null {
  const id = typeof body === 'object' && body !== null ? (body as { submissionId?: unknown }).submissionId : undefined;
  return isValidObjectId(id) ? id.toLowerCase() : null;
}

const BAD_ID = 'submissionId must be a 24-character hex string';

/**
 * Live results over Socket.IO, on the HTTP server's port, default namespace.
 *
 * Protocol:
 * 1. Client emits `subscribe` `{ submissionId }` (with an ack callback if it likes).
 * 2. Server emits `state` (SubmissionView, from MongoDB), then `event` messages (SubmissionEvent)
 *    with seq > state.lastSeq in increasing seq order; never an `event` before the `state`.
 *    The ack `{ ok: true, submissionId, lastSeq }` arrives after the `state`.
 * 3. Unknown or malformed id, or the database unreadable: server emits `error`
 *    `{ submissionId?, message }` and acks `{ ok: false, submissionId?, message }`.
 * 4. `unsubscribe` `{ submissionId }` stops the events; disconnecting drops all subscriptions.
 * If this process loses its Redis subscription, it later sends a fresh `state` (then events):
 * a client must treat every `state` as replacing what it knew.
 */
@WebSocketGateway()
export class ResultsGateway implements OnGatewayDisconnect {
  private readonly logger = new Logger('ResultsGateway');

  constructor(private readonly subscriptions: SubmissionSubscriptions) {}

  @SubscribeMessage(ClientEvent.Subscribe)
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SubscriptionAck> {
    const submissionId = submissionIdOf(body);
    if (!submissionId) {
      socket.emit(ServerEvent.Error, { message: BAD_ID });
      return { ok: false, message: BAD_ID };
    }
    return this.subscriptions.subscribe(socket.id, submissionId, this.sinkFor(socket));
  }

  @SubscribeMessage(ClientEvent.Unsubscribe)
  unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): SubscriptionAck {
    const submissionId = submissionIdOf(body);
    if (!submissionId) return { ok: false, message: BAD_ID };
    return this.subscriptions.unsubscribe(socket.id, submissionId)
      ? { ok: true, submissionId }
      : { ok: false, submissionId, message: 'not subscribed to this submission' };
  }

  handleDisconnect(socket: Socket): void {
    this.subscriptions.removeClient(socket.id);
  }

  private sinkFor(socket: Socket): SubscriberSink {
    return {
      state: (view) => socket.emit(ServerEvent.State, view),
      event: (event) => socket.emit(ServerEvent.Event, event),
      error: (error) => {
        this.logger.debug({ submissionId: error.submissionId, reason: error.message }, 'subscription refused');
        socket.emit(ServerEvent.Error, error);
      },
    };
  }
}
