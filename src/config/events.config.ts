import type { ConfigType } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig } from './define-config.js';

/**
 * Live submission events (docs/events.md): the per-submission replay buffer in Redis that lets a client
 * that missed events catch up (Socket.IO `subscribe` with `afterSeq`, SSE `Last-Event-ID`), and the
 * Server-Sent Events endpoint's bounds. Both processes load it: both publish events.
 */
export class EventsEnv {
  /** Most events kept per submission in its replay buffer (the newest; older ones are trimmed). */
  @IsInt()
  @Min(1)
  @Max(100_000)
  EVENT_REPLAY_MAX_EVENTS: number = 1000;

  /** Seconds a submission's replay buffer is kept after its latest event; then a late client gets the stored state instead. */
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  EVENT_REPLAY_TTL_SECONDS: number = 3600;

  /** Most `GET /submissions/:id/events` streams one API process holds open at once; more get 503. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  EVENT_STREAM_MAX_STREAMS: number = 1000;

  /**
   * Most event streams one caller (an API key; an address when the API runs open) holds open at once on
   * one API process; more get 429, so one caller cannot take every stream.
   */
  @IsInt()
  @Min(1)
  @Max(100_000)
  EVENT_STREAM_MAX_STREAMS_PER_CALLER: number = 20;

  /** Interval of the comment line an open event stream sends to keep proxies from closing it, ms. */
  @IsInt()
  @Min(100)
  @Max(300_000)
  EVENT_STREAM_HEARTBEAT_MS: number = 15_000;

  /** Longest one event stream stays open, ms; then it ends and the client (EventSource) resumes with Last-Event-ID. */
  @IsInt()
  @Min(1000)
  @Max(24 * 3600 * 1000)
  EVENT_STREAM_MAX_LIFETIME_MS: number = 600_000;
}

/** `events` namespace. */
export const eventsConfig = defineConfig('events', EventsEnv, (env) => ({
  replayMaxEvents: env.EVENT_REPLAY_MAX_EVENTS,
  replayTtlSeconds: env.EVENT_REPLAY_TTL_SECONDS,
  streamMaxStreams: env.EVENT_STREAM_MAX_STREAMS,
  streamMaxStreamsPerCaller: env.EVENT_STREAM_MAX_STREAMS_PER_CALLER,
  streamHeartbeatMs: env.EVENT_STREAM_HEARTBEAT_MS,
  streamMaxLifetimeMs: env.EVENT_STREAM_MAX_LIFETIME_MS,
}));
export type EventsConfig = ConfigType<typeof eventsConfig>;
