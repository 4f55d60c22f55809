export { Box } from './box.js';
export { allowedCpus } from './cpu-pinning.js';
export type { RunLimits, RunRequest, ReadOnlyMount, StdinSource } from './run-request.js';
export { RunStatus, type RunResult } from './run-result.js';
export { isProcessAlive } from './process-alive.js';
export { Sandbox, type ConnectedRequest, type ConnectedRuns, type SandboxSlot } from './sandbox.js';
export { SandboxRunError } from './sandbox-run.error.js';
export { SandboxUnavailableError } from './sandbox-unavailable.error.js';
export { DEFAULT_BOX_BYTES, DEFAULT_BOX_INODES, DEFAULT_TMP_INODES } from './sandbox-options.js';
