import { io } from 'socket.io-client';
import { CliError } from './cli-error.js';
import { readEvent, readState, readSubscribeAck } from './server-messages.js';
import { SubmissionProgress } from './submission-progress.js';

/** Longest the CLI follows one submission before giving up, ms. */
export const FOLLOW_TIMEOUT_MS = 15 * 60_000;
/** Reconnection attempts after the live connection drops (Socket.IO's backoff between them). */
const RECONNECT_ATTEMPTS = 10;

/**
 * Follows submission `submissionId` live over the API's Socket.IO endpoint at `baseUrl`: emits
 * `subscribe` on every (re)connection, applies each `state` (as a full replacement) and `event` to a
 * SubmissionProgress, and calls `onChange` after every change. Resolves with the progress once the
 * submission is finished (a `finished` event, or a `state` that is already finished); `apiKey`, when given,
 * goes in the handshake's `x-api-key` header. Every `state`,
 * `event` and acknowledgement is checked (server-messages) before it is used.
 * @throws CliError when the subscription is refused, the server sends a malformed message, the
 *   connection cannot be made or comes back no more, or FOLLOW_TIMEOUT_MS passes; the message names
 *   the submission so it can be read later.
 */
export function followSubmission(
  baseUrl: string,
  submissionId: string,
  onChange: (progress: SubmissionProgress) => void,
  timeoutMs = FOLLOW_TIMEOUT_MS,
  apiKey: string | null = null,
): Promise<SubmissionProgress> {
  const progress = new SubmissionProgress(submissionId);
  const socket = io(baseUrl, {
    transports: ['websocket'],
    reconnectionAttempts: RECONNECT_ATTEMPTS,
    timeout: 10_000,
    // The handshake's API key (docs/auth.md): a header, as on HTTP.
    ...(apiKey ? { extraHeaders: { 'x-api-key': apiKey } } : {}),
  });
  const later = `(read it later with GET /submissions/${submissionId})`;
  return new Promise<SubmissionProgress>((resolve, reject) => {
    const timer = setTimeout(
      () => end(new CliError(`submission ${submissionId} did not finish within ${timeoutMs / 1000} s ${later}`)),
      timeoutMs,
    );
    const end = (error?: CliError): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.io.off('reconnect_failed', onReconnectFailed);
      socket.disconnect();
      if (error) reject(error);
      else resolve(progress);
    };
    /** Runs a message handler; what it throws (a malformed message) ends the follow with that error. */
    const guarded =
      (handle: (message: unknown) => void) =>
      (message: unknown): void => {
        try {
          handle(message);
        } catch (error) {
          end(error instanceof CliError ? error : new CliError(`unexpected error following submission ${submissionId}: ${String(error)}`));
        }
      };
    socket.on('connect', () => {
      socket.emit(
        'subscribe',
        { submissionId },
        guarded((message) => {
          const ack = readSubscribeAck(message);
          if (!ack.ok) end(new CliError(`cannot follow submission ${submissionId}: ${ack.message}`));
        }),
      );
    });
    socket.on(
      'state',
      guarded((message) => {
        progress.applyState(readState(message));
        onChange(progress);
        if (progress.finished) end();
      }),
    );
    socket.on(
      'event',
      guarded((message) => {
        const event = readEvent(message);
        if (!event || !progress.applyEvent(event)) return;
        onChange(progress);
        if (progress.finished) end();
      }),
    );
    socket.on('connect_error', (error: Error) => {
      // Socket.IO retries by itself; give up only when it does (below), except for a refusal by the server.
      if (!socket.active) end(new CliError(`cannot follow submission ${submissionId} at ${baseUrl}: ${error.message} ${later}`));
    });
    const onReconnectFailed = (): void => {
      end(new CliError(`lost the live connection to ${baseUrl} following submission ${submissionId} ${later}`));
    };
    socket.io.on('reconnect_failed', onReconnectFailed);
  });
}
