import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError, ExitCode } from './cli-error.js';
import { cliVersion } from './cli-version.js';
import { importCommand } from './import-command.js';
import { languagesCommand } from './languages-command.js';
import { DEFAULT_SERVER_URL } from './server-url.js';
import { submitCommand } from './submit-command.js';
import { terminalText } from './terminal-text.js';

/** Parses a positive whole number option value (`--time-limit 2000`); commander reports the error. */
function positiveInteger(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('must be a positive whole number');
  }
  return Number(value);
}

const serverOption = (): Option => new Option('--server <url>', `the Verdict API (default: $VERDICT_URL, else ${DEFAULT_SERVER_URL})`);
const apiKeyOption = (): Option =>
  new Option('--api-key <key>', 'the API key to send (default: $VERDICT_API_KEY; none for an API running open)');

const EXIT_CODES = `
Exit codes:
  0  Accepted (or the command succeeded)
  1  judged with another verdict (WA, TLE, MLE, OLE, RE, CE, IE)
  2  bad usage, a request the API refused, a server that cannot be reached or sent something malformed`;

/**
 * Commander's own error (`error: option '--time-limit <ms>' argument 'abc' is invalid. …`, maybe with
 * `\n(Did you mean …?)`) as the CLI's one line: `verdict: option '--time-limit <ms>' argument 'abc' is
 * invalid. … (run with --help for usage)`.
 */
function usageErrorLine(commanderMessage: string): string {
  const reason = commanderMessage
    .replace(/^\s*error:\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return `verdict: ${terminalText(reason)} (run with --help for usage)\n`;
}

/** The `verdict` program; each command's action stores its exit code through `setExit`. */
function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command('verdict')
    .description('Command-line client of Verdict, the code-judging service.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    // Set before the commands are added: they copy these settings. Usage errors are one line, exit 2 (runCli).
    .configureOutput({ outputError: (message, write) => write(usageErrorLine(message)) })
    .exitOverride()
    .addHelpText('after', EXIT_CODES);

  program
    .command('submit')
    .description('submit a source file, follow its judging live and print the results')
    .argument('<file>', 'the source file (its name is kept as the submission fileName)')
    .option('--problem <slug-or-id>', 'judge against a stored problem (its test data and limits)')
    .option('--stdin <file>', 'input of a single test case')
    .option('--expect <file>', 'expected output of that test case (without it a clean exit is Accepted)')
    .option('--language <id>', 'language id (default: guessed from the file extension; see `verdict languages`)')
    .option('--time-limit <ms>', 'CPU time limit, ms', positiveInteger)
    .option('--memory-limit <kib>', 'memory limit, KiB', positiveInteger)
    .addOption(serverOption())
    .addOption(apiKeyOption())
    .option('--json', 'print only the final submission (as GET /submissions/:id returns it) as JSON')
    .addHelpText(
      'after',
      `
Examples:
  verdict submit sum.py --stdin 1.in --expect 1.ans
  verdict submit solution.cpp --language cpp20 --problem aplusb
  verdict submit main.c --stdin in.txt --time-limit 2000 --memory-limit 262144 --json
${EXIT_CODES}`,
    )
    .action(async (file: string, options: Parameters<typeof submitCommand>[1]) => setExit(await submitCommand(file, options)));

  program
    .command('languages')
    .description('list the languages the workers can judge, with versions and file extensions')
    .addOption(serverOption())
    .addOption(apiKeyOption())
    .option('--json', 'print the API answer as JSON')
    .action(async (options: Parameters<typeof languagesCommand>[0]) => setExit(await languagesCommand(options)));

  const problems = program.command('problems').description('manage problems');
  problems
    .command('import')
    .description('import an ICPC/Kattis (or DOMjudge) problem package: a directory or a zip')
    .argument('<path>', 'the package directory (zipped in memory) or a .zip file')
    .option('--slug <slug>', "slug of the new problem (default: the directory's or zip's name)")
    .addOption(serverOption())
    .addOption(apiKeyOption())
    .option('--json', "print the API's view of the stored problem as JSON")
    .addHelpText('after', '\nExample:\n  verdict problems import ./aplusb\n  verdict problems import aplusb.zip --slug aplusb2')
    .action(async (path: string, options: Parameters<typeof importCommand>[1]) => setExit(await importCommand(path, options)));

  return program;
}

/**
 * Runs the `verdict` command line `argv` (as `process.argv`: node, script, then arguments).
 * Errors are printed to stderr as one readable message `verdict: …` (terminal controls in it, which may
 * come from the server, made safe by terminalText), never a stack trace.
 * @returns the process exit code (see ExitCode): 0 Accepted or done, 1 another verdict, 2 usage, API or connection errors.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  let exit: ExitCode = ExitCode.Ok;
  try {
    await buildProgram((code) => (exit = code)).parseAsync([...argv]);
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the help, the version or its own error message (usageErrorLine) already.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Failure;
    }
    if (error instanceof CliError) {
      process.stderr.write(`verdict: ${terminalText(error.message)}\n`);
      return error.exitCode;
    }
    process.stderr.write(`verdict: unexpected error: ${terminalText(error instanceof Error ? error.message : String(error))}\n`);
    return ExitCode.Failure;
  }
}
