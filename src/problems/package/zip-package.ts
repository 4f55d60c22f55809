import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { PackageError } from './package.error.js';

/** Bounds a package must keep (PROBLEM_PACKAGE_* variables). */
export interface ZipBounds {
  maxEntries: number;
  maxUncompressedBytes: number;
  /** Largest uncompressed:compressed ratio of an entry over RATIO_FLOOR_BYTES. */
  maxRatio: number;
}

/** Entries smaller than this are not checked for their compression ratio (tiny files compress wildly). */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/** A regular file of the package, extracted to a temporary file under a name of its own (never the entry's). */
export interface ExtractedFile {
  /** Path in the package, `/`-separated, without a leading top directory. */
  path: string;
  /** Temporary host file holding the bytes. */
  hostPath: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * A problem package zip, checked whole before anything is extracted: no more than `maxEntries`
 * entries, total uncompressed size (as declared, and checked again while extracting) at most
 * `maxUncompressedBytes`, no entry over 1 MiB compressed more than `maxRatio`:1, no encrypted
 * entry, no symbolic link or other special file, no path that is absolute, has `..`, a backslash
 * or a NUL, no duplicate path. A single top directory holding the package is stripped.
 * Files are extracted to a private temporary directory as f0, f1, ... (entry names never touch
 * the host file system) and hashed (SHA-256) on the way.
 */
export class ZipPackage {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    private readonly tempDir: string,
    /** The top directory stripped from every path (the problem's short name, usually), or null. */
    readonly topDirectory: string | null,
  ) {}

  /**
   * Opens and checks `zipPath`.
   * @throws PackageError naming the offending entry.
   */
  static async open(zipPath: string, bounds: ZipBounds): Promise<ZipPackage> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(zipPath, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (err, z) =>
        err ? reject(new PackageError(null, `package is not a readable zip file: ${err.message}`)) : resolve(z),
      ),
    );
    try {
      if (zip.entryCount > bounds.maxEntries) {
        throw new PackageError(
          null,
          `the zip has ${zip.entryCount} entries; at most ${bounds.maxEntries} are allowed (PROBLEM_PACKAGE_MAX_ENTRIES)`,
        );
      }
      const raw = await readEntries(zip);
      const files = new Map<string, yauzl.Entry>();
      let total = 0;
      for (const entry of raw) {
        const name = entryName(entry);
        checkPath(name);
        if (entry.isEncrypted()) throw new PackageError(name, 'is encrypted; packages must not be');
        const type = unixFileType(entry);
        if (name.endsWith('/') || type === S_IFDIR) continue;
        if (type !== null && type !== S_IFREG) {
          const what = type === 0o120000 ? 'a symbolic link' : 'a special file';
          throw new PackageError(name, `is ${what}; packages must hold regular files only`);
        }
        if (files.has(name)) throw new PackageError(name, 'appears twice in the zip');
        total += entry.uncompressedSize;
        if (total > bounds.maxUncompressedBytes) {
          throw new PackageError(
            name,
            `the package unpacks to more than ${bounds.maxUncompressedBytes} bytes (PROBLEM_PACKAGE_MAX_UNCOMPRESSED_BYTES); refused as a possible zip bomb`,
          );
        }
        if (entry.uncompressedSize > RATIO_FLOOR_BYTES) {
          const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
          if (ratio > bounds.maxRatio) {
            throw new PackageError(
              name,
              `compresses ${Math.round(ratio)}:1, more than ${bounds.maxRatio}:1 (PROBLEM_PACKAGE_MAX_RATIO); refused as a possible zip bomb`,
            );
          }
        }
        files.set(name, entry);
      }
      const tempDir = await mkdtemp(join(tmpdir(), 'verdict-package-'));
      const { files: stripped, top } = stripTopDirectory(files);
      return new ZipPackage(zip, stripped, tempDir, top);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  /** Paths of the package's regular files. */
  paths(): string[] {
    return [...this.entries.keys()];
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  /**
   * A small file's text (UTF-8).
   * @throws PackageError when it is larger than `maxBytes`.
   */
  async readText(path: string, maxBytes = 1024 * 1024): Promise<string> {
    const entry = this.entries.get(path);
    if (!entry) throw new PackageError(path, 'is missing');
    if (entry.uncompressedSize > maxBytes) throw new PackageError(path, `is larger than ${maxBytes} bytes`);
    const file = await this.extract(path);
    return readFile(file.hostPath, 'utf8');
  }

  /** Extracts one file to the temporary directory, hashing it. @throws PackageError when the zip data is corrupt. */
  async extract(path: string): Promise<ExtractedFile> {
    const entry = this.entries.get(path);
    if (!entry) throw new PackageError(path, 'is missing');
    const hostPath = join(this.tempDir, `f${extractCounter++}`);
    const digest = createHash('sha256');
    let size = 0;
    try {
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        this.zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
      );
      const hashing = new Transform({
        transform(chunk: Buffer, _enc, done) {
          digest.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(stream, hashing, createWriteStream(hostPath, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      throw new PackageError(path, `cannot be extracted: ${(err as Error).message}`);
    }
    return { path, hostPath, sha256: digest.digest('hex'), sizeBytes: size };
  }

  /** Closes the zip and deletes every extracted file. */
  async close(): Promise<void> {
    this.zip.close();
    await rm(this.tempDir, { recursive: true, force: true });
  }
}

let extractCounter = 0;

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (err: Error) => reject(new PackageError(null, `package is a corrupt zip file: ${err.message}`)));
    zip.readEntry();
  });
}

/** The entry's name: UTF-8 (bit 11) or, for the old code page, bytes as Latin-1 (ASCII names read the same). */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return Buffer.isBuffer(raw) ? raw.toString(entry.generalPurposeBitFlag & 0x800 ? 'utf8' : 'latin1') : String(raw);
}

