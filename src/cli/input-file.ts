import { readFile, stat } from 'node:fs/promises';
import { CliError } from './cli-error.js';

/** Largest file the CLI reads for a submission (source, input, expected output), bytes; the API's own maxima are lower by default. */
export const MAX_INPUT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The contents of `path` as UTF-8 text.
 * @param option what the file is for, named in errors (`FILE`, `--stdin`, `--expect`).
 * @throws CliError when it is missing, not a regular file, or larger than MAX_INPUT_FILE_BYTES.
 */
export async function readTextFile(path: string, option: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(`${option}: ${path} is not a regular file`);
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${option}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size > MAX_INPUT_FILE_BYTES) throw new CliError(`${option}: ${path} is larger than ${MAX_INPUT_FILE_BYTES} bytes`);
  return readFile(path, 'utf8');
}
