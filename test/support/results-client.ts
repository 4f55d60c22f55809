import { io, type Socket } from 'socket.io-client';
import type { SubmissionEvent, SubmissionView } from '../../libs/contracts/index.js';

/** One message a results client received, in arrival order. */
export type ResultsMessage =
  | { kind: 'state'; view: SubmissionView }
  | { kind: 'event'; event: SubmissionEvent }
  | { kind: 'error'; error: { submissionId?: string; message: string } };

/** A Socket.IO client of ResultsGateway that records everything it receives. */
export interface ResultsClient {
  socket: Socket;
  messages: ResultsMessage[];
  /** Emits `subscribe` (with `afterSeq` when given) and resolves with the server's acknowledgement. */
  subscribe(submissionId: string, afterSeq?: number): Promise<{ ok: boolean; lastSeq?: number; resumed?: boolean; message?: string }>;
  /** Emits `subscribe-problem` and resolves with the acknowledgement. */
  subscribeProblem(problemId: unknown): Promise<{ ok: boolean; problemId?: string; message?: string }>;
  /** The events received for `submissionId`, in arrival order. */
  eventsOf(submissionId: string): SubmissionEvent[];
  /** Resolves once `predicate` holds for the messages received (checked on each message). */
  until(predicate: (messages: ResultsMessage[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Resolves once the submission is known to be finished (a `finished` event, or a `state` already finished). */
  finished(submissionId: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

/**
 * Connects to the API at `baseUrl` (WebSocket transport only) and resolves once connected.
 * @param apiKey sent in the handshake as `auth: { apiKey }` (docs/auth.md).
 * @throws Error when it cannot connect within 10 s; the server's `connect_error` (e.g. a refused key) as is.
 */
export async function connectResults(baseUrl: string, { apiKey }: { apiKey?: string } = {}): Promise<ResultsClient> {
  const socket = io(baseUrl, { transports: ['websocket'], reconnection: false, ...(apiKey ? { auth: { apiKey } } : {}) });
  const messages: ResultsMessage[] = [];
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  socket.on('state', (view: SubmissionView) => {
    messages.push({ kind: 'state', view });
    notify();
  });
  socket.on('event', (event: SubmissionEvent) => {
    messages.push({ kind: 'event', event });
    notify();
  });
  socket.on('error', (error: { submissionId?: string; message: string }) => {
    messages.push({ kind: 'error', error });
    notify();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`could not connect to ${baseUrl}`)), 10_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  const isFinished = (id: string): boolean =>
    messages.some(
      (m) =>
        (m.kind === 'event' && m.event.submissionId === id && m.event.type === 'finished') ||
        (m.kind === 'state' && m.view.id === id && m.view.status === 'finished'),
    );
  return {
    socket,
    messages,
    subscribe: (submissionId, afterSeq) =>
      socket.timeout(10_000).emitWithAck('subscribe', afterSeq === undefined ? { submissionId } : { submissionId, afterSeq }),
    subscribeProblem: (problemId) => socket.timeout(10_000).emitWithAck('subscribe-problem', { problemId }),
    eventsOf: (submissionId) => messages.flatMap((m) => (m.kind === 'event' && m.event.submissionId === submissionId ? [m.event] : [])),
    until: (predicate, what, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!predicate(messages)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${what}: not within ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 4000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    finished: (submissionId, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!isFinished(submissionId)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`submission ${submissionId} not finished within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => socket.close(),
  };
}
