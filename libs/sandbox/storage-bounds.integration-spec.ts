import { existsSync, mkdtempSync, readFileSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStatus, Sandbox, type Box, type RunLimits, type SandboxSlot } from './index.js';

// Every writable place a run reaches is bounded in bytes and inodes and never the host's disk
// (issue 9, item 1), and a test run is charged the bytes of its read-only box (item 3).
// The real sandbox: bubblewrap, the launcher from `npm run build`, cgroups. Runs as root.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UID_BASE = 61400;
const BOX_BYTES = 32 * 1024 * 1024;
const BOX_INODES = 300;
const TMP_INODES = 400;
const PYTHON = '/usr/bin/python3';

const limits: RunLimits = {
  cpuTimeMs: 5000,
  wallTimeMs: 10_000,
  memoryKiB: 256 * 1024,
  stdoutBytes: 1 << 16,
  stderrBytes: 1 << 16,
  processes: 16,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  tmpBytes: 4 << 20,
};

/**
 * Fills `dir` inside the sandbox: first with empty files until the filesystem refuses one, then
 * with 512 KiB files (under the file size rlimit) until it refuses. Prints `files=N errno=NAME`
 * and `bytes=N errno=NAME`.
 */
const FILL = String.raw`
import errno, os, sys
d = sys.argv[1]
n = 0
err = 'none'
try:
    while n < 1000000:
        open(os.path.join(d, 'f%d' % n), 'w').close()
        n += 1
except OSError as e:
    err = errno.errorcode[e.errno]
print('files=%d errno=%s' % (n, err))
for i in range(n):
    os.unlink(os.path.join(d, 'f%d' % i))
total = 0
err = 'none'
chunk = b'x' * (512 * 1024)
try:
    for i in range(100000):
        with open(os.path.join(d, 'b%d' % i), 'wb') as f:
            f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        total += len(chunk)
except OSError as e:
    err = errno.errorcode[e.errno]
print('bytes=%d errno=%s' % (total, err))
`;

function parse(stdout: Buffer): { files: number; filesErrno: string; bytes: number; bytesErrno: string } {
  const text = stdout.toString();
  const files = /files=(\d+) errno=(\w+)/.exec(text);
  const bytes = /bytes=(\d+) errno=(\w+)/.exec(text);
  if (!files || !bytes) throw new Error(`unexpected output: ${text}`);
  return { files: Number(files[1]), filesErrno: files[2]!, bytes: Number(bytes[1]), bytesErrno: bytes[2]! };
}

