import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeZip, type ZipEntry } from '../../../test/support/zip.js';
import { PackageError } from './package.error.js';
import { unixFileType, ZipPackage, type ZipBounds } from './zip-package.js';

const onUnix = (mode: number) => ({ versionMadeBy: 3 << 8, externalFileAttributes: (mode << 16) >>> 0 });

describe('unixFileType (zip external attributes)', () => {
  it('reads the file type of entries made on Unix', () => {
    expect(unixFileType(onUnix(0o100644))).toBe(0o100000);
    expect(unixFileType(onUnix(0o120777))).toBe(0o120000);
    expect(unixFileType(onUnix(0o020666))).toBe(0o020000);
  });

  it('treats entries without type bits (Python zipfile.writestr: 0600) and non-Unix ones as not told', () => {
    expect(unixFileType(onUnix(0o600))).toBeNull();
    expect(unixFileType({ versionMadeBy: 0, externalFileAttributes: 0x20 })).toBeNull();
  });
});

const dir = mkdtempSync(join(tmpdir(), 'zip-package-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const BOUNDS: ZipBounds = { maxEntries: 50, maxUncompressedBytes: 8 << 20, maxRatio: 100 };
const MiB = 1024 * 1024;

/** Writes `zip` (or the zip of `entries`) to a temp file and opens it. */
function open(zip: Buffer | ZipEntry[], bounds: Partial<ZipBounds> = {}): Promise<ZipPackage> {
  const path = join(dir, `z${n++}.zip`);
  writeFileSync(path, Buffer.isBuffer(zip) ? zip : makeZip(zip));
  return ZipPackage.open(path, { ...BOUNDS, ...bounds });
}

/** The PackageError message `open` (or `then` on the package) fails with; null when it succeeds. */
async function refusal(
  zip: Buffer | ZipEntry[],
  bounds: Partial<ZipBounds> = {},
  then?: (pkg: ZipPackage) => Promise<unknown>,
): Promise<string | null> {
  let pkg: ZipPackage | undefined;
  try {
    pkg = await open(zip, bounds);
    if (then) await then(pkg);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(PackageError);
    return (error as PackageError).message;
  } finally {
    await pkg?.close();
  }
}

/** Offsets of every zip record with `signature` (little-endian) in `zip`. */
function recordsWith(zip: Buffer, signature: number): number[] {
  const offsets: number[] = [];
  for (
    let i = zip.indexOf(Buffer.from(new Uint32Array([signature]).buffer));
    i >= 0;
    i = zip.indexOf(Buffer.from(new Uint32Array([signature]).buffer), i + 4)
  ) {
    offsets.push(i);
  }
  return offsets;
}
const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;

const ok: ZipEntry[] = [{ name: 'problem.yaml', data: 'name: X\n' }];

describe('ZipPackage.open: entries that could escape or are not plain files are refused, naming the entry', () => {
  it('path traversal, absolute paths, backslashes and NUL characters', async () => {
    expect(await refusal([...ok, { name: '../evil.in', data: 'x' }])).toBe(
      '../evil.in: has a ".." path component (path traversal); refused',
    );
    expect(await refusal([...ok, { name: 'data/../../evil.in', data: 'x' }])).toBe(
      'data/../../evil.in: has a ".." path component (path traversal); refused',
    );
    expect(await refusal([...ok, { name: '/etc/passwd', data: 'x' }])).toBe('/etc/passwd: is an absolute path; entries must be relative');
    expect(await refusal([...ok, { name: 'C:/Windows/x', data: 'x' }])).toBe('C:/Windows/x: is an absolute path; entries must be relative');
    expect(await refusal([...ok, { name: 'data\\secret\\1.in', data: 'x' }])).toBe(
      'data\\secret\\1.in: has a backslash in its name; use / as the separator',
    );
    expect(await refusal([...ok, { name: 'data/a\u0000.in', data: 'x' }])).toBe('"data/a\\u0000.in": has a NUL character in its name');
    // ".." inside a name is not a path component.
    expect(await refusal([...ok, { name: 'data/secret/1..2.in', data: 'x' }])).toBeNull();
  });

  it('symbolic links and special files (FIFOs, devices, sockets)', async () => {
    expect(await refusal([...ok, { name: 'data/secret/1.in', data: '/etc/shadow', mode: 0o120777 }])).toBe(
      'data/secret/1.in: is a symbolic link; packages must hold regular files only',
    );
    for (const mode of [0o010644, 0o020666, 0o060660, 0o140755]) {
      expect(await refusal([...ok, { name: 'data/secret/1.in', mode }])).toBe(
        'data/secret/1.in: is a special file; packages must hold regular files only',
      );
    }
  });

  it('encrypted entries and duplicate paths', async () => {
    const zip = makeZip([...ok, { name: 'data/secret/1.in', data: 'x' }]);
    for (const at of recordsWith(zip, CENTRAL)) zip.writeUInt16LE(zip.readUInt16LE(at + 8) | 1, at + 8);
    for (const at of recordsWith(zip, LOCAL)) zip.writeUInt16LE(zip.readUInt16LE(at + 6) | 1, at + 6);
    expect(await refusal(zip)).toBe('problem.yaml: is encrypted; packages must not be');
    expect(await refusal([...ok, { name: 'data/secret/1.in', data: 'a' }, { name: 'data/secret/1.in', data: 'b' }])).toBe(
      'data/secret/1.in: appears twice in the zip',
    );
  });

  it('skips directory entries; takes entries without file-type bits as plain files', async () => {
    const pkg = await open([
      { name: 'data/', mode: 0o040755 },
      { name: 'data/secret/', mode: 0o100644 },
      ...ok,
      { name: 'data/secret/1.in', data: '1', mode: 0o600 },
    ]);
    try {
      expect(pkg.paths().sort()).toEqual(['data/secret/1.in', 'problem.yaml']);
    } finally {
      await pkg.close();
    }
  });

  it('is not fooled by a file that is not a zip', async () => {
    expect(await refusal(Buffer.from('PK but not really a zip file'))).toMatch(/^package is not a readable zip file: /);
    expect(await refusal(Buffer.alloc(0))).toMatch(/^package is not a readable zip file: /);
  });
});

describe('ZipPackage.open: zip bombs are refused before anything is extracted', () => {
  it('more entries than PROBLEM_PACKAGE_MAX_ENTRIES (directories count)', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({ name: `data/secret/${i}.in`, data: 'x' }));
    expect(await refusal(entries, { maxEntries: 5 })).toBe('the zip has 6 entries; at most 5 are allowed (PROBLEM_PACKAGE_MAX_ENTRIES)');
    expect(await refusal(entries, { maxEntries: 6 })).toBeNull();
  });

  it('a declared total over PROBLEM_PACKAGE_MAX_UNCOMPRESSED_BYTES, naming the entry that crosses it', async () => {
    const entries = ['a', 'b', 'c'].map((name) => ({
      name: `data/secret/${name}.in`,
      data: Buffer.alloc(1000, 1),
      method: 'store' as const,
    }));
    expect(await refusal(entries, { maxUncompressedBytes: 2500 })).toBe(
      'data/secret/c.in: the package unpacks to more than 2500 bytes (PROBLEM_PACKAGE_MAX_UNCOMPRESSED_BYTES); refused as a possible zip bomb',
    );
    expect(await refusal(entries, { maxUncompressedBytes: 3000 })).toBeNull();
  });

  it('an entry over 1 MiB that compresses more than PROBLEM_PACKAGE_MAX_RATIO:1; small or stored entries are not judged by ratio', async () => {
    const zeros = Buffer.alloc(2 * MiB);
    expect(await refusal([{ name: 'data/secret/big.in', data: zeros }])).toMatch(
      /^data\/secret\/big\.in: compresses \d+:1, more than 100:1 \(PROBLEM_PACKAGE_MAX_RATIO\); refused as a possible zip bomb$/,
    );
    expect(await refusal([{ name: 'data/secret/big.in', data: zeros }], { maxRatio: 2000 })).toBeNull();
    expect(await refusal([{ name: 'data/secret/big.in', data: zeros, method: 'store' }])).toBeNull();
    expect(await refusal([{ name: 'data/secret/small.in', data: Buffer.alloc(MiB) }])).toBeNull();
  });

  it('an entry that holds more bytes than it declares fails while extracting, never writing past its size', async () => {
    const zip = makeZip([{ name: 'data/secret/1.in', data: Buffer.alloc(5000, 7) }, ...ok]);
    for (const at of recordsWith(zip, CENTRAL)) zip.writeUInt32LE(10, at + 24);
    for (const at of recordsWith(zip, LOCAL)) zip.writeUInt32LE(10, at + 22);
    expect(await refusal(zip, {}, (pkg) => pkg.extract('data/secret/1.in'))).toMatch(/^data\/secret\/1\.in: cannot be extracted: /);
  });
});

