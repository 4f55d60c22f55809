/**
 * What the hostile suite checks on the host around the programs it submits: sentinel files
 * (project dir, a `.env` with a fake secret, /tmp, the sandbox work dir) that no run may read or
 * change, bait sockets no run may reach, processes and cgroups no run may leave behind.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Slot uids a worker may lease (SANDBOX_UID_BASE default 60100 + UID_RANGE 1024, libs/sandbox/uid-leases.ts). */
const SLOT_UID_FIRST = 60100;
const SLOT_UID_LAST = 60100 + 1024 - 1;

/** A random secret that must never appear in anything a run returns. */
export function secret(label: string): string {
  return `${label}-${randomBytes(16).toString('hex')}`;
}

/** A file the suite creates before the programs run and checks after: content, mode and mtime must not change. */
interface Sentinel {
  path: string;
  sha256: string;
  mtimeMs: number;
  mode: number;
}

function snapshot(path: string): Sentinel {
  const st = statSync(path);
  return { path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), mtimeMs: st.mtimeMs, mode: st.mode };
}

/**
 * Sentinel files in places a run must never reach:
 * - `projectDir` (under the project, like its real `.env`): `sentinel.txt` and `.env` with a fake secret;
 * - `tmpDir` (under the host's /tmp): `sentinel.txt`;
 * - `workDirFile` (in SANDBOX_WORK_DIR, beside the other runs' boxes): a fake answer file.
 * Each holds a secret; `secrets` lists them all.
 */
export class HostSentinels {
  readonly projectDir: string;
  readonly projectEnv: string;
  readonly projectFile: string;
  readonly tmpDir: string;
  readonly tmpFile: string;
  readonly workDirFile: string;
  readonly secrets: string[] = [];
  private readonly snapshots: Sentinel[] = [];
  private readonly listings = new Map<string, string[]>();

  constructor(root: string, workDir: string, suffix: string) {
    this.projectDir = join(root, '.verdict', `hostile-${suffix}`);
    this.projectEnv = join(this.projectDir, '.env');
    this.projectFile = join(this.projectDir, 'sentinel.txt');
    this.tmpDir = join('/tmp', `verdict-hostile-${suffix}`);
    this.tmpFile = join(this.tmpDir, 'sentinel.txt');
    this.workDirFile = join(workDir, `hostile-sentinel-${suffix}`, 'answer.txt');
  }

  create(): void {
    const write = (path: string, text: string) => {
      mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
      writeFileSync(path, text, { mode: 0o644 });
      this.snapshots.push(snapshot(path));
    };
    const envSecret = secret('VERDICT_FAKE_SECRET');
    write(
      this.projectEnv,
      `# fake secrets for the hostile suite\nVERDICT_FAKE_SECRET=${envSecret}\nMONGO_URI=mongodb://admin:${envSecret}@db/verdict\n`,
    );
    const projectSecret = secret('HOSTILE_SENTINEL_PROJECT');
    write(this.projectFile, `${projectSecret}\n`);
    const tmpSecret = secret('HOSTILE_SENTINEL_TMP');
    write(this.tmpFile, `${tmpSecret}\n`);
    const workSecret = secret('HOSTILE_SENTINEL_WORKDIR');
    write(this.workDirFile, `${workSecret}\n`);
    this.secrets.push(envSecret, projectSecret, tmpSecret, workSecret);
    for (const dir of [this.projectDir, this.tmpDir, dirname(this.workDirFile)]) this.listings.set(dir, readdirSync(dir).sort());
  }

  /** Problems found: a sentinel changed (content, mode, mtime) or gone, or a file appeared beside one. */
  problems(): string[] {
    const found: string[] = [];
    for (const before of this.snapshots) {
      if (!existsSync(before.path)) {
        found.push(`${before.path} was deleted`);
        continue;
      }
      const after = snapshot(before.path);
      if (after.sha256 !== before.sha256) found.push(`${before.path} changed content`);
      if (after.mtimeMs !== before.mtimeMs) found.push(`${before.path} changed mtime`);
      if (after.mode !== before.mode) found.push(`${before.path} changed mode`);
    }
    for (const [dir, names] of this.listings) {
      const now = existsSync(dir) ? readdirSync(dir).sort() : [];
      if (now.join('\n') !== names.join('\n')) found.push(`${dir} now holds ${JSON.stringify(now)}, was ${JSON.stringify(names)}`);
    }
    return found;
  }

  remove(): void {
    for (const dir of [this.projectDir, this.tmpDir, dirname(this.workDirFile)]) rmSync(dir, { recursive: true, force: true });
  }
}

