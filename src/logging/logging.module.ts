import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { appConfig, type AppConfig } from '../config/app.config.js';

/**
 * Paths pino removes from every log line. Request bodies are never logged at all
 * (pino-http's serializers leave them out); these cover credentials in headers.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  // Judge0's own API key header, accepted on the Judge0-compatible routes.
  'req.headers["x-auth-token"]',
  'res.headers["set-cookie"]',
  'req.body',
  '*.sourceCode',
  'sourceCode',
];

/** Header carrying a request's id: taken from the client when well-formed, else made; echoed in the response. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** A client's request id is used when it is 1 to 64 of these characters (no spaces, no control characters). */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Paths probed often enough to drown the request log (health probes, metrics scrapes): not logged. */
const UNLOGGED_PATHS = /^\/(health(\/live|\/ready)?|metrics)(\?|$)/;

/** The request's id: the client's `x-request-id` when well-formed, else a new UUID; set on the response too. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** What a request line says of the request: id, method and URL; the headers too at debug and trace. */
function requestSerializer(level: string) {
  const withHeaders = level === 'debug' || level === 'trace';
  return (req: { id: unknown; method: string; url: string; headers: unknown }) =>
    withHeaders ? { id: req.id, method: req.method, url: req.url, headers: req.headers } : { id: req.id, method: req.method, url: req.url };
}

/**
 * Log output: `pretty` (pino-pretty, colours and one readable line per entry) when LOG_FORMAT says
 * so, or when it is `auto` and stdout is a terminal; else JSON lines (what log collectors read).
 */
function transportFor(config: AppConfig) {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  return pretty
    ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } }
    : undefined;
}

/**
 * Structured logging (pino) at LOG_LEVEL for both processes. HTTP: one line per request at info
 * (id, method, URL, status, time; headers only at debug; never the body), each request's id
 * (`x-request-id`, kept from the client when well-formed) on every line logged while it is handled
 * and in the response; health probes and metrics scrapes are not logged. The worker binds the
 * submission id of the job it judges to every line of that judging (JudgeProcessor). Use Nest's
 * `Logger` as usual; call `app.useLogger(app.get(Logger))` (nestjs-pino's Logger) in the entry point.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          transport: transportFor(config),
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          genReqId: requestIdOf,
          serializers: { req: requestSerializer(config.logLevel) },
          autoLogging: { ignore: (req) => UNLOGGED_PATHS.test(req.url ?? '') },
          customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
