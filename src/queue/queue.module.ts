import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import type { RedisOptions } from 'bullmq';
import { QueueName } from '../../libs/contracts/index.js';
import { redisConfig, type RedisConfig } from '../config/redis.config.js';
import { REDIS_CONNECT_TIMEOUT_MS } from '../redis/redis-client.factory.js';
import { parseRedisUrl } from '../redis/redis-url.js';
import { JudgeQueueDepth } from './judge-queue.depth.js';
import { JudgeQueueProducer } from './judge-queue.producer.js';
import { QueueAdmission } from './queue-admission.js';
import { WebhookQueueProducer } from './webhook-queue.producer.js';

/** How a process uses the queue, which decides how its BullMQ connections behave when Redis is down. */
type QueueRole = 'producer' | 'worker';

function connectionFor(config: RedisConfig, role: QueueRole): RedisOptions {
  const base: RedisOptions = {
    ...parseRedisUrl(config.url),
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    // BullMQ's default waits up to 20 s between attempts; come back within 2 s of Redis.
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
  };
  // A producer must fail fast (the API answers 503) rather than queue commands in memory
  // and run them after the client gave up; a worker should wait for Redis to come back.
  return role === 'producer' ? { ...base, enableOfflineQueue: false } : base;
}

/**
 * BullMQ for the `submissions` queue (QueueName.Submissions), with the QUEUE_PREFIX
 * key prefix and connections built from REDIS_URL. Needs the global config module.
 *
 * - `QueueModule.forProducer()` (API): fail-fast connection; exports JudgeQueueProducer, JudgeQueueDepth and QueueAdmission (the queue cap).
 * - `QueueModule.forWorker()` (worker): BullMQ's recommended worker connection (offline queue on;
 *   BullMQ sets maxRetriesPerRequest null on its blocking connection). A `@Processor(QueueName.Submissions)`
 *   in a module importing this one gets a worker on the same prefix. Also registers the `webhooks` queue
 *   (QueueName.Webhooks: the worker schedules deliveries and its sender consumes them) and exports
 *   WebhookQueueProducer.
 *
 * Each role's module is built once and the same object returned on every call, so every module that
 * imports it shares one Queue instance and one set of connections (Nest deduplicates by identity).
 */
@Module({})
export class QueueModule {
  private static readonly built = new Map<QueueRole, DynamicModule>();

  static forProducer(): DynamicModule {
    return QueueModule.once('producer');
  }

  static forWorker(): DynamicModule {
    return QueueModule.once('worker');
  }

  private static once(role: QueueRole): DynamicModule {
    let module = QueueModule.built.get(role);
    if (!module) {
      module = QueueModule.build(role);
      QueueModule.built.set(role, module);
    }
    return module;
  }

  private static build(role: QueueRole): DynamicModule {
    const bull = [
      BullModule.forRootAsync({
        inject: [redisConfig.KEY],
        useFactory: (config: RedisConfig) => ({
          prefix: config.queuePrefix,
          connection: connectionFor(config, role),
        }),
      }),
      role === 'producer'
        ? BullModule.registerQueue({ name: QueueName.Submissions })
        : BullModule.registerQueue({ name: QueueName.Submissions }, { name: QueueName.Webhooks }),
    ];
    return {
      module: QueueModule,
      imports: bull,
      providers: role === 'producer' ? [JudgeQueueProducer, JudgeQueueDepth, QueueAdmission] : [WebhookQueueProducer],
      exports: role === 'producer' ? [BullModule, JudgeQueueProducer, JudgeQueueDepth, QueueAdmission] : [BullModule, WebhookQueueProducer],
    };
  }
}