/** A host process running as a sandbox slot uid: pid, real uid, the worker whose run cgroup holds it, command line. */
export interface SlotProcess {
  pid: number;
  uid: number;
  /** Pid of the worker named in its run cgroup (`w<pid>-s<slot>-<n>`), or null when it is in no run cgroup. */
  workerPid: number | null;
  cmdline: string;
}

/** Host processes whose real uid is in [first, last]: what sandbox slots run as. */
export function slotProcesses(first = SLOT_UID_FIRST, last = SLOT_UID_LAST): SlotProcess[] {
  const found: SlotProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      if (uid < first || uid > last) continue;
      const cgroup = readFileSync(`/proc/${entry}/cgroup`, 'utf8');
      const worker = /\/w(\d+)-s\d+-\d+$/m.exec(cgroup)?.[1];
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 300);
      found.push({ pid: Number(entry), uid, workerPid: worker ? Number(worker) : null, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/**
 * Processes of the suite's runs still on the host: in a run cgroup of one of `workerPids`, or
 * running as a slot uid outside every run cgroup (a run's process that got out of its cgroup)
 * and not already there before the suite (`baseline`). Runs of other deployments on the same
 * host (other work dirs, other workers) are left out.
 */
export function leftoverProcesses(workerPids: readonly number[], baseline: ReadonlySet<number>): SlotProcess[] {
  return slotProcesses().filter((p) => (p.workerPid === null ? !baseline.has(p.pid) : workerPids.includes(p.workerPid)));
}

/**
 * Run cgroups of worker `workerPid` still present (named `w<pid>-s<slot>-<n>` by libs/sandbox):
 * one left behind means a run's processes could not all be killed. Workers start in this test
 * process's cgroup, so their run cgroups are under `<ours>/verdict` (v2) or `pids/<ours>/verdict` (v1).
 */
export function runCgroupsLeft(workerPid: number): string[] {
  const text = readFileSync('/proc/self/cgroup', 'utf8');
  const parents: string[] = [];
  const v1Pids = /^\d+:(?:[^:]*,)?pids(?:,[^:]*)?:(.*)$/m.exec(text)?.[1];
  if (v1Pids !== undefined && existsSync('/sys/fs/cgroup/pids')) {
    parents.push(join('/sys/fs/cgroup/pids', v1Pids, 'verdict'));
  } else {
    const own = /^0::(.*)$/m.exec(text)?.[1];
    if (own !== undefined) {
      // The worker moved itself to `<own>/supervisor`; run cgroups are siblings under `<own>/verdict`.
      const base = basename(own) === 'supervisor' ? dirname(own) : own;
      parents.push(join('/sys/fs/cgroup', base, 'verdict'));
    }
  }
  const left: string[] = [];
  for (const parent of parents) {
    if (!existsSync(parent)) continue;
    for (const name of readdirSync(parent)) if (name.startsWith(`w${workerPid}-`)) left.push(join(parent, name));
  }
  return left;
}

/**
 * Boxes and stdin files of worker `workerPid` still in the work dir (each run's are deleted after
 * it), and boxes a failed cleanup moved into its `trash/`.
 */
export function boxesLeft(workDir: string, workerPid: number): string[] {
  if (!existsSync(workDir)) return [];
  const trash = join(workDir, 'trash');
  const quarantined = existsSync(trash) ? readdirSync(trash).map((n) => `trash/${n}`) : [];
  return [...readdirSync(workDir).filter((n) => n.startsWith(`box-${workerPid}-`) || n.startsWith(`stdin-${workerPid}-`)), ...quarantined];
}

/** uid lease files in the work dir held by `pid` (`uid-<n>.lock` holding the owner's pid). */
export function uidLeasesOf(workDir: string, pid: number): number[] {
  const uids: number[] = [];
  for (const name of readdirSync(workDir)) {
    const m = /^uid-(\d+)\.lock$/.exec(name);
    if (!m) continue;
    try {
      if (Number(readFileSync(join(workDir, name), 'utf8')) === pid) uids.push(Number(m[1]));
    } catch {
      // released meanwhile
    }
  }
  return uids.sort((a, b) => a - b);
}

/**
 * Listening sockets on the host that no run may reach: a TCP port on every address and an
 * abstract and a path unix socket. Each answers a connection with `secret`; `connections` counts them.
 */
export class BaitSockets {
  connections = 0;
  tcpPort = 0;
  readonly abstractName: string;
  readonly unixPath: string;
  private readonly servers: Server[] = [];

  constructor(
    readonly secretText: string,
    suffix: string,
  ) {
    this.abstractName = `verdict-hostile-${suffix}`;
    this.unixPath = join('/tmp', `verdict-hostile-${suffix}.sock`);
  }

  async listen(): Promise<void> {
    const serve = (listenOn: (s: Server) => void) =>
      new Promise<Server>((resolve, reject) => {
        const server = createServer((socket: Socket) => {
          this.connections++;
          socket.end(`${this.secretText}\n`);
        });
        server.once('error', reject);
        server.once('listening', () => resolve(server));
        listenOn(server);
      });
    const tcp = await serve((s) => s.listen(0, '0.0.0.0'));
    const address = tcp.address();
    this.tcpPort = typeof address === 'object' && address ? address.port : 0;
    this.servers.push(tcp);
    // Linux abstract namespace: a leading NUL byte (scoped to the network namespace).
    this.servers.push(await serve((s) => s.listen(`\0${this.abstractName}`)));
    this.servers.push(await serve((s) => s.listen(this.unixPath)));
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    rmSync(this.unixPath, { force: true });
  }
}

/** A non-loopback IPv4 address of the host (a run must not reach it either), or 127.0.0.1. */
export function hostIpv4(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** The first `nameserver` of the host's resolv.conf, or 8.8.8.8. */
export function hostNameserver(): string {
  try {
    return /^nameserver\s+(\d+\.\d+\.\d+\.\d+)/m.exec(readFileSync('/etc/resolv.conf', 'utf8'))?.[1] ?? '8.8.8.8';
  } catch {
    return '8.8.8.8';
  }
}

/** The host-wide kernel pools a run could once take (issue 9): AIO events and pseudo-terminals, in use and at most. */
export interface KernelPools {
  aioNr: number;
  aioMax: number;
  ptyNr: number;
  ptyMax: number;
}

export function kernelPools(): KernelPools {
  const read = (path: string) => Number(readFileSync(path, 'utf8').trim());
  return {
    aioNr: read('/proc/sys/fs/aio-nr'),
    aioMax: read('/proc/sys/fs/aio-max-nr'),
    ptyNr: read('/proc/sys/kernel/pty/nr'),
    ptyMax: read('/proc/sys/kernel/pty/max'),
  };
}

/**
 * Samples the kernel pools every 20 ms while a category runs and keeps the peaks: a run that
 * takes a pool shows here even though the kernel gives it back when the run ends.
 */
export class KernelPoolWatch {
  readonly before = kernelPools();
  peakAio = this.before.aioNr;
  peakPty = this.before.ptyNr;
  private readonly timer = setInterval(() => {
    const now = kernelPools();
    this.peakAio = Math.max(this.peakAio, now.aioNr);
    this.peakPty = Math.max(this.peakPty, now.ptyNr);
  }, 20);

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Problems with the host's kernel pools after a category: a pool still (or at its peak) more
 * than a small margin above what it was before, or the host itself unable to open a pty or set
 * up an AIO context now. The host probes: /dev/ptmx opened (and closed) by this process, and
 * io_setup + io_destroy by a python3 one-liner (Node has no binding for it).
 */
export function kernelPoolProblems(watch: KernelPoolWatch): string[] {
  const found: string[] = [];
  const { before } = watch;
  const now = kernelPools();
  // The host's own use moves a little (a terminal opened meanwhile); a run taking the pool moves it by thousands.
  const aioMargin = 1024;
  const ptyMargin = 16;
  if (watch.peakAio > before.aioNr + aioMargin) found.push(`fs.aio-nr rose from ${before.aioNr} to ${watch.peakAio} (of ${before.aioMax})`);
  if (now.aioNr > before.aioNr + aioMargin) found.push(`fs.aio-nr is ${now.aioNr}, was ${before.aioNr}`);
  if (watch.peakPty > before.ptyNr + ptyMargin)
    found.push(`kernel.pty.nr rose from ${before.ptyNr} to ${watch.peakPty} (of ${before.ptyMax})`);
  if (now.ptyNr > before.ptyNr + ptyMargin) found.push(`kernel.pty.nr is ${now.ptyNr}, was ${before.ptyNr}`);
  try {
    closeSync(openSync('/dev/ptmx', constants.O_RDWR | constants.O_NOCTTY));
  } catch (err) {
    found.push(`the host cannot open a pty: ${(err as Error).message}`);
  }
  const aio = spawnSync(
    'python3',
    [
      '-c',
      [
        'import ctypes, os, platform',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'setup, destroy = {"aarch64": (0, 1)}.get(platform.machine(), (206, 207))',
        'ctx = ctypes.c_ulong(0)',
        'r = libc.syscall(setup, 128, ctypes.byref(ctx))',
        'print("ok" if r == 0 else os.strerror(ctypes.get_errno()))',
        'if r == 0: libc.syscall(destroy, ctx)',
      ].join('\n'),
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (aio.stdout.trim() !== 'ok') found.push(`the host cannot set up an AIO context: ${aio.stdout.trim()} ${aio.stderr.trim()}`);
  return found;
}
