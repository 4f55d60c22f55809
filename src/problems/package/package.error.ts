/**
 * A problem package that cannot be imported, with the file (and line, for YAML) at fault.
 * The API answers 400 with `message: ["<file>[ line N]: <what>"]`.
 */
export class PackageError extends Error {
  constructor(
    readonly file: string | null,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(file ? `${file}${line ? ` line ${line}` : ''}: ${problem}` : problem);
    this.name = 'PackageError';
  }
}
