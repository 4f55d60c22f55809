/**
 * Host-wide kernel pools (issue 9, item 4): kernel objects that come from one pool for the whole
 * host, charged to no cgroup and limited per no run, so that one run taking them all makes every
 * other run, and the host, fail. Linux AIO contexts (`fs.aio-max-nr`) and pseudo-terminals
 * (`kernel.pty.max`, shared by every devpts instance, the sandbox's own included) were reachable;
 * each program tries to take the pool and prints `ESCAPED` when it got any of it. After the
 * category the suite checks from the host that both pools are still available (hostile.e2e-spec.ts).
 *
 * Also here: the launcher's argument substitution (issue 9, item 6): a validator given `@0 @7 @@`
 * as its flags must receive them verbatim (it received a host path for `@0`; `@7` was an Internal Error).
 */
import type { HostileProgram } from '../support/hostile-program.js';

export const KERNEL_POOL_PROGRAMS: HostileProgram[] = [
  {
    name: 'c: io_setup in a loop to take the host’s whole AIO pool (fs.aio-max-nr)',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
  long contexts = 0, events = 0;
  int last = 0;
  unsigned n = 4096;
  for (int i = 0; i < 100000; i++) {
    unsigned long ctx = 0;
    if (syscall(SYS_io_setup, n, &ctx) != 0) {
      last = errno;
      if (errno == EAGAIN && n > 1) { n /= 2; continue; }
      break;
    }
    contexts++;
    events += n;
  }
  if (contexts > 0) printf("ESCAPED: %ld AIO contexts, %ld events of the host's pool (then %s)\n", contexts, events, strerror(last));
  else printf("OK\n");
  fprintf(stderr, "io_setup: %s\n", strerror(last));
  return 0;
}
`,
  },
  {
    name: 'c: AIO by every other entry point (io_submit, io_getevents, io_pgetevents, io_cancel, io_destroy) and in forked children',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <errno.h>
#include <linux/aio_abi.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
static int escaped;
/* EINVAL or EFAULT means the kernel looked at the arguments: the call is reachable. */
static void must_be_closed(long rc, const char *what) {
  if (rc >= 0 || (errno != ENOSYS && errno != EPERM)) { printf("ESCAPED: %s reachable (%s)\n", what, strerror(errno)); escaped = 1; }
}
int main(void) {
  aio_context_t ctx = 0;
  struct io_event ev;
  must_be_closed(syscall(SYS_io_submit, (aio_context_t)0, 0L, (void *)0), "io_submit");
  must_be_closed(syscall(SYS_io_getevents, (aio_context_t)0, 0L, 1L, &ev, (void *)0), "io_getevents");
#ifdef SYS_io_pgetevents
  must_be_closed(syscall(SYS_io_pgetevents, (aio_context_t)0, 0L, 1L, &ev, (void *)0, (void *)0), "io_pgetevents");
#endif
  must_be_closed(syscall(SYS_io_cancel, (aio_context_t)0, (void *)0, &ev), "io_cancel");
  must_be_closed(syscall(SYS_io_destroy, (aio_context_t)0), "io_destroy");
  /* Many processes at once, each taking what it can. */
  int pipefd[2];
  if (pipe(pipefd) != 0) return 1;
  for (int c = 0; c < 8; c++) {
    if (fork() == 0) {
      long got = 0;
      for (int i = 0; i < 1000; i++) {
        aio_context_t x = 0;
        if (syscall(SYS_io_setup, 1024, &x) != 0) break;
        got++;
      }
      if (write(pipefd[1], &got, sizeof got) != sizeof got) _exit(1);
      _exit(0);
    }
  }
  long total = 0;
  for (int c = 0; c < 8; c++) {
    long got = 0;
    if (read(pipefd[0], &got, sizeof got) == sizeof got) total += got;
  }
  while (wait(NULL) > 0) {
  }
  (void)ctx;
  if (total > 0) { printf("ESCAPED: children took %ld AIO contexts\n", total); escaped = 1; }
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'python: io_setup through ctypes until the host’s AIO pool is empty',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import ctypes, os, platform, sys
libc = ctypes.CDLL(None, use_errno=True)
NR = {"x86_64": 206, "aarch64": 0}.get(platform.machine(), 206)
contexts = 0
err = 0
for i in range(100000):
    ctx = ctypes.c_ulong(0)
    if libc.syscall(NR, 4096, ctypes.byref(ctx)) != 0:
        err = ctypes.get_errno()
        break
    contexts += 1
print("io_setup:", os.strerror(err), file=sys.stderr)
print("ESCAPED: %d AIO contexts of the host's pool" % contexts if contexts else "OK")
`,
  },
  {
    name: 'c: opens /dev/ptmx and posix_openpt until the host’s pty pool (kernel.pty.max) is empty',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#define _XOPEN_SOURCE 600
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
/* Opens ptys until it fails, holding every one; returns how many it got. */
static long take(void) {
  long got = 0;
  for (int i = 0; i < 100000; i++) {
    int fd = (i % 2) ? posix_openpt(O_RDWR | O_NOCTTY) : open("/dev/ptmx", O_RDWR | O_NOCTTY);
    if (fd < 0) {
      if (errno == EMFILE) break;
      fprintf(stderr, "pty: %s\n", strerror(errno));
      break;
    }
    got++;
  }
  return got;
}
int main(void) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return 1;
  /* Each process holds as many as its descriptor limit allows, so many processes hold more. */
  for (int c = 0; c < 16; c++) {
    if (fork() == 0) {
      long got = take();
      if (write(pipefd[1], &got, sizeof got) != sizeof got) _exit(1);
      pause();
      _exit(0);
    }
  }
  long total = take();
  for (int c = 0; c < 16; c++) {
    long got = 0;
    if (read(pipefd[0], &got, sizeof got) == sizeof got) total += got;
  }
  if (total > 0) printf("ESCAPED: holding %ld ptys of the host's pool\n", total);
  else printf("OK\n");
  return 0; /* the children die with the run's PID namespace */
}
`,
  },
  {
    name: 'c: makes its own pty: mknod /dev/ptmx, a devpts of its own, /dev/pts/ptmx, /dev/tty',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
static int escaped;
/* A pty master answers TIOCGPTN with its number. */
static void try_open(const char *path) {
  int fd = open(path, O_RDWR | O_NOCTTY);
  unsigned n;
  if (fd >= 0 && ioctl(fd, TIOCGPTN, &n) == 0) { printf("ESCAPED: %s is a pty master (pts %u)\n", path, n); escaped = 1; }
  else fprintf(stderr, "%s: %s\n", path, strerror(errno));
  if (fd >= 0) close(fd);
}
int main(void) {
  try_open("/dev/ptmx");
  try_open("/dev/pts/ptmx");
  if (mknod("/dev/ptmx2", S_IFCHR | 0666, makedev(5, 2)) == 0) try_open("/dev/ptmx2");
  else fprintf(stderr, "mknod /dev/ptmx2: %s\n", strerror(errno));
  if (mknod("/tmp/ptmx", S_IFCHR | 0666, makedev(5, 2)) == 0) try_open("/tmp/ptmx");
  else fprintf(stderr, "mknod /tmp/ptmx: %s\n", strerror(errno));
  mkdir("/tmp/pts", 0755);
  if (mount("devpts", "/tmp/pts", "devpts", 0, "newinstance,ptmxmode=0666") == 0) try_open("/tmp/pts/ptmx");
  else fprintf(stderr, "mount devpts: %s\n", strerror(errno));
  try_open("/dev/tty");
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'python: os.openpty and pty.fork in a loop',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import os, pty, sys
held = []
for i in range(100000):
    try:
        held.append(os.openpty())
    except OSError as e:
        print("openpty:", e, file=sys.stderr)
        break
try:
    pid, fd = pty.fork()
    if pid == 0:
        os._exit(0)
    held.append(fd)
except OSError as e:
    print("pty.fork:", e, file=sys.stderr)
print("ESCAPED: %d ptys of the host's pool" % len(held) if held else "OK")
`,
  },
  {
    name: 'go: opens /dev/ptmx until it fails',
    language: 'go',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
package main

import (
	"fmt"
	"os"
	"syscall"
)

func main() {
	held := 0
	for i := 0; i < 100000; i++ {
		fd, err := syscall.Open("/dev/ptmx", syscall.O_RDWR|syscall.O_NOCTTY, 0)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ptmx:", err)
			break
		}
		_ = fd
		held++
	}
	if held > 0 {
		fmt.Printf("ESCAPED: %d ptys of the host's pool\n", held)
	} else {
		fmt.Println("OK")
	}
}
`,
  },
  {
    name: 'c: a validator given `@0 @7 @@` as its flags receives them verbatim (no host path, no Internal Error)',
    language: 'c',
    problem: 'validator-flags',
    expect: ['AC'],
    check: ({ view }) => {
      const message = view.tests.map((t) => t.checkerMessage ?? '').join('\n');
      if (/\/stage\/|verdict-sandbox|\/tmp\//.test(message)) throw new Error(`the validator saw a host path: ${message}`);
    },
    source: String.raw`
#include <stdio.h>
int main(void) { puts("flags"); return 0; }
`,
  },
  {
    name: 'python: a validator given `@0 @7 @@` as its flags receives them verbatim',
    language: 'python3',
    problem: 'validator-flags',
    expect: ['AC'],
    source: String.raw`
print("flags")
`,
  },
];