/** Refuses a path that could point outside the package once extracted anywhere. */
function checkPath(name: string): void {
  const shown = JSON.stringify(name);
  if (name.length === 0) throw new PackageError(null, 'package has an entry with an empty name');
  if (name.includes('\0')) throw new PackageError(shown, 'has a NUL character in its name');
  if (name.includes('\\')) throw new PackageError(name, 'has a backslash in its name; use / as the separator');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new PackageError(name, 'is an absolute path; entries must be relative');
  if (name.split('/').some((part) => part === '..')) throw new PackageError(name, 'has a ".." path component (path traversal); refused');
}

/** The Unix file type of an entry made on Unix (S_IFREG, S_IFLNK, ...), or null when the zip does not say. */
export function unixFileType(entry: Pick<yauzl.Entry, 'versionMadeBy' | 'externalFileAttributes'>): number | null {
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
  // No file-type bits at all (Python's zipfile.writestr writes just 0600) means "not told": a plain file.
  if (!madeOnUnix || (mode & S_IFMT) === 0) return null;
  return mode & S_IFMT;
}

/** Zips made of a folder (`aplusb/problem.yaml`, ...) hold the package one level down: strip that level. */
function stripTopDirectory(files: Map<string, yauzl.Entry>): { files: Map<string, yauzl.Entry>; top: string | null } {
  const names = [...files.keys()].filter((n) => !n.startsWith('__MACOSX/'));
  if (names.some((n) => n === 'problem.yaml' || n === 'domjudge-problem.ini' || !n.includes('/'))) return { files, top: null };
  const tops = new Set(names.map((n) => n.slice(0, n.indexOf('/'))));
  if (tops.size !== 1) return { files, top: null };
  const top = [...tops][0]!;
  const stripped = new Map<string, yauzl.Entry>();
  for (const [name, entry] of files) if (name.startsWith(`${top}/`)) stripped.set(name.slice(top.length + 1), entry);
  return { files: stripped, top };
}
