import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { pino } from 'pino';
import { AppModule } from './app.module.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { bodyParserErrorHandler } from './common/body-parser-errors.handler.js';
import { refuseDeepJson } from './common/json-depth.js';
import { API_VALIDATION_OPTIONS } from './common/validation.options.js';
import { appConfig, type AppConfig } from './config/app.config.js';

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
  app.useGlobalPipes(new ValidationPipe(API_VALIDATION_OPTIONS));
  app.useGlobalFilters(new ApiExceptionFilter(app.get(HttpAdapterHost)));
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Verdict')
    .setDescription(
      'Code-judging service. Submit code with POST /submissions, follow it live over Socket.IO ' +
        '(emit `subscribe` {submissionId}; receive `state`, then `event`s), or poll GET /submissions/{id}.',
    )
    .setVersion('0.1.0')
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
