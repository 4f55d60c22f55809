#!/usr/bin/env node
// Entry point of the `verdict` command-line client (package.json `bin` runs it through bin/verdict.mjs).
import { ExitCode } from './cli-error.js';
import { runCli } from './cli-program.js';
import { terminalText } from './terminal-text.js';

// A reader that went away (`verdict languages | head -1`) ends the command quietly, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) =>
    process.exit(error.code === 'EPIPE' ? (process.exitCode ?? ExitCode.Ok) : ExitCode.Failure),
  );
}

// The last resort, for a bug outside runCli's reach (a throwing callback of a library): still one
// line and exit 2, never a stack trace or exit 1 (which means "judged with another verdict").
const crashed = (error: unknown): never => {
  process.stderr.write(`verdict: unexpected error: ${terminalText(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(ExitCode.Failure);
};
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);

process.exitCode = await runCli(process.argv);
