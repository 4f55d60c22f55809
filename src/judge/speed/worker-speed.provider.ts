import { Logger, type Provider } from '@nestjs/common';
import type { Sandbox } from '../../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../../config/sandbox.config.js';
import { SANDBOX } from '../sandbox.provider.js';
import { measureSpeed, SPEED_REFERENCE_CPU_MS, type WorkerSpeed } from './worker-speed.js';

/** Injection token of this worker's `WorkerSpeed`. */
export const WORKER_SPEED = Symbol('WORKER_SPEED');

/**
 * Measures the worker's speed once at start, before it takes a job (at most about a second;
 * worker-speed.ts). A benchmark that fails is logged and leaves the factor unknown (null): the
 * worker judges unscaled.
 */
export const workerSpeedProvider: Provider = {
  provide: WORKER_SPEED,
  inject: [SANDBOX, sandboxConfig.KEY],
  useFactory: async (sandbox: Sandbox, cfg: SandboxConfig): Promise<WorkerSpeed> => {
    const logger = new Logger('WorkerSpeed');
    const measured = await measureSpeed(sandbox);
    const speed: WorkerSpeed = { ...measured, scalesLimits: cfg.scaleLimitsBySpeed };
    if (measured.factor === null) logger.warn('the speed benchmark failed; time limits are not scaled');
    else logger.log({ ...speed, referenceMs: SPEED_REFERENCE_CPU_MS }, 'speed measured');
    return speed;
  },
};
