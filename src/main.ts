import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost, NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { pino } from 'pino';
import { AppModule } from './app.module.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { bodyParserErrorHandler } from './common/body-parser-errors.handler.js';
import { ContentTypeGuard } from './common/content-type.guard.js';
import { refuseDeepJson } from './common/json-depth.js';
import { API_VALIDATION_OPTIONS } from './common/validation.options.js';
import { appConfig, type AppConfig } from './config/app.config.js';
import { authConfig, isLoopbackHost, type AuthConfig } from './config/auth.config.js';
import { judge0Config, type Judge0Config } from './config/judge0.config.js';

/** The start-up line saying whether API keys are required (docs/auth.md), and at which level to log it. */
function authStatusLine(auth: AuthConfig): { level: 'log' | 'warn'; text: string } {
  if (auth.enabled) return { level: 'log', text: `authentication is ON (AUTH_MODE=${auth.mode}): every request needs an API key` };
  if (isLoopbackHost(auth.host)) {
    return { level: 'warn', text: 'authentication is OFF: listening on loopback only; anyone on this machine can use it' };
  }
  return {
    level: 'warn',
    text: `authentication is OFF (AUTH_MODE=off) while listening on ${auth.host}: ANYONE WHO CAN REACH THIS ADDRESS CAN USE IT AS ADMIN`,
  };
}

/** Builds and starts the API (HTTP + Socket.IO) on HOST:PORT. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const config = app.get<AppConfig>(appConfig.KEY);
  const auth = app.get<AuthConfig>(authConfig.KEY);

  app.disable('x-powered-by');
  // body-parser's `verify` runs on the raw bytes before parsing (Nest's option type leaves it out, as it
  // uses it for `rawBody`, which this API does not enable): bodies nested too deep are a 400, not a stack overflow.
  const jsonOptions = { limit: config.bodyLimitBytes, verify: refuseDeepJson() };
  app.useBodyParser('json', jsonOptions);
  app.use(bodyParserErrorHandler(config.bodyLimitBytes));
  // Bodies that are not JSON (or what a route's @ApiConsumes names) are a 415; the Judge0 API keeps Judge0's behaviour.
  app.useGlobalGuards(new ContentTypeGuard(app.get(Reflector), app.get<Judge0Config>(judge0Config.KEY).prefix));
  app.useGlobalPipes(new ValidationPipe(API_VALIDATION_OPTIONS));
  app.useGlobalFilters(new ApiExceptionFilter(app.get(HttpAdapterHost)));
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Verdict')
    .setDescription(
      'Code-judging service. Submit code with POST /submissions, follow it live over Socket.IO ' +
        '(emit `subscribe` {submissionId}; receive `state`, then `event`s), or poll GET /submissions/{id}.\n\n' +
        'This document as JSON: [/docs-json](/docs-json) (OpenAPI 3.0). Every error, whatever its status, has one ' +
        'body, `ErrorBody`: `{ statusCode, error, message, details? }`, where `message` is one readable string and a 400 ' +
        'lists each broken rule in `details` as `{ field, rule }` (docs/errors.md). The Judge0-compatible API under ' +
        '/judge0 is documented by Judge0 (docs/judge0.md), not here.\n\n' +
        'Authentication (docs/auth.md): send an API key in the `x-api-key` header (or `Authorization: Bearer <key>`). ' +
        'A key is 401 when missing, unknown, revoked or expired, and 403 when its role may not do the operation. ' +
        'An API listening on loopback only may run open (no keys).',
    )
    .setVersion('0.1.0')
    .addServer('/', 'This server')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key (`vk_…`), docs/auth.md.' }, 'x-api-key')
    .addSecurityRequirements('x-api-key')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));

  await app.listen(config.port, auth.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const status = authStatusLine(auth);
  logger[status.level](status.text, 'Bootstrap');
  const shown = auth.host.includes(':') ? `[${auth.host}]` : auth.host;
  logger.log(`API listening on http://${shown}:${port} (OpenAPI at /docs)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // The app logger may not exist yet (e.g. invalid configuration): log with a bare pino.
  pino({ name: 'verdict-api' }).fatal({ err: error }, error instanceof Error ? error.message : 'API failed to start');
  process.exit(1);
});
