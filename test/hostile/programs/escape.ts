/**
 * Escape and snooping: reading host secrets (shadow, the project's .env, the worker's
 * environment, sentinel files, other runs' boxes and processes, the answer of the test being
 * judged), writing outside the box, links, FIFOs and device files, ptrace, setuid, mount and
 * namespace calls, kernel calls. Each program tries everything it can and prints `OK` when all
 * failed, or one `ESCAPED: …` line per success; the answer is `OK`, so an escape is also a WA.
 */
import { randomBytes } from 'node:crypto';
import type { CheckContext, HostileProgram } from '../support/hostile-program.js';

/** The answer of the answer-stealing programs' test case: random, never in their source or input. */
const STOLEN_ANSWER = `ANSWER-${randomBytes(16).toString('hex')}`;

/** Host files a snooping program tries to read (inside the sandbox none exists or none is readable). */
const HOST_FILES = [
  '/etc/shadow', '/etc/passwd', '/etc/gshadow', '/etc/sudoers', '/root/.ssh/id_rsa', '/root/.bash_history',
  '/root/.npmrc', '/root/.docker/config.json', '@@ROOT@@/.env', '@@PROJECT_ENV@@', '@@PROJECT_SENTINEL@@',
  '@@TMP_SENTINEL@@', '@@WORK_DIR_SENTINEL@@', '/proc/self/environ', '/proc/1/environ', '/proc/1/cmdline',
  '/proc/1/root@@ROOT@@/.env', '/proc/self/root@@PROJECT_ENV@@', '/proc/self/mountinfo', '/proc/1/mountinfo',
];

const C_SNOOP_LIB = String.raw`
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static int escaped;
static const char *const MARKERS[] = {"VERDICT_", "MONGO_URI", "REDIS_URL", "HOSTILE_SENTINEL", "root:x:", "root:*:", "root:!", 0};
static void escape(const char *what, const char *detail) {
  printf("ESCAPED: %s: %.200s\n", what, detail);
  escaped = 1;
}
static void scan(const char *what, const char *buf, size_t n) {
  for (int i = 0; MARKERS[i]; i++) {
    const char *p = memmem(buf, n, MARKERS[i], strlen(MARKERS[i]));
    if (!p) continue;
    char d[201];
    size_t k = n - (size_t)(p - buf) < 200 ? n - (size_t)(p - buf) : 200;
    memcpy(d, p, k);
    d[k] = 0;
    for (size_t j = 0; j < k; j++) if (!d[j]) d[j] = ' ';
    escape(what, d);
    return;
  }
}
static void try_read(const char *path) {
  static char buf[1 << 20];
  int fd = open(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) { fprintf(stderr, "%s: %s\n", path, strerror(errno)); return; }
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  if (n > 0) scan(path, buf, (size_t)n);
}
`;

/** The answer-stealing programs print what they found; the checker's message names the answer, their output must not. */
const stoleNothing = ({ view }: CheckContext) => {
  const t = view.tests[0];
  if (t.stdout.includes(STOLEN_ANSWER) || t.stderr.includes(STOLEN_ANSWER)) throw new Error('the program found the expected answer');
  if (!t.stdout.includes('ANSWER-none')) throw new Error(`unexpected output: ${t.stdout}`);
};

/**
 * Looks for a token `ANSWER-<32 hex>` in everything it can read: every process's command line,
 * environment and open descriptors, every file reachable from / (but /proc, /usr, /sys). Prints
 * the first found, or `ANSWER-none`.
 */
export const C_ANSWER_SCANNER = String.raw`
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
static char found[64];
static int files;
static void look(const char *buf, size_t n) {
  const char *p = buf, *end = buf + n;
  while (!found[0] && (p = memmem(p, (size_t)(end - p), "ANSWER-", 7))) {
    int hex = 0;
    while (hex < 32 && p + 7 + hex < end && strchr("0123456789abcdef", p[7 + hex]) && p[7 + hex]) hex++;
    if (hex == 32) { memcpy(found, p, 39); found[39] = 0; }
    p += 7;
  }
}
static void read_file(const char *path) {
  static char buf[1 << 20];
  int fd = open(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) return;
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  files++;
  if (n > 0) look(buf, (size_t)n);
}
static void walk(const char *dir, int depth) {
  if (depth > 6 || found[0] || files > 20000) return;
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
  DIR *d = opendir("/proc");
  struct dirent *e;
  char p[300];
  while (d && (e = readdir(d))) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    snprintf(p, sizeof p, "/proc/%s/cmdline", e->d_name); read_file(p);
    snprintf(p, sizeof p, "/proc/%s/environ", e->d_name); read_file(p);
    for (int fd = 0; fd < 64; fd++) { snprintf(p, sizeof p, "/proc/%s/fd/%d", e->d_name, fd); read_file(p); }
  }
  if (d) closedir(d);
  walk("/", 0);
  puts(found[0] ? found : "ANSWER-none");
  return 0;
}
`;

