import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict } from '../../libs/contracts/index.js';
import { AT, ID, resultOf, testFinishedOf, viewOf } from '../../test/support/submission-views.js';
import { CliError } from './cli-error.js';
import { followSubmission } from './submission-follower.js';

/** What the fake server does when the CLI emits `subscribe`: answers the ack and sends messages on `socket`. */
type OnSubscribe = (socket: Socket, ack: (answer: unknown) => void) => void;

/** A small Socket.IO server on a free local port that plays the API's part as `onSubscribe` says (a malformed part, mostly). */
async function fakeServer(onSubscribe: OnSubscribe): Promise<{ url: string; close(): Promise<void> }> {
  const http: HttpServer = createServer();
  const io = new Server(http);
  io.on('connection', (socket) => {
    socket.on('subscribe', (_body: unknown, ack: (answer: unknown) => void) => onSubscribe(socket, ack));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => void io.close(() => resolve())) };
}

const finishedEvent = { type: 'finished', submissionId: ID, problemId: null, seq: 3, at: AT, verdict: Verdict.Accepted, message: null };

describe('followSubmission against a server that sends malformed messages', () => {
  let server: Awaited<ReturnType<typeof fakeServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Follows ID on a fake server playing `onSubscribe`; the error it ends with. */
  async function failure(onSubscribe: OnSubscribe): Promise<CliError> {
    server = await fakeServer(onSubscribe);
    const error: unknown = await followSubmission(server.url, ID, () => undefined, 10_000).then(
      () => new Error('it finished'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }

  it('finishes on a well-formed state and events (the fake server plays its part)', async () => {
    server = await fakeServer((socket, ack) => {
      ack({ ok: true, submissionId: ID, lastSeq: 1, resumed: false });
      socket.emit('state', viewOf({ status: SubmissionStatus.Running, testCount: 1 }));
      socket.emit('event', testFinishedOf(2, 1, resultOf(1)));
      socket.emit('event', { ...finishedEvent, testCount: 1 });
    });
    const progress = await followSubmission(server.url, ID, () => undefined, 10_000);
    expect(progress.view).toMatchObject({ status: 'finished', verdict: 'AC', lastSeq: 3 });
    expect(progress.tests).toHaveLength(1);
  });

  it('ends with "the server sent a malformed …" for a state of null', async () => {
    const error = await failure((socket, ack) => {
      ack({ ok: true });
      socket.emit('state', null);
    });
    expect(error.message).toBe("the server sent a malformed 'state' message: state is null, not an object");
  });

  it('… for a state whose tests are null', async () => {
    const error = await failure((socket, ack) => {
      ack({ ok: true });
      socket.emit('state', { ...viewOf(), tests: null });
    });
    expect(error.message).toBe("the server sent a malformed 'state' message: state.tests is null, not a list");
  });

  it('… for a test-finished event whose result is null', async () => {
    const error = await failure((socket, ack) => {
      ack({ ok: true });
      socket.emit('state', viewOf({ status: SubmissionStatus.Running }));
      socket.emit('event', { ...testFinishedOf(2, 2, resultOf(1)), result: null });
    });
    expect(error.message).toBe("the server sent a malformed 'event' message: event.result is null, not an object");
  });

  it('… for an acknowledgement of null', async () => {
    const error = await failure((_socket, ack) => ack(null));
    expect(error.message).toBe("the server sent a malformed acknowledgement of 'subscribe': ack is null, not an object");
  });

  it("names the server's reason when it refuses the subscription", async () => {
    const error = await failure((_socket, ack) => ack({ ok: false, message: 'unknown submission' }));
    expect(error.message).toBe(`cannot follow submission ${ID}: unknown submission`);
  });
});
