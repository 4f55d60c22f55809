import { Redis } from 'ioredis';
import { SUBMISSION_EVENTS_CHANNEL, type FinishedEvent, type SubmissionEvent } from '../../libs/contracts/index.js';

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
