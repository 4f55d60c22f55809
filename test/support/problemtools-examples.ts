/**
 * problemtools' own example packages (Kattis, MIT licence: `examples/` of the `problemtools` sdist on
 * PyPI: hello, different, guess, oddecho, each with its jury's submissions in `submissions/<verdict>/`),
 * for the conformance suite: material Verdict's authors did not write. Downloaded on first use with
 * the system Python's pip (`pip download`, the registry this machine reaches), checked against the
 * pinned sha256, unpacked under PROBLEMTOOLS_DIR (default `.tools/problemtools-<version>` in the
 * project) and reused afterwards. Nothing of it is committed.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './stack.js';

const run = promisify(execFile);

/** The problemtools release whose examples the conformance suite judges, and its sdist's sha256. */
export const PROBLEMTOOLS_VERSION = '1.20260907';
const PROBLEMTOOLS_SDIST_SHA256 = '55f19b6a72ef5cb07daf0a4e612be963a15e7972891a3afb0fff89244b6228c6';

/** The Python whose pip downloads it: the system one (a version manager's shim on PATH may lack pip). */
const SYSTEM_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Directory the sdist is unpacked into. */
function problemtoolsDir(): string {
  return process.env.PROBLEMTOOLS_DIR ?? path.join(ROOT, '.tools', `problemtools-${PROBLEMTOOLS_VERSION}`);
}

/**
 * Makes sure problemtools' examples are unpacked.
 * @returns the `examples` directory (one package directory per example).
 * @throws Error with pip's output when the download fails, or when the file's sha256 is not the pinned one.
 */
export async function ensureProblemtoolsExamples(): Promise<string> {
  const dir = problemtoolsDir();
  const examples = path.join(dir, 'examples');
  if (existsSync(path.join(examples, 'hello', 'problem.yaml'))) return examples;
  mkdirSync(path.dirname(dir), { recursive: true });
  const work = mkdtempSync(path.join(path.dirname(dir), '.problemtools-'));
  try {
    try {
      await run(
        SYSTEM_PYTHON,
        [
          '-m',
          'pip',
          'download',
          '--quiet',
          '--disable-pip-version-check',
          '--no-deps',
          '--no-binary',
          ':all:',
          '-d',
          work,
          `problemtools==${PROBLEMTOOLS_VERSION}`,
        ],
        { timeout: 300_000 },
      );
    } catch (error) {
      const e = error as { message: string; stderr?: string };
      throw new Error(`could not download problemtools==${PROBLEMTOOLS_VERSION} from PyPI: ${e.message}\n${e.stderr ?? ''}`, {
        cause: error,
      });
    }
    const sdist = readdirSync(work).find((f) => f.endsWith('.tar.gz'));
    if (!sdist) throw new Error(`pip download left no sdist of problemtools==${PROBLEMTOOLS_VERSION} in ${work}`);
    const digest = createHash('sha256')
      .update(readFileSync(path.join(work, sdist)))
      .digest('hex');
    if (digest !== PROBLEMTOOLS_SDIST_SHA256) {
      throw new Error(`${sdist}: sha256 ${digest} is not the pinned ${PROBLEMTOOLS_SDIST_SHA256}`);
    }
    await run('tar', ['-xzf', path.join(work, sdist), '-C', work], { timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    renameSync(path.join(work, `problemtools-${PROBLEMTOOLS_VERSION}`), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return examples;
}
