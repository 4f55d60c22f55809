#!/usr/bin/env node
// Entry point of the `verdict` command-line client (package.json `bin` runs it through bin/verdict.mjs).
import { ExitCode } from './cli-error.js';
import { runCli } from './cli-program.js';

// A reader that went away (`verdict languages | head -1`) ends the command quietly, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) =>
    process.exit(error.code === 'EPIPE' ? (process.exitCode ?? ExitCode.Ok) : ExitCode.Failure),
  );
}

process.exitCode = await runCli(process.argv);
