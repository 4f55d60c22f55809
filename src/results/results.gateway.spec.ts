import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SubmissionEvent } from '../../libs/contracts/index.js';
import type { SubmissionEventLog } from '../events/submission-event-log.js';
import type { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { ProblemSubscriptions } from './problem-subscriptions.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { SubmissionAccess } from '../auth/submission-access.js';
import { ResultsGateway } from './results.gateway.js';
import { SUBSCRIBE_BURST } from './subscribe-rate.js';
import { SubmissionSubscriptions } from './submission-subscriptions.js';
import { MAX_UNSENT_BYTES } from './unsent-limit.js';

const ID = '0123456789abcdef01234567';
/** Authentication off: every submission may be read. */
const EVERYTHING_READABLE = { mayRead: () => Promise.resolve(true) } as unknown as SubmissionAccess;
const event = (seq: number): SubmissionEvent => ({ type: 'compiling', seq, submissionId: ID, problemId: null, at: '' });

/**
 * A Socket.IO socket stand-in over a websocket transport whose client takes nothing: each emit adds
 * `bytesPerEmit` to the WebSocket's bufferedAmount.
 */
function stalledSocket(bytesPerEmit: number) {
  const ws = { bufferedAmount: 0, terminate: vi.fn() };
  const emitted: string[] = [];
  const socket = {
    id: 'client-1',
    disconnected: false,
    data: {},
    handshake: { address: '127.0.0.1' },
    conn: { readyState: 'open', writeBuffer: [] as { data: string }[], transport: { name: 'websocket', socket: ws }, close: vi.fn() },
    emit(name: string, payload: { seq?: number; message?: string }) {
      emitted.push(name === 'event' ? `event:${payload.seq}` : `${name}:${payload.message ?? ''}`);
      ws.bufferedAmount += bytesPerEmit;
      return true;
    },
    disconnect: vi.fn(() => {
      socket.disconnected = true;
    }),
  };
  return { socket, ws, emitted };
}

function gateway(logged: SubmissionEvent[]): ResultsGateway {
  const log = { read: () => Promise.resolve(logged) } as unknown as SubmissionEventLog;
  const repository = { findView: () => Promise.resolve(null) } as unknown as SubmissionsRepository;
  return new ResultsGateway(
    new SubmissionSubscriptions(repository, log),
    new ProblemSubscriptions(),
    {} as ProblemsRepository,
    {} as Authenticator,
    EVERYTHING_READABLE,
  );
}

describe('ResultsGateway: a client that reads too slowly', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('a replay sent at once goes out; then, with more than MAX_UNSENT_BYTES not taken, error "too slow" and disconnect', async () => {
    vi.useFakeTimers();
    try {
      const { socket, ws, emitted } = stalledSocket(MAX_UNSENT_BYTES / 4);
      const subscriptions = new SubmissionSubscriptions(
        { findView: () => Promise.resolve(null) } as unknown as SubmissionsRepository,
        { read: () => Promise.resolve(Array.from({ length: 8 }, (_, i) => event(i + 1))) } as unknown as SubmissionEventLog,
      );
      const results = new ResultsGateway(
        subscriptions,
        new ProblemSubscriptions(),
        {} as ProblemsRepository,
        {} as Authenticator,
        EVERYTHING_READABLE,
      );
      // 8 events of 1/4 MiB in one turn: all sent, though 2 MiB now wait.
      await results.subscribe(socket as unknown as Socket, { submissionId: ID, afterSeq: 0 });
      expect(emitted).toEqual(Array.from({ length: 8 }, (_, i) => `event:${i + 1}`));
      expect(socket.disconnect).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1); // the turn ends; the client took none of it
      subscriptions.dispatch(event(9));
      expect(emitted.slice(8)).toEqual([expect.stringMatching(/^error:too slow: \d+ bytes unsent \(at most 1048576\)/)]);
      expect(socket.disconnect).toHaveBeenCalledWith(true);
      // The connection is dropped if still open after the grace.
      expect(ws.terminate).not.toHaveBeenCalled();
      vi.advanceTimersByTime(5000);
      expect(ws.terminate).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a subscribe from a socket already too far behind (write buffer counted), replaying nothing', async () => {
    const { socket, emitted } = stalledSocket(0);
    socket.conn.writeBuffer.push({ data: 'x'.repeat(MAX_UNSENT_BYTES + 1) });
    const ack = await gateway([event(1)]).subscribe(socket as unknown as Socket, { submissionId: ID, afterSeq: 0 });
    expect(ack).toMatchObject({ ok: false });
    expect(emitted).toEqual([expect.stringMatching(/^error:too slow/)]);
    expect(socket.disconnect).toHaveBeenCalledWith(true);
  });
});

describe('ResultsGateway: subscribe rate', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it(`allows ${SUBSCRIBE_BURST} subscribes at once, refuses more with error, allows again later`, async () => {
    vi.useFakeTimers();
    try {
      const { socket } = stalledSocket(0);
      const results = gateway([event(1)]);
      const acks = [];
      for (let i = 0; i < SUBSCRIBE_BURST + 1; i++)
        acks.push(await results.subscribe(socket as unknown as Socket, { submissionId: ID, afterSeq: 0 }));
      expect(acks.slice(0, SUBSCRIBE_BURST).every((a) => a.ok)).toBe(true);
      expect(acks.at(-1)).toMatchObject({ ok: false, message: expect.stringMatching(/^too many subscribes: .* retry in \d+ ms$/) });
      vi.advanceTimersByTime(1000);
      expect(await results.subscribe(socket as unknown as Socket, { submissionId: ID, afterSeq: 0 })).toMatchObject({ ok: true });
    } finally {
      vi.useRealTimers();
    }
  });
});
