import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import { SubmissionStatus, type SubmissionEvent, type SubmissionView } from '../../libs/contracts/index.js';
import { sseFrame, SseStream } from './sse-stream.js';

/** A Response stand-in recording what is written. */
class FakeResponse extends EventEmitter {
  status: number | null = null;
  written = '';
  writableEnded = false;
  writableLength = 0;
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
    this.emit('close');
    return this;
  }
}

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
    stream.open(60_000);
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
    stream.open(60_000);
    expect(res.written).toMatch(/id: 7\nevent: state\ndata: \{.*\}\n\n$/);
    expect(res.writableEnded).toBe(true);
  });

  it('closes a stream whose client lets too much pile up', () => {
    const res = new FakeResponse();
    const stream = new SseStream(res as unknown as Response, () => undefined);
    stream.open(60_000);
    res.writableLength = 2 * 1024 * 1024;
    stream.sink.event(event(1));
    expect(stream.isClosed).toBe(true);
  });
});
