import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Redis } from 'ioredis';
import { parse } from 'yaml';
import { SUBMISSION_EVENTS_CHANNEL, type FinishedEvent, type SubmissionEvent } from '../../libs/contracts/index.js';

/** The AsyncAPI document describing the events channel and the Socket.IO protocol. */
export const ASYNCAPI_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/asyncapi.yaml');

/** Validators of docs/asyncapi.yaml's payload schemas (JSON Schema, checked with ajv). */
export interface EventSchemas {
  /** Whether `value` is a SubmissionEvent as documented (unknown fields refused). */
  event(value: unknown): boolean;
  /** Whether `value` is a SubmissionView (`state` payload) as documented. */
  state(value: unknown): boolean;
  /** The last failed validation's errors, as text. */
  errors(): string;
}

/** Compiles docs/asyncapi.yaml's `SubmissionEvent` and `SubmissionView` schemas. @throws when the document does not parse or a schema does not compile. */
export function eventSchemas(): EventSchemas {
  const document = parse(readFileSync(ASYNCAPI_PATH, 'utf8')) as object;
  // strict: false: the document's other keywords (asyncapi, channels, ...) are not JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addSchema(document, 'asyncapi');
  const compiled = (name: string): ValidateFunction => {
    const validate = ajv.getSchema(`asyncapi#/components/schemas/${name}`);
    if (!validate) throw new Error(`docs/asyncapi.yaml has no schema ${name}`);
    return validate;
  };
  const event = compiled('SubmissionEvent');
  const state = compiled('SubmissionView');
  let last: ValidateFunction = event;
  return {
    event: (value) => ((last = event), event(value)),
    state: (value) => ((last = state), state(value)),
    errors: () => ajv.errorsText(last.errors),
  };
}

/** Listens to the submission events channel, as any other service would, and keeps every event by submission. */
export interface EventWatch {
  /** Resolves with all events of `submissionId` (in arrival order) once its `finished` event arrives. */
  finished(submissionId: string, timeoutMs?: number): Promise<{ events: SubmissionEvent[]; finished: FinishedEvent }>;
  /** Resolves with the first event of `type` for `submissionId` (already received or to come). */
  event(submissionId: string, type: SubmissionEvent['type'], timeoutMs?: number): Promise<SubmissionEvent>;
  close(): Promise<void>;
}

/** Subscribes to SUBMISSION_EVENTS_CHANNEL on `redisUrl`; resolves once the subscription is active. */
export async function watchEvents(redisUrl: string): Promise<EventWatch> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  const events = new Map<string, SubmissionEvent[]>();
  const waiters = new Map<string, () => void>();
  const listeners = new Set<(event: SubmissionEvent) => void>();
  redis.on('message', (_channel: string, message: string) => {
    const event = JSON.parse(message) as SubmissionEvent;
    const list = events.get(event.submissionId) ?? [];
    list.push(event);
    events.set(event.submissionId, list);
    if (event.type === 'finished') waiters.get(event.submissionId)?.();
    for (const listener of listeners) listener(event);
  });
  await redis.subscribe(SUBMISSION_EVENTS_CHANNEL);
  return {
    async finished(submissionId, timeoutMs = 120_000) {
      const done = () => events.get(submissionId)?.find((e): e is FinishedEvent => e.type === 'finished');
      if (!done()) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no finished event for ${submissionId} in ${timeoutMs} ms`)), timeoutMs);
          waiters.set(submissionId, () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return { events: events.get(submissionId) ?? [], finished: done()! };
    },
    event(submissionId, type, timeoutMs = 60_000) {
      const seen = events.get(submissionId)?.find((e) => e.type === type);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no ${type} event for ${submissionId} in ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (e: SubmissionEvent) => {
          if (e.submissionId !== submissionId || e.type !== type) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(e);
        };
        listeners.add(listener);
      });
    },
    async close() {
      await redis.quit();
    },
  };
}

/** One Server-Sent Events message: its `id`, `event` and parsed `data` (null fields when absent). */
export interface SseMessage {
  id: number | null;
  event: string | null;
  data: unknown;
}

/** What `readSse` read: the status, content type, messages, comment lines and whether the server ended the stream. */
export interface SseRead {
  status: number;
  contentType: string | null;
  messages: SseMessage[];
  comments: number;
  /** True when the server closed the response (not the timeout). */
  ended: boolean;
}

/**
 * Reads `GET url` as Server-Sent Events until the server ends it or `timeoutMs` passes, or `stopWhen`
 * holds after a message. Messages are split on blank lines; `data` is parsed as JSON.
 */
export async function readSse(
  url: string,
  {
    headers = {},
    timeoutMs = 60_000,
    stopWhen,
  }: { headers?: Record<string, string>; timeoutMs?: number; stopWhen?: (m: SseMessage[]) => boolean } = {},
): Promise<SseRead> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const read: SseRead = { status: 0, contentType: null, messages: [], comments: 0, ended: false };
  try {
    const response = await fetch(url, { headers, signal: abort.signal });
    read.status = response.status;
    read.contentType = response.headers.get('content-type');
    if (!response.body) return read;
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of response.body) {
        text += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut: number;
        while ((cut = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, cut);
          text = text.slice(cut + 2);
          const message: SseMessage = { id: null, event: null, data: null };
          let hasField = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) read.comments++;
            else if (line.startsWith('id: ')) ((message.id = Number(line.slice(4))), (hasField = true));
            else if (line.startsWith('event: ')) ((message.event = line.slice(7)), (hasField = true));
            else if (line.startsWith('data: ')) ((message.data = JSON.parse(line.slice(6))), (hasField = true));
          }
          if (hasField && message.event !== null) read.messages.push(message);
        }
        if (stopWhen?.(read.messages)) {
          abort.abort();
          return read;
        }
      }
      read.ended = true;
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
    return read;
  } finally {
    clearTimeout(timer);
  }
}
