/** Thrown when one run could not be set up (the launcher or bubblewrap failed before the program started). */
export class SandboxRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxRunError';
  }
}