describe('ZipPackage: layout and extraction', () => {
  it('strips a single top directory (the package name), ignoring __MACOSX/', async () => {
    const pkg = await open([
      { name: 'hello/problem.yaml', data: 'x' },
      { name: 'hello/data/secret/1.in', data: '1' },
      { name: '__MACOSX/hello/._problem.yaml', data: '' },
    ]);
    try {
      expect(pkg.topDirectory).toBe('hello');
      expect(pkg.paths().sort()).toEqual(['data/secret/1.in', 'problem.yaml']);
    } finally {
      await pkg.close();
    }
  });

  it('keeps paths as they are when the package is at the root or under several directories', async () => {
    for (const entries of [
      [...ok, { name: 'data/secret/1.in', data: '1' }],
      [
        { name: 'a/problem.yaml', data: 'x' },
        { name: 'b/problem.yaml', data: 'y' },
      ],
    ]) {
      const pkg = await open(entries);
      try {
        expect(pkg.topDirectory).toBeNull();
        expect(pkg.paths().sort()).toEqual(entries.map((e) => e.name).sort());
      } finally {
        await pkg.close();
      }
    }
  });

  it('extracts to private temp files named f<n> (never the entry name), hashing on the way; close deletes them', async () => {
    const data = Buffer.from('1 2\n'.repeat(1000));
    const pkg = await open([...ok, { name: 'data/secret/passwd', data }]);
    const file = await pkg.extract('data/secret/passwd');
    expect(file).toMatchObject({
      path: 'data/secret/passwd',
      sizeBytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
    expect(basename(file.hostPath)).toMatch(/^f\d+$/);
    expect(readFileSync(file.hostPath)).toEqual(data);
    await pkg.close();
    expect(existsSync(dirname(file.hostPath))).toBe(false);
  });

  it('reads small text files, refusing missing ones and ones over the size asked for', async () => {
    const pkg = await open([...ok, { name: 'statement/problem.en.md', data: 'x'.repeat(100) }]);
    try {
      expect(await pkg.readText('problem.yaml')).toBe('name: X\n');
      await expect(pkg.readText('statement/problem.en.md', 99)).rejects.toThrow('statement/problem.en.md: is larger than 99 bytes');
      await expect(pkg.readText('nope.yaml')).rejects.toThrow('nope.yaml: is missing');
      await expect(pkg.extract('nope.in')).rejects.toBeInstanceOf(PackageError);
    } finally {
      await pkg.close();
    }
  });
});
