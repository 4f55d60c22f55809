import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileInto } from './host-compiled-fixture.js';
import { RunStatus, Sandbox, type Box, type RunLimits, type SandboxSlot } from './index.js';

// The real sandbox with SandboxOptions.resident on (docs/resident-sandbox.md): bubblewrap, the
// launcher and verdict-resident from `npm run build`, cgroup v1. Runs as root.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UID_BASE = 61500;

const limits: RunLimits = {
  cpuTimeMs: 2000,
  wallTimeMs: 4000,
  memoryKiB: 128 * 1024,
  stdoutBytes: 1 << 16,
  stderrBytes: 1 << 12,
  processes: 16,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  tmpBytes: 1 << 20,
};

/** The hostile fixture: one mode per attempt on the run before it, the next run or the resident. */
const HOSTILE = `
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>
static struct sockaddr_un abstract_name(socklen_t *len) {
  struct sockaddr_un a; memset(&a, 0, sizeof a); a.sun_family = AF_UNIX;
  memcpy(a.sun_path + 1, "verdict-hostile", 15); *len = (socklen_t)(sizeof a.sun_family + 16); return a;
}
int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  if (!strcmp(m, "ipc-leave")) {
    int shm = shmget(4242, 4096, IPC_CREAT | 0666); if (shm < 0) return 10;
    char *p = shmat(shm, NULL, 0); strcpy(p, "secret"); shmdt(p);
    int q = msgget(4242, IPC_CREAT | 0666); if (q < 0) return 11;
    struct { long t; char s[8]; } msg = {1, "secret"}; if (msgsnd(q, &msg, sizeof msg.s, 0) != 0) return 12;
    return 0;
  }
  if (!strcmp(m, "ipc-find")) {
    printf("shm %d msg %d\\n", shmget(4242, 0, 0) >= 0, msgget(4242, 0) >= 0); return 0;
  }
  if (!strcmp(m, "linger")) {
    if (fork() == 0) { setsid(); if (fork() == 0) {
      socklen_t len; struct sockaddr_un a = abstract_name(&len);
      int s = socket(AF_UNIX, SOCK_STREAM, 0); if (bind(s, (struct sockaddr *)&a, len) || listen(s, 8)) _exit(1);
      for (int i = 0; i < 100; i++) { int f = open("/tmp/alive", O_CREAT | O_WRONLY, 0600); close(f); sleep(1); }
      _exit(0); } _exit(0); }
    usleep(200000); return 0;
  }
  if (!strcmp(m, "find-socket")) {
    socklen_t len; struct sockaddr_un a = abstract_name(&len);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("connect %d\\n", connect(s, (struct sockaddr *)&a, len) == 0); return 0;
  }
  if (!strcmp(m, "fds")) {
    int open_fds = 0; for (int fd = 3; fd < 4096; fd++) if (fcntl(fd, F_GETFD) != -1) open_fds++;
    printf("fds %d\\n", open_fds); return 0;
  }
  if (!strcmp(m, "kill-all")) {
    int reached = 0;
    long traced = ptrace(PTRACE_ATTACH, 1, 0, 0);
    kill(-1, SIGKILL);
    kill(1, SIGKILL); /* the run's own init: the kernel drops it (an init gets no signal it has no handler for) */
    for (int pid = 2; pid < 32768; pid++) if (pid != getpid() && kill(pid, SIGKILL) == 0) reached++;
    printf("ptrace %ld kill-reached %d\\n", traced, reached); return 0;
  }
  if (!strcmp(m, "priority")) {
    int user = setpriority(PRIO_USER, 0, 19); int user_errno = errno;
    long io = syscall(SYS_ioprio_set, 3 /* IOPRIO_WHO_USER */, 0, (3 << 13) | 7 /* idle class */); int io_errno = errno;
    int own = setpriority(PRIO_PROCESS, 0, 5);
    printf("user %d %d io %ld %d own %d\\n", user, user_errno == EPERM, io, io_errno == EPERM, own); return 0;
  }
  if (!strcmp(m, "forks")) {
    int n = 0; for (;;) { pid_t p = fork(); if (p < 0) break; if (p == 0) { pause(); _exit(0); } n++; }
    printf("forks %d\\n", n); return 0;
  }
  return 99;
}
`;

