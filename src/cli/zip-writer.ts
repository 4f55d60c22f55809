import { crc32, deflateRawSync } from 'node:zlib';
import { CliError } from './cli-error.js';

/** One file of a zip: its name inside the archive (`/`-separated) and its bytes. */
export interface ZipFile {
  name: string;
  data: Buffer;
}

/** Most entries in a zip without zip64 (the count fields are 16 bits). */
export const MAX_ZIP_ENTRIES = 0xffff;
/** Most bytes of a zip without zip64 (offsets are 32 bits), kept a little under 4 GiB. */
const MAX_ZIP_BYTES = 0xffff_0000;

/**
 * A zip archive of `files` in memory: each entry deflated, names marked UTF-8, made on Unix with
 * mode 0644, no zip64.
 * @throws CliError over MAX_ZIP_ENTRIES entries or about 4 GiB.
 */
export function zipFiles(files: readonly ZipFile[]): Buffer {
  if (files.length > MAX_ZIP_ENTRIES) throw new CliError(`a zip holds at most ${MAX_ZIP_ENTRIES} files, the directory has ${files.length}`);
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const packed = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // flags: UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); // central directory header
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    offset += local.length + name.length + packed.length;
    if (offset > MAX_ZIP_BYTES) throw new CliError('the package is too large for a zip without zip64 (about 4 GiB)');
    parts.push(local, name, packed);
    directory.push(central, name);
  }
  const central = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, central, end]);
}
