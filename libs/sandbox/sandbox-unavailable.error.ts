/**
 * Thrown when the host lacks something the sandbox needs (bubblewrap, user namespaces,
 * a writable cgroup hierarchy, the launcher). `missing` lists each problem with what to do;
 * the worker refuses to start rather than run anything unsandboxed.
 */
export class SandboxUnavailableError extends Error {
  constructor(readonly missing: string[]) {
    super(`the sandbox cannot run on this host:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
    this.name = 'SandboxUnavailableError';
  }
}
