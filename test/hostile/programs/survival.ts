/**
 * Survival: processes that try to outlive their run (double-fork daemons, setsid, SIGTERM
 * ignored, stopped, started just before the limit, detached children in every runtime), that
 * kill everything they can see, or that try to make the judge misreport them (faking the
 * sandbox's own failure messages). The suite's host checks then find none of them left.
 */
import type { HostileProgram } from '../support/hostile-program.js';

export const SURVIVAL_PROGRAMS: HostileProgram[] = [
  {
    name: 'c: double-fork daemon that keeps running after main exits',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  if (fork() == 0) {
    setsid();
    if (fork() == 0) {
      signal(SIGTERM, SIG_IGN);
      signal(SIGHUP, SIG_IGN);
      for (;;) { FILE *f = fopen("/tmp/alive", "w"); if (f) fclose(f); sleep(1); }
    }
    _exit(0);
  }
  puts("OK");
  return 0;
}
`,
  },
  {
    name: 'c: setsid children that ignore SIGTERM, SIGHUP and SIGINT, and spin',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  for (int i = 0; i < 8; i++) {
    if (fork() == 0) {
      setsid();
      signal(SIGTERM, SIG_IGN); signal(SIGHUP, SIG_IGN); signal(SIGINT, SIG_IGN); signal(SIGPIPE, SIG_IGN);
      volatile unsigned long x = 0;
      for (;;) x++;
    }
  }
  puts("OK");
  return 0;
}
`,
  },
  {
    name: 'c: ignores SIGTERM and sleeps (wall limit, SIGKILL)',
    language: 'c',
    expect: ['TLE'],
    source: String.raw`
#include <signal.h>
#include <unistd.h>
int main(void) { for (int s = 1; s < 65; s++) signal(s, SIG_IGN); for (;;) sleep(1); }
`,
  },
  {
    name: 'c: stops itself with SIGSTOP',
    language: 'c',
    expect: ['TLE'],
    source: String.raw`
#include <signal.h>
int main(void) { raise(SIGSTOP); return 0; }
`,
  },
  {
    name: 'c: forks 30 spinning children just before the CPU limit',
    language: 'c',
    expect: ['TLE'],
    source: String.raw`
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
int main(void) {
  struct timespec t;
  do clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); while (t.tv_sec * 1000 + t.tv_nsec / 1000000 < 900);
  for (int i = 0; i < 30; i++) if (fork() == 0) { volatile unsigned long x = 0; for (;;) x++; }
  while (wait(0) > 0) { }
  return 0;
}
`,
  },
  {
    name: 'c: a child runs kill -9 -1 (everything it can signal, its parent included)',
    language: 'c',
    expect: ['RE'],
    check: ({ view }) => {
      if (view.tests[0]?.signal !== 'SIGKILL') throw new Error(`signal ${view.tests[0]?.signal}, expected SIGKILL`);
    },
    source: String.raw`
#include <signal.h>
#include <unistd.h>
int main(void) {
  if (fork() == 0) { kill(-1, SIGKILL); _exit(0); }
  for (;;) pause();
}
`,
  },
  {
    name: 'c: signals every pid it can name (the worker, Redis, MongoDB live elsewhere)',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  int reached = 0;
  pid_t self = getpid();
  for (pid_t p = 1; p < 65536; p++) {
    if (p == self) continue;
    if (kill(p, 0) == 0) { reached++; kill(p, SIGKILL); kill(p, SIGTERM); kill(p, SIGSTOP); }
  }
  kill(-1, SIGTERM);
  fprintf(stderr, "signalled %d pids\n", reached);
  /* Only bubblewrap's init (pid 1, immune to signals from inside its namespace) is reachable. */
  puts(reached <= 1 ? "OK" : "ESCAPED: signalled more than the sandbox's init");
  return 0;
}
`,
  },
  {
    name: 'python: daemonizes (fork, setsid, fork) and keeps writing',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import os, signal, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            with open("/tmp/alive", "w") as f:
                f.write(str(time.time()))
            time.sleep(0.1)
    os._exit(0)
print("OK")
`,
  },
  {
    name: 'javascript: detached child process, unref, exit',
    language: 'javascript',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
const { spawn } = require("child_process");
const c = spawn("/bin/sh", ["-c", "trap '' TERM HUP; while :; do sleep 1; done"], { detached: true, stdio: "ignore" });
c.unref();
console.log("OK");
`,
  },
  {
    name: 'java: ProcessBuilder child left running',
    language: 'java17',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
public class Main {
  public static void main(String[] args) throws Exception {
    new ProcessBuilder("/bin/sh", "-c", "trap '' TERM HUP; while :; do sleep 1; done").start();
    System.out.println("OK");
    System.exit(0);
  }
}
`,
  },
  {
    name: 'go: os/exec child started and never waited for',
    language: 'go',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
package main

import (
	"fmt"
	"os/exec"
	"syscall"
)

func main() {
	c := exec.Command("/bin/sh", "-c", "trap '' TERM HUP; while :; do sleep 1; done")
	c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := c.Start(); err != nil {
		fmt.Println("start:", err)
	}
	fmt.Println("OK")
}
`,
  },
  {
    name: "c: fakes the launcher's failure message and exit code 125 (must stay RE, not IE)",
    language: 'c',
    expect: ['RE'],
    check: ({ view }) => {
      if (view.tests[0]?.exitCode !== 125) throw new Error(`exit code ${view.tests[0]?.exitCode}, expected 125`);
    },
    source: String.raw`
#include <stdio.h>
int main(void) { fputs("verdict-launch: setresuid: Operation not permitted\n", stderr); return 125; }
`,
  },
  {
    name: "c: drains and writes bubblewrap init's pipes through /proc/1/fd, then exits 3 (must stay RE, not IE)",
    language: 'c',
    expect: ['RE'],
    check: ({ view }) => {
      if (view.tests[0]?.exitCode !== 3) throw new Error(`exit code ${view.tests[0]?.exitCode}, expected 3`);
    },
    source: String.raw`
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  /* bubblewrap's init (pid 1 here, same uid) briefly holds the pipe whose byte tells bubblewrap
     the program was executed: race to steal it, and to add one. */
  int opened = 0;
  for (int round = 0; round < 2000; round++) {
    for (int fd = 3; fd < 16; fd++) {
      char p[32], b[8];
      snprintf(p, sizeof p, "/proc/1/fd/%d", fd);
      int f = open(p, O_RDWR | O_NONBLOCK);
      if (f < 0) f = open(p, O_RDONLY | O_NONBLOCK);
      if (f < 0) continue;
      opened++;
      if (read(f, b, sizeof b) < 0) { }
      if (write(f, "xx", 2) < 0) { }
      close(f);
    }
  }
  fprintf(stderr, "opened %d descriptors of pid 1\n", opened);
  return 3;
}
`,
  },
  {
    // bubblewrap reports death by signal N as exit status 128 + N, as shells do, so this reads as
    // SIGXCPU; it must not pass for the CPU time limit.
    // bubblewrap reports death by SIGXCPU as status 152, and SIGXCPU (RLIMIT_CPU) is Time Limit
    // Exceeded however the CPU limit ended the run (issue 8): a program exiting 152 is rejected as
    // TLE instead of RE, never accepted (SECURITY.md, known limits).
    name: 'c: exits with status 152 (reads as SIGXCPU, so TLE)',
    language: 'c',
    expect: ['TLE'],
    source: 'int main(void) { return 152; }\n',
  },
  {
    name: "c: fakes bubblewrap's set-up failure message and exit code 1 (must stay RE, not IE)",
    language: 'c',
    expect: ['RE'],
    source: String.raw`
#include <stdio.h>
int main(void) { fputs("bwrap: Can't mount proc on /newroot/proc: Operation not permitted\n", stderr); return 1; }
`,
  },
];
