import type { Response } from 'express';
import { SubmissionStatus } from '../../libs/contracts/index.js';
import type { SubscriberSink } from './submission-subscriptions.js';

/** Most bytes an event stream may have written but not yet sent (a client that reads too slowly); beyond it the stream is closed. */
const MAX_UNSENT_BYTES = 1024 * 1024;

/** Milliseconds an EventSource waits before reconnecting after a dropped connection (the `retry:` field). */
const RECONNECT_MS = 3000;

/**
 * One Server-Sent Events message: `id: <id>` (omitted when null), `event: <type>`, `data: <JSON>`,
 * a blank line. JSON has no raw newline, so the data is one line.
 */
export function sseFrame(type: string, id: number | null, data: unknown): string {
  return `${id === null ? '' : `id: ${id}\n`}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * A submission's events written to an HTTP response as Server-Sent Events (`text/event-stream`).
 * Messages given to `sink` before `open` are held, so the caller can still answer with an error
 * status (404, 503) or 204 instead; `open` sends the 200 headers and them. A `finished` event (or a
 * finished `state`) ends the response, as does an `error`. While open, a comment line goes out every
 * heartbeat interval; a client that lets more than MAX_UNSENT_BYTES pile up is disconnected (it
 * resumes with Last-Event-ID).
 */
export class SseStream {
  private pending: string[] | null = [];
  private ending = false;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;

  /** @param onClose called once when the stream closes, whoever closes it (the client, `close`, the end). */
  constructor(
    private readonly res: Response,
    private readonly onClose: () => void,
  ) {
    res.on('close', () => this.close());
  }

  /** Where the subscription sends the submission's state and events. */
  readonly sink: SubscriberSink = {
    state: (view) => {
      this.send(sseFrame('state', view.lastSeq, view));
      if (view.status === SubmissionStatus.Finished) this.end();
    },
    event: (event) => {
      this.send(sseFrame(event.type, event.seq, event));
      if (event.type === 'finished') this.end();
    },
    error: (error) => {
      this.send(sseFrame('error', null, error));
      this.end();
    },
  };

  /** Whether anything was sent to the sink before `open`. */
  get hasPending(): boolean {
    return (this.pending?.length ?? 0) > 0;
  }

  /** Whether the stream is closed (by the client, the server, or the end of the submission's events). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Answers 200 `text/event-stream` and sends what the sink held; then streams, with a heartbeat every `heartbeatMs`. */
  open(heartbeatMs: number): void {
    if (this.closed) return;
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies: do not buffer the stream.
      'x-accel-buffering': 'no',
    });
    const held = this.pending ?? [];
    this.pending = null;
    this.write(`retry: ${RECONNECT_MS}\n\n${held.join('')}`);
    if (this.ending) return this.close();
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  /** Ends the response (if open) and releases the stream; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (!this.res.writableEnded) this.res.end();
    this.onClose();
  }

  private send(frame: string): void {
    if (this.closed || this.ending) return;
    if (this.pending) this.pending.push(frame);
    else this.write(frame);
  }

  private end(): void {
    if (this.pending) this.ending = true;
    else this.close();
  }

  private write(chunk: string): void {
    if (this.closed) return;
    this.res.write(chunk);
    if (this.res.writableLength > MAX_UNSENT_BYTES) this.close();
  }
}
