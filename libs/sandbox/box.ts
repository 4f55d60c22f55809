import { constants } from 'node:fs';
import { chown, mkdir, open, rm, rmdir, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { disposeTree, type CleanupLog, type TreeRemover } from './remove-tree.js';

/**
 * Covers a new empty box directory with a filesystem of its own, bounded in bytes and inodes, its
 * root owned by `uid` with mode 0700: the sandbox passes `verdict-launch --mount-box` (a tmpfs).
 * @throws Error when the mount fails.
 */
export type BoxMounter = (dir: string, uid: number) => Promise<void>;

/**
 * How a box is stored and removed: the sandbox passes a bounded tmpfs per box (`mount`) and the
 * launcher's descriptor-relative removal, which also unmounts it (remove-tree.ts).
 */
export interface BoxCleanup {
  /** Absent (unit tests): the box is a plain directory of the host's filesystem, without bounds. */
  mount?: BoxMounter;
  remove: TreeRemover;
  /** The work directory, whose `trash/` takes a box that could not be removed. */
  workDir: string;
  log?: CleanupLog;
}

/** Without a sandbox (unit tests): Node's recursive removal, which fails on trees deeper than PATH_MAX. */
const nodeRemover: TreeRemover = (path) => rm(path, { recursive: true, force: true, maxRetries: 3 });

/**
 * A run's private directory on the host, mounted at /box inside the sandbox.
 * Created empty, owned by the slot's uid with mode 0700 so no other run can enter it; in a sandbox
 * it is a tmpfs of its own (`BoxCleanup.mount`), so what runs write into it is bounded in bytes and
 * inodes and never reaches the host's disk.
 * The worker writes files into it only through `writeFile` (never following links) and never
 * reads files out of it; it is deleted whole by `destroy`.
 */
export class Box {
  private constructor(
    readonly hostPath: string,
    private readonly cleanup: BoxCleanup,
    /** Whether the box is a filesystem of its own (then `usedBytes` is what is stored in it). */
    private readonly mounted: boolean,
  ) {}

  /**
   * Creates `dir` (which must not exist) for `uid`/`gid`, covered by `cleanup.mount` when given;
   * `cleanup` says how `destroy` removes it.
   * @throws Error when the directory cannot be made or mounted (nothing is left behind then).
   */
  static async create(dir: string, uid: number, gid: number, cleanup?: BoxCleanup): Promise<Box> {
    await mkdir(dir, { mode: 0o700 });
    await chown(dir, uid, gid);
    if (cleanup?.mount) {
      try {
        await cleanup.mount(dir, uid);
      } catch (err) {
        await rmdir(dir).catch(() => undefined);
        throw err;
      }
    }
    return new Box(dir, cleanup ?? { remove: nodeRemover, workDir: dirname(dir) }, cleanup?.mount !== undefined);
  }

  /**
   * Bytes stored in the box now (its tmpfs's used pages, from statfs), 0 for a plain directory.
   * The sandbox charges them to every run that sees the box read-only (Sandbox.run): those pages
   * were written by the compilation, are charged to its (removed) cgroup and would otherwise be
   * memory each test run uses for free.
   */
  async usedBytes(): Promise<number> {
    if (!this.mounted) return 0;
    const fs = await statfs(this.hostPath);
    return (fs.blocks - fs.bfree) * fs.bsize;
  }

  /**
   * Writes a new file `name` (a plain file name, no `/`) readable by the run.
   * @throws Error if the name has a path separator or the file exists.
   */
  async writeFile(name: string, data: string | Buffer): Promise<void> {
    if (name.includes('/') || name === '.' || name === '..') throw new Error(`invalid box file name: ${name}`);
    const handle = await open(
      join(this.hostPath, name),
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o644,
    );
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
  }

  /**
   * Removes the box and everything the run left in it (links are removed, never followed). Never
   * throws: what cannot be removed is moved into the work directory's `trash/` and logged, so a
   * run's leftovers never fail its job (see remove-tree.ts).
   */
  async destroy(): Promise<void> {
    await disposeTree(this.hostPath, this.cleanup.workDir, this.cleanup.remove, this.cleanup.log);
  }
}
