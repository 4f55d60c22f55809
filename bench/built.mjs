// The project's own modules as the benchmarks load them: the build (dist/, `npm run build`) for
// the sandbox and the worker's language resolution, the test fixtures and test client from their
// TypeScript source (Node.js strips the types). Computed specifiers keep dist/ out of the
// typecheck; each import is typed from its source.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string} path relative to the project root */
const url = (path) => pathToFileURL(join(root, path)).href;

/** @type {typeof import('../libs/sandbox/index.js')} */
export const sandboxLib = await import(url('dist/libs/sandbox/index.js'));
/** @type {typeof import('../libs/sandbox/host-compiled-fixture.js')} */
export const { compileInto } = await import(url('dist/libs/sandbox/host-compiled-fixture.js'));
/** @type {typeof import('../libs/judging/index.js')} */
const { LANGUAGES } = await import(url('dist/libs/judging/index.js'));
/** @type {typeof import('../src/judge/languages/language-registry.js')} */
const { LanguageRegistry } = await import(url('dist/src/judge/languages/language-registry.js'));
/** @type {typeof import('../test/fixtures/programs.js')} */
export const { PROGRAMS } = await import(url('test/fixtures/programs.ts'));
/** @type {typeof import('../test/support/results-client.js')} */
export const { connectResults } = await import(url('test/support/results-client.ts'));

/**
 * The worker's view of `ids` on this host (tools resolved as the worker resolves them).
 * @param {string[]} ids language ids of libs/judging's table
 * @throws Error naming a language whose tools are not on this host.
 */
export function resolveLanguages(ids) {
  const registry = LanguageRegistry.detect(LANGUAGES.filter((l) => ids.includes(l.id)));
  return ids.map((id) => {
    const language = registry.get(id);
    if (!language) throw new Error(`${id}: ${registry.unavailable.find((u) => u.id === id)?.reason ?? 'not in the language table'}`);
    return language;
  });
}

/** Limits of a benchmark's test run in the sandbox: the worker's own short-run limits with 1 s of CPU time; none reached by A+B. */
export const RUN_LIMITS = { ...sandboxLib.SMALL_RUN_LIMITS, cpuTimeMs: 1000 };

/**
 * Opens a sandbox of its own from the build (a private work directory, uids from 62300, cgroup
 * `verdict-bench`, apart from any worker's); `close` removes the work directory.
 * @param {number} slots
 * @throws SandboxUnavailableError when the host lacks a part (not root, no bwrap, ...).
 */
export async function openSandbox(slots, resident = false) {
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-bench-'));
  const sandbox = await sandboxLib.Sandbox.open({
    bwrapPath: '/usr/bin/bwrap',
    launcherPath: join(root, 'dist/native/verdict-launch'),
    workDir,
    slots,
    uidBase: 62300,
    cgroupParent: 'verdict-bench',
    resident,
  });
  return { sandbox, close: () => rmSync(workDir, { recursive: true, force: true }) };
}
