import { describe, expect, it } from 'vitest';
import { signalName } from './signal-name.js';

describe('signalName', () => {
  it('names signals by their usual name, not an alias', () => {
    expect(signalName(6)).toBe('SIGABRT');
    expect(signalName(11)).toBe('SIGSEGV');
    expect(signalName(8)).toBe('SIGFPE');
    expect(signalName(200)).toBe('SIG200');
  });
});
