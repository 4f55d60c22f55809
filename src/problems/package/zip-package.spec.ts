import { describe, expect, it } from 'vitest';
import { unixFileType } from './zip-package.js';

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
