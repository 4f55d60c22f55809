import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Reads a file an output validator may have left in its feedback directory (judgemessage.txt,
 * teammessage.txt, score.txt), the way the worker must read anything a sandboxed program wrote:
 * opened without following a symlink (O_NOFOLLOW) and without blocking on a FIFO (O_NONBLOCK),
 * accepted only when it is a regular file, and read up to `maxBytes`.
 * @param dir the feedback directory on the host (the run's box, created by the worker).
 * @returns the text (UTF-8, invalid bytes replaced), or null when the file is absent or is not a regular file.
 */
export async function readFeedbackFile(dir: string, name: string, maxBytes: number): Promise<string | null> {
  if (name.includes('/')) throw new Error(`feedback file name must be plain: ${name}`);
  let handle;
  try {
    handle = await open(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null; // absent, a symlink (ELOOP) or unreadable
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return null;
    const buffer = Buffer.alloc(Math.min(maxBytes, stat.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
