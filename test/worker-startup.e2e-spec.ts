/**
 * The worker refuses to start, saying what is missing, when the host cannot sandbox:
 * there is no unsandboxed fallback.
 */
import { describe, expect, it } from 'vitest';
import { runWorkerExpectingFailure, testServices } from './support/stack.js';

describe('worker start-up without a usable sandbox', () => {
  const services = testServices('worker-startup');

  it('exits non-zero naming bubblewrap when bwrap is missing', async () => {
    const { code, output } = await runWorkerExpectingFailure({ ...services, SANDBOX_BWRAP_PATH: '/nonexistent/bwrap' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/bubblewrap not found at \/nonexistent\/bwrap \(apt-get install bubblewrap/);
  });

  it('exits non-zero naming the launcher when it was not built', async () => {
    const { code, output } = await runWorkerExpectingFailure({ ...services, SANDBOX_LAUNCHER_PATH: '/nonexistent/verdict-launch' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/sandbox launcher not found at \/nonexistent\/verdict-launch/);
  });

  it('exits non-zero naming the variable when the configuration is invalid', async () => {
    const { code, output } = await runWorkerExpectingFailure({ ...services, WORKER_CONCURRENCY: '0' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/WORKER_CONCURRENCY must not be less than 1/);
  });
});
