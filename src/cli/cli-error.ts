/** Exit codes of the `verdict` command. */
export const ExitCode = {
  /** The submission was Accepted, or the command did what it was asked. */
  Ok: 0,
  /** The submission was judged with a verdict other than Accepted. */
  NotAccepted: 1,
  /** Bad usage, a request the API refused, a server that cannot be reached or that sent something malformed. */
  Failure: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the CLI reports as one readable message (no stack trace) and ends with `exitCode`:
 * bad arguments, an unreadable file, an API error, an unreachable server, a malformed answer or message.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.Failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
