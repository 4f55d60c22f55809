import type { DynamicModule, Type } from '@nestjs/common';
import { createConfigModule } from './config/config.module.js';
import type { AnyValidatedConfig } from './config/define-config.js';
import { LoggingModule } from './logging/logging.module.js';

/**
 * Modules every process's root module starts with: the validated global configuration
 * (shared namespaces plus `extraConfig`, e.g. the worker's sandbox namespace) and logging.
 * Feature modules (SubmissionsPersistenceModule, EventsModule, QueueModule.forProducer/forWorker, ...)
 * are then added by each root module as it needs them.
 */
export function coreModules(...extraConfig: AnyValidatedConfig[]): (Type | Promise<DynamicModule>)[] {
  return [createConfigModule(...extraConfig), LoggingModule];
}
