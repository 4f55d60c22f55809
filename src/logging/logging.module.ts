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
  'res.headers["set-cookie"]',
  'req.body',
  '*.sourceCode',
  'sourceCode',
];

/**
 * Structured JSON logging (pino) at LOG_LEVEL for both processes, with one line per HTTP
 * request (method, url, status, time; no body). Use Nest's `Logger` as usual; call
 * `app.useLogger(app.get(Logger))` (nestjs-pino's Logger) in the entry point.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // Health probes would drown the request log.
          autoLogging: { ignore: (req) => req.url === '/health' },
          customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
