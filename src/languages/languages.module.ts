import { Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { redisConfig, type RedisConfig } from '../config/redis.config.js';
import { RedisModule } from '../redis/redis.module.js';
import { redisTransportOptions } from '../redis/redis-transport.options.js';
import { LanguagesController } from './languages.controller.js';
import { LanguagesService } from './languages.service.js';
import { WORKER_CLIENT } from './worker-client.token.js';

/**
 * `GET /languages` and LanguagesService (used to validate submissions). Talks to the workers
 * through a ClientProxy on the Nest Redis transport (REDIS_URL). Needs the global config module.
 */
@Module({
  imports: [
    RedisModule,
    ClientsModule.registerAsync([
      {
        name: WORKER_CLIENT,
        inject: [redisConfig.KEY],
        useFactory: (config: RedisConfig) => {
          const transport = redisTransportOptions(config);
          // A request is bounded by a 2 s timeout anyway; give up reconnecting quickly and
          // reconnect on the next request, rather than logging every retry during an outage.
          return { ...transport, options: { ...transport.options, retryAttempts: 1, retryDelay: 500 } };
        },
      },
    ]),
  ],
  controllers: [LanguagesController],
  providers: [LanguagesService],
  exports: [LanguagesService],
})
export class LanguagesModule {}
