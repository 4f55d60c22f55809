import { describe, expect, it } from 'vitest';
import { BASE_ENV } from './bwrap-args.js';
import {
  CONNECTED_STDIN_FD,
  CONNECTED_STDOUT_FD,
  launcherArgv,
  launcherRlimits,
  runMounts,
  sharedMounts,
  stagedMounts,
  type LaunchSpec,
} from './launch-argv.js';
import type { RunLimits } from './run-request.js';

// Pure: builds argv only, reads nothing of the host, needs no root.
const limits: RunLimits = {
  cpuTimeMs: 2500,
  wallTimeMs: 7500,
  memoryKiB: 65536,
  stdoutBytes: 4096,
  stderrBytes: 4096,
  processes: 8,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  tmpBytes: 1 << 21,
};
const BASE = ['--unshare-all', '--ro-bind', '/usr', '/usr', '--proc', '/proc', '--dev', '/dev'];

function spec(over: Partial<LaunchSpec> = {}): LaunchSpec {
  return {
    bwrapPath: '/usr/bin/bwrap',
    baseBwrapArgs: BASE,
    stageDir: '/var/verdict/stage',
    cgroupProcsFiles: ['/sys/fs/cgroup/memory/v/w1-s0-1/cgroup.procs', '/sys/fs/cgroup/pids/v/w1-s0-1/cgroup.procs'],
    uid: 60100,
    mounts: [],
    boxHostPath: '/var/verdict/box-1-0-1',
    boxWritable: false,
    seccompFilters: { writableBox: '/var/verdict/seccomp-1-writable-box.bpf', readOnlyBox: '/var/verdict/seccomp-1-read-only-box.bpf' },
    tmpInodes: 5000,
    env: undefined,
    argv: ['/box/main', 'arg with space', '$(id)'],
    connected: false,
    cpu: null,
    limits,
    ...over,
  };
}

/** Splits the launcher argv at its `--` into the launcher's options, bubblewrap's path and bubblewrap's argv. */
function split(argv: string[]): { launcher: string[]; bwrapPath: string; bwrap: string[] } {
  const at = argv.indexOf('--');
  return { launcher: argv.slice(0, at), bwrapPath: argv[at + 1]!, bwrap: argv.slice(at + 2) };
}

/** Values of every `flag VALUE` pair in `args`, in order. */
function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe('launcherRlimits', () => {
  it('sets the CPU backstop a second past the limit rounded up, the stack to the memory limit, and no cores, locks or queues', () => {
    expect(launcherRlimits(limits)).toEqual([
      'cpu=4:5',
      `fsize=${1 << 20}:${1 << 20}`,
      'nofile=64:64',
      `stack=${65536 * 1024}:${65536 * 1024}`,
      'core=0:0',
      'memlock=0:0',
      'msgqueue=0:0',
    ]);
    expect(launcherRlimits({ ...limits, cpuTimeMs: 1000 })[0]).toBe('cpu=2:3');
  });
});

describe('mount lists', () => {
  it("puts the sandbox's shared mounts (same path inside) before the request's", () => {
    const shared = sharedMounts(['/opt/rust']);
    expect(shared).toEqual([{ hostPath: '/opt/rust', sandboxPath: '/opt/rust' }]);
    expect(sharedMounts(undefined)).toEqual([]);
    expect(runMounts(shared, [{ hostPath: '/cache/a', sandboxPath: '/cache' }])).toEqual([
      { hostPath: '/opt/rust', sandboxPath: '/opt/rust' },
      { hostPath: '/cache/a', sandboxPath: '/cache' },
    ]);
    expect(runMounts(shared, undefined)).toEqual(shared);
  });

  it('derives the N-th @N bind from the N-th --open-path, and stages nothing without mounts', () => {
    expect(stagedMounts([])).toEqual({ launcherArgs: [], bwrapArgs: [], placeholderOffsets: [] });
    expect(
      stagedMounts([
        { hostPath: '/root/.rustup', sandboxPath: '/opt/rustup' },
        { hostPath: '/c', sandboxPath: '/d' },
      ]),
    ).toEqual({
      launcherArgs: ['--open-path', '/root/.rustup', '--open-path', '/c'],
      bwrapArgs: ['--ro-bind', '@0', '/opt/rustup', '--ro-bind', '@1', '/d'],
      placeholderOffsets: [1, 4],
    });
  });
});

