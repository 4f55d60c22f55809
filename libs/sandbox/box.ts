import { constants } from 'node:fs';
import { chown, mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { disposeTree, type CleanupLog, type TreeRemover } from './remove-tree.js';

/** How a box is removed: the sandbox passes the launcher's descriptor-relative removal (remove-tree.ts). */
export interface BoxCleanup {
  remove: TreeRemover;
  /** The work directory, whose `trash/` takes a box that could not be removed. */
  workDir: string;
  log?: CleanupLog;
}

/** Without a sandbox (unit tests): Node's recursive removal, which fails on trees deeper than PATH_MAX. */
const nodeRemover: TreeRemover = (path) => rm(path, { recursive: true, force: true, maxRetries: 3 });

/**
 * A run's private directory on the host, mounted at /box inside the sandbox.
 * Created empty, owned by the slot's uid with mode 0700 so no other run can enter it.
 * The worker writes files into it only through `writeFile` (never following links) and never
 * reads files out of it; it is deleted whole by `destroy`.
 */
export class Box {
  private constructor(
    readonly hostPath: string,
    private readonly cleanup: BoxCleanup,
  ) {}

  /** Creates `dir` (which must not exist) for `uid`/`gid`; `cleanup` says how `destroy` removes it. */
  static async create(dir: string, uid: number, gid: number, cleanup?: BoxCleanup): Promise<Box> {
    await mkdir(dir, { mode: 0o700 });
    await chown(dir, uid, gid);
    return new Box(dir, cleanup ?? { remove: nodeRemover, workDir: dirname(dir) });
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
