import { describe, expect, it } from 'vitest';
import { baseBwrapArgs } from './bwrap-args.js';

// Reads only which system directories and /etc entries exist; needs no root.
describe('baseBwrapArgs', () => {
  const args = baseBwrapArgs();
  const pairs = (flag: string) => args.flatMap((a, i) => (a === flag ? [[args[i + 1], args[i + 2]]] : []));

  it("builds a read-only /dev from an explicit list of device nodes, without bubblewrap's --dev (no devpts, no ptmx)", () => {
    expect(args).not.toContain('--dev');
    expect(args.slice(args.indexOf('--tmpfs'), args.indexOf('--tmpfs') + 2)).toEqual(['--tmpfs', '/dev']);
    expect(pairs('--dev-bind')).toEqual(['null', 'zero', 'full', 'random', 'urandom', 'tty'].map((n) => [`/dev/${n}`, `/dev/${n}`]));
    expect(args.filter((a) => /ptmx|pts/.test(a))).toEqual([]);
    expect(pairs('--symlink').filter(([, dest]) => dest!.startsWith('/dev/'))).toEqual([
      ['/proc/self/fd', '/dev/fd'],
      ['/proc/self/fd/0', '/dev/stdin'],
      ['/proc/self/fd/1', '/dev/stdout'],
      ['/proc/self/fd/2', '/dev/stderr'],
      ['/tmp', '/dev/shm'],
    ]);
    // Nothing is writable in /dev: POSIX shared memory goes to the run's bounded /tmp.
    expect(args).not.toContain('--dir');
    expect(args.slice(args.lastIndexOf('--symlink') + 3, args.lastIndexOf('--symlink') + 5)).toEqual(['--remount-ro', '/dev']);
  });
});
