import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileInto } from './host-compiled-fixture.js';
import { RunStatus, Sandbox, type Box, type RunLimits, type SandboxSlot } from './index.js';

// Two runs at the same time on one worker, in two slots, cannot signal, trace, lock against or
// otherwise observe each other (issue 9). The holder sets up everything another run could find
// (processes, a /tmp file, an abstract unix socket, SysV IPC objects, a lock) and waits; the prober,
// started once the holder is ready, looks for every one of them. The real sandbox; runs as root.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UID_BASE = 61500;

const limits: RunLimits = {
  cpuTimeMs: 5000,
  wallTimeMs: 10_000,
  memoryKiB: 64 * 1024,
  stdoutBytes: 1 << 16,
  stderrBytes: 1 << 16,
  processes: 16,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  tmpBytes: 1 << 20,
};

/** The fixtures use OFD locks and dnotify (_GNU_SOURCE) and exit() without including stdlib.h. */
const GCC_FLAGS = ['-D_GNU_SOURCE', '-include', 'stdlib.h'];

const HOLDER = String.raw`
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
static volatile sig_atomic_t got, from_pid, code;
/* Any signal at all, SIGCHLD included (its own child stopped, continued or ended), with its sender. */
static void on_signal(int s, siginfo_t *info, void *unused) {
  (void)unused;
  /* The kernel's own report about the holder's child (stopped, continued, by a loaded host's
   * scheduling) is no signal from another run; one sent by a process (kill, sigqueue) is. */
  if (s == SIGCHLD && info->si_code != SI_USER && info->si_code != SI_QUEUE) return;
  got = s; from_pid = info->si_pid; code = info->si_code;
}
int main(void) {
  struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };
  for (int s = 1; s < 32; s++) if (s != SIGKILL && s != SIGSTOP) sigaction(s, &sa, 0);
  FILE *f = fopen("/tmp/holder-marker", "w"); fprintf(f, "%d\n", getpid()); fclose(f);
  int sock = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = { .sun_family = AF_UNIX };
  memcpy(a.sun_path, "\0verdict-parallel", 17);
  if (bind(sock, (struct sockaddr *)&a, sizeof(sa_family_t) + 17) || listen(sock, 4)) { perror("bind"); return 1; }
  if (shmget(0x5eed, 4096, IPC_CREAT | 0666) < 0 || semget(0x5eed, 1, IPC_CREAT | 0666) < 0 || msgget(0x5eed, IPC_CREAT | 0666) < 0) { perror("ipc"); return 1; }
  /* Locks another run could see: its own file, lock ranges on a shared one, /dev/null (writable by anyone). */
  int lock = open("/tmp/holder-lock", O_CREAT | O_RDWR, 0666);
  struct flock own = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  if (fcntl(lock, F_SETLK, &own) == 0) printf("HOLDER LOCKED its file\n");
  int shared = open("/usr/bin/env", O_RDONLY);
  for (int bit = 0; bit < 8; bit++) {
    struct flock range = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 1000000 + bit, .l_len = 1 };
    if (fcntl(shared, F_OFD_SETLK, &range) == 0) printf("HOLDER LOCKED a range of /usr/bin/env\n");
  }
  int null = open("/dev/null", O_WRONLY);
  struct flock whole = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  if (fcntl(null, F_OFD_SETLK, &whole) == 0) printf("HOLDER LOCKED /dev/null\n");
  int child = fork();
  if (child == 0) { signal(SIGCHLD, SIG_DFL); for (;;) pause(); }
  printf("ready %d\n", getpid()); fflush(stdout);
  for (int i = 0; i < 30 && !got; i++) usleep(100000);
  int status = 0;
  if (waitpid(child, &status, WNOHANG) != 0) printf("CHILD ENDED %d\n", status);
  kill(child, SIGKILL);
  if (got) printf("SIGNALLED %d from pid %d code %d (own child %d)\n", got, from_pid, code, child); else printf("holder OK\n");
  return 0;
}
`;

