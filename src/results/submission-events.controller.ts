import { randomUUID } from 'node:crypto';
import {
  Controller,
  Get,
  Headers,
  HttpStatus,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Query,
  Res,
  ServiceUnavailableException,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors } from '../auth/api-auth-errors.decorator.js';
import type { Caller } from '../auth/caller.js';
import { CurrentCaller } from '../auth/current-caller.decorator.js';
import { SubmissionAccess } from '../auth/submission-access.js';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import { ApiCommonErrors, ApiErrorResponse } from '../common/api-error-response.decorator.js';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import { isValidObjectId } from '../common/object-id.js';
import { eventsConfig, type EventsConfig } from '../config/events.config.js';
import { SseStream } from './sse-stream.js';
import { QuotaExceededException } from '../quotas/quota-exceeded.exception.js';
import { SubmissionSubscriptions } from './submission-subscriptions.js';

/**
 * A seq parameter (`Last-Event-ID` header or `afterSeq` query): undefined when absent.
 * @throws InvalidRequestException (400 naming `name`) when it is not a decimal integer ≥ 0.
 */
function seqParameter(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  throw new InvalidRequestException({ field: name, rule: 'must be an integer ≥ 0 (the seq of the last event received)' });
}

/** Retry-After of a 429 for too many open streams of one caller, seconds. */
const STREAM_QUOTA_RETRY_AFTER_S = 5;

/**
 * `GET /submissions/:id/events`: a submission's events as Server-Sent Events (docs/events.md).
 * Each event is `id: <seq>`, `event: <type>`, `data: <the event's JSON>`; the stream starts after
 * the `Last-Event-ID` header (what EventSource sends when it reconnects), else after `?afterSeq=`,
 * else at seq 1: from the replay buffer when it holds every event wanted, else with an
 * `event: state` (the SubmissionView, `id:` its lastSeq) and the events after it. It ends after
 * `finished`; a client resuming at or after the last event of a finished submission gets 204 (EventSource
 * then stops reconnecting), whether the replay buffer still exists or not. At most
 * EVENT_STREAM_MAX_STREAMS streams per process exist at once (503 beyond), and EVENT_STREAM_MAX_STREAMS_PER_CALLER
 * per caller (429 beyond), counted until their connection let go of them; each lasts at most EVENT_STREAM_MAX_LIFETIME_MS (then it ends; EventSource resumes).
 */
@ApiTags('submissions')
@ApiAuthErrors()
@Controller('submissions')
export class SubmissionEventsController implements BeforeApplicationShutdown {
  private readonly logger = new Logger('EventStreams');
  private readonly streams = new Set<SseStream>();
  /** Open streams per caller (API key id, or `ip:<address>` when open). */
  private readonly perCaller = new Map<string, number>();

  constructor(
    private readonly subscriptions: SubmissionSubscriptions,
    @Inject(eventsConfig.KEY) private readonly cfg: EventsConfig,
    private readonly access: SubmissionAccess,
  ) {}