const cList = (paths: string[]) => paths.map((p) => `"${p}"`).join(', ');

export const ESCAPE_PROGRAMS: HostileProgram[] = [
  {
    name: 'c: reads /etc/shadow, the project .env, sentinels, the worker environment, inherited descriptors',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: C_SNOOP_LIB + String.raw`
int main(void) {
  const char *paths[] = {${cList(HOST_FILES)}, 0};
  for (int i = 0; paths[i]; i++) try_read(paths[i]);
  DIR *d = opendir("/proc");
  struct dirent *e;
  char p[300];
  while (d && (e = readdir(d))) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    snprintf(p, sizeof p, "/proc/%s/environ", e->d_name); try_read(p);
    snprintf(p, sizeof p, "/proc/%s/cmdline", e->d_name); try_read(p);
  }
  if (d) closedir(d);
  snprintf(p, sizeof p, "/proc/%d/environ", (int)getppid()); try_read(p);
  extern char **environ;
  for (char **v = environ; *v; v++) {
    scan("environ", *v, strlen(*v));
    if (strncmp(*v, "PATH=", 5) && strncmp(*v, "HOME=", 5) && strncmp(*v, "TMPDIR=", 7) && strncmp(*v, "LANG=", 5) && strncmp(*v, "LC_ALL=", 7) && strncmp(*v, "PWD=", 4))
      escape("unexpected environment variable", *v);
  }
  for (int fd = 3; fd < 1024; fd++) {
    if (fcntl(fd, F_GETFD) < 0) continue;
    char link[64], target[256] = {0};
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    if (readlink(link, target, sizeof target - 1) < 0) strcpy(target, "?");
    escape("inherited descriptor", target);
  }
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'python: reads host secrets, every visible process environment, inherited descriptors',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import os, sys
MARKERS = [b"VERDICT_", b"MONGO_URI", b"REDIS_URL", b"HOSTILE_SENTINEL", b"root:x:", b"root:*:", b"root:!"]
escaped = False
def escape(what, detail):
    global escaped
    print("ESCAPED: %s: %r" % (what, detail[:200]))
    escaped = True
def scan(what, data):
    for m in MARKERS:
        i = data.find(m)
        if i >= 0:
            escape(what, data[i:i + 200])
            return
def try_read(path):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        print(path, e, file=sys.stderr)
        return
    try:
        data = os.read(fd, 1 << 20)
    except OSError as e:
        print(path, e, file=sys.stderr)
        return
    finally:
        os.close(fd)
    scan(path, data)
for p in [${HOST_FILES.map((p) => `"${p}"`).join(', ')}]:
    try_read(p)
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try_read("/proc/%s/environ" % pid)
        try_read("/proc/%s/cmdline" % pid)
try_read("/proc/%d/environ" % os.getppid())
for k, v in os.environ.items():
    scan("environ", (k + "=" + v).encode())
    if k not in ("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "PWD"):
        escape("unexpected environment variable", k)
for fd in range(3, 1024):
    try:
        os.fstat(fd)
    except OSError:
        continue
    escape("inherited descriptor", os.readlink("/proc/self/fd/%d" % fd))
if not escaped:
    print("OK")
`,
  },
  {
    name: 'javascript: reads host secrets, process.env, other processes through /proc',
    language: 'javascript',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
const fs = require("fs");
const MARKERS = ["VERDICT_", "MONGO_URI", "REDIS_URL", "HOSTILE_SENTINEL", "root:x:", "root:*:", "root:!"];
let escaped = false;
function escape(what, detail) { console.log("ESCAPED: " + what + ": " + JSON.stringify(String(detail).slice(0, 200))); escaped = true; }
function scan(what, text) {
  for (const m of MARKERS) { const i = text.indexOf(m); if (i >= 0) { escape(what, text.slice(i, i + 200)); return; } }
}
function tryRead(path) {
  let fd;
  try { fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK); } catch (e) { console.error(path, e.code); return; }
  try { const buf = Buffer.alloc(1 << 20); const n = fs.readSync(fd, buf, 0, buf.length, null); scan(path, buf.subarray(0, n).toString("latin1")); }
  catch (e) { console.error(path, e.code); }
  finally { fs.closeSync(fd); }
}
for (const p of [${HOST_FILES.map((p) => `"${p}"`).join(', ')}]) tryRead(p);
for (const pid of fs.readdirSync("/proc")) if (/^\d+$/.test(pid)) { tryRead("/proc/" + pid + "/environ"); tryRead("/proc/" + pid + "/cmdline"); }
tryRead("/proc/" + process.ppid + "/environ");
for (const [k, v] of Object.entries(process.env)) {
  scan("environ", k + "=" + v);
  if (!["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "PWD", "NODE_OPTIONS"].includes(k)) escape("unexpected environment variable", k);
}
if (!escaped) console.log("OK");
`,
  },
  {
    name: 'java: reads host secrets, System.getenv, other processes through /proc',
    language: 'java17',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import java.io.*;
import java.util.*;
public class Main {
  static final String[] MARKERS = {"VERDICT_", "MONGO_URI", "REDIS_URL", "HOSTILE_SENTINEL", "root:x:", "root:*:", "root:!"};
  static boolean escaped = false;
  static void escape(String what, String detail) {
    System.out.println("ESCAPED: " + what + ": " + detail.substring(0, Math.min(200, detail.length())));
    escaped = true;
  }
  static void scan(String what, String text) {
    for (String m : MARKERS) { int i = text.indexOf(m); if (i >= 0) { escape(what, text.substring(i)); return; } }
  }
  static void tryRead(String path) {
    try (FileInputStream in = new FileInputStream(path)) {
      byte[] buf = in.readNBytes(1 << 20);
      scan(path, new String(buf, "ISO-8859-1"));
    } catch (Exception e) {
      System.err.println(path + ": " + e);
    }
  }
  public static void main(String[] args) {
    String[] paths = {${cList(HOST_FILES)}};
    for (String p : paths) tryRead(p);
    File[] procs = new File("/proc").listFiles();
    if (procs != null) for (File f : procs) if (f.getName().matches("\\d+")) { tryRead(f + "/environ"); tryRead(f + "/cmdline"); }
    Set<String> allowed = Set.of("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "PWD");
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      scan("environ", e.getKey() + "=" + e.getValue());
      if (!allowed.contains(e.getKey())) escape("unexpected environment variable", e.getKey());
    }
    if (!escaped) System.out.println("OK");
  }
}
`,
  },
  {
    name: 'go: reads host secrets, os.Environ, other processes through /proc',
    language: 'go',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"syscall"
)

var markers = []string{"VERDICT_", "MONGO_URI", "REDIS_URL", "HOSTILE_SENTINEL", "root:x:", "root:*:", "root:!"}
var escaped = false

func escape(what, detail string) {
	if len(detail) > 200 {
		detail = detail[:200]
	}
	fmt.Printf("ESCAPED: %s: %q\n", what, detail)
	escaped = true
}

func scan(what string, data []byte) {
	for _, m := range markers {
		if i := bytes.Index(data, []byte(m)); i >= 0 {
			escape(what, string(data[i:]))
			return
		}
	}
}

func tryRead(path string) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, path, err)
		return
	}
	defer syscall.Close(fd)
	buf := make([]byte, 1<<20)
	n, err := syscall.Read(fd, buf)
	if err != nil || n <= 0 {
		return
	}
	scan(path, buf[:n])
}

