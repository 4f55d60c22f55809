import type { ConfigType } from '@nestjs/config';
import { Matches } from 'class-validator';
import { defineConfig } from './define-config.js';

/** Environment variables for MongoDB (or FerretDB). */
export class MongoEnv {
  /** Connection string including the database name, e.g. `mongodb://127.0.0.1:27017/verdict`. */
  @Matches(/^mongodb(\+srv)?:\/\/[^\s]+$/, { message: 'MONGO_URI must be a mongodb:// or mongodb+srv:// URI' })
  MONGO_URI: string = 'mongodb://127.0.0.1:27017/verdict';
}

/** `mongo` namespace: `{ uri }`. */
export const mongoConfig = defineConfig('mongo', MongoEnv, (env) => ({ uri: env.MONGO_URI }));
export type MongoConfig = ConfigType<typeof mongoConfig>;
