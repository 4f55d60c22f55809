import { getQueueToken, InjectQueue } from '@nestjs/bullmq';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueName } from '../../libs/contracts/index.js';
import { createConfigModule } from '../config/config.module.js';
import { QueueModule } from './queue.module.js';

// Needs a real Redis (REDIS_URL, set by `npm test`): BullMQ connects as the Queue is built.
process.env['QUEUE_PREFIX'] = `queue-module-spec-${process.pid}`;

@Injectable()
class FirstUser {
  constructor(@InjectQueue(QueueName.Submissions) readonly queue: Queue) {}
}
@Module({ imports: [QueueModule.forWorker()], providers: [FirstUser], exports: [FirstUser] })
class FirstFeature {}

@Injectable()
class SecondUser {
  constructor(@InjectQueue(QueueName.Submissions) readonly queue: Queue) {}
}
@Module({ imports: [QueueModule.forWorker()], providers: [SecondUser], exports: [SecondUser] })
class SecondFeature {}

describe('QueueModule.forWorker', () => {
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => close?.());

  it('gives every importing module of a process the same Queue instance', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [createConfigModule(), FirstFeature, SecondFeature] }).compile();
    close = () => moduleRef.close();
    const first = moduleRef.get(FirstUser, { strict: false }).queue;
    const second = moduleRef.get(SecondUser, { strict: false }).queue;
    expect(first).toBe(second);
    expect(moduleRef.get(getQueueToken(QueueName.Submissions), { strict: false })).toBe(first);
    await first.waitUntilReady();
  });
});
