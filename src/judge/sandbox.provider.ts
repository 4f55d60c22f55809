import type { Provider } from '@nestjs/common';
import { Sandbox } from '../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { LanguageRegistry } from './languages/language-registry.js';

/** Injection token of the worker's `Sandbox`. */
export const SANDBOX = Symbol('SANDBOX');

/**
 * Opens the sandbox once per worker. Start-up fails (and the worker exits with the message)
 * when the host lacks bubblewrap, user namespaces or a writable cgroup: there is no fallback.
 */
export const sandboxProvider: Provider = {
  provide: SANDBOX,
  inject: [sandboxConfig.KEY],
  useFactory: (cfg: SandboxConfig): Promise<Sandbox> =>
    Sandbox.open({
      bwrapPath: cfg.bwrapPath,
      launcherPath: cfg.launcherPath,
      workDir: cfg.workDir,
      slots: cfg.concurrency,
      uidBase: cfg.uidBase,
      cgroupParent: 'verdict',
      boxBytes: cfg.boxBytes,
      boxInodes: cfg.boxInodes,
      tmpInodes: cfg.runTmpInodes,
      pinCpus: cfg.pinCpus,
      resident: cfg.resident,
    }),
};

/** The languages this worker judges, detected once at start. */
export const languageRegistryProvider: Provider = {
  provide: LanguageRegistry,
  useFactory: (): LanguageRegistry => LanguageRegistry.detect(),
};
