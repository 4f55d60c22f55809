import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { mongoConfig, type MongoConfig } from '../config/mongo.config.js';
import { mongoConnectOptions } from './mongo-connect.options.js';

/** Delay between attempts to open the first connection, ms. */
const RETRY_DELAY_MS = 2000;

/**
 * Keeps trying to open the MongoDB connection when the first attempt fails.
 * The process starts even when MongoDB is down (requests get 503 meanwhile),
 * but Mongoose never retries a failed *initial* connection by itself; once the
 * connection has opened, the driver reconnects on its own.
 */
@Injectable()
export class MongoConnectionSupervisor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('MongoDB');
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(mongoConfig.KEY) private readonly config: MongoConfig,
  ) {}

  onModuleInit(): void {
    this.watch(this.connection.asPromise());
  }

  private watch(opening: Promise<unknown>): void {
    opening.then(
      () => {
        if (this.failures > 0) this.logger.log('MongoDB connection opened');
        this.failures = 0;
      },
      (err: unknown) => {
        if (this.stopped) return;
        if (this.failures === 0) {
          this.logger.warn(
            { err: err instanceof Error ? { name: err.name, message: err.message } : String(err) },
            `MongoDB unreachable; retrying every ${RETRY_DELAY_MS} ms`,
          );
        }
        this.failures += 1;
        this.timer = setTimeout(() => {
          if (this.stopped) return;
          this.watch(this.connection.openUri(this.config.uri, mongoConnectOptions()));
        }, RETRY_DELAY_MS);
      },
    );
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
