import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCgroupDriver } from './cgroups/detect-cgroups.js';
import { launcherTreeRemover } from './remove-tree.js';
import { compileInto } from './host-compiled-fixture.js';
import { RunStatus, Sandbox, type RunLimits } from './index.js';

// Cleanup that cannot fail a job or a start (issue 9, item 2): boxes holding chains deeper than
// PATH_MAX, 0000 directories and links to / are removed by the launcher's --remove-tree
// (descriptor-relative), and a worker starts on a work directory left in the worst state.
// The real sandbox: bubblewrap, the launcher from `npm run build` (or build-launcher.mjs), cgroups. Runs as root.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const launcherPath = join(root, 'dist', 'native', 'verdict-launch');
const UID_BASE = 63900;
const CGROUP_PARENT = 'verdict-cleanup-spec';
const DEPTH = 5000; // 5000 × "d/" = 10 000 bytes, past PATH_MAX (4096)

const limits: RunLimits = {
  cpuTimeMs: 10_000,
  wallTimeMs: 20_000,
  memoryKiB: 256 * 1024,
  stdoutBytes: 1 << 16,
  stderrBytes: 1 << 16,
  processes: 16,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  tmpBytes: 1 << 20,
};

/** A host directory with a file, which links in boxes point at: it must survive every cleanup. */
function makeSentinel(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-cleanup-sentinel-'));
  const file = join(dir, 'keep');
  writeFileSync(file, 'keep');
  return { dir, file };
}

function expectIntact(sentinel: { dir: string; file: string }): void {
  expect(readFileSync(sentinel.file, 'utf8')).toBe('keep');
  expect(existsSync('/etc/passwd')).toBe(true);
  expect(readdirSync('/').length).toBeGreaterThan(5);
}

/** C run: a mkdirat/openat chain DEPTH deep with files and 0000 directories in it, links to / and the sentinel. */
const deepC = (sentinelDir: string) => `
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  if (symlink("/", "/box/root-link") || symlink("${sentinelDir}", "/box/sentinel-link")) return 2;
  if (mkdir("/box/locked", 0700) || mkdir("/box/locked/inner", 0700) || chmod("/box/locked", 0)) return 3;
  int fd = open("/box", O_RDONLY | O_DIRECTORY);
  for (int i = 0; i < ${DEPTH}; i++) {
    if (mkdirat(fd, "d", 0700)) return 4;
    int next = openat(fd, "d", O_RDONLY | O_DIRECTORY);
    if (next < 0) return 5;
    if (i % 500 == 0) {
      int f = openat(fd, "f", O_CREAT | O_WRONLY, 0600);
      if (f >= 0) close(f);
      symlinkat("/", fd, "up");
      mkdirat(fd, "z", 0);
    }
    if (i == ${DEPTH / 2}) fchmod(fd, 0); /* a 0000 directory in the middle of the chain */
    close(fd);
    fd = next;
  }
  fchmod(fd, 0);
  puts("deep");
  return 0;
}
`;

/** Python run: the same chain by os.chdir loops. */
const deepPython = (sentinelDir: string) => `
import os
os.symlink("/", "/box/py-root-link")
os.symlink(${JSON.stringify(sentinelDir)}, "/box/py-sentinel-link")
os.chdir("/box")
os.mkdir("p")
os.chdir("p")
for i in range(${DEPTH}):
    os.mkdir("d")
    os.chdir("d")
    if i % 1000 == 0:
        open("f", "w").close()
        os.mkdir("z", 0)
os.chmod(".", 0)
print("deep")
`;

/** Host-side leftovers like a dead worker's: the same chain, built by a trusted python3 on the host. */
function buildLeftoverTree(dir: string, sentinelDir: string): void {
  execFileSync('python3', [
    '-c',
    `import os, sys
os.mkdir(sys.argv[1], 0o700)
os.chdir(sys.argv[1])
os.symlink("/", "root-link")
os.symlink(sys.argv[2], "sentinel-link")
os.mkdir("locked"); os.mkdir("locked/inner"); os.chmod("locked/inner", 0); os.chmod("locked", 0)
for i in range(${DEPTH}):
    os.mkdir("d"); os.chdir("d")
os.chmod(".", 0)
os.chmod(sys.argv[1], 0)
`,
    dir,
    sentinelDir,
  ]);
}