describe('launcherArgv', () => {
  it('lays out the launcher options in the order verdict-launch reads them, then bubblewrap', () => {
    const argv = launcherArgv(spec());
    const { launcher, bwrapPath, bwrap } = split(argv);
    expect(launcher).toEqual([
      '--cgroup',
      '/sys/fs/cgroup/memory/v/w1-s0-1/cgroup.procs',
      '--cgroup',
      '/sys/fs/cgroup/pids/v/w1-s0-1/cgroup.procs',
      ...launcherRlimits(limits).flatMap((r) => ['--rlimit', r]),
      '--stage',
      '/var/verdict/stage',
      '--scratch',
      `${1 << 21}:5000`,
      '--uid',
      '60100',
      '--gid',
      '60100',
      '--keep-fd',
      '3',
      '--seccomp-bpf',
      '/var/verdict/seccomp-1-read-only-box.bpf',
    ]);
    expect(bwrapPath).toBe('/usr/bin/bwrap');
    expect(bwrap).toEqual([
      ...BASE,
      '--bind',
      '/var/verdict/stage/tmp',
      '/tmp',
      '--ro-bind',
      '/var/verdict/box-1-0-1',
      '/box',
      '--chdir',
      '/box',
      '--remount-ro',
      '/',
      '--clearenv',
      ...Object.entries(BASE_ENV).flatMap(([k, v]) => ['--setenv', k, v]),
      '--json-status-fd',
      '3',
      '--',
      '/box/main',
      'arg with space',
      '$(id)',
    ]);
  });

  it('binds the box read-write only when asked, and lets only such runs (compilations, validators) flock and watch files', () => {
    const { launcher, bwrap } = split(launcherArgv(spec({ boxWritable: true })));
    expect(launcher.slice(-2)).toEqual(['--seccomp-bpf', '/var/verdict/seccomp-1-writable-box.bpf']);
    expect(launcher).not.toContain('/var/verdict/seccomp-1-read-only-box.bpf');
    expect(bwrap.slice(bwrap.indexOf('/var/verdict/box-1-0-1') - 1, bwrap.indexOf('/var/verdict/box-1-0-1') + 2)).toEqual([
      '--bind',
      '/var/verdict/box-1-0-1',
      '/box',
    ]);
  });

  it('adds the request environment over the base one, and nothing of the worker', () => {
    const { bwrap } = split(launcherArgv(spec({ env: { HOME: '/box', JAVA_TOOL_OPTIONS: '-Xss64m' } })));
    const env = Object.fromEntries(valuesOf(bwrap, '--setenv').map((name) => [name, bwrap[bwrap.indexOf(name) + 1]]));
    expect(env).toEqual({ ...BASE_ENV, HOME: '/box', JAVA_TOOL_OPTIONS: '-Xss64m' });
    expect(bwrap.indexOf('--clearenv')).toBeLessThan(bwrap.indexOf('--setenv'));
  });

  it("stages mounts so that replacing @N the launcher's way binds each host path at its sandbox path, after /tmp", () => {
    const mounts = runMounts(sharedMounts(['/root/.rustup']), [
      { hostPath: '/var/cache/go', sandboxPath: '/tmp/go-cache' },
      { hostPath: '/data/t1', sandboxPath: '/data' },
    ]);
    const { launcher, bwrap } = split(launcherArgv(spec({ mounts })));
    expect(valuesOf(launcher, '--stage')).toEqual(['/var/verdict/stage']);
    const openPaths = valuesOf(launcher, '--open-path');
    expect(openPaths).toEqual(['/root/.rustup', '/var/cache/go', '/data/t1']);
    // As verdict-launch.c does: the `@N` at each --stage-arg position (0 = bubblewrap's path)
    // becomes STAGE/N, where the N-th --open-path is bound.
    const bound: { host: string; dest: string }[] = [];
    for (const at of valuesOf(launcher, '--stage-arg').map(Number)) {
      const i = at - 1;
      const m = /^@(\d)$/.exec(bwrap[i]!);
      expect(m, `--stage-arg ${at} is ${bwrap[i]}`).not.toBeNull();
      expect(bwrap[i - 1]).toBe('--ro-bind');
      bound.push({ host: openPaths[Number(m![1])]!, dest: bwrap[i + 1]! });
    }
    expect(bound).toEqual(mounts.map((m) => ({ host: m.hostPath, dest: m.sandboxPath })));
    expect(bwrap.indexOf('@0')).toBeGreaterThan(bwrap.indexOf('/tmp'));
    expect(bwrap.indexOf('@2')).toBeLessThan(bwrap.indexOf('--remount-ro'));
  });

  it("names only its own placeholders for substitution, never an @N of the program's argv", () => {
    const argv = ['/bin/echo', '@0', '@7', '@@', '@1'];
    const mounts = [
      { hostPath: '/root/.rustup', sandboxPath: '/opt/rustup' },
      { hostPath: '/c', sandboxPath: '/d' },
    ];
    const built = launcherArgv(spec({ argv, mounts, env: { X: '@0' } }));
    const { launcher, bwrap } = split(built);
    const at = valuesOf(launcher, '--stage-arg').map(Number);
    expect(at.map((i) => bwrap[i - 1])).toEqual(['@0', '@1']);
    const programStart = bwrap.lastIndexOf('--') + 1;
    expect(at.every((i) => i - 1 < programStart)).toBe(true);
    expect(bwrap.slice(programStart)).toEqual(argv);
    // Without mounts nothing is named at all.
    expect(valuesOf(split(launcherArgv(spec({ argv }))).launcher, '--stage-arg')).toEqual([]);
  });

  it('passes the program argv after the last --, untouched, even when it looks like options', () => {
    const argv = ['/bin/sh', '-c', '--', '--uid', '0'];
    const built = launcherArgv(spec({ argv }));
    expect(built.slice(-argv.length)).toEqual(argv);
    expect(built.slice(-argv.length - 1)[0]).toBe('--');
  });

  it('passes a connected run its two pipe ends and moves them onto stdin and stdout inside, the argv still untouched', () => {
    const argv = ['/box/main', '$(id)', '<&4'];
    const { launcher, bwrap } = split(launcherArgv(spec({ argv, connected: true })));
    expect(valuesOf(launcher, '--pass-fd')).toEqual([String(CONNECTED_STDIN_FD), String(CONNECTED_STDOUT_FD)]);
    const program = bwrap.slice(bwrap.lastIndexOf('--') + 1);
    expect(program).toEqual(['/bin/sh', '-c', 'exec "$@" <&4 >&5 4<&- 5>&-', 'connected', ...argv]);
    expect(valuesOf(split(launcherArgv(spec({ argv }))).launcher, '--pass-fd')).toEqual([]);
  });

  it('pins the run to its CPU only when given one', () => {
    expect(valuesOf(split(launcherArgv(spec({ cpu: 3 }))).launcher, '--cpu')).toEqual(['3']);
    expect(valuesOf(split(launcherArgv(spec())).launcher, '--cpu')).toEqual([]);
  });
});
