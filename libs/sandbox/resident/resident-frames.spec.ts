import { describe, expect, it } from 'vitest';
import { encodeStart, FrameReader, parseEnd, shellStatus } from './resident-frames.js';

const frame = (type: string, payload: Buffer) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(payload.length, 1);
  return Buffer.concat([head, payload]);
};

describe('resident frames', () => {
  it('splits frames however the bytes are cut', () => {
    const big = Buffer.alloc(200_000, 7);
    const bytes = Buffer.concat([
      frame('R', Buffer.alloc(0)),
      frame('O', big),
      frame('E', Buffer.from('err')),
      frame('X', Buffer.alloc(8)),
    ]);
    for (const cut of [1, 3, 5, 4096, 65536, bytes.length]) {
      const reader = new FrameReader();
      const frames = [];
      for (let at = 0; at < bytes.length; at += cut) frames.push(...reader.push(bytes.subarray(at, at + cut)));
      expect(frames.map((f) => [f.type, f.payload.length])).toEqual([
        ['R', 0],
        ['O', big.length],
        ['E', 3],
        ['X', 8],
      ]);
      expect(frames[1]!.payload.equals(big)).toBe(true);
    }
  });

  it('refuses a frame type the resident never sends', () => {
    expect(() => new FrameReader().push(frame('Z', Buffer.alloc(0)))).toThrow(/type Z/);
  });

  it('encodes a start frame: 12 u64 fields, the strings, then stdin', () => {
    const bytes = encodeStart({
      argv: ['/box/a', 'x'],
      envp: ['A=1'],
      tmpBytes: 1024,
      tmpInodes: 64,
      stdin: Buffer.from('1 2\n'),
      cpuSoftS: 2,
      cpuHardS: 3,
      fileSizeBytes: 10,
      openFiles: 64,
      stackBytes: 4096,
      stdoutBytes: 100,
      stderrBytes: 50,
    });
    expect(bytes.toString('latin1', 0, 1)).toBe('S');
    const length = bytes.readUInt32LE(1);
    expect(length).toBe(96 + '/box/a\0x\0A=1\0'.length);
    expect(bytes.readBigUInt64LE(5)).toBe(2n);
    expect(bytes.readBigUInt64LE(5 + 4 * 8)).toBe(4n);
    expect(bytes.subarray(5 + length).toString()).toBe('1 2\n');
  });

  it('decodes an end and the shell encoding of a wait status', () => {
    const payload = Buffer.alloc(8 + 5);
    payload.writeUInt32LE(1, 0);
    payload.writeInt32LE(7 << 8, 4);
    payload.write('oops!', 8);
    expect(parseEnd(payload)).toEqual({ statusValid: true, waitStatus: 7 << 8, setupMessage: 'oops!' });
    expect(shellStatus(7 << 8)).toBe(7);
    expect(shellStatus(11)).toBe(139);
  });
});