func main() {
	for _, p := range []string{${cList(HOST_FILES)}} {
		tryRead(p)
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if name := e.Name(); name[0] >= '0' && name[0] <= '9' {
			tryRead("/proc/" + name + "/environ")
			tryRead("/proc/" + name + "/cmdline")
		}
	}
	allowed := map[string]bool{"PATH": true, "HOME": true, "TMPDIR": true, "LANG": true, "LC_ALL": true, "PWD": true}
	for _, kv := range os.Environ() {
		scan("environ", []byte(kv))
		if !allowed[strings.SplitN(kv, "=", 2)[0]] {
			escape("unexpected environment variable", kv)
		}
	}
	if !escaped {
		fmt.Println("OK")
	}
}
`,
  },
  {
    name: "c: other runs' boxes and processes (work dir, /proc/*/root, /proc/*/cwd, host daemons)",
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: C_SNOOP_LIB + String.raw`
int main(void) {
  DIR *w = opendir("@@WORK_DIR@@");
  if (w) {
    struct dirent *e;
    while ((e = readdir(w))) if (!strncmp(e->d_name, "box-", 4) || !strncmp(e->d_name, "hostile-", 8)) escape("work dir listed", e->d_name);
    closedir(w);
  }
  try_read("@@WORK_DIR_SENTINEL@@");
  int visible = 0;
  DIR *d = opendir("/proc");
  struct dirent *e;
  char p[600];
  while (d && (e = readdir(d))) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    visible++;
    snprintf(p, sizeof p, "/proc/%s/cmdline", e->d_name);
    int fd = open(p, O_RDONLY);
    char cmd[4096] = {0};
    if (fd >= 0) { ssize_t n = read(fd, cmd, sizeof cmd - 1); close(fd); for (ssize_t i = 0; i < n; i++) if (!cmd[i]) cmd[i] = ' '; }
    if (strstr(cmd, "node") || strstr(cmd, "redis") || strstr(cmd, "ferretdb") || strstr(cmd, "mongod") || strstr(cmd, "systemd") || strstr(cmd, "vitest"))
      escape("host process visible", cmd);
    snprintf(p, sizeof p, "/proc/%s/root@@WORK_DIR@@", e->d_name);
    DIR *r = opendir(p);
    if (r) { escape("work dir through /proc/pid/root", p); closedir(r); }
    snprintf(p, sizeof p, "/proc/%s/cwd/../../../..@@PROJECT_ENV@@", e->d_name); try_read(p);
    snprintf(p, sizeof p, "/proc/%s/root/../../..@@TMP_SENTINEL@@", e->d_name); try_read(p);
  }
  if (d) closedir(d);
  /* This run's PID namespace holds bubblewrap's init and this program, nothing of the host. */
  if (visible > 3) { char n[32]; snprintf(n, sizeof n, "%d", visible); escape("processes visible in /proc", n); }
  try_read("/box/../../../@@PROJECT_ENV@@");
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'c: steals the expected answer (scans /proc, every reachable file, its descriptors)',
    language: 'c',
    answer: `${STOLEN_ANSWER}\n`,
    expect: ['WA'],
    check: stoleNothing,
    source: C_ANSWER_SCANNER,
  },
  {
    name: 'python: steals the expected answer from /proc, /tmp, /dev/shm, the box',
    language: 'python3',
    answer: `${STOLEN_ANSWER}\n`,
    expect: ['WA'],
    check: stoleNothing,
    source: String.raw`
import os, re
pattern = re.compile(rb"ANSWER-[0-9a-f]{32}")
found = None
def look(path):
    global found
    if found:
        return
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            data = os.read(fd, 1 << 20)
        finally:
            os.close(fd)
    except OSError:
        return
    m = pattern.search(data)
    if m:
        found = m.group(0).decode()
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    for name in ("cmdline", "environ"):
        look("/proc/%s/%s" % (pid, name))
    try:
        for fd in os.listdir("/proc/%s/fd" % pid):
            look("/proc/%s/fd/%s" % (pid, fd))
    except OSError:
        pass
for top in ("/box", "/tmp", "/dev/shm", "/dev", "/etc", "/"):
    for root, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if os.path.join(root, d) not in ("/proc", "/usr", "/sys")]
        for f in files:
            look(os.path.join(root, f))
print(found or "ANSWER-none")
`,
  },
  {
    name: 'c: writes outside the box (project dir, host /tmp sentinel, /box, /etc, /usr, /, /proc/sys)',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
static int escaped;
/* A write that works anywhere but the private /tmp (and /dev/shm) would reach the host. */
static void try_create(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) { fprintf(stderr, "create %s: %s\n", path, strerror(errno)); return; }
  ssize_t n = write(fd, "ESCAPED\n", 8);
  close(fd);
  if (n == 8 && strncmp(path, "/tmp/", 5)) { printf("ESCAPED: wrote %s\n", path); escaped = 1; }
}
static void try_modify(const char *path) {
  int fd = open(path, O_WRONLY | O_APPEND);
  if (fd < 0) { fprintf(stderr, "modify %s: %s\n", path, strerror(errno)); return; }
  if (write(fd, "ESCAPED\n", 8) == 8 && strncmp(path, "/tmp/", 5)) { printf("ESCAPED: modified %s\n", path); escaped = 1; }
  close(fd);
  if (chmod(path, 0777) == 0 && strncmp(path, "/tmp/", 5)) { printf("ESCAPED: chmod %s\n", path); escaped = 1; }
}
int main(void) {
  const char *creates[] = {"@@PROJECT_DIR@@/escaped", "@@ROOT@@/escaped", "@@TMP_SENTINEL_DIR@@/escaped", "@@WORK_DIR@@/escaped",
    "/box/escaped", "/box/main.c", "/etc/escaped", "/usr/escaped", "/usr/bin/escaped", "/escaped", "/lib/escaped", "/proc/escaped", 0};
  const char *modifies[] = {"@@PROJECT_ENV@@", "@@PROJECT_SENTINEL@@", "@@TMP_SENTINEL@@", "@@WORK_DIR_SENTINEL@@", "/box/main",
    "/etc/ld.so.cache", "/usr/bin/env", "/proc/sys/kernel/hostname", "/proc/sys/vm/drop_caches", "/proc/sysrq-trigger",
    "/proc/self/attr/current", "/proc/1/oom_score_adj", 0};
  for (int i = 0; creates[i]; i++) try_create(creates[i]);
  for (int i = 0; modifies[i]; i++) try_modify(modifies[i]);
  if (mkdir("/box/escaped-dir", 0777) == 0) { puts("ESCAPED: mkdir in /box"); escaped = 1; }
  if (rename("/box/main", "/box/moved") == 0) { puts("ESCAPED: renamed in /box"); escaped = 1; }
  if (unlink("/box/main.c") == 0) { puts("ESCAPED: deleted /box/main.c"); escaped = 1; }
  if (truncate("/box/main", 0) == 0) { puts("ESCAPED: truncated /box/main"); escaped = 1; }
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'c: plants symlinks, hard links, FIFOs and device nodes (box, /tmp, /dev)',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
static int escaped;
static void must_fail(int rc, const char *what) {
  if (rc == 0) { printf("ESCAPED: %s\n", what); escaped = 1; }
  else fprintf(stderr, "%s: %s\n", what, strerror(errno));
}
int main(void) {
  /* In the box (the host directory the judge deletes afterwards): read-only while running. */
  must_fail(symlink("/etc/passwd", "/box/output"), "symlink in /box");
  must_fail(symlink("@@PROJECT_ENV@@", "/box/feedback"), "symlink to the project .env in /box");
  must_fail(link("/box/main", "/box/hardlink"), "hard link in /box");
  must_fail(mkfifo("/box/fifo", 0666), "FIFO in /box");
  must_fail(mknod("/box/mem", S_IFCHR | 0666, makedev(1, 1)), "char device in /box");
  /* Device nodes anywhere: never (no CAP_MKNOD in the host's user namespace). */
  must_fail(mknod("/tmp/mem", S_IFCHR | 0666, makedev(1, 1)), "/dev/mem node in /tmp");
  must_fail(mknod("/tmp/vda", S_IFBLK | 0666, makedev(254, 0)), "block device node in /tmp");
  must_fail(mknod("/dev/kmsg2", S_IFCHR | 0666, makedev(1, 11)), "/dev/kmsg node in /dev");
  /* Links out of the private /tmp lead nowhere: the targets are not mounted. */
  if (symlink("@@PROJECT_ENV@@", "/tmp/env") == 0) {
    int fd = open("/tmp/env", O_RDONLY);
    must_fail(fd >= 0 ? 0 : -1, "reading the project .env through a symlink");
    if (fd >= 0) close(fd);
  }
  must_fail(link("/usr/bin/env", "/tmp/env-hardlink"), "hard link to a system file");
  must_fail(link("/etc/ld.so.cache", "/dev/shm/cache"), "hard link across mounts");
  if (mkfifo("/tmp/fifo", 0600) == 0) {
    int fd = open("/tmp/fifo", O_RDONLY | O_NONBLOCK);
    if (fd < 0) must_fail(0, "FIFO unusable");
    else close(fd);
  }
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'c: /dev/mem, /dev/kmem, /dev/port, /dev/kmsg, /proc/kcore, /proc/kmsg, raw disks',
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
  const char *devices[] = {"/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/sda", "/dev/vda", "/dev/nvme0n1",
    "/dev/console", "/dev/tty0", "/dev/tty", "/dev/fuse", "/dev/kvm", "/dev/net/tun", "/dev/core", "/proc/kcore",
    "/proc/kmsg", "/proc/kallsyms", "/sys/kernel/debug", "/sys/firmware/efi/efivars", 0};
  int escaped = 0;
  for (int i = 0; devices[i]; i++) {
    int fd = open(devices[i], O_RDONLY | O_NONBLOCK);
    if (fd < 0) { fprintf(stderr, "%s: %s\n", devices[i], strerror(errno)); continue; }
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    int zeros = 1;
    for (ssize_t k = 0; k < n; k++) if (buf[k] != 0 && buf[k] != '0' && buf[k] != ' ' && buf[k] != '\n') { zeros = 0; break; }
    /* /proc/kallsyms is world-readable with every address zeroed for the unprivileged: not a leak. */
    if (n > 0 && !(strcmp(devices[i], "/proc/kallsyms") == 0 && memcmp(buf, "0000000000000000", 16) == 0) && !zeros) {
      printf("ESCAPED: read %zd bytes from %s\n", n, devices[i]);
      escaped = 1;
    } else {
      fprintf(stderr, "%s: opened, %zd bytes\n", devices[i], n);
    }
  }
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'c: ptrace, process_vm_readv, kcmp, pidfd_getfd on pid 1 and on its own child',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
static int escaped;
static void must_fail(long rc, const char *what) {
  if (rc >= 0) { printf("ESCAPED: %s\n", what); escaped = 1; }
  else fprintf(stderr, "%s: %s\n", what, strerror(errno));
}
int main(void) {
  must_fail(ptrace(PTRACE_ATTACH, 1, 0, 0), "ptrace attach pid 1");
  must_fail(ptrace(PTRACE_SEIZE, 1, 0, 0), "ptrace seize pid 1");
  char buf[64];
  struct iovec local = {buf, sizeof buf}, remote = {(void *)0x400000, sizeof buf};
  must_fail(process_vm_readv(1, &local, 1, &remote, 1, 0), "process_vm_readv pid 1");
  must_fail(syscall(SYS_kcmp, getpid(), 1, 0, 0, 0), "kcmp");
  pid_t child = fork();
  if (child == 0) { pause(); _exit(0); }
  must_fail(ptrace(PTRACE_ATTACH, child, 0, 0), "ptrace attach own child");
  must_fail(process_vm_readv(child, &local, 1, &remote, 1, 0), "process_vm_readv own child");
  long pidfd = syscall(SYS_pidfd_open, child, 0);
  if (pidfd >= 0) must_fail(syscall(SYS_pidfd_getfd, pidfd, 1, 0), "pidfd_getfd");
  kill(child, SIGKILL);
  waitpid(child, 0, 0);
  pid_t traced = fork();
  if (traced == 0) { _exit(ptrace(PTRACE_TRACEME, 0, 0, 0) == 0 ? 42 : 0); }
  int status = 0;
  waitpid(traced, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 42) { puts("ESCAPED: PTRACE_TRACEME"); escaped = 1; }
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'c: setuid(0), capabilities, setuid binaries (su, mount, passwd, newuidmap) under no_new_privs',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
static int escaped;
static void must_fail(int rc, const char *what) {
  if (rc == 0) { printf("ESCAPED: %s\n", what); escaped = 1; }
  else fprintf(stderr, "%s: %s\n", what, strerror(errno));
}
int main(void) {
  must_fail(setuid(0), "setuid(0)");
  must_fail(seteuid(0), "seteuid(0)");
  must_fail(setresuid(0, 0, 0), "setresuid(0)");
  must_fail(setgid(0), "setgid(0)");
  gid_t g = 0;
  must_fail(setgroups(1, &g), "setgroups");
  if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) { puts("ESCAPED: no_new_privs is off"); escaped = 1; }
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "CapEff:", 7) || !strncmp(line, "CapPrm:", 7) || !strncmp(line, "CapBnd:", 7) || !strncmp(line, "CapAmb:", 7))
      if (!strstr(line, "0000000000000000")) { printf("ESCAPED: %s", line); escaped = 1; }
  if (f) fclose(f);
  /* Setuid binaries run with no_new_privs keep the caller's uid: each must fail as an ordinary user. */
  const char *const cmds[][6] = {
    {"/usr/bin/su", "-c", "id -u > /tmp/su-ran", "root", 0},
    {"/usr/bin/mount", "-t", "tmpfs", "none", "/box", 0},
    {"/bin/mount", "--bind", "/tmp", "/box", 0},
    {"/usr/bin/passwd", "-d", "root", 0},
    {"/usr/bin/newuidmap", "1", "0", "0", "1", 0},
    {"/usr/bin/chsh", "-s", "/bin/sh", "root", 0},
  };
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
    if (access(cmds[i][0], X_OK) != 0) continue;
    pid_t p = fork();
    if (p == 0) {
      int null = open("/dev/null", O_RDWR);
      dup2(null, 0); dup2(null, 1); dup2(null, 2);
      execv(cmds[i][0], (char *const *)cmds[i]);
      _exit(127);
    }
    int status = 0;
    waitpid(p, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) { printf("ESCAPED: %s succeeded\n", cmds[i][0]); escaped = 1; }
  }
  if (access("/tmp/su-ran", F_OK) == 0) { puts("ESCAPED: su ran a command"); escaped = 1; }
  if (getuid() == 0 || geteuid() == 0) { puts("ESCAPED: uid 0"); escaped = 1; }
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'c: mount, umount, unshare, setns, chroot, pivot_root, clone(CLONE_NEWUSER), clone3',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
static int escaped;
static void must_fail(long rc, const char *what) {
  if (rc == 0) { printf("ESCAPED: %s\n", what); escaped = 1; }
  else fprintf(stderr, "%s: %s\n", what, strerror(errno));
}
int main(void) {
  must_fail(mount("none", "/tmp", "tmpfs", 0, 0), "mount tmpfs");
  must_fail(mount("/tmp", "/box", 0, MS_BIND, 0), "bind mount");
  must_fail(mount(0, "/box", 0, MS_REMOUNT | MS_BIND, 0), "remount /box read-write");
  must_fail(mount("proc", "/tmp", "proc", 0, 0), "mount proc");
  must_fail(umount2("/proc", MNT_DETACH), "umount /proc");
  must_fail(unshare(CLONE_NEWUSER), "unshare user namespace");
  must_fail(unshare(CLONE_NEWNS), "unshare mount namespace");
  must_fail(unshare(CLONE_NEWNET), "unshare network namespace");
  int ns = open("/proc/1/ns/mnt", O_RDONLY);
  if (ns >= 0) must_fail(setns(ns, 0), "setns into pid 1's mount namespace");
  must_fail(chroot("/tmp"), "chroot");
  must_fail(syscall(SYS_pivot_root, "/tmp", "/tmp"), "pivot_root");
  long child = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
  if (child == 0) _exit(0);
  if (child > 0) { waitpid((pid_t)child, 0, 0); must_fail(0, "clone(CLONE_NEWUSER)"); }
  else fprintf(stderr, "clone(CLONE_NEWUSER): %s\n", strerror(errno));
  struct { unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls; } args = {0};
  args.flags = CLONE_NEWUSER | CLONE_NEWNS;
  args.exit_signal = SIGCHLD;
  long c3 = syscall(SYS_clone3, &args, sizeof args);
  if (c3 == 0) _exit(0);
  if (c3 > 0) { waitpid((pid_t)c3, 0, 0); must_fail(0, "clone3 with new namespaces"); }
  else fprintf(stderr, "clone3: %s\n", strerror(errno));
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    // Two walls stand against a user namespace made inside the run: the seccomp filter (unshare,
    // clone with CLONE_NEWUSER and clone3 refused; another ABI's call killed by its architecture
    // check) and bubblewrap's --disable-userns. Every way in is tried, each in a child whose death
    // (SIGSYS from the filter, SIGSEGV without ia32 emulation) is a refusal: unshare, clone and
    // clone3 natively, through the ia32 entry (int $0x80) and with the x32 bit; a new namespace is
    // told by the child's own /proc/self/ns/user. With the filter but without --disable-userns
    // every way still failed; with neither, the first five made one (issue 12).
    name: 'c: makes a user namespace by every ABI: unshare, clone, clone3, ia32 int $0x80, x32',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#define IN_NEW_USERNS 42
static char outer_ns[128];
static int escaped;
static int in_new_userns(void) {
  char ns[128] = {0};
  if (readlink("/proc/self/ns/user", ns, sizeof ns - 1) < 0) return 0;
  return strcmp(ns, outer_ns) != 0;
}
static long ia32_syscall(long nr, long a) {
  long rc;
  __asm__ volatile("int $0x80" : "=a"(rc) : "a"(nr), "b"(a), "c"(0L), "d"(0L), "S"(0L), "D"(0L) : "memory");
  return rc;
}
/* A new process made by a clone-like call: in the child (rc 0) report whether it is in a new user
 * namespace; in the caller wait for it. Returns the exit code for the attempt's own process. */
static int cloned(long rc) {
  if (rc == 0) _exit(in_new_userns() ? IN_NEW_USERNS : 0);
  if (rc < 0) return 0;
  int st;
  waitpid((pid_t)rc, &st, __WALL);
  return WIFEXITED(st) && WEXITSTATUS(st) == IN_NEW_USERNS ? IN_NEW_USERNS : 0;
}
static int attempt(int how) {
  struct { unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls; } args = {0};
  switch (how) {
  case 0: return syscall(SYS_unshare, CLONE_NEWUSER) == 0 && in_new_userns() ? IN_NEW_USERNS : 0;
  case 1: return cloned(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0));
  case 2:
    args.flags = CLONE_NEWUSER;
    args.exit_signal = SIGCHLD;
    return cloned(syscall(SYS_clone3, &args, sizeof args));
  case 3: return ia32_syscall(310 /* ia32 unshare */, CLONE_NEWUSER) == 0 && in_new_userns() ? IN_NEW_USERNS : 0;
  case 4: return cloned(ia32_syscall(120 /* ia32 clone */, CLONE_NEWUSER | SIGCHLD));
  case 5: return syscall(0x40000000L | 272 /* x32 unshare */, CLONE_NEWUSER) == 0 && in_new_userns() ? IN_NEW_USERNS : 0;
  case 6: return cloned(syscall(0x40000000L | 56 /* x32 clone */, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0));
  }
  return 0;
}
int main(void) {
  static const char *const WAYS[] = {"unshare", "clone", "clone3", "ia32 unshare", "ia32 clone", "x32 unshare", "x32 clone"};
  if (readlink("/proc/self/ns/user", outer_ns, sizeof outer_ns - 1) < 0) { puts("cannot read /proc/self/ns/user"); return 1; }
  for (int how = 0; how < 7; how++) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(attempt(how));
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid) { printf("fork failed\n"); return 1; }
    if (WIFEXITED(st) && WEXITSTATUS(st) == IN_NEW_USERNS) {
      printf("ESCAPED: %s made a user namespace\n", WAYS[how]);
      escaped = 1;
    } else {
      fprintf(stderr, "%s: %s\n", WAYS[how], WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "refused");
    }
  }
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'c: reboot, kernel modules, kexec, swapon, syslog, bpf, perf, keyctl, userfaultfd, io_uring, clock, hostname',
    language: 'c',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