describe('storage bounds of a run (real sandbox)', () => {
  let sandbox: Sandbox;
  let slot: SandboxSlot;
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-bounds-spec-'));
  const boxes: Box[] = [];
  const newBox = async () => {
    const box = await slot.createBox();
    boxes.push(box);
    return box;
  };

  beforeAll(async () => {
    sandbox = await Sandbox.open({
      bwrapPath: '/usr/bin/bwrap',
      launcherPath: join(root, 'dist', 'native', 'verdict-launch'),
      workDir,
      slots: 1,
      uidBase: UID_BASE,
      cgroupParent: 'verdict-bounds-spec',
      boxBytes: BOX_BYTES,
      boxInodes: BOX_INODES,
      tmpInodes: TMP_INODES,
      releaseChargesEveryRuns: 1000,
    });
    slot = await sandbox.acquire();
  });

  afterAll(async () => {
    for (const box of boxes) await box.destroy();
    slot?.release();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('gives every box a tmpfs of its own, bounded in bytes and inodes, never the host disk', async () => {
    const box = await newBox();
    const hostBefore = statfsSync(workDir);
    const r = await slot.run({ argv: [PYTHON, '-c', FILL, '/box'], box, boxWritable: true, limits });
    expect(r.status, r.stderr.toString()).toBe(RunStatus.Exited);
    const filled = parse(r.stdout);
    expect(filled.filesErrno).toBe('ENOSPC');
    expect(filled.files).toBeLessThanOrEqual(BOX_INODES);
    expect(filled.files).toBeGreaterThan(BOX_INODES - 10);
    expect(filled.bytesErrno).toBe('ENOSPC');
    expect(filled.bytes).toBeLessThanOrEqual(BOX_BYTES);
    expect(filled.bytes).toBeGreaterThan(BOX_BYTES - (2 << 20));
    // The box is full, the host's filesystem under the work directory did not take it.
    expect(await box.usedBytes()).toBeGreaterThan(BOX_BYTES - (2 << 20));
    const hostAfter = statfsSync(workDir);
    expect((hostBefore.bfree - hostAfter.bfree) * hostAfter.bsize).toBeLessThan(BOX_BYTES / 4);
    const mount = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .find((line) => line.split(' ')[4] === box.hostPath);
    expect(mount).toMatch(/ - tmpfs verdict-box .*nr_inodes=300/);
    await box.destroy();
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(box.hostPath);
  });

  it('bounds /tmp in bytes and inodes, puts /dev/shm in it, and leaves /dev read-only', async () => {
    const box = await newBox();
    const r = await slot.run({ argv: [PYTHON, '-c', FILL, '/tmp'], box, boxWritable: false, limits });
    expect(r.status, r.stderr.toString()).toBe(RunStatus.Exited);
    const filled = parse(r.stdout);
    expect(filled).toMatchObject({ filesErrno: 'ENOSPC', bytesErrno: 'ENOSPC' });
    expect(filled.files).toBeLessThanOrEqual(TMP_INODES);
    expect(filled.files).toBeGreaterThan(TMP_INODES - 10);
    expect(filled.bytes).toBeLessThanOrEqual(limits.tmpBytes);

    const probe = String.raw`
import errno, os
open('/dev/shm/seg', 'w').write('x')
print('shm-in-tmp', os.path.exists('/tmp/seg'))
for path in ['/dev/new', '/dev/shm/../x', '/new', '/box/new', '/proc/new']:
    try:
        open(path, 'w').close()
        print('WROTE', path)
    except OSError as e:
        print(path, errno.errorcode[e.errno])
`;
    const p = await slot.run({ argv: [PYTHON, '-c', probe], box, boxWritable: false, limits });
    const lines = p.stdout.toString().trim().split('\n');
    expect(lines[0]).toBe('shm-in-tmp True');
    expect(lines.filter((l) => l.startsWith('WROTE /dev') || l.startsWith('WROTE /new') || l.startsWith('WROTE /box'))).toEqual([]);
    expect(lines).toContain('/dev/new EROFS');
  });

  it('charges a test run the bytes of its read-only box: a box larger than the memory limit is Memory Limit Exceeded', async () => {
    const box = await newBox();
    await box.writeFile('table', Buffer.alloc(24 << 20, 7));
    const stored = await box.usedBytes();
    expect(stored).toBeGreaterThanOrEqual(24 << 20);

    const small = await slot.run({
      argv: ['/bin/cat', '/box/table'],
      box,
      boxWritable: false,
      limits: { ...limits, memoryKiB: 16 * 1024 },
    });
    expect(small.status).toBe(RunStatus.MemoryLimit);
    expect(small.memoryKiB).toBeGreaterThanOrEqual(24 * 1024);

    const wide = await slot.run({ argv: ['/bin/true'], box, boxWritable: false, limits: { ...limits, memoryKiB: 64 * 1024 } });
    expect(wide.status).toBe(RunStatus.Exited);
    expect(wide.memoryKiB).toBeGreaterThanOrEqual(24 * 1024);
    expect(wide.memoryKiB).toBeLessThan(40 * 1024);

    // What leaves too little of the limit to start the program is Memory Limit Exceeded, not a sandbox failure.
    const tight = await slot.run({ argv: ['/bin/true'], box, boxWritable: false, limits: { ...limits, memoryKiB: 24 * 1024 + 512 } });
    expect(tight.status).toBe(RunStatus.MemoryLimit);

    // A connected run (an interactive problem) that cannot start ends at once, and its peer sees EOF
    // at once instead of waiting out its wall limit.
    const peerBox = await slot.createBox();
    try {
      const both = await slot.runConnected(
        { argv: ['/bin/cat'], box, boxWritable: false, limits: { ...limits, memoryKiB: 16 * 1024 } },
        { argv: ['/bin/cat'], box: peerBox, boxWritable: false, limits: { ...limits, wallTimeMs: 20_000 } },
      );
      expect(both.submission.status).toBe(RunStatus.MemoryLimit);
      expect(both.interactor.status).toBe(RunStatus.Exited);
      expect(both.interactor.wallTimeMs).toBeLessThan(5_000);
      expect(both.interactorExitedFirst).toBe(false);
    } finally {
      await peerBox.destroy();
    }

    // A compilation writes its box itself and is charged what it writes by the kernel, not again.
    const compile = await slot.run({ argv: ['/bin/true'], box, boxWritable: true, limits: { ...limits, memoryKiB: 16 * 1024 } });
    expect(compile.status).toBe(RunStatus.Exited);
    expect(compile.memoryKiB).toBeLessThan(16 * 1024);
  });

  it('refuses flock, fcntl locks and inotify in test runs, where shared read-only files are open to every run, and allows them in compilations', async () => {
    const box = await newBox();
    const lock = String.raw`
import ctypes, errno, fcntl
for path in ['/usr/bin/env', '/tmp/own']:
    f = open(path, 'a+' if path.startswith('/tmp') else 'r')
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        print(path, 'locked')
    except OSError as e:
        print(path, errno.errorcode[e.errno])
    try:
        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        print(path, 'fcntl-locked')
    except OSError as e:
        print(path, errno.errorcode[e.errno])
libc = ctypes.CDLL(None, use_errno=True)
print('inotify', 'ok' if libc.inotify_init1(0) >= 0 else errno.errorcode[ctypes.get_errno()])
`;
    const run = await slot.run({ argv: [PYTHON, '-c', lock], box, boxWritable: false, limits });
    expect(run.stdout.toString()).toBe('/usr/bin/env ENOLCK\n/usr/bin/env ENOLCK\n/tmp/own ENOLCK\n/tmp/own ENOLCK\ninotify ENOSYS\n');
    const compile = await slot.run({ argv: [PYTHON, '-c', lock], box, boxWritable: true, limits });
    expect(compile.stdout.toString()).toBe('/usr/bin/env locked\n/usr/bin/env EBADF\n/tmp/own locked\n/tmp/own fcntl-locked\ninotify ok\n');
  });

  it('reclaims the page cache removed runs were charged for, so they do not stay as dying cgroups', { timeout: 60_000 }, async () => {
    // Each run reads pages of a large shared file no one has cached yet (a different stretch each
    // time): charged to the run, they would keep its removed cgroup alive as a dying one.
    const big = ['/usr/lib/jvm/java-17-openjdk-amd64/lib/modules', '/usr/bin/node', '/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1']
      .filter((f) => existsSync(f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
    const box = await newBox();
    const memoryCgroups = () => Number(/^memory\s+\d+\s+(\d+)/m.exec(readFileSync('/proc/cgroups', 'utf8'))?.[1]);
    await sandbox.releaseDeadCharges();
    const before = memoryCgroups();
    const pages = Math.floor(statSync(big).size / 4096);
    for (let i = 0; i < 30; i++) {
      const skip = Math.floor(Math.random() * (pages - 64));
      await slot.run({
        argv: ['/bin/dd', `if=${big}`, 'of=/dev/null', 'bs=4096', `skip=${skip}`, 'count=64'],
        box,
        boxWritable: false,
        limits,
      });
    }
    const piledUp = memoryCgroups() - before;
    await sandbox.releaseDeadCharges();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // dying cgroups are freed after an RCU grace period
    const left = memoryCgroups() - before;
    expect(piledUp, 'the runs left dying cgroups (else this test proves nothing)').toBeGreaterThan(10);
    expect(left).toBeLessThan(piledUp / 2);
  });
});
