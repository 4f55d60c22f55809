/**
 * The official Judge0 Python SDK (`judge0` on PyPI) for the Judge0-compatible API's end-to-end
 * tests: a virtualenv made on first use with the system Python (`python3 -m venv`, Debian package
 * python3-venv, which scripts/setup.sh installs) and the pinned SDK, reused afterwards (a check of
 * the installed version takes well under a second). Location: JUDGE0_SDK_VENV, default
 * `.tools/judge0-sdk-venv` in the project.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './stack.js';

const run = promisify(execFile);

/** The SDK version the tests were written against (its source decides which endpoints and fields it uses). */
export const JUDGE0_SDK_VERSION = '0.0.8';

/** The Python that creates the virtualenv: the system one (a version manager's shim on PATH may have no venv module). */
const SYSTEM_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Directory of the virtualenv. */
export function judge0SdkVenv(): string {
  return process.env.JUDGE0_SDK_VENV ?? path.join(ROOT, '.tools', 'judge0-sdk-venv');
}

/**
 * Makes sure the virtualenv exists with judge0 == JUDGE0_SDK_VERSION.
 * @returns the virtualenv's python.
 * @throws Error with pip's or venv's output when it cannot be made (e.g. no network for pip the first time).
 */
export async function ensureJudge0Sdk(): Promise<string> {
  const venv = judge0SdkVenv();
  const python = path.join(venv, 'bin', 'python');
  const installed = async (): Promise<boolean> => {
    if (!existsSync(python)) return false;
    try {
      const { stdout } = await run(python, ['-c', 'import judge0; print(judge0.__version__)'], { timeout: 30_000 });
      return stdout.trim() === JUDGE0_SDK_VERSION;
    } catch {
      return false;
    }
  };
  if (await installed()) return python;
  try {
    if (!existsSync(python)) await run(SYSTEM_PYTHON, ['-m', 'venv', venv], { timeout: 120_000 });
    await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `judge0==${JUDGE0_SDK_VERSION}`], {
      timeout: 300_000,
    });
  } catch (error) {
    const e = error as { message: string; stderr?: string };
    throw new Error(`could not set up the Judge0 SDK in ${venv}: ${e.message}\n${e.stderr ?? ''}`, { cause: error });
  }
  if (!(await installed())) throw new Error(`judge0==${JUDGE0_SDK_VERSION} is not importable from ${python} after installing it`);
  return python;
}

/**
 * Runs `script` (a file under test/support) with the SDK's python and `args`.
 * @returns what it printed on stdout, parsed as JSON.
 * @throws Error with its stderr when it fails.
 */
export async function runSdkScript<T>(python: string, script: string, args: readonly string[], timeoutMs = 600_000): Promise<T> {
  try {
    const { stdout } = await run(python, [path.join(ROOT, 'test', 'support', script), ...args], {
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', JUDGE0_SUPPRESS_PREVIEW_WARNING: '1' },
    });
    return JSON.parse(stdout) as T;
  } catch (error) {
    const e = error as { message: string; stderr?: string; stdout?: string };
    throw new Error(`${script} failed: ${e.message}\nstderr:\n${e.stderr ?? ''}\nstdout:\n${e.stdout ?? ''}`, { cause: error });
  }
}
