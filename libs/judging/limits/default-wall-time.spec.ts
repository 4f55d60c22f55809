import { describe, expect, it } from 'vitest';
import { defaultWallTimeMs } from './default-wall-time.js';

describe('defaultWallTimeMs', () => {
  it('is three times the CPU time limit', () => {
    expect(defaultWallTimeMs(1000, 30_000)).toBe(3000);
  });
  it('is never shorter than the sandbox needs to start a program', () => {
    expect(defaultWallTimeMs(1, 30_000)).toBe(100);
    expect(defaultWallTimeMs(34, 30_000)).toBe(102);
  });
  it('never exceeds the server maximum', () => {
    expect(defaultWallTimeMs(20_000, 30_000)).toBe(30_000);
  });
});
