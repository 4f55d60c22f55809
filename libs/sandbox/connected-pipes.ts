import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, constants as fsConstants, openSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** One kernel pipe, as two descriptors of the worker (blocking, close-on-exec). */
export interface PipeEnds {
  read: number;
  write: number;
}

/** The two pipes between a submission and its interactor. */
export interface ConnectedPipes {
  /** The submission's stdout to the interactor's stdin. */
  toInteractor: PipeEnds;
  /** The interactor's stdout to the submission's stdin. */
  toSubmission: PipeEnds;
}

/** Prefix of the directories the FIFOs are made in (`<prefix>-<worker pid>-…`; a dead worker's are removed at start). */
export const PIPES_DIR_PREFIX = 'pipes';

/**
 * Makes the two kernel pipes of a connected run (Node has no pipe(2)): two FIFOs in a fresh
 * directory `<workDir>/pipes-<pid>-<tag>-<random>` that only root can enter, each opened at both
 * ends, then removed (the descriptors are all the runs need, and no run ever sees a path to them).
 * A FIFO's ends are opened without ever blocking the worker: the read end first without blocking,
 * which lets the write end open at once, which lets a blocking read end open at once, after which
 * the non-blocking one is closed (a program must not see O_NONBLOCK on its stdin).
 * @throws Error when `mkfifo` (coreutils) cannot be run or a FIFO cannot be opened; nothing is left
 *   open or on disk then.
 */
export async function makeConnectedPipes(workDir: string, tag: string): Promise<ConnectedPipes> {
  const dir = join(workDir, `${PIPES_DIR_PREFIX}-${process.pid}-${tag}-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { mode: 0o700 });
  const opened: number[] = [];
  try {
    const toInteractor = join(dir, 'to-interactor');
    const toSubmission = join(dir, 'to-submission');
    await execFileAsync('mkfifo', ['-m', '0600', '--', toInteractor, toSubmission]);
    const openEnds = (path: string): PipeEnds => {
      const probe = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOFOLLOW);
      opened.push(probe);
      const write = openSync(path, fsConstants.O_WRONLY | fsConstants.O_NOFOLLOW);
      opened.push(write);
      const read = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
      opened.push(read);
      closeSync(opened.splice(opened.indexOf(probe), 1)[0]!);
      return { read, write };
    };
    const pipes = { toInteractor: openEnds(toInteractor), toSubmission: openEnds(toSubmission) };
    opened.length = 0;
    return pipes;
  } finally {
    for (const fd of opened) closeSync(fd);
    // Never fails the run: a directory left behind is removed at the next start (removeStaleBoxes).
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
