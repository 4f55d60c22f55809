import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Marker file of a complete artifact directory. */
const COMPLETE_MARKER = '.complete';

/** What else a published artifact holds: the copy under a subdirectory, small files beside it. */
export interface ArtifactLayout {
  /** Subdirectory of the artifact the copy of `source` goes to (absent: its root). */
  under?: string;
  /** Files written at the artifact's root (plain names), e.g. a record of how it was made. */
  files?: Readonly<Record<string, string>>;
}

/**
 * Copies what a sandboxed build left in `source` (a box directory; null: nothing) to `dir`, owned
 * by root and read-only (files 0444, or 0555 when executable; directories 0555), so no run's uid
 * can change it, with `layout`'s subdirectory and files.
 * Only directories and regular files are copied: a link or device the build planted is left behind.
 * Workers sharing SANDBOX_WORK_DIR may publish the same `dir` at once: the first complete one in
 * place is kept and the others discarded, never the other way round, since one in place may
 * already be mounted into another worker's runs.
 * @throws what the file system throws (the caller decides whether a failed artifact is fatal).
 */
export async function publishReadOnlyCopy(source: string | null, dir: string, layout: ArtifactLayout = {}): Promise<void> {
  const staging = `${dir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  if (source !== null) {
    await cp(source, layout.under ? join(staging, layout.under) : staging, {
      recursive: true,
      filter: async (path) => {
        const s = await lstat(path).catch(() => null);
        return !!s && (s.isDirectory() || s.isFile());
      },
    });
  }
  for (const [name, content] of Object.entries(layout.files ?? {})) await writeFile(join(staging, name), content, { flag: 'wx' });
  await writeFile(join(staging, COMPLETE_MARKER), '');
  await makeReadOnly(staging);
  // A directory without the marker is no one's artifact (every one is complete before it is moved in).
  if (existsSync(dir) && !existsSync(join(dir, COMPLETE_MARKER))) await rm(dir, { recursive: true, force: true });
  try {
    await rename(staging, dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !existsSync(join(dir, COMPLETE_MARKER))) throw err;
    await rm(staging, { recursive: true, force: true });
  }
}

/** True when `dir` holds a complete published artifact. */
export function isPublished(dir: string): boolean {
  return existsSync(join(dir, COMPLETE_MARKER));
}

/**
 * Gives every file and directory under `dir` to the worker's own uid and gid (root) and takes away
 * write permission. The owner must be set: libuv's copy (`cp`) keeps the source's owner when it
 * runs as root, and a build's files belong to the slot's uid.
 */
async function makeReadOnly(dir: string): Promise<void> {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeReadOnly(path);
    else {
      await chown(path, uid, gid);
      await chmod(path, (await stat(path)).mode & 0o111 ? 0o555 : 0o444);
    }
  }
  await chown(dir, uid, gid);
  await chmod(dir, 0o555);
}
