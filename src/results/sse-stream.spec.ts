import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { SubmissionStatus, type SubmissionEvent, type SubmissionView } from '../../libs/contracts/index.js';
import { sseFrame, SseStream } from './sse-stream.js';

/** A Response stand-in recording what is written; `stalled`: its client takes nothing, so `end` does not close it. */
class FakeResponse extends EventEmitter {
  status: number | null = null;
  written = '';
  writableEnded = false;
  writableLength = 0;
  destroyed = false;
  stalled = false;
  writeHead(status: number): this {
    this.status = status;
    return this;
  }
  write(chunk: string): boolean {
    this.written += chunk;
    return true;
  }
  end(): this {
    this.writableEnded = true;
    if (!this.stalled) this.emit('close');
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    this.emit('close');
    return this;
  }
}

const TIMING = { heartbeatMs: 60_000, lifetimeMs: 600_000 };

const event = (seq: number, type: 'compiling' | 'finished' = 'compiling'): SubmissionEvent =>
  ({ type, seq, submissionId: 'ab'.repeat(12), problemId: null, at: '' }) as SubmissionEvent;

describe('SseStream', () => {
  it('formats a message as id, event and one line of JSON data', () => {
    expect(sseFrame('queued', 1, { a: 'x\ny' })).toBe('id: 1\nevent: queued\ndata: {"a":"x\\ny"}\n\n');
    expect(sseFrame('error', null, { message: 'm' })).toBe('event: error\ndata: {"message":"m"}\n\n');
  });

  it('holds messages until open, then sends them; ends after finished and reports the close once', () => {
    const res = new FakeResponse();
    let closes = 0;
    const stream = new SseStream(res as unknown as Response, () => closes++);
    stream.sink.event(event(1));
    expect(res.written).toBe('');
    expect(stream.hasPending).toBe(true);
    stream.open(TIMING);
    expect(res.status).toBe(200);
    expect(res.written).toContain(sseFrame('compiling', 1, event(1)));
    stream.sink.event(event(2, 'finished'));
    expect(res.written.endsWith(sseFrame('finished', 2, event(2, 'finished')))).toBe(true);
    expect(res.writableEnded).toBe(true);
    expect(stream.isClosed).toBe(true);
    stream.sink.event(event(3));
    expect(res.written).not.toContain('id: 3');
    expect(closes).toBe(1);
  });

  it('a finished state before open: open sends it and ends at once', () => {
    const res = new FakeResponse();
    const stream = new SseStream(res as unknown as Response, () => undefined);
    stream.sink.state({ id: 'ab'.repeat(12), lastSeq: 7, status: SubmissionStatus.Finished } as SubmissionView);
    stream.open(TIMING);
    expect(res.written).toMatch(/id: 7\nevent: state\ndata: \{.*\}\n\n$/);
    expect(res.writableEnded).toBe(true);
  });

  it('destroys the connection of a client that lets more than 1 MiB pile up (end would keep the data)', () => {
    const res = new FakeResponse();
    res.stalled = true;
    const stream = new SseStream(res as unknown as Response, () => undefined);
    stream.open(TIMING);
    res.writableLength = 1024 * 1024 + 1;
    stream.sink.event(event(1));
    expect(stream.isClosed).toBe(true);
    expect(res.destroyed).toBe(true);
  });

  it('ends after its lifetime; an ended response that does not deliver within the grace is destroyed', () => {
    vi.useFakeTimers();
    try {
      const res = new FakeResponse();
      res.stalled = true;
      let closes = 0;
      const stream = new SseStream(res as unknown as Response, () => closes++);
      stream.open({ heartbeatMs: 60_000, lifetimeMs: 5000 });
      vi.advanceTimersByTime(4999);
      expect(stream.isClosed).toBe(false);
      vi.advanceTimersByTime(1);
      expect(stream.isClosed).toBe(true);
      expect(res.writableEnded).toBe(true);
      expect(closes).toBe(1);
      expect(res.destroyed).toBe(false);
      vi.advanceTimersByTime(10_000);
      expect(res.destroyed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a response that delivered everything is not destroyed later', () => {
    vi.useFakeTimers();
    try {
      const res = new FakeResponse();
      const stream = new SseStream(res as unknown as Response, () => undefined);
      stream.open(TIMING);
      stream.sink.event(event(1, 'finished'));
      vi.advanceTimersByTime(60_000);
      expect(res.destroyed).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
