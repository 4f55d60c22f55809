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
import { judge0Config, type Judge0Config } from './config/judge0.config.js';

/** Builds and starts the API (HTTP + Socket.IO) on PORT, all interfaces. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const config = app.get<AppConfig>(appConfig.KEY);

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
        '/judge0 is documented by Judge0 (docs/judge0.md), not here.',
    )
    .setVersion('0.1.0')
    .addServer('/', 'This server')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));

  await app.listen(config.port, '0.0.0.0');
  const { port } = app.getHttpServer().address() as AddressInfo;
  logger.log(`API listening on http://0.0.0.0:${port} (OpenAPI at /docs)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // The app logger may not exist yet (e.g. invalid configuration): log with a bare pino.
  pino({ name: 'verdict-api' }).fatal({ err: error }, error instanceof Error ? error.message : 'API failed to start');
  process.exit(1);
});
