import { describe, expect, it } from 'vitest';
import { allowedCpus, slotCpus } from './cpu-pinning.js';

describe('CPU pinning', () => {
  it('reads the allowed CPUs from /proc/self/status, ranges and single CPUs', () => {
    expect(allowedCpus('Name:\tnode\nCpus_allowed:\tff\nCpus_allowed_list:\t0-3,8,10-11\n')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(allowedCpus('Cpus_allowed_list:\t1\n')).toEqual([1]);
    expect(allowedCpus('Name:\tnode\n')).toEqual([]);
    expect(allowedCpus('Cpus_allowed_list:\tgarbage\n')).toEqual([]);
    // This host's own list is never empty.
    expect(allowedCpus().length).toBeGreaterThan(0);
  });

  it('gives each slot a CPU of its own, or pins nothing when there are fewer CPUs than slots', () => {
    expect(slotCpus(2, [0, 1, 2, 3])).toEqual([0, 1]);
    expect(slotCpus(2, [4, 6])).toEqual([4, 6]);
    expect(slotCpus(3, [0, 1])).toBeNull();
    expect(slotCpus(1, [])).toBeNull();
  });
});
