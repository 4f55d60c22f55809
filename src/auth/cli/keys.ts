// Entry point of `npm run keys -- <create|list|revoke> …` (docs/auth.md): manages API keys directly in
// MongoDB (MONGO_URI and the other variables as the API reads them, .env included). Run `npm run build` first.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
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

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const output = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
  // Usage errors and --help need no database.
  if (args.length === 0 || args.some((a) => a === '--help' || a === '-h') || !['create', 'list', 'revoke'].includes(args[0]!)) {
    return runKeysCommand(args, null as unknown as ApiKeysService, output);
  }
  const app = await NestFactory.createApplicationContext(KeysCommandModule, { logger: ['error'], abortOnError: false });
  try {
    const connection = app.get<Connection>(getConnectionToken());
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`MongoDB unreachable within ${CONNECT_TIMEOUT_MS / 1000} s (MONGO_URI)`)),
        CONNECT_TIMEOUT_MS,
      ).unref(),
    );
    await Promise.race([connection.asPromise(), timeout]);
    return await runKeysCommand(args, app.get(ApiKeysService), output);
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`keys: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(KEYS_EXIT.failed);
  },
);
