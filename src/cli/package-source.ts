import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CliError } from './cli-error.js';
import { zipFiles, MAX_ZIP_ENTRIES, type ZipFile } from './zip-writer.js';

/** Largest problem package the CLI reads (a zip, or a directory's files together), bytes. */
export const MAX_PACKAGE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/** A problem package ready to upload: the zip's bytes and the file name to send it under. */
export interface PackageUpload {
  zip: Buffer;
  fileName: string;
}

/** Every regular file under `dir`, named `<top>/<relative path>`, sorted; refuses links and bounds count and size. */
async function directoryFiles(dir: string, top: string): Promise<ZipFile[]> {
  const files: ZipFile[] = [];
  let total = 0;
  const walk = async (path: string, name: string): Promise<void> => {
    for (const entry of (await readdir(path)).sort()) {
      const child = join(path, entry);
      const childName = `${name}/${entry}`;
      const info = await lstat(child);
      if (info.isDirectory()) await walk(child, childName);
      else if (info.isFile()) {
        total += info.size;
        if (total > MAX_PACKAGE_BYTES) throw new CliError(`${dir} holds more than ${MAX_PACKAGE_BYTES} bytes`);
        if (files.length >= MAX_ZIP_ENTRIES) throw new CliError(`${dir} holds more than ${MAX_ZIP_ENTRIES} files`);
        files.push({ name: childName, data: await readFile(child) });
      } else {
        throw new CliError(`${child} is not a regular file or directory (links are not allowed in a problem package)`);
      }
    }
  };
  await walk(dir, top);
  return files;
}

/**
 * The package at `path`: a zip file is sent as it is; a directory is zipped in memory with its name
 * as the top directory (which the API takes as the default slug), e.g. `aplusb/problem.yaml`.
 * @throws CliError when `path` is missing, unreadable, holds links or special files, or is too large.
 */
export async function readPackage(path: string): Promise<PackageUpload> {
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const name = basename(resolve(path)) || 'package';
  try {
    if (info.isDirectory()) return { zip: zipFiles(await directoryFiles(path, name)), fileName: `${name}.zip` };
    if (info.isFile()) {
      if (info.size > MAX_PACKAGE_BYTES) throw new CliError(`${path} is larger than ${MAX_PACKAGE_BYTES} bytes`);
      return { zip: await readFile(path), fileName: name };
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  throw new CliError(`${path} is neither a zip file nor a directory`);
}
