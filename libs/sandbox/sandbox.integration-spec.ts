import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileInto } from './host-compiled-fixture.js';
import { RunStatus, Sandbox, type Box, type RunLimits, type SandboxSlot } from './index.js';

// The real sandbox: bubblewrap, the launcher from `npm run build`, cgroups. Runs as root.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UID_BASE = 61300;

const limits: RunLimits = {
  cpuTimeMs: 3000,
  wallTimeMs: 6000,
  memoryKiB: 256 * 1024,
  stdoutBytes: 1 << 20,
  stderrBytes: 1 << 16,
  processes: 16,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  tmpBytes: 1 << 20,
};

/** Pids of host processes running as `uid`. */
function processesOf(uid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (new RegExp(`^Uid:\\s+${uid}\\s`, 'm').test(status)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

describe('Sandbox (bubblewrap + cgroups, real)', () => {
  let sandbox: Sandbox;
  let slot: SandboxSlot;
  let box: Box;
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-sandbox-spec-'));

  beforeAll(async () => {
    sandbox = await Sandbox.open({
      bwrapPath: '/usr/bin/bwrap',
      launcherPath: join(root, 'dist', 'native', 'verdict-launch'),
      workDir,
      slots: 1,
      uidBase: UID_BASE,
      cgroupParent: 'verdict-spec',
    });
    slot = await sandbox.acquire();
    box = await slot.createBox();
    compileInto(
      box,
      'busy',
      `
      #include <time.h>
      int main(void) { struct timespec t;
        do clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); while (t.tv_sec < 1); return 0; }`,
    );
    compileInto(
      box,
      'touch100',
      `
      #include <stdlib.h>
      #include <string.h>
      int main(void) { size_t n = 100u << 20; char *volatile p = malloc(n); memset(p, 1, n);
        for (size_t i = 0; i < n; i += 4096) if (p[i] != 1) return 1; return 0; }`,
    );
    compileInto(
      box,
      'orphan',
      `
      #include <unistd.h>
      int main(void) { if (fork() == 0) { setsid(); if (fork() == 0) { sleep(100); } return 0; } return 0; }`,
    );
  });

  afterAll(async () => {
    await box?.destroy();
    slot?.release();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('measures the CPU time of a 1 s busy loop within 10%', async () => {
    const r = await slot.run({ argv: ['/box/busy'], box, boxWritable: false, limits });
    expect(r.status).toBe(RunStatus.Exited);
    expect(r.cpuTimeMs).toBeGreaterThan(900);
    expect(r.cpuTimeMs).toBeLessThan(1100);
  });

  it('measures the peak memory of a program touching 100 MiB within 5%', async () => {
    const r = await slot.run({ argv: ['/box/touch100'], box, boxWritable: false, limits });
    expect(r.status).toBe(RunStatus.Exited);
    expect(r.exitCode).toBe(0);
    const expectedKiB = 100 * 1024;
    expect(Math.abs(r.memoryKiB - expectedKiB) / expectedKiB).toBeLessThan(0.05);
  });

  it('leaves no process behind when the program forks a sleeping daemon', async () => {
    const r = await slot.run({ argv: ['/box/orphan'], box, boxWritable: false, limits });
    expect(r.status).toBe(RunStatus.Exited);
    expect(processesOf(slot.uid)).toEqual([]);
  });

  it('ends a busy loop at the CPU time limit and a sleeper at the wall time limit', async () => {
    const cpu = await slot.run({
      argv: ['/bin/sh', '-c', 'while :; do :; done'],
      box,
      boxWritable: false,
      limits: { ...limits, cpuTimeMs: 300 },
    });
    expect(cpu.status).toBe(RunStatus.CpuTimeLimit);
    expect(cpu.cpuTimeMs).toBeGreaterThanOrEqual(300);
    expect(cpu.wallTimeMs).toBeLessThan(1500);
    const wall = await slot.run({ argv: ['/bin/sleep', '30'], box, boxWritable: false, limits: { ...limits, wallTimeMs: 300 } });
    expect(wall.status).toBe(RunStatus.WallTimeLimit);
    expect(wall.wallTimeMs).toBeLessThan(1500);
  });

  it('stops a program at the memory limit and at the output limit', async () => {
    const mem = await slot.run({ argv: ['/box/touch100'], box, boxWritable: false, limits: { ...limits, memoryKiB: 32 * 1024 } });
    expect(mem.status).toBe(RunStatus.MemoryLimit);
    const out = await slot.run({ argv: ['/usr/bin/yes'], box, boxWritable: false, limits: { ...limits, stdoutBytes: 4096 } });
    expect(out.status).toBe(RunStatus.OutputLimit);
    expect(out.stdout.length).toBe(4096);
  });

  it('reports the signal that killed a program and feeds it stdin', async () => {
    const seg = await slot.run({ argv: ['/bin/sh', '-c', 'kill -SEGV $$'], box, boxWritable: false, limits });
    expect(seg).toMatchObject({ status: RunStatus.Signaled, signal: 'SIGSEGV', exitCode: null });
    const cat = await slot.run({ argv: ['/bin/cat'], box, boxWritable: false, stdin: { data: 'hello\n' }, limits });
    expect(cat).toMatchObject({ status: RunStatus.Exited, exitCode: 0 });
    expect(cat.stdout.toString()).toBe('hello\n');
  });

  it('mounts a toolchain directory the run uid could not traverse, read-only, and only it', async () => {
    const hidden = mkdtempSync(join(tmpdir(), 'verdict-hidden-')); // mode 0700, root's
    const tool = join(hidden, 'toolchain');
    execFileSync('mkdir', ['-p', tool]);
    execFileSync('sh', ['-c', `echo tool-ok > ${tool}/marker; echo secret > ${hidden}/secret`]);
    try {
      const r = await slot.run({
        argv: ['/bin/sh', '-c', `cat ${tool}/marker; cat ${hidden}/secret; echo x > ${tool}/w`],
        box,
        boxWritable: false,
        limits,
        mounts: [{ hostPath: tool, sandboxPath: tool }],
      });
      expect(r.stdout.toString()).toBe('tool-ok\n');
      expect(r.stderr.toString()).toMatch(/secret: No such file/);
      expect(r.stderr.toString()).toMatch(/Read-only file system/);
    } finally {
      rmSync(hidden, { recursive: true, force: true });
    }
  });

  it("passes @0, @7 and @@ in the program's argv verbatim, with staged mounts and without", async () => {
    const hidden = mkdtempSync(join(tmpdir(), 'verdict-hidden-'));
    try {
      const argv = ['/bin/echo', '@0', '@7', '@@', '@1'];
      const plain = await slot.run({ argv, box, boxWritable: false, limits });
      expect(plain).toMatchObject({ status: RunStatus.Exited, exitCode: 0 });
      expect(plain.stdout.toString()).toBe('@0 @7 @@ @1\n');
      const staged = await slot.run({ argv, box, boxWritable: false, limits, mounts: [{ hostPath: hidden, sandboxPath: '/opt/tool' }] });
      expect(staged).toMatchObject({ status: RunStatus.Exited, exitCode: 0 });
      expect(staged.stdout.toString()).toBe('@0 @7 @@ @1\n');
    } finally {
      rmSync(hidden, { recursive: true, force: true });
    }
  });

  it('gives a run a /dev of a few device nodes and no pty, and no Linux AIO', async () => {
    const r = await slot.run({
      argv: [
        '/bin/sh',
        '-c',
        'ls -A /dev; echo x > /dev/null && head -c 1 /dev/zero | wc -c; [ -e /dev/ptmx ] || echo no-ptmx; ls /dev/pts',
      ],
      box,
      boxWritable: false,
      limits,
    });
    expect(r.stdout.toString()).toBe('fd\nfull\nnull\nrandom\nshm\nstderr\nstdin\nstdout\ntty\nurandom\nzero\n1\nno-ptmx\n');
    expect(r.stderr.toString()).toMatch(/pts.*No such file/);
    compileInto(
      box,
      'aio',
      `
      #include <errno.h>
      #include <stdio.h>
      #include <string.h>
      #include <sys/syscall.h>
      #include <unistd.h>
      int main(void) { unsigned long ctx = 0; long r = syscall(SYS_io_setup, 64, &ctx);
        printf("%ld %s\\n", r, strerror(errno)); return 0; }`,
    );
    const aio = await slot.run({ argv: ['/box/aio'], box, boxWritable: false, limits });
    expect(aio.stdout.toString()).toBe('-1 Function not implemented\n');
  });

  it('isolates: no network, no host files, an empty environment, an unprivileged user', async () => {
    const r = await slot.run({
      argv: ['/bin/sh', '-c', 'cat /etc/shadow; ls /root; env; id -u; cat /proc/net/dev | wc -l; echo x > /box/f; echo done'],
      box,
      boxWritable: false,
      limits,
    });
    const out = r.stdout.toString();
    expect(out).not.toMatch(/root:/);
    expect(out).toMatch(/^PATH=/m);
    expect(out).not.toMatch(/REDIS|MONGO|npm_/);
    expect(out).toMatch(/^1000$/m);
    expect(out).toMatch(/^3$/m); // /proc/net/dev: two header lines and loopback only
    expect(r.stderr.toString()).toMatch(/Read-only file system/);
  });
});
