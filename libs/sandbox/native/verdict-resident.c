/*
 * verdict-resident: the fork server of a slot's test runs (docs/resident-sandbox.md, issue 12).
 *
 *   verdict-resident            (started by verdict-launch --resident-seccomp FILTER inside bubblewrap)
 *
 * It is started once per (slot, box) through the launcher and bubblewrap with the options of a test
 * run plus CAP_SYS_ADMIN and CAP_SETPCAP in the sandbox's own user namespace, inside the slot's
 * cgroup, and finds the test-run seccomp filter (BPF) at descriptor 3. It reads the filter, closes
 * descriptor 3, makes itself non-dumpable and writes a ready frame. Then, for every request:
 *
 *   1. it copies the request's stdin bytes into a sealed memfd (charged to the slot cgroup);
 *   2. clone(CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNS): the child is the run's init, pid 1 of a new
 *      PID namespace, with a new IPC namespace (SysV IPC, POSIX message queues) and a private copy
 *      of the mounts; it mounts a fresh tmpfs on /tmp (TMP_BYTES, TMP_INODES, mode 0700, owned by
 *      the run's uid; /dev/shm links to it) and a procfs of its namespace on /proc (its sys,
 *      sysrq-trigger, irq and bus read-only, as bubblewrap leaves them), starts a new session and
 *      forks the program (pid 2);
 *   3. in the program's process: stdin the memfd, stdout and stderr fresh pipes, every other
 *      descriptor closed, signal mask cleared, the request's rlimits, /box as working directory,
 *      every capability dropped (ambient, bounding, effective, permitted, inheritable), the filter
 *      loaded (no_new_privs is the launcher's), then execve with the request's argv and envp only;
 *   4. the init reaps every process of the namespace until the program exits, writes the
 *      program's wait status to the resident and exits: the kernel then kills whatever is left in
 *      the namespace (a double-forked, setsid background process dies with its run), and the
 *      resident's waitpid of the init returns only when all of them are gone;
 *   5. the resident forwards stdout (at most STDOUT_BYTES + 1, the rest read and dropped) and
 *      stderr (at most STDERR_BYTES) as they come, and a kill frame from the worker SIGKILLs the
 *      init (so the whole namespace). A failure before the program's execve (a mount, the seccomp
 *      load, an execve that fails) is reported as a set-up failure with its message; the worker
 *      then runs the test on the per-run path.
 *
 * Framing, over the resident's own stdin and stdout (descriptor passing is not available to Node):
 * a frame is TYPE (1 byte) LENGTH (u32, little-endian) PAYLOAD.
 *   worker → resident: 'S' start (payload below, followed by STDIN_LEN raw stdin bytes), 'K' kill.
 *   resident → worker: 'R' ready, 'O' stdout bytes, 'E' stderr bytes,
 *                      'X' end: u32 flags (1: the status is valid), i32 wait status, set-up message.
 * The start payload is 12 u64 (little-endian): ARGC ENVC TMP_BYTES TMP_INODES STDIN_LEN CPU_SOFT
 * CPU_HARD FSIZE NOFILE STACK STDOUT_BYTES STDERR_BYTES, then ARGC and ENVC NUL-terminated strings.
 * End of stdin (the worker closed it, or died): the run in progress is killed and the resident exits.
 * A malformed frame makes it exit with status 2 (the worker then treats it as dead).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define FILTER_FD 3
#define MAX_HEADER_BYTES (1u << 20)
/* Bytes read from a run's stdout or stderr at once, and the pipe buffers of the program's stdout and
 * the resident's channel: 16 times fewer wake-ups per MiB than the default 64 KiB, which matters on
 * a loaded host where each hop (program → resident → worker) waits for a time slice. */
#define CHUNK_BYTES (1 << 20)
#define SETUP_MESSAGE_BYTES 1024
#define HEADER_FIELDS 12
#define RUN_UID "1000"

static struct sock_fprog filter;

static void fail(const char *what) {
  fprintf(stderr, "verdict-resident: %s: %s\n", what, strerror(errno));
  _exit(2);
}

static void read_full(int fd, void *buf, size_t n) {
  char *p = buf;
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) _exit(r == 0 ? 0 : 2); /* the worker closed the channel: nothing more to run */
    p += r;
    n -= (size_t)r;
  }
}

