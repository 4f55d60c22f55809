import type { Response } from 'express';
import { SubmissionStatus } from '../../libs/contracts/index.js';
import type { SubscriberSink } from './submission-subscriptions.js';
import { MAX_UNSENT_BYTES } from './unsent-limit.js';

/** Milliseconds an ended stream's response gets to deliver what is still unsent before its connection is destroyed. */
const CLOSE_GRACE_MS = 10_000;

/** Milliseconds an EventSource waits before reconnecting after a dropped connection (the `retry:` field). */
const RECONNECT_MS = 3000;

/**
 * One Server-Sent Events message: `id: <id>` (omitted when null), `event: <type>`, `data: <JSON>`,
 * a blank line. JSON has no raw newline, so the data is one line.
 */
export function sseFrame(type: string, id: number | null, data: unknown): string {
  return `${id === null ? '' : `id: ${id}\n`}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** How long an open stream lives and how often it sends a heartbeat, ms. */
export interface SseTiming {
  /** Interval of the `: heartbeat` comment line, ms. */
  heartbeatMs: number;
  /** Longest the stream stays open, ms; then it ends (the client resumes with Last-Event-ID). */
  lifetimeMs: number;
}

/**
 * A submission's events written to an HTTP response as Server-Sent Events (`text/event-stream`).
 * Messages given to `sink` before `open` are held, so the caller can still answer with an error
 * status (404, 503) or 204 instead; `open` sends the 200 headers and them. A `finished` event (or a
 * finished `state`) ends the response, as does an `error`, and so does the end of its lifetime.
 * While open, a comment line goes out every heartbeat interval. A client that still has more than
 * MAX_UNSENT_BYTES unsent when more is to be written has its connection destroyed (what is unsent is dropped; it resumes with
 * Last-Event-ID); an ended response that has not delivered everything within CLOSE_GRACE_MS too.
 */
export class SseStream {
  private pending: string[] | null = [];
  private pendingEvents = 0;
  private ending = false;
  private closed = false;
  private responseClosed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private lifetime: NodeJS.Timeout | undefined;
  private release: NodeJS.Timeout | undefined;

  /**
   * @param onClose called once when the stream closes, whoever closes it (the client, `close`, the
   *   end): no message is sent after it. The response's own `close` event says when its connection
   *   let go of it (all sent, or destroyed).
   */
  constructor(
    private readonly res: Response,
    private readonly onClose: () => void,
  ) {
    res.on('close', () => {
      this.responseClosed = true;
      clearTimeout(this.release);
      this.close();
    });
  }

  /** Where the subscription sends the submission's state and events. */
  readonly sink: SubscriberSink = {
    state: (view) => {
      this.send(sseFrame('state', view.lastSeq, view));
      if (view.status === SubmissionStatus.Finished) this.end();
    },
    event: (event) => {
      if (this.pending) this.pendingEvents++;
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

  /** Whether an `event` (not only a `state`) was sent to the sink before `open`. */
  get hasPendingEvents(): boolean {
    return this.pendingEvents > 0;
  }

  /** Whether the stream is closed (by the client, the server, or the end of the submission's events). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Answers 200 `text/event-stream` and sends what the sink held; then streams, with a heartbeat, for at most `lifetimeMs`. */
  open({ heartbeatMs, lifetimeMs }: SseTiming): void {
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
    this.lifetime = setTimeout(() => this.close(), lifetimeMs);
    this.lifetime.unref();
  }

  /**
   * Ends the response (if open) and releases the stream; safe to call twice. The response then has
   * CLOSE_GRACE_MS to deliver what is unsent, else its connection is destroyed.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.lifetime);
    if (!this.res.writableEnded && !this.res.destroyed) this.res.end();
    if (!this.responseClosed && !this.res.destroyed) {
      this.release = setTimeout(() => this.res.destroy(), CLOSE_GRACE_MS);
      this.release.unref();
    }
    this.onClose();
  }

  /** Destroys the connection at once (what is unsent is dropped) and releases the stream. */
  private drop(): void {
    this.res.destroy();
    this.close();
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
    if (this.closed || this.res.destroyed) return;
    // Judged by what it has not taken of earlier writes, so a replay written at once is no fault of the client's.
    if (this.res.writableLength > MAX_UNSENT_BYTES) return this.drop();
    this.res.write(chunk);
  }
}