/** A pid no process has (one that just exited). */
function deadPid(): number {
  const pid = spawnSync('true').pid;
  expect(existsSync(`/proc/${pid}`)).toBe(false);
  return pid;
}

describe('box cleanup (real sandbox, root)', () => {
  let sandbox: Sandbox;
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-cleanup-spec-'));
  const sentinel = makeSentinel();

  beforeAll(async () => {
    sandbox = await Sandbox.open({
      bwrapPath: '/usr/bin/bwrap',
      launcherPath,
      workDir,
      slots: 1,
      uidBase: UID_BASE,
      cgroupParent: CGROUP_PARENT,
    });
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true, maxRetries: 2 });
    rmSync(sentinel.dir, { recursive: true, force: true });
  });

  it('removes a box a C run filled with a chain deeper than PATH_MAX, 0000 directories and links to /', { timeout: 60_000 }, async () => {
    const slot = await sandbox.acquire();
    const box = await slot.createBox();
    try {
      compileInto(box, 'deep', deepC(sentinel.dir));
      const r = await slot.run({ argv: ['/box/deep'], box, boxWritable: true, limits });
      expect([r.status, r.exitCode, r.stdout.toString()]).toEqual([RunStatus.Exited, 0, 'deep\n']);
      await box.destroy();
      expect(existsSync(box.hostPath)).toBe(false);
      expect(readdirSync(workDir).filter((e) => e.startsWith('box-') || e === 'trash')).toEqual([]);
      expectIntact(sentinel);
    } finally {
      slot.release();
    }
  });

  it('removes a box a Python run filled the same way with os.chdir loops', { timeout: 60_000 }, async () => {
    const slot = await sandbox.acquire();
    const box = await slot.createBox();
    try {
      await box.writeFile('deep.py', deepPython(sentinel.dir));
      const r = await slot.run({ argv: ['/usr/bin/python3', '/box/deep.py'], box, boxWritable: true, limits });
      expect([r.status, r.exitCode, r.stdout.toString()]).toEqual([RunStatus.Exited, 0, 'deep\n']);
      await box.destroy();
      expect(existsSync(box.hostPath)).toBe(false);
      expect(readdirSync(workDir).filter((e) => e.startsWith('box-') || e === 'trash')).toEqual([]);
      expectIntact(sentinel);
    } finally {
      slot.release();
    }
  });

  it('--remove-tree removes a link itself, never its target, and a missing path is no error', async () => {
    const remove = launcherTreeRemover(launcherPath);
    const dir = mkdtempSync(join(tmpdir(), 'verdict-cleanup-link-'));
    execFileSync('ln', ['-s', sentinel.dir, join(dir, 'link')]);
    await remove(join(dir, 'link'));
    await remove(join(dir, 'missing'));
    expect(readdirSync(dir)).toEqual([]);
    expectIntact(sentinel);
    rmSync(dir, { recursive: true });
  });
});