static int escaped;
static void must_fail(long rc, const char *what) {
  if (rc >= 0) { printf("ESCAPED: %s returned %ld\n", what, rc); escaped = 1; }
  else fprintf(stderr, "%s: %s\n", what, strerror(errno));
}
int main(void) {
  char buf[256] = {0};
  must_fail(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, 0), "reboot(CAD_OFF)");
  must_fail(syscall(SYS_init_module, buf, sizeof buf, ""), "init_module");
  must_fail(syscall(SYS_finit_module, 0, "", 0), "finit_module");
  must_fail(syscall(SYS_delete_module, "ext4", 0), "delete_module");
  must_fail(syscall(SYS_kexec_load, 0, 0, 0, 0), "kexec_load");
  must_fail(syscall(SYS_kexec_file_load, 0, 0, 0, "", 0), "kexec_file_load");
  must_fail(syscall(SYS_swapon, "/tmp/swap", 0), "swapon");
  must_fail(syscall(SYS_syslog, 3, buf, (int)sizeof buf), "syslog(READ_ALL)");
  must_fail(syscall(SYS_acct, "/tmp/acct"), "acct");
  must_fail(syscall(SYS_bpf, 0, buf, 48), "bpf");
  must_fail(syscall(SYS_perf_event_open, buf, 0, -1, -1, 0), "perf_event_open");
  must_fail(syscall(SYS_add_key, "user", "verdict", "x", 1, -2), "add_key");
  must_fail(syscall(SYS_keyctl, 0, -2, 0, 0, 0), "keyctl");
  must_fail(syscall(SYS_userfaultfd, 0), "userfaultfd");
  must_fail(syscall(SYS_io_uring_setup, 8, buf), "io_uring_setup");
  must_fail(syscall(SYS_open_by_handle_at, 0, buf, 0), "open_by_handle_at");
  must_fail(syscall(SYS_iopl, 3), "iopl");
  must_fail(syscall(SYS_ioperm, 0x80, 1, 1), "ioperm");
  struct timeval tv;
  gettimeofday(&tv, 0);
  must_fail(settimeofday(&tv, 0), "settimeofday");
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  must_fail(clock_settime(CLOCK_REALTIME, &ts), "clock_settime");
  must_fail(sethostname("escaped", 7), "sethostname");
  must_fail(syscall(SYS_quotactl, 0, "/", 0, 0), "quotactl");
  if (!escaped) puts("OK");
  return 0;
}
`,
  },
  {
    name: 'python: ctypes syscalls (reboot, mount, unshare, ptrace, init_module, setuid)',
    language: 'python3',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
escaped = False
def must_fail(rc, what):
    global escaped
    if rc >= 0:
        print("ESCAPED: %s returned %d" % (what, rc))
        escaped = True
    else:
        print(what, os.strerror(ctypes.get_errno()), file=sys.stderr)
SYS = {"reboot": 169, "mount": 165, "unshare": 272, "ptrace": 101, "init_module": 175, "setuid": 105, "chroot": 161, "bpf": 321}
must_fail(libc.syscall(SYS["reboot"], 0xfee1dead, 672274793, 0, None), "reboot")
must_fail(libc.syscall(SYS["mount"], b"none", b"/tmp", b"tmpfs", 0, None), "mount")
must_fail(libc.syscall(SYS["unshare"], 0x10000000), "unshare(CLONE_NEWUSER)")
must_fail(libc.syscall(SYS["ptrace"], 16, 1, None, None), "ptrace(ATTACH, 1)")
must_fail(libc.syscall(SYS["init_module"], None, 0, b""), "init_module")
must_fail(libc.syscall(SYS["setuid"], 0), "setuid(0)")
must_fail(libc.syscall(SYS["chroot"], b"/tmp"), "chroot")
must_fail(libc.syscall(SYS["bpf"], 0, None, 0), "bpf")
if os.getuid() == 0 or os.geteuid() == 0:
    print("ESCAPED: uid 0")
    escaped = True
if not escaped:
    print("OK")
`,
  },
];
