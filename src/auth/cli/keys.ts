// Entry point of `npm run keys -- <create|list|revoke> …` (docs/auth.md): manages API keys directly in
// MongoDB (MONGO_URI and the other variables as the API reads them, .env included). Run `npm run build` first.
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { createConfigModule } from '../../config/config.module.js';
import { ApiKeysService } from '../api-keys.service.js';
import { ApiKeysModule } from '../api-keys.module.js';
import { KEYS_EXIT, runKeysCommand } from './keys-program.js';

/** How long the command waits for MongoDB before giving up, ms. */
const CONNECT_TIMEOUT_MS = 10_000;

@Module({ imports: [createConfigModule(), ApiKeysModule] })
class KeysCommandModule {}

/**
 * MONGO_URI of a running `npm start` that started its own local databases (scripts/start.mjs writes it
 * to `.verdict/local-services.json` while it runs), or null: then the usual MONGO_URI / .env apply.
 */
function runningStartMongoUri(): { uri: string; pid: number } | null {
  try {
    const found = JSON.parse(readFileSync(join(process.cwd(), '.verdict', 'local-services.json'), 'utf8')) as {
      pid?: unknown;
      mongoUri?: unknown;
    };
    if (typeof found.pid !== 'number' || typeof found.mongoUri !== 'string') return null;
    process.kill(found.pid, 0); // throws when that npm start is gone
    return { uri: found.mongoUri, pid: found.pid };
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const output = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
  if (!process.env.MONGO_URI && !existsSync(join(process.cwd(), '.env'))) {
    const running = runningStartMongoUri();
    if (running) {
      process.env.MONGO_URI = running.uri;
      output.err(`keys: using the local database of the running \`npm start\` (pid ${running.pid}); its keys go when it stops\n`);
    }
  }
  let app: INestApplicationContext | undefined;
  // The database is opened only once the arguments are valid: usage errors and --help need none.
  const connect = async (): Promise<ApiKeysService> => {
    app = await NestFactory.createApplicationContext(KeysCommandModule, { logger: ['error'], abortOnError: false });
    const connection = app.get<Connection>(getConnectionToken());
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () =>
          reject(new Error(`MongoDB unreachable within ${CONNECT_TIMEOUT_MS / 1000} s (MONGO_URI ${process.env.MONGO_URI ?? 'not set'})`)),
        CONNECT_TIMEOUT_MS,
      ).unref(),
    );
    await Promise.race([connection.asPromise(), timeout]);
    return app.get(ApiKeysService);
  };
  try {
    return await runKeysCommand(args, connect, output);
  } finally {
    await app?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`keys: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(KEYS_EXIT.failed);
  },
);