describe('a worker starting on a work directory a dead worker left in the worst state', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-cleanup-start-'));
  const sentinel = makeSentinel();
  let mounted = '';
  afterAll(() => {
    if (mounted) spawnSync('/usr/bin/umount', ['-l', mounted]);
    // Should the test fail half way, a box it mounted is still mounted: unmount and remove each.
    for (const entry of readdirSync(workDir)) spawnSync(launcherPath, ['--remove-tree', join(workDir, entry)]);
    rmSync(workDir, { recursive: true, force: true, maxRetries: 2 });
    rmSync(sentinel.dir, { recursive: true, force: true });
  });

  it(
    'starts, removes deep trees, 0000 directories, stdin files, seccomp filters, stale cgroups and leases, and moves aside what it cannot remove',
    { timeout: 120_000 },
    async () => {
      const dead = deadPid();
      buildLeftoverTree(join(workDir, `box-${dead}-0-1`), sentinel.dir);
      buildLeftoverTree(join(workDir, `box-${dead}-1-2`), sentinel.dir);
      writeFileSync(join(workDir, `stdin-${dead}-0-3`), 'input', { mode: 0 });
      writeFileSync(join(workDir, `seccomp-${dead}-read-only-box.bpf`), Buffer.alloc(8), { mode: 0o600 });
      mkdirSync(join(workDir, 'trash'), { mode: 0 });
      buildLeftoverTree(join(workDir, 'trash', `box-${dead}-0-4-1`), sentinel.dir);
      writeFileSync(join(workDir, `uid-${UID_BASE + 100}.lock`), String(dead));
      // A box nothing can remove: a filesystem mounted inside it (the removal never crosses into it).
      const stuck = join(workDir, `box-${dead}-0-5`);
      mkdirSync(join(stuck, 'mnt'), { recursive: true });
      execFileSync('/usr/bin/mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', join(stuck, 'mnt')]);
      mounted = join(stuck, 'mnt');
      writeFileSync(join(mounted, 'on-tmpfs'), 'x');
      // A dead worker's box as boxes are now, a tmpfs of its own, still mounted, its inodes all used
      // by a chain of 0000 directories and a link to the sentinel: the start unmounts and removes it.
      const tmpfsBox = join(workDir, `box-${dead}-0-6`);
      mkdirSync(tmpfsBox);
      execFileSync(launcherPath, ['--mount-box', tmpfsBox, String(1 << 20), '64', String(UID_BASE + 100)]);
      symlinkSync(sentinel.dir, join(tmpfsBox, 'to-sentinel'), 'dir');
      let level = tmpfsBox;
      try {
        for (;;) {
          level = join(level, 'd');
          mkdirSync(level);
        }
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      chmodSync(join(tmpfsBox, 'd'), 0);
      // Stale run cgroups of the dead worker, one with a child cgroup inside.
      const detected = detectCgroupDriver(CGROUP_PARENT);
      if (!('driver' in detected)) throw new Error(detected.problem);
      const stale = detected.driver.create(`w${dead}-s0-1`, { memoryBytes: 64 << 20, maxProcesses: 8 });
      const staleDirs = stale.procsFiles.map((f) => dirname(f));
      for (const d of staleDirs) mkdirSync(join(d, 'nested'));

      const sandbox = await Sandbox.open({
        bwrapPath: '/usr/bin/bwrap',
        launcherPath,
        workDir,
        slots: 1,
        uidBase: UID_BASE + 100,
        cgroupParent: CGROUP_PARENT,
      });
      expect(sandbox.slots).toBe(1);

      const left = readdirSync(workDir).filter((e) => /^(box|stdin|seccomp)-/.test(e));
      // Only this worker's own filters (seccomp-filters.ts) are there.
      expect(left.sort()).toEqual([`seccomp-${process.pid}-read-only-box.bpf`, `seccomp-${process.pid}-writable-box.bpf`]);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(tmpfsBox);
      for (const d of staleDirs) expect(existsSync(d)).toBe(false);
      const trash = readdirSync(join(workDir, 'trash'));
      expect(trash).toHaveLength(1);
      expect(trash[0]).toMatch(new RegExp(`^box-${dead}-0-5-`));
      expect(readdirSync(join(workDir, 'trash', trash[0], 'mnt'))).toEqual(['on-tmpfs']);
      mounted = join(workDir, 'trash', trash[0], 'mnt');
      expectIntact(sentinel);
      // The stale lease was taken over: this worker now holds it.
      expect(readFileSync(join(workDir, `uid-${UID_BASE + 100}.lock`), 'utf8').trim()).toBe(String(process.pid));
    },
  );
});