/** Pids of host processes running as `uid`. */
function processesOf(uid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (new RegExp(`^Uid:\\s+${uid}\\s`, 'm').test(readFileSync(`/proc/${entry}/status`, 'utf8'))) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

describe('Sandbox test runs through the resident (real)', () => {
  let sandbox: Sandbox;
  let slot: SandboxSlot;
  let box: Box;
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-resident-spec-'));

  beforeAll(async () => {
    sandbox = await Sandbox.open({
      bwrapPath: '/usr/bin/bwrap',
      launcherPath: join(root, 'dist', 'native', 'verdict-launch'),
      workDir,
      slots: 1,
      uidBase: UID_BASE,
      cgroupParent: 'verdict-resident-spec',
      resident: true,
    });
    slot = await sandbox.acquire();
    box = await slot.createBox();
    compileInto(
      box,
      'sum',
      `#include <stdio.h>\nint main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 3; printf("%ld\\n", a + b); return 0; }`,
    );
    compileInto(box, 'hostile', HOSTILE);
    compileInto(
      box,
      'line',
      `#include <stdio.h>\n#include <string.h>\nint main(void) { static char b[1 << 20]; memset(b, 'x', sizeof b); for (int i = 0; i < 10; i++) fwrite(b, 1, sizeof b, stdout); return 0; }`,
    );
    compileInto(box, 'busy', `int main(void) { for (volatile unsigned long i = 0;; i++) {} }`);
    compileInto(box, 'segv', `#include <signal.h>\nint main(void) { raise(SIGSEGV); return 0; }`);
    compileInto(
      box,
      'eat',
      `#include <stdlib.h>\n#include <string.h>\nint main(int c, char **v) { size_t n = (size_t)atol(v[1]) << 20; char *volatile p = malloc(n); if (!p) return 4; memset(p, 1, n); for (size_t i = 0; i < n; i += 4096) if (p[i] != 1) return 5; return 0; }`,
    );
    compileInto(
      box,
      'spew',
      `#include <stdio.h>\nint main(void) { for (;;) fputs("yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\\n", stdout); }`,
    );
  });

  afterAll(async () => {
    await box?.destroy();
    slot?.release();
    rmSync(workDir, { recursive: true, force: true });
  });

  const run = (argv: string[], stdin = '', over: Partial<RunLimits> = {}) =>
    slot.runTest({ argv, box, boxWritable: false, limits: { ...limits, ...over }, stdin: { data: stdin } });

  it('runs a program with its stdin in one resident, run after run', async () => {
    const before = sandbox.residentStats!;
    for (let i = 0; i < 5; i++) {
      const result = await run(['/box/sum'], `${i} 40\n`);
      expect(result.status).toBe(RunStatus.Exited);
      expect(result.exitCode).toBe(0);
      expect(result.stdout.toString()).toBe(`${i + 40}\n`);
    }
    const after = sandbox.residentStats!;
    expect(after.runs - before.runs).toBe(5);
    expect(after.fallbacks).toBe(before.fallbacks);
    expect(after.started - before.started).toBeLessThanOrEqual(1);
  });

  it('forwards 10 MiB of stdout on one line', async () => {
    const result = await run(['/box/line'], '', { stdoutBytes: 16 << 20 });
    expect([result.status, result.stdout.length]).toEqual([RunStatus.Exited, 10 << 20]);
  });

  it('reports exit codes and signals as the per-run path does', async () => {
    const exited = await run(['/bin/sh', '-c', 'echo oops >&2; exit 7']);
    expect([exited.status, exited.exitCode, exited.stderr.toString()]).toEqual([RunStatus.Exited, 7, 'oops\n']);
    const signaled = await run(['/box/segv']);
    expect([signaled.status, signaled.signal, signaled.exitCode]).toEqual([RunStatus.Signaled, 'SIGSEGV', null]);
  });

  it('ends runs at the CPU, wall, memory and output limits', async () => {
    const cpu = await run(['/box/busy'], '', { cpuTimeMs: 300 });
    expect(cpu.status).toBe(RunStatus.CpuTimeLimit);
    expect(cpu.cpuTimeMs).toBeGreaterThan(300);
    const wall = await run(['/bin/sleep', '10'], '', { wallTimeMs: 300 });
    expect(wall.status).toBe(RunStatus.WallTimeLimit);
    const memory = await run(['/box/eat', '100'], '', { memoryKiB: 64 * 1024 });
    expect(memory.status).toBe(RunStatus.MemoryLimit);
    const fits = await run(['/box/eat', '30'], '', { memoryKiB: 64 * 1024 });
    expect(fits.status).toBe(RunStatus.Exited);
    expect(fits.memoryKiB).toBeGreaterThan(30 * 1024);
    expect(fits.memoryKiB).toBeLessThan(40 * 1024);
    const output = await run(['/box/spew'], '', { stdoutBytes: 1000 });
    expect(output.status).toBe(RunStatus.OutputLimit);
    expect(output.stdout.length).toBe(1000);
    expect(sandbox.residentStats!.fallbacks).toBe(0);
  });

  describe('a run cannot see or reach the run before it, the next one or the resident', () => {
    const sh = (script: string, over: Partial<RunLimits> = {}, env?: Record<string, string>) =>
      slot.runTest({ argv: ['/bin/sh', '-c', script], box, boxWritable: false, limits: { ...limits, ...over }, env });
    const hostile = (mode: string, over: Partial<RunLimits> = {}) => run(['/box/hostile', mode], '', over);

    it('files in /tmp and /dev/shm are gone, /box refuses writes', async () => {
      const left = await sh('echo secret > /tmp/left && echo secret > /dev/shm/shm-left && ls -A /tmp');
      expect(left.stdout.toString()).toContain('left');
      const next = await sh('ls -A /tmp /dev/shm; cat /tmp/left /dev/shm/shm-left; echo > /box/written; echo status $?');
      expect(next.stdout.toString()).not.toContain('secret');
      expect(next.stdout.toString()).not.toContain('left');
      expect(next.stdout.toString()).toMatch(/status [1-9]/);
    });

    it('SysV shared memory and message queues are gone', async () => {
      const leave = await hostile('ipc-leave');
      expect(leave.exitCode).toBe(0);
      expect((await hostile('ipc-find')).stdout.toString()).toBe('shm 0 msg 0\n');
    });

    it('a double-forked setsid background process and its abstract socket die with their run', async () => {
      const uid = slot.uid;
      await hostile('linger');
      // The resident's own four tasks are all the slot's uid runs on the host.
      expect(processesOf(uid)).toHaveLength(4);
      expect((await hostile('find-socket')).stdout.toString()).toBe('connect 0\n');
      const tmp = await sh('ls -A /tmp; ls /proc | grep -c "^[0-9]"');
      expect(tmp.stdout.toString()).not.toContain('alive');
    });

    it("the environment is the request's own", async () => {
      await sh('true', {}, { LEAKED: 'secret' });
      const env = (await sh('env')).stdout.toString();
      expect(env).not.toContain('LEAKED');
      expect(env).toContain('HOME=/tmp');
    });

    it('no descriptor but stdin, stdout and stderr', async () => {
      expect((await hostile('fds')).stdout.toString()).toBe('fds 0\n');
    });

    it('cannot kill or ptrace the resident, and the next run still runs in it', async () => {
      const before = sandbox.residentStats!;
      const attack = await hostile('kill-all');
      expect(attack.stdout.toString()).toBe('ptrace -1 kill-reached 0\n');
      expect((await run(['/box/sum'], '1 2')).stdout.toString()).toBe('3\n');
      const after = sandbox.residentStats!;
      expect([after.started, after.fallbacks]).toEqual([before.started, before.fallbacks]);
    });

    it('cannot lower the priority of the uid (the resident, later runs)', async () => {
      expect((await hostile('priority')).stdout.toString()).toBe('user -1 1 io -1 1 own 0\n');
      const nice = (await sh('cut -d" " -f19 /proc/self/stat')).stdout.toString().trim();
      expect(nice).toBe('0');
    });

    it('a run that takes every task it may leaves the next runs theirs', async () => {
      const first = await hostile('forks', { processes: 8 });
      expect(first.stdout.toString()).toBe('forks 7\n');
      const second = await hostile('forks', { processes: 8 });
      expect(second.stdout.toString()).toBe('forks 7\n');
      expect(sandbox.residentStats!.fallbacks).toBe(0);
    });

    it("memory peak and CPU time are the run's own", async () => {
      await run(['/box/eat', '40']);
      await run(['/box/busy'], '', { cpuTimeMs: 200 });
      const small = await run(['/box/sum'], '1 1');
      expect(small.memoryKiB).toBeLessThan(4 * 1024);
      expect(small.cpuTimeMs).toBeLessThan(50);
    });
  });

  it('a resident that dies mid-run: the test is run on the per-run path and a new resident serves the next', async () => {
    const before = sandbox.residentStats!;
    const running = run(['/bin/sh', '-c', 'sleep 0.3; echo done']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The host kills the resident's launcher (as the OOM killer or an operator could).
    const launcher = processesOf(slot.uid).sort((a, b) => a - b)[0]!;
    process.kill(launcher, 'SIGKILL');
    const result = await running;
    expect([result.status, result.stdout.toString()]).toEqual([RunStatus.Exited, 'done\n']);
    expect((await run(['/box/sum'], '2 2')).stdout.toString()).toBe('4\n');
    const after = sandbox.residentStats!;
    expect(after.fallbacks - before.fallbacks).toBe(1);
    expect(after.started - before.started).toBe(1);
  });
});