static void write_full(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) _exit(2);
    p += w;
    n -= (size_t)w;
  }
}

static void send_frame(char type, const void *payload, uint32_t len) {
  unsigned char head[5] = {(unsigned char)type, (unsigned char)len, (unsigned char)(len >> 8), (unsigned char)(len >> 16),
                           (unsigned char)(len >> 24)};
  write_full(1, head, 5);
  if (len) write_full(1, payload, len);
}

/* The set-up failure of a run's init or program: a message to the resident, then exit 127. */
static void setup_fail(int fd, const char *what) {
  char msg[SETUP_MESSAGE_BYTES];
  int n = snprintf(msg, sizeof msg, "%s: %s", what, strerror(errno));
  if (n > 0) (void)!write(fd, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
  _exit(127);
}

struct run {
  uint64_t h[HEADER_FIELDS];
  char **argv;
  char **envp;
};

static int set_limit(int res, uint64_t soft, uint64_t hard) {
  struct rlimit rl = {(rlim_t)soft, (rlim_t)hard};
  return setrlimit(res, &rl);
}

/* Step 3: the program's process (pid 2 of the run's namespace). Never returns. */
static void exec_program(const struct run *r, int memfd, int out, int err, int setup) {
  sigset_t none;
  sigemptyset(&none);
  signal(SIGPIPE, SIG_DFL);
  if (sigprocmask(SIG_SETMASK, &none, NULL) != 0) setup_fail(setup, "sigprocmask");
  if (dup2(memfd, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) setup_fail(setup, "dup2");
  /* The set-up pipe goes to descriptor 3 (close-on-exec), everything else above 2 is closed. */
  if (setup != 3 && dup3(setup, 3, O_CLOEXEC) < 0) setup_fail(setup, "dup3");
  setup = 3;
  if (syscall(SYS_close_range, 4U, ~0U, 0U) != 0) setup_fail(setup, "close_range");
  if (set_limit(RLIMIT_CPU, r->h[5], r->h[6]) || set_limit(RLIMIT_FSIZE, r->h[7], r->h[7]) ||
      set_limit(RLIMIT_NOFILE, r->h[8], r->h[8]) || set_limit(RLIMIT_STACK, r->h[9], r->h[9]) ||
      set_limit(RLIMIT_CORE, 0, 0) || set_limit(RLIMIT_MEMLOCK, 0, 0) || set_limit(RLIMIT_MSGQUEUE, 0, 0))
    setup_fail(setup, "setrlimit");
  if (chdir("/box") != 0) setup_fail(setup, "chdir /box");
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) setup_fail(setup, "clear ambient capabilities");
  for (int cap = 0; cap <= CAP_LAST_CAP; cap++)
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) setup_fail(setup, "drop the bounding set");
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  if (syscall(SYS_capset, &hdr, data) != 0) setup_fail(setup, "capset");
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter, 0, 0) != 0) setup_fail(setup, "load the seccomp filter");
  execve(r->argv[0], r->argv, r->envp);
  setup_fail(setup, r->argv[0]);
}

