import { existsSync, lstatSync, readdirSync } from 'node:fs';

/** Host paths bound read-only at the same place in every sandbox when they exist (/var/lib/ghc: Debian's GHC package database, which /usr/lib/ghc/package.conf.d links to). */
const SYSTEM_DIRS = ['/usr', '/lib', '/lib32', '/lib64', '/libx32', '/bin', '/sbin', '/var/lib/ghc'];

/**
 * /etc entries a toolchain may need: the dynamic loader's cache, the alternatives links
 * (cc → gcc, java → the JDK), the JDK's, Free Pascal's and Mono's configuration. Nothing with users, hosts or secrets.
 */
const ETC_ALLOWED = /^(ld\.so\.cache|ld\.so\.conf|ld\.so\.conf\.d|alternatives|localtime|java-\d+-openjdk|fpc(-[\d.]+)?\.cfg|mono)$/;

/**
 * The device nodes of a run's /dev, bound from the host's: nothing else. Not bubblewrap's `--dev`,
 * which also mounts a devpts instance with `/dev/ptmx`: every pty a run opens there comes from the
 * host-wide pool (kernel.pty.max, shared by every devpts instance), so one run could take them all.
 */
const DEV_NODES = ['null', 'zero', 'full', 'random', 'urandom', 'tty'];

/**
 * A run's /dev: a read-only tmpfs holding the DEV_NODES, the `fd`, `stdin`, `stdout`, `stderr`
 * links and `shm`, a link to /tmp, so POSIX shared memory lives in the run's bounded /tmp (the
 * launcher's `--scratch`, launch-argv.ts). No `ptmx`, no `pts`: no pseudo-terminals at all.
 * Read-only, because a writable /dev would be one more place without a byte or inode bound.
 */
function devArgs(): string[] {
  const args = ['--tmpfs', '/dev'];
  for (const node of DEV_NODES) args.push('--dev-bind', `/dev/${node}`, `/dev/${node}`);
  args.push('--symlink', '/proc/self/fd', '/dev/fd');
  ['stdin', 'stdout', 'stderr'].forEach((name, fd) => args.push('--symlink', `/proc/self/fd/${fd}`, `/dev/${name}`));
  args.push('--symlink', '/tmp', '/dev/shm', '--remount-ro', '/dev');
  return args;
}

/** Environment every run starts from; nothing of the worker's is passed. */
export const BASE_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/tmp',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
};

/**
 * The bubblewrap options that are the same for every run, computed once per worker:
 * all namespaces (user, PID, IPC, UTS, mount, network, cgroup), no nested user namespaces,
 * a new session (no TIOCSTI into the worker's terminal), death with the launcher,
 * system directories read-only (merged-/usr symlinks kept as symlinks), a minimal /dev without ptys (`devArgs`),
 * a fresh /proc of the run's own PID namespace, and the read-only root.
 */
export function baseBwrapArgs(): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--uid',
    '1000',
    '--gid',
    '1000',
    '--hostname',
    'box',
  ];
  for (const dir of SYSTEM_DIRS) {
    if (!existsSync(dir)) continue;
    const stat = lstatSync(dir);
    if (stat.isSymbolicLink()) {
      // Debian's merged /usr: /lib → usr/lib. Recreate the link instead of binding the target twice.
      args.push('--symlink', `usr${dir}`, dir);
    } else if (stat.isDirectory()) {
      args.push('--ro-bind', dir, dir);
    }
  }
  for (const entry of readdirSync('/etc')) {
    if (ETC_ALLOWED.test(entry)) args.push('--ro-bind', `/etc/${entry}`, `/etc/${entry}`);
  }
  args.push('--proc', '/proc', ...devArgs());
  return args;
}