/** Waits until `count` processes on the host have `comm` as their name (polls /proc every 10 ms). */
async function waitForProcesses(comm: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let found = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) found++;
      } catch {
        // the process ended while we looked
      }
    }
    if (found >= count) return;
    if (Date.now() > deadline) throw new Error(`fewer than ${count} ${comm} processes after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const PROBER = String.raw`
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/ptrace.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>
static int escaped;
#define ESCAPE(...) do { printf("ESCAPED: " __VA_ARGS__); printf("\n"); escaped = 1; } while (0)
int main(void) {
  pid_t self = getpid();
  for (pid_t p = 1; p < 65536; p++) {
    if (p == self || p == 1) continue;
    if (kill(p, 0) == 0 || errno == EPERM) ESCAPE("pid %d exists", p);
  }
  if (kill(-1, SIGTERM) == 0) {
    /* kill(-1) reaching nothing but ourselves' namespace is fine; it must reach no other run */
  }
  for (pid_t p = 1; p < 64; p++) if (p != self && ptrace(PTRACE_ATTACH, p, 0, 0) == 0) ESCAPE("ptrace attached to %d", p);
  DIR *proc = opendir("/proc");
  struct dirent *e;
  while ((e = readdir(proc))) {
    int pid = atoi(e->d_name);
    if (pid > 0 && pid != self && pid != 1) ESCAPE("/proc/%s is visible", e->d_name);
  }
  closedir(proc);
  if (access("/tmp/holder-marker", F_OK) == 0) ESCAPE("the holder's /tmp file is visible");
  int sock = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = { .sun_family = AF_UNIX };
  memcpy(a.sun_path, "\0verdict-parallel", 17);
  if (connect(sock, (struct sockaddr *)&a, sizeof(sa_family_t) + 17) == 0) ESCAPE("connected to the holder's abstract socket");
  if (shmget(0x5eed, 0, 0) >= 0) ESCAPE("found the holder's shared memory");
  if (semget(0x5eed, 0, 0) >= 0) ESCAPE("found the holder's semaphore");
  if (msgget(0x5eed, 0) >= 0) ESCAPE("found the holder's message queue");
  int shared = open("/usr/bin/env", O_RDONLY);
  if (flock(shared, LOCK_EX | LOCK_NB) == 0) ESCAPE("took an exclusive flock on a shared read-only file");
  for (int bit = 0; bit < 8; bit++) {
    struct flock range = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1000000 + bit, .l_len = 1 };
    if (fcntl(shared, F_OFD_GETLK, &range) == 0) { ESCAPE("can query lock ranges of a shared file (a channel between runs)"); break; }
  }
  struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
  if (fcntl(shared, F_GETLK, &fl) == 0) ESCAPE("can query POSIX locks of a shared file");
  int null = open("/dev/null", O_WRONLY);
  struct flock whole = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  if (fcntl(null, F_OFD_SETLK, &whole) == 0) ESCAPE("locked the host's /dev/null");
  int dir = open("/usr/bin", O_RDONLY | O_DIRECTORY);
  if (fcntl(dir, F_NOTIFY, DN_ACCESS | DN_MULTISHOT) == 0) ESCAPE("can watch a shared directory with dnotify");
  if (syscall(SYS_inotify_init1, 0) >= 0) ESCAPE("can watch shared files for other runs' opens (inotify)");
  if (!escaped) printf("OK\n");
  return 0;
}
`;

describe('two runs at once in two slots (real sandbox)', () => {
  let sandbox: Sandbox;
  const slots: SandboxSlot[] = [];
  const boxes: Box[] = [];
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-parallel-spec-'));

  beforeAll(async () => {
    sandbox = await Sandbox.open({
      bwrapPath: '/usr/bin/bwrap',
      launcherPath: join(root, 'dist', 'native', 'verdict-launch'),
      workDir,
      slots: 2,
      uidBase: UID_BASE,
      cgroupParent: 'verdict-parallel-spec',
    });
    for (let i = 0; i < 2; i++) {
      slots.push(await sandbox.acquire());
      boxes.push(await slots[i]!.createBox());
    }
    compileInto(boxes[0]!, 'holder', HOLDER, GCC_FLAGS);
    compileInto(boxes[1]!, 'prober', PROBER, GCC_FLAGS);
  });

  afterAll(async () => {
    for (const box of boxes) await box.destroy();
    for (const slot of slots) slot.release();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('cannot signal, trace, lock against or find anything of the other', { timeout: 30_000 }, async () => {
    expect(slots[0]!.uid).not.toBe(slots[1]!.uid);
    const holder = slots[0]!.run({ argv: ['/box/holder'], box: boxes[0]!, boxWritable: false, limits });
    // The holder forks its child only once it holds everything: two `holder` processes mean it is ready.
    await waitForProcesses('holder', 2, 10_000);
    const prober = await slots[1]!.run({ argv: ['/box/prober'], box: boxes[1]!, boxWritable: false, limits });
    const held = await holder;
    expect(prober.status, prober.stderr.toString()).toBe(RunStatus.Exited);
    expect(prober.stdout.toString()).toBe('OK\n');
    expect(held.status, held.stderr.toString()).toBe(RunStatus.Exited);
    // The holder was still running when the prober ended, and nothing reached it.
    expect(held.stdout.toString()).toMatch(/^ready \d+\nholder OK\n$/);
    expect(held.wallTimeMs).toBeGreaterThan(prober.wallTimeMs);
  });
});
