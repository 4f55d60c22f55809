import type { ConfigType } from '@nestjs/config';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { defineConfig } from './define-config.js';

/** pino level names accepted by LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_FORMAT values: `auto` (pretty on a terminal, else JSON), `json`, `pretty`. */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Environment variables of the process itself (HTTP server, logging). */
export class AppEnv {
  /** TCP port the API listens on (HTTP and WebSocket); 0 picks a free port. */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** Largest accepted request body, bytes. Larger bodies get 413. */
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  BODY_LIMIT_BYTES: number = 16 * 1024 * 1024;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of: ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** `auto`: readable lines when stdout is a terminal, JSON lines otherwise; `json`; `pretty`. */
  @IsIn(LOG_FORMATS, { message: `LOG_FORMAT must be one of: ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT: LogFormat = 'auto';
}

/** `app` namespace: `{ port, bodyLimitBytes, logLevel, logFormat }`. */
export const appConfig = defineConfig('app', AppEnv, (env) => ({
  port: env.PORT,
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
  logLevel: env.LOG_LEVEL,
  logFormat: env.LOG_FORMAT,
}));
export type AppConfig = ConfigType<typeof appConfig>;
