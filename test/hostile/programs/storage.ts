/**
 * Writable places and the memory of the program itself (issue 9, items 1 and 3). Every place a
 * run can write (its /tmp, /dev/shm, the compile box, a validator's feedback directory) is a
 * tmpfs bounded in bytes and inodes (RUN_TMP_KIB/RUN_TMP_INODES, SANDBOX_BOX_KIB/SANDBOX_BOX_INODES),
 * /dev is read-only, and a test run is charged the bytes of its program's box, so data carried in
 * the executable counts against the memory limit. Before, /tmp had no inode bound, /dev and
 * /dev/shm were writable without any bound, feedback directories and boxes were plain host
 * directories, and a 200 MiB table in the binary ran under a 16 MiB limit. Also here: flock on
 * the shared read-only files every run can open (one run could stall every other one that locks them),
 * and inotify watches on them (a run could see when other runs open them).
 */
import type { HostileProgram } from '../support/hostile-program.js';

/** RUN_TMP_INODES and SANDBOX_BOX_INODES: the default (libs/sandbox DEFAULT_TMP_INODES, DEFAULT_BOX_INODES). */
const INODE_BOUND = 16384;

export const STORAGE_PROGRAMS: HostileProgram[] = [
  {
    name: 'c: 100 000 empty files in /tmp (inodes are bounded, bytes alone are not enough)',
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
  int n = 0, err = 0;
  char p[64];
  for (; n < 100000; n++) {
    snprintf(p, sizeof p, "/tmp/f%d", n);
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) { err = errno; break; }
    close(fd);
  }
  if (n > ${INODE_BOUND} || err != ENOSPC) printf("ESCAPED: %d files in /tmp (then %s)\n", n, strerror(err));
  else printf("OK\n");
  return 0;
}
`,
  },
  {
    name: 'python: directories and files in /dev/shm until refused (it is the bounded /tmp)',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import errno, os
n, err = 0, None
try:
    while n < 100000:
        os.mkdir('/dev/shm/d%d' % n)
        n += 1
except OSError as e:
    err = e.errno
same = os.path.isdir('/tmp/d0')
print('OK' if n <= ${INODE_BOUND} and err == errno.ENOSPC and same else 'ESCAPED: %d entries in /dev/shm (%s), in /tmp: %s' % (n, err and errno.errorcode[err], same))
`,
  },
  {
    name: 'c: writes files, directories, fifos and sockets in /dev itself',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
int main(void) {
  int escaped = 0;
  int fd = open("/dev/fill", O_WRONLY | O_CREAT, 0644);
  if (fd >= 0) { printf("ESCAPED: created /dev/fill\n"); escaped = 1; }
  if (mkdir("/dev/d", 0755) == 0) { printf("ESCAPED: mkdir /dev/d\n"); escaped = 1; }
  if (mkfifo("/dev/fifo", 0644) == 0) { printf("ESCAPED: mkfifo /dev/fifo\n"); escaped = 1; }
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "/dev/sock" };
  if (bind(s, (struct sockaddr *)&a, sizeof a) == 0) { printf("ESCAPED: bound /dev/sock\n"); escaped = 1; }
  if (symlink("/", "/dev/up") == 0) { printf("ESCAPED: symlink in /dev\n"); escaped = 1; }
  if (!escaped) printf("OK\n");
  return 0;
}
`,
  },
  {
    name: 'go: 100 000 files in /tmp from 8 goroutines',
    language: 'go',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
package main

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
)

func main() {
	var made, nospc int64
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 12500; i++ {
				f, err := os.Create(fmt.Sprintf("/tmp/g%d-%d", g, i))
				if err != nil {
					if errors.Is(err, syscall.ENOSPC) {
						atomic.AddInt64(&nospc, 1)
					}
					return
				}
				f.Close()
				atomic.AddInt64(&made, 1)
			}
		}(g)
	}
	wg.Wait()
	if made > ${INODE_BOUND} || nospc == 0 {
		fmt.Printf("ESCAPED: %d files in /tmp\n", made)
	} else {
		fmt.Println("OK")
	}
}
`,
  },
  {
    name: 'python: a validator fills its feedback directory with 100 000 files and 400 MiB (bounded, never the host disk)',
    language: 'python3',
    problem: 'flood-feedback',
    expect: ['AC'],
    source: String.raw`
print("flood")
`,
  },
  {
    name: 'c: against the flood-feedback validator',
    language: 'c',
    problem: 'flood-feedback',
    expect: ['AC'],
    source: String.raw`
#include <stdio.h>
int main(void) { puts("flood"); return 0; }
`,
  },
  {
    name: 'c: reads a 200 MiB table carried in its own executable under a 16 MiB memory limit',
    language: 'c',
    limits: { memoryKiB: 16384 },
    answer: '358400\n',
    expect: ['MLE'],
    check: ({ view }) => {
      const t = view.tests[0];
      if (!t || t.memoryKiB < 200 * 1024) throw new Error(`memory reported ${t?.memoryKiB} KiB: the table was not charged`);
    },
    source: String.raw`
#include <stdio.h>
__asm__(".section .rodata\n.globl table\ntable:\n.fill 209715200,1,7\n.text\n");
extern const unsigned char table[];
int main(void) {
  unsigned long sum = 0;
  for (long i = 0; i < 209715200L; i += 4096) sum += table[i];
  printf("%lu\n", sum);
  return 0;
}
`,
  },
  {
    name: 'cpp17: a 200 MiB constant table initialised in the source, read under a 16 MiB memory limit',
    language: 'cpp17',
    limits: { memoryKiB: 16384 },
    answer: '7\n',
    expect: ['MLE'],
    source: String.raw`
#include <cstdio>
static const unsigned char table[200u << 20] = {7};
int main() {
  unsigned long sum = 0;
  for (unsigned long i = 0; i < sizeof table; i += 4096) sum += table[i];
  std::printf("%lu\n", sum);
}
`,
  },
  {
    name: 'c: an exclusive flock on shared read-only files (a toolchain binary, the C library)',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
int main(void) {
  const char *paths[] = {"/usr/bin/env", "/usr/bin/gcc", "/etc/ld.so.cache", "/box/main"};
  int escaped = 0;
  for (int i = 0; i < 4; i++) {
    int fd = open(paths[i], O_RDONLY);
    if (fd < 0) continue;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) { printf("ESCAPED: flock on %s\n", paths[i]); escaped = 1; }
    else if (errno != ENOLCK) { printf("ESCAPED? flock on %s: %s\n", paths[i], strerror(errno)); escaped = 1; }
  }
  if (!escaped) printf("OK\n");
  return 0;
}
`,
  },
  {
    name: 'python: fcntl.flock on the interpreter and its standard library',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import fcntl, os, sys
got = []
for path in [sys.executable, os.__file__]:
    with open(path, 'rb') as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            got.append(path)
        except OSError:
            pass
print('OK' if not got else 'ESCAPED: flock on ' + ', '.join(got))
`,
  },
  {
    name: 'python: inotify watches on shared files, to see when other runs start the interpreter',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import ctypes, errno, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.inotify_init1(0)
if fd >= 0:
    wd = libc.inotify_add_watch(fd, sys.executable.encode(), 0x20)  # IN_OPEN
    print('ESCAPED: an inotify watch on %s (%d)' % (sys.executable, wd))
else:
    print('OK')
`,
  },
  {
    name: 'c: fcntl lock ranges on a shared file (a channel between runs), a lock on the host /dev/null, dnotify on /usr/bin',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  int escaped = 0;
  int shared = open("/usr/bin/env", O_RDONLY);
  struct flock range = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 1000000, .l_len = 1 };
  if (fcntl(shared, F_OFD_SETLK, &range) == 0) { printf("ESCAPED: an OFD lock range on /usr/bin/env\n"); escaped = 1; }
  if (fcntl(shared, F_SETLK, &range) == 0) { printf("ESCAPED: a POSIX lock range on /usr/bin/env\n"); escaped = 1; }
  struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  if (fcntl(shared, F_OFD_GETLK, &probe) == 0) { printf("ESCAPED: can read other runs' lock ranges\n"); escaped = 1; }
  int null = open("/dev/null", O_WRONLY);
  struct flock whole = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  if (fcntl(null, F_SETLK, &whole) == 0) { printf("ESCAPED: a write lock on the host's /dev/null\n"); escaped = 1; }
  int dir = open("/usr/bin", O_RDONLY | O_DIRECTORY);
  if (fcntl(dir, F_NOTIFY, DN_ACCESS | DN_MULTISHOT) == 0) { printf("ESCAPED: dnotify on /usr/bin\n"); escaped = 1; }
  if (!escaped) printf("OK\n");
  return 0;
}
`,
  },
];

