/**
 * Test data of the problem being judged: submissions against problems imported with random
 * secrets try to read the expected output of the secret test, or the number an interactor hides
 * (the interactor runs beside the submission, in its own sandbox of the same slot, with the test
 * data mounted only for it), or to kill the interactor. None may find it: each must be rejected.
 */
import type { HostileProgram } from '../support/hostile-program.js';
import { C_ANSWER_SCANNER } from './escape.js';

export const TEST_DATA_PROGRAMS: HostileProgram[] = [
  {
    name: 'c: steals the expected output of a problem’s secret test',
    language: 'c',
    problem: 'secret-answer',
    expect: ['WA'],
    check: ({ view }) => {
      const t = view.tests[0];
      // It prints the first ANSWER-<32 hex> it found anywhere (40 bytes with the newline), or ANSWER-none (12).
      // A secret test shows no preview of the output, only its size, which tells the two apart.
      const printedNone = t && (t.stdout === '' ? t.stdoutBytes === 'ANSWER-none\n'.length : /^ANSWER-none\s*$/.test(t.stdout));
      if (!t || !printedNone || /ANSWER-[0-9a-f]{32}/.test(t.stderr)) throw new Error(`it found something: ${t?.stdout} (${t?.stdoutBytes} bytes)`);
    },
    source: C_ANSWER_SCANNER,
  },
  {
    name: 'c: finds the number an interactor hides (its /proc, descriptors, /testdata, every file)',
    language: 'c',
    problem: 'interactive-guess',
    expect: ['WA'],
    source: String.raw`
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
static long found = -1;
static int files;
/* A file holding just a number in 1..1000 is what the interactor's input looks like. */
static void read_file(const char *path) {
  char buf[32];
  int fd = open(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) return;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  files++;
  if (n <= 0 || found > 0) return;
  buf[n] = 0;
  char *end;
  long v = strtol(buf, &end, 10);
  while (*end == '\n' || *end == ' ') end++;
  if (*end == 0 && end != buf && v >= 1 && v <= 1000) found = v;
}
static void walk(const char *dir, int depth) {
  if (depth > 6 || files > 20000) return;
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  char p[4096];
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    snprintf(p, sizeof p, "%s/%s", strcmp(dir, "/") ? dir : "", e->d_name);
    if (!strcmp(p, "/proc") || !strcmp(p, "/usr") || !strcmp(p, "/sys")) continue;
    struct stat st;
    if (lstat(p, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) walk(p, depth + 1);
    else if (S_ISREG(st.st_mode)) read_file(p);
  }
  closedir(d);
}
int main(void) {
  const char *paths[] = {"/testdata/input/data", "/testdata/answer/data", "/validator/data", "/box/../testdata/input/data", 0};
  for (int i = 0; paths[i]; i++) read_file(paths[i]);
  DIR *d = opendir("/proc");
  struct dirent *e;
  char p[300];
  while (d && (e = readdir(d))) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    snprintf(p, sizeof p, "/proc/%s/cmdline", e->d_name); read_file(p);
    snprintf(p, sizeof p, "/proc/%s/environ", e->d_name); read_file(p);
    for (int fd = 3; fd < 64; fd++) { snprintf(p, sizeof p, "/proc/%s/fd/%d", e->d_name, fd); read_file(p); }
  }
  if (d) closedir(d);
  walk("/", 0);
  printf("%ld\n", found > 0 ? found : 0);
  fflush(stdout);
  char reply[64];
  if (fgets(reply, sizeof reply, stdin)) fprintf(stderr, "reply: %s", reply);
  return 0;
}
`,
  },
  {
    name: 'python: reads the interactor’s test data and /proc, then guesses',
    language: 'python3',
    problem: 'interactive-guess',
    expect: ['WA'],
    source: String.raw`
import os, sys
guess = 0
for path in ["/testdata/input/data", "/testdata/answer/data", "/proc/1/cwd/../testdata/input/data"] + ["/proc/%s/cmdline" % p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        with open(path, "rb") as f:
            text = f.read(64).replace(b"\0", b" ").split()
        for token in text:
            if token.isdigit() and 1 <= int(token) <= 1000:
                guess = int(token)
    except OSError as e:
        print(path, e, file=sys.stderr)
print(guess, flush=True)
print("reply:", sys.stdin.readline().strip(), file=sys.stderr)
`,
  },
  {
    name: 'c: kills everything it can see during an interactive run (the interactor is elsewhere)',
    language: 'c',
    problem: 'interactive-guess',
    expect: ['WA'],
    source: String.raw`
#include <signal.h>
#include <unistd.h>
int main(void) {
  for (pid_t p = 1; p < 65536; p++) if (p != getpid()) kill(p, SIGKILL);
  kill(-1, SIGKILL);
  return 0;
}
`,
  },
];
