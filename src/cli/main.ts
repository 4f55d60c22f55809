#!/usr/bin/env node
// Entry point of the `verdict` command-line client (package.json `bin` runs it through bin/verdict.mjs).
import { runCli } from './cli-program.js';

process.exitCode = await runCli(process.argv);