  @Get(':id/events')
  @ApiOperation({
    summary: "Follow a submission's events as Server-Sent Events",
    description:
      'Streams `id: <seq>` / `event: <type>` / `data: <JSON>` messages (docs/events.md) from after `Last-Event-ID` ' +
      '(or `afterSeq`, else from seq 1), ending after `finished`; `event: state` (the stored SubmissionView) stands in for ' +
      'events no longer buffered. A comment line is sent every EVENT_STREAM_HEARTBEAT_MS (15 s). A stream ends after ' +
      'EVENT_STREAM_MAX_LIFETIME_MS (10 min; resume with `Last-Event-ID`), and a client with 1 MiB unsent is disconnected. Try `curl -N`.',
  })
  @ApiParam({ name: 'id', description: 'Submission id (24 hex digits).' })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Seq of the last event received; wins over `afterSeq` (both are validated).',
  })
  @ApiQuery({
    name: 'afterSeq',
    required: false,
    schema: { type: 'integer', minimum: 0 },
    description: 'Seq of the last event received (default 0: all).',
  })
  @ApiOkResponse({ description: 'The event stream.', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiNoContentResponse({ description: 'The submission is finished and nothing came after the given seq (its lastSeq ≤ it).' })
  @ApiErrorResponse(400, 'Malformed id, `Last-Event-ID` or `afterSeq`.')
  @ApiErrorResponse(404, 'No such submission (or not one this key may see: the same answer).')
  @ApiCommonErrors('MongoDB unreachable, or too many open streams; retry after `Retry-After` seconds.')
  async stream(
    @Param('id') id: string,
    // `unknown`: the raw strings (the global ValidationPipe would coerce a `number` parameter).
    @Query('afterSeq') afterSeqQuery: unknown,
    @Headers('last-event-id') lastEventId: unknown,
    @Res() res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    if (!isValidObjectId(id)) throw new InvalidRequestException('id must be a 24-character hex string');
    // Both are checked when both are given; the header wins.
    const fromHeader = seqParameter(lastEventId === '' ? undefined : lastEventId, 'Last-Event-ID');
    const fromQuery = seqParameter(afterSeqQuery, 'afterSeq');
    const afterSeq = fromHeader ?? fromQuery ?? 0;
    if (this.streams.size >= this.cfg.streamMaxStreams) {
      throw new ServiceUnavailableException(`this API process has ${this.cfg.streamMaxStreams} event streams open; retry later`);
    }
    const tracker = caller.keyId ?? `ip:${caller.ip}`;
    const ownStreams = this.perCaller.get(tracker) ?? 0;
    if (ownStreams >= this.cfg.streamMaxStreamsPerCaller) {
      throw new QuotaExceededException(
        `at most ${this.cfg.streamMaxStreamsPerCaller} event streams open at once per API key (EVENT_STREAM_MAX_STREAMS_PER_CALLER); close one first`,
        STREAM_QUOTA_RETRY_AFTER_S,
      );
    }
    const submissionId = id.toLowerCase();
    // Another key's submission: the very answer an unknown id gets.
    if (!(await this.access.mayRead(caller, submissionId))) throw new NotFoundException(`submission ${submissionId} not found`);
    const clientId = `sse:${randomUUID()}`;
    const stream = new SseStream(res, () => this.subscriptions.unsubscribe(clientId, submissionId));
    // Counted until the connection let go of the response (all sent, or destroyed), not merely until it ended.
    this.streams.add(stream);
    this.perCaller.set(tracker, (this.perCaller.get(tracker) ?? 0) + 1);
    res.once('close', () => {
      this.streams.delete(stream);
      const left = (this.perCaller.get(tracker) ?? 1) - 1;
      if (left > 0) this.perCaller.set(tracker, left);
      else this.perCaller.delete(tracker);
    });
    const outcome = await this.subscriptions.subscribe(clientId, submissionId, stream.sink, { afterSeq });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') throw new NotFoundException(`submission ${submissionId} not found`);
      if (outcome.reason === 'unavailable') throw new DependencyUnavailableError('MongoDB', outcome.message);
      return stream.close(); // the client went away meanwhile
    }
    // Finished, and nothing after the client's seq (replayed or read: with or without the replay buffer): 204, so EventSource stops.
    if (outcome.finished && outcome.lastSeq <= afterSeq && !stream.hasPendingEvents) {
      res.status(HttpStatus.NO_CONTENT);
      return stream.close();
    }
    stream.open({ heartbeatMs: this.cfg.streamHeartbeatMs, lifetimeMs: this.cfg.streamMaxLifetimeMs });
  }

  /** Ends every open stream, so the HTTP server can close (clients reconnect elsewhere with Last-Event-ID). */
  beforeApplicationShutdown(): void {
    const open = this.streams.size;
    for (const stream of [...this.streams]) stream.close();
    this.logger.log({ eventStreams: open }, `shutdown: closed ${open} event stream(s); their clients resume elsewhere with Last-Event-ID`);
  }
}