/* Steps 2 and 4: the run's init (pid 1 of its namespaces). Never returns. */
static void run_init(const struct run *r, int memfd, int out, int err, int status, int setup) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) setup_fail(setup, "pdeathsig");
  close(0);
  close(1);
  if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) setup_fail(setup, "make mounts private");
  char options[160];
  snprintf(options, sizeof options, "size=%llu,nr_inodes=%llu,mode=0700,uid=" RUN_UID ",gid=" RUN_UID,
           (unsigned long long)r->h[2], (unsigned long long)r->h[3]);
  if (mount("verdict-tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) setup_fail(setup, "mount /tmp");
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) setup_fail(setup, "mount /proc");
  static const char *const covered[] = {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus"};
  for (size_t c = 0; c < sizeof covered / sizeof covered[0]; c++) {
    if (access(covered[c], F_OK) != 0) continue;
    if (mount(covered[c], covered[c], NULL, MS_BIND | MS_REC, NULL) != 0 ||
        mount(NULL, covered[c], NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
      setup_fail(setup, covered[c]);
  }
  if (setsid() < 0) setup_fail(setup, "setsid");
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);
  pid_t program = fork();
  if (program < 0) setup_fail(setup, "fork");
  if (program == 0) {
    close(status);
    exec_program(r, memfd, out, err, setup);
  }
  close(memfd);
  close(out);
  close(err);
  close(setup);
  close(2);
  for (;;) {
    int st;
    pid_t pid = waitpid(-1, &st, 0);
    if (pid == program) {
      (void)!write(status, &st, sizeof st);
      _exit(0);
    }
    if (pid < 0 && errno != EINTR) _exit(0);
  }
}

/* Step 1: the request's stdin, `len` bytes from the channel, into a sealed memfd at offset 0. */
static int stdin_memfd(uint64_t len) {
  int fd = memfd_create("stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) fail("memfd_create");
  static char buf[CHUNK_BYTES];
  while (len > 0) {
    size_t n = len < sizeof buf ? (size_t)len : sizeof buf;
    read_full(0, buf, n);
    write_full(fd, buf, n);
    len -= n;
  }
  if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) fail("seal stdin");
  if (lseek(fd, 0, SEEK_SET) != 0) fail("lseek stdin");
  return fd;
}

/* Parses `count` NUL-terminated strings from `*p` (up to `end`) into a NULL-terminated array. */
static char **take_strings(char **p, const char *end, uint64_t count) {
  if (count > MAX_HEADER_BYTES) _exit(2);
  char **list = calloc((size_t)count + 1, sizeof *list);
  if (!list) fail("calloc");
  for (uint64_t i = 0; i < count; i++) {
    char *nul = memchr(*p, '\0', (size_t)(end - *p));
    if (!nul) _exit(2);
    list[i] = *p;
    *p = nul + 1;
  }
  return list;
}

struct stream {
  int fd;
  char type;
  uint64_t room; /* bytes still forwarded; the rest is read and dropped */
};

/* Reads what is there on `s`; returns 0 at EOF. */
static int pump(struct stream *s) {
  static char buf[CHUNK_BYTES];
  ssize_t n = read(s->fd, buf, sizeof buf);
  if (n < 0) return errno == EINTR || errno == EAGAIN ? 1 : 0;
  if (n == 0) return 0;
  uint64_t keep = (uint64_t)n < s->room ? (uint64_t)n : s->room;
  if (keep) send_frame(s->type, buf, (uint32_t)keep);
  s->room -= keep;
  return 1;
}

static void one_run(char *payload, uint32_t len) {
  struct run r;
  if (len < HEADER_FIELDS * 8) _exit(2);
  for (int f = 0; f < HEADER_FIELDS; f++) {
    uint64_t v = 0;
    for (int b = 7; b >= 0; b--) v = (v << 8) | (unsigned char)payload[f * 8 + b];
    r.h[f] = v;
  }
  char *p = payload + HEADER_FIELDS * 8;
  r.argv = take_strings(&p, payload + len, r.h[0]);
  r.envp = take_strings(&p, payload + len, r.h[1]);
  if (r.h[0] == 0) _exit(2);
  int memfd = stdin_memfd(r.h[4]);
  int out[2], err[2], status[2], setup[2];
  if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || pipe2(status, O_CLOEXEC) || pipe2(setup, O_CLOEXEC)) fail("pipe2");
  (void)fcntl(out[0], F_SETPIPE_SZ, CHUNK_BYTES); /* a failure leaves the default */
  pid_t init = (pid_t)syscall(SYS_clone, CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNS | SIGCHLD, NULL, NULL, NULL, NULL);
  if (init == 0) {
    close(out[0]);
    close(err[0]);
    close(status[0]);
    close(setup[0]);
    run_init(&r, memfd, out[1], err[1], status[1], setup[1]);
  }
  int clone_errno = errno;
  close(memfd);
  close(out[1]);
  close(err[1]);
  close(status[1]);
  close(setup[1]);
  free(r.argv);
  free(r.envp);
  char message[SETUP_MESSAGE_BYTES];
  size_t message_len = 0;
  int wait_status = 0;
  uint32_t flags = 0;
  if (init < 0) {
    message_len = (size_t)snprintf(message, sizeof message, "clone: %s", strerror(clone_errno));
    close(out[0]);
    close(err[0]);
    close(status[0]);
    close(setup[0]);
  } else {
    struct stream streams[2] = {{out[0], 'O', r.h[10] + 1}, {err[0], 'E', r.h[11]}};
    int open_out = 1, open_err = 1, open_status = 1, open_setup = 1, open_ctl = 1;
    size_t status_got = 0;
    while (open_out || open_err || open_status || open_setup) {
      struct pollfd fds[5] = {{out[0], open_out ? POLLIN : 0, 0},   {err[0], open_err ? POLLIN : 0, 0},
                              {status[0], open_status ? POLLIN : 0, 0}, {setup[0], open_setup ? POLLIN : 0, 0},
                              {0, open_ctl ? POLLIN : 0, 0}};
      for (int f = 0; f < 5; f++)
        if (!fds[f].events) fds[f].fd = -1;
      if (poll(fds, 5, -1) < 0) {
        if (errno == EINTR) continue;
        fail("poll");
      }
      if (fds[0].revents && !pump(&streams[0])) open_out = 0, close(out[0]);
      if (fds[1].revents && !pump(&streams[1])) open_err = 0, close(err[0]);
      if (fds[2].revents) {
        ssize_t n = read(status[0], (char *)&wait_status + status_got, sizeof wait_status - status_got);
        if (n > 0) status_got += (size_t)n;
        else if (n == 0 || errno != EINTR) open_status = 0, close(status[0]);
      }
      if (fds[3].revents) {
        ssize_t n = read(setup[0], message + message_len, sizeof message - 1 - message_len);
        if (n > 0) message_len += (size_t)n;
        else if (n == 0 || errno != EINTR || message_len == sizeof message - 1) open_setup = 0, close(setup[0]);
      }
      if (fds[4].revents) {
        unsigned char head[5];
        ssize_t n = read(0, head, 5); /* frames are 5 bytes; a short read is a broken worker */
        if (n == 5 && head[0] == 'K' && !head[1] && !head[2] && !head[3] && !head[4]) kill(init, SIGKILL);
        else if (n == 0) {
          kill(init, SIGKILL);
          open_ctl = 0;
        } else {
          kill(init, SIGKILL);
          _exit(2);
        }
      }
    }
    /* Returns once every process of the run's namespace is gone (the init reaps them as it exits). */
    while (waitpid(init, NULL, 0) < 0 && errno == EINTR) {
    }
    if (status_got == sizeof wait_status) flags = 1;
    if (!open_ctl) _exit(0);
  }
  char end[8 + SETUP_MESSAGE_BYTES];
  memcpy(end, &flags, 4);
  memcpy(end + 4, &wait_status, 4);
  memcpy(end + 8, message, message_len);
  send_frame('X', end, (uint32_t)(8 + message_len));
}

int main(void) {
  struct stat st;
  if (fstat(FILTER_FD, &st) != 0) fail("the seccomp filter descriptor");
  if (st.st_size <= 0 || st.st_size % sizeof(struct sock_filter) != 0 || st.st_size > (1 << 20)) {
    errno = EINVAL;
    fail("the seccomp filter");
  }
  struct sock_filter *prog = malloc((size_t)st.st_size);
  if (!prog) fail("malloc");
  if (pread(FILTER_FD, prog, (size_t)st.st_size, 0) != st.st_size) fail("read the seccomp filter");
  close(FILTER_FD);
  filter.len = (unsigned short)(st.st_size / sizeof(struct sock_filter));
  filter.filter = prog;
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) fail("dumpable");
  (void)fcntl(1, F_SETPIPE_SZ, CHUNK_BYTES);
  send_frame('R', NULL, 0);
  for (;;) {
    unsigned char head[5];
    read_full(0, head, 5);
    uint32_t len = (uint32_t)head[1] | (uint32_t)head[2] << 8 | (uint32_t)head[3] << 16 | (uint32_t)head[4] << 24;
    if (head[0] == 'K' && len == 0) continue; /* a kill that came after its run ended */
    if (head[0] != 'S' || len > MAX_HEADER_BYTES) _exit(2);
    char *payload = malloc(len);
    if (!payload) fail("malloc");
    read_full(0, payload, len);
    one_run(payload, len);
    free(payload);
  }
}
