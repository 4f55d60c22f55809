/**
 * Resource exhaustion: processes, threads, memory of every kind, CPU in many threads, sleeping,
 * output floods, filling the box, /tmp and /dev/shm, descriptors, huge argv. Each must end in the
 * limit that stops it (never AC), and never take the host or the worker with it.
 */
import type { HostileProgram } from '../support/hostile-program.js';

export const RESOURCE_PROGRAMS: HostileProgram[] = [
  {
    // On cgroup v1 the kernel does not charge TCP buffers to the memory cgroup: without the seccomp
    // rule against IP sockets, this parked gigabytes in loopback connections under a 64 MiB limit.
    name: 'c: park data in loopback TCP socket buffers (uncharged on cgroup v1)',
    language: 'c',
    expect: ['AC'],
    answer: 'OK\n',
    source: String.raw`
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
static char buf[1 << 16];
int main(void) {
  long total = 0;
  int l = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(20000), .sin_addr.s_addr = htonl(0x7f000001)};
  if (l >= 0 && bind(l, (void *)&a, sizeof a) == 0 && listen(l, 64) == 0) {
    for (int i = 0; i < 64; i++) {
      int c = socket(AF_INET, SOCK_STREAM, 0);
      if (c < 0 || connect(c, (void *)&a, sizeof a) != 0) break;
      int t = accept(l, NULL, NULL);
      if (t < 0) break;
      fcntl(c, F_SETFL, O_NONBLOCK);
      ssize_t n;
      while ((n = write(c, buf, sizeof buf)) > 0) total += n;
    }
  }
  if (total > (16L << 20)) printf("ESCAPED: %ld MiB parked in socket buffers\n", total >> 20);
  else printf("OK\n");
  return 0;
}
`,
  },
  {
    name: 'c: fork bomb',
    language: 'c',
    // Whichever limit the bomb reaches first decides: the task limit (fork fails; it spins: TLE, or
    // dies: RE) or the memory limit (every process's kernel stack and page tables are charged): MLE.
    expect: ['TLE', 'RE', 'MLE'],
    source: String.raw`
#include <unistd.h>
int main(void) { for (;;) fork(); }
`,
  },
  {
    name: 'python: fork bomb',
    language: 'python3',
    expect: ['TLE', 'RE', 'MLE'],
    source: String.raw`
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
`,
  },
  {
    name: 'c: thread bomb (pthread_create until it fails, every thread spinning)',
    language: 'c',
    expect: ['TLE', 'RE'],
    source: String.raw`
#include <pthread.h>
static void *spin(void *arg) { volatile unsigned long x = 0; for (;;) x++; return arg; }
int main(void) {
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setstacksize(&a, 65536);
  for (;;) { pthread_t t; pthread_create(&t, &a, spin, 0); }
}
`,
  },
  {
    name: 'java: thread bomb',
    language: 'java17',
    expect: ['RE', 'MLE', 'TLE'],
    source: String.raw`
public class Main {
  public static void main(String[] args) {
    while (true) {
      Thread t = new Thread(() -> { try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { } });
      t.setDaemon(true);
      t.start();
    }
  }
}
`,
  },
  {
    name: 'go: OS thread bomb (goroutines locked to blocked threads)',
    language: 'go',
    expect: ['RE', 'TLE', 'MLE'],
    source: String.raw`
package main

import (
	"runtime"
	"syscall"
)

func main() {
	for {
		go func() {
			runtime.LockOSThread()
			syscall.Syscall(syscall.SYS_PAUSE, 0, 0, 0)
		}()
	}
}
`,
  },
  {
    name: 'c: malloc and touch 1 GiB',
    language: 'c',
    expect: ['MLE'],
    source: String.raw`
#include <stdlib.h>
#include <string.h>
int main(void) {
  for (int i = 0; i < 1024; i++) { char *p = malloc(1 << 20); if (!p) return 3; memset(p, i, 1 << 20); }
  return 0;
}
`,
  },
  {
    name: 'c: mmap MAP_POPULATE 4 GiB, then mlock',
    language: 'c',
    expect: ['MLE', 'RE'],
    source: String.raw`
#include <stdio.h>
#include <sys/mman.h>
int main(void) {
  char *p = mmap(0, 4UL << 30, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (p == MAP_FAILED) return 4;
  for (unsigned long i = 0; i < (4UL << 30); i += 4096) p[i] = 1;
  if (mlock(p, 1UL << 30) == 0) puts("locked");
  return 0;
}
`,
  },
  {
    name: 'c: deep recursion (stack as large as the memory limit)',
    language: 'c',
    expect: ['RE', 'MLE'],
    source: String.raw`
#include <stdio.h>
static long depth(long n) { volatile char pad[4096]; pad[0] = (char)n; return n == -1 ? 0 : depth(n + 1) + pad[0]; }
int main(void) { printf("%ld\n", depth(0)); return 0; }
`,
  },
  {
    name: 'c: 2 GiB static array (bss) touched',
    language: 'c',
    expect: ['MLE'],
    source: String.raw`
static char big[2UL << 30];
int main(void) { for (unsigned long i = 0; i < sizeof big; i += 4096) big[i] = 1; return big[4096] - 1; }
`,
  },
  {
    name: 'cpp: vector push_back forever',
    language: 'cpp17',
    expect: ['MLE'],
    source: String.raw`
#include <vector>
#include <cstdio>
int main() { std::vector<long> v; for (long i = 0;; i++) v.push_back(i); std::printf("%zu\n", v.size()); }
`,
  },
  {
    name: 'python: list of strings forever',
    language: 'python3',
    expect: ['MLE'],
    source: String.raw`
a = []
while True:
    a.append("x" * 1000000)
`,
  },
  {
    name: 'javascript: arrays forever (V8 heap)',
    language: 'javascript',
    expect: ['MLE'],
    source: String.raw`
const keep = [];
for (;;) keep.push(new Array(1 << 20).fill(1.5));
`,
  },
  {
    name: 'javascript: Buffers outside the V8 heap forever',
    language: 'javascript',
    expect: ['MLE', 'RE'],
    source: String.raw`
const keep = [];
for (;;) keep.push(Buffer.alloc(16 << 20, 1));
`,
  },
  {
    name: 'java: arrays forever',
    language: 'java17',
    expect: ['MLE'],
    source: String.raw`
import java.util.*;
public class Main {
  public static void main(String[] args) {
    List<long[]> keep = new ArrayList<>();
    while (true) keep.add(new long[1 << 20]);
  }
}
`,
  },
  {
    name: 'go: slices forever',
    language: 'go',
    expect: ['MLE'],
    source: String.raw`
package main

func main() {
	var keep [][]byte
	for {
		b := make([]byte, 1<<20)
		for i := range b {
			b[i] = 1
		}
		keep = append(keep, b)
	}
}
`,
  },
  {
    name: 'c: CPU burn in 8 threads (CPU time counts every thread)',
    language: 'c',
    expect: ['TLE'],
    check: ({ view, limits }) => {
      const t = view.tests[0];
      // Ended by the CPU limit (unless the machine was so busy the wall limit came first).
      if (t.cpuTimeMs < limits.cpuTimeMs && t.wallTimeMs < limits.wallTimeMs) {
        throw new Error(`CPU time ${t.cpuTimeMs} ms is below the limit: not all threads were counted`);
      }
    },
    source: String.raw`
#include <pthread.h>
static void *spin(void *arg) { volatile unsigned long x = 0; for (;;) x++; return arg; }
int main(void) { pthread_t t[8]; for (int i = 0; i < 8; i++) pthread_create(&t[i], 0, spin, 0); pthread_join(t[0], 0); return 0; }
`,
  },
  {
    name: 'java: CPU burn in 8 threads',
    language: 'java17',
    expect: ['TLE'],
    source: String.raw`
public class Main {
  static volatile long sink;
  public static void main(String[] args) throws Exception {
    Thread[] t = new Thread[8];
    for (int i = 0; i < 8; i++) { t[i] = new Thread(() -> { long x = 0; while (true) { x++; if (x == -1) sink = x; } }); t[i].start(); }
    t[0].join();
  }
}
`,
  },
  {
    name: 'c: sleep forever (wall-clock limit)',
    language: 'c',
    expect: ['TLE'],
    check: ({ view, limits }) => {
      const t = view.tests[0];
      if (t.wallTimeMs < limits.wallTimeMs) throw new Error(`ended after ${t.wallTimeMs} ms, before the wall limit`);
      if (t.wallTimeMs > limits.wallTimeMs + 2000) throw new Error(`killed ${t.wallTimeMs - limits.wallTimeMs} ms after the wall limit`);
    },
    source: String.raw`
#include <unistd.h>
int main(void) { for (;;) pause(); }
`,
  },
  {
    name: 'python: blocks on a pipe nobody writes',
    language: 'python3',
    expect: ['TLE'],
    source: String.raw`
import os
r, w = os.pipe()
os.read(r, 1)
`,
  },
  {
    name: 'c: parent busy-waits on a spinning child',
    language: 'c',
    expect: ['TLE'],
    source: String.raw`
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
  pid_t c = fork();
  if (c == 0) { volatile unsigned long x = 0; for (;;) x++; }
  int status;
  while (waitpid(c, &status, WNOHANG) == 0) { }
  return 0;
}
`,
  },
  {
    name: 'c: stdout flood',
    language: 'c',
    expect: ['OLE'],
    source: String.raw`
#include <stdio.h>
#include <string.h>
int main(void) { static char b[65536]; memset(b, 'y', sizeof b); for (;;) fwrite(b, 1, sizeof b, stdout); }
`,
  },
  {
    name: 'c: stderr flood (kept bounded, never stops the judge)',
    language: 'c',
    expect: ['TLE'],
    check: ({ view, previewBytes }) => {
      const t = view.tests[0];
      if (Buffer.byteLength(t.stderr) > previewBytes) throw new Error(`stderr preview has ${Buffer.byteLength(t.stderr)} bytes`);
    },
    source: String.raw`
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) { static char b[65536]; memset(b, 'e', sizeof b); for (;;) if (write(2, b, sizeof b) < 0) return 1; }
`,
  },
  {
    name: 'python: stdout flood in one 32 MiB write',
    language: 'python3',
    expect: ['OLE'],
    source: String.raw`
import os
os.write(1, b"z" * (32 << 20))
`,
  },
  {
    name: 'c: fills the box (read-only while running)',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
  int fd = open("/box/fill", O_WRONLY | O_CREAT, 0644);
  if (fd >= 0) { static char b[1 << 20]; long total = 0; while (write(fd, b, sizeof b) > 0) total += sizeof b; printf("ESCAPED: wrote %ld bytes to the box\n", total); return 0; }
  fprintf(stderr, "/box: %s\n", strerror(errno));
  puts("OK");
  return 0;
}
`,
  },
  {
    name: 'python: a validator leaves a chain deeper than PATH_MAX, 0000 directories and links to / in its feedback box',
    language: 'python3',
    problem: 'deep-feedback',
    expect: ['AC'],
    source: String.raw`
print("deep")
`,
  },
  {
    name: 'c: against the deep-feedback validator (its box removed descriptor-relatively, links never followed)',
    language: 'c',
    problem: 'deep-feedback',
    expect: ['AC'],
    source: String.raw`
#include <stdio.h>
int main(void) { puts("deep"); return 0; }
`,
  },
  {
    name: 'c: mkdirat chain 5000 deep in /tmp and the box, 0000 directories, links to /',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
static int chain(const char *top) {
  int fd = open(top, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return -1;
  symlinkat("/", fd, "root-link");
  int n = 0;
  for (; n < 5000; n++) {
    if (mkdirat(fd, "d", 0700)) break;
    int next = openat(fd, "d", O_RDONLY | O_DIRECTORY);
    if (next < 0) break;
    if (n % 1000 == 0) { mkdirat(fd, "z", 0); symlinkat("/", fd, "up"); }
    if (n == 2500) fchmod(fd, 0);
    close(fd);
    fd = next;
  }
  fchmod(fd, 0);
  close(fd);
  return n;
}
int main(void) {
  int t = chain("/tmp");
  int b = chain("/box"); /* read-only while running: 0 levels */
  fprintf(stderr, "%d levels in /tmp\n", t); /* as deep as /tmp's bounds allow */
  if (b > 0) { printf("ESCAPED: %d levels in the box\n", b); return 0; }
  puts("OK");
  return 0;
}
`,
  },
  {
    name: 'python: os.chdir loop 5000 deep in /tmp with 0000 directories and a link to /',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import os
os.chdir("/tmp")
os.symlink("/", "root-link")
n = 0
try:
    for n in range(5000):
        os.mkdir("d")
        os.chdir("d")
        if n % 1000 == 0:
            os.mkdir("z", 0)
except OSError:
    pass
os.chmod(".", 0)
print("OK")
`,
  },
  {
    name: 'c: fills /tmp (a size-limited private tmpfs)',
    language: 'c',
    expect: ['AC', 'MLE'],
    check: ({ view }) => {
      const out = view.tests[0]?.stdout ?? '';
      const m = /filled (\d+)/.exec(out);
      if (view.verdict === 'AC' && (!m || Number(m[1]) > 64 << 20)) throw new Error(`unexpected /tmp fill: ${out}`);
    },
    source: String.raw`
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  static char b[1 << 16];
  long total = 0;
  for (int i = 0; i < 100000; i++) {
    char p[64];
    snprintf(p, sizeof p, "/tmp/fill-%d", i);
    int fd = open(p, O_WRONLY | O_CREAT, 0644);
    if (fd < 0) break;
    ssize_t n = 0, w;
    while (n < (1 << 20) && (w = write(fd, b, sizeof b)) > 0) n += w;
    close(fd);
    total += n;
    if (n < (1 << 20)) break;
  }
  printf("filled %ld\n", total);
  return 0;
}
`,
  },
  {
    name: 'c: fills /dev/shm (a link to the run\'s bounded /tmp: writing stops at RUN_TMP_KIB)',
    language: 'c',
    expect: ['RE'],
    check: ({ view }) => {
      const out = view.tests[0]?.stdout ?? '';
      const m = /stopped at (\d+) MiB/.exec(out);
      if (!m || Number(m[1]) > 16) throw new Error(`/dev/shm took more than the run's /tmp (16 MiB in the suite): ${out}`);
    },
    source: String.raw`
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  static char b[1 << 20];
  for (int i = 0; i < 4096; i++) {
    char p[64];
    snprintf(p, sizeof p, "/dev/shm/fill-%d", i);
    int fd = open(p, O_WRONLY | O_CREAT, 0644);
    if (fd < 0 || write(fd, b, sizeof b) != sizeof b) { printf("stopped at %d MiB\n", i); return 1; }
    close(fd);
  }
  return 0;
}
`,
  },
  {
    name: 'c: kernel memory in pipe buffers (120 pipes of 1 MiB)',
    language: 'c',
    expect: ['MLE'],
    source: String.raw`
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
  static char buf[65536];
  memset(buf, 'p', sizeof buf);
  long total = 0;
  for (int i = 0; i < 120; i++) {
    int p[2];
    if (pipe2(p, O_NONBLOCK) != 0) break;
    fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
    ssize_t w;
    while ((w = write(p[1], buf, sizeof buf)) > 0) total += w;
  }
  printf("%ld MiB held in pipes\n", total >> 20);
  return 0;
}
`,
  },
  {
    name: 'c: kernel memory in queued socket datagrams',
    language: 'c',
    expect: ['MLE', 'AC'],
    check: ({ view }) => {
      if (view.verdict === 'AC' && view.tests[0].memoryKiB > 65536) throw new Error('socket buffers beyond the memory limit');
    },
    source: String.raw`
#include <stdio.h>
#include <sys/socket.h>
int main(void) {
  long total = 0;
  for (int i = 0; i < 120; i++) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv) != 0) break;
    int big = 1 << 30;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    while (send(sv[0], "s", 1, 0) > 0) total++;
  }
  printf("%ld datagrams queued\n", total);
  return 0;
}
`,
  },
  {
    name: 'c: opens files until EMFILE, then memfds and sockets',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
int main(void) {
  int n = 0;
  while (open("/dev/null", O_RDONLY) >= 0) n++;
  while (memfd_create("x", 0) >= 0) n++;
  int sv[2];
  while (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) n += 2;
  fprintf(stderr, "%d descriptors\n", n);
  puts(n < 4096 ? "OK" : "ESCAPED: no descriptor limit");
  return 0;
}
`,
  },
  {
    name: 'python: opens files until it cannot',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import os, sys
fds = []
try:
    while True:
        fds.append(os.open("/dev/null", os.O_RDONLY))
except OSError as e:
    print(len(fds), e, file=sys.stderr)
print("OK" if len(fds) < 4096 else "ESCAPED: no descriptor limit")
`,
  },
  {
    name: 'c: huge argv and environment for execve',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC', 'MLE'],
    source: String.raw`
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc > 1) return 0;
  /* 8192 arguments of 128 KiB: 1 GiB, far above what the kernel takes (E2BIG). */
  static char *args[8194];
  char *arg = malloc(131072);
  memset(arg, 'a', 131071);
  arg[131071] = 0;
  args[0] = argv[0];
  for (int i = 1; i < 8193; i++) args[i] = arg;
  args[8193] = 0;
  execve("/box/main", args, args + 1);
  fprintf(stderr, "execve: %s\n", strerror(errno));
  puts("OK");
  return 0;
}
`,
  },
];
