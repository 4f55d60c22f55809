import { constants } from 'node:fs';
import { chown, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A run's private directory on the host, mounted at /box inside the sandbox.
 * Created empty, owned by the slot's uid with mode 0700 so no other run can enter it.
 * The worker writes files into it only through `writeFile` (never following links) and never
 * reads files out of it; it is deleted whole by `destroy`.
 */
export class Box {
  private constructor(readonly hostPath: string) {}

  /** Creates `dir` (which must not exist) for `uid`/`gid`. */
  static async create(dir: string, uid: number, gid: number): Promise<Box> {
    await mkdir(dir, { mode: 0o700 });
    await chown(dir, uid, gid);
    return new Box(dir);
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

  /** Removes the box and everything the run left in it (links are removed, never followed). */
  async destroy(): Promise<void> {
    await rm(this.hostPath, { recursive: true, force: true, maxRetries: 3 });
  }
}
