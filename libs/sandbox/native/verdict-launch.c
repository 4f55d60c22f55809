/*
 * verdict-launch: the one privileged step between the worker (root) and bubblewrap.
 *
 *   verdict-launch [--cgroup PROCS_FILE]... [--rlimit RES=SOFT:HARD]...
 *                  --stage DIR [--open-path PATH... --stage-arg INDEX...] [--scratch BYTES:INODES]
 *                  --uid UID --gid GID [--cpu N] [--keep-fd FD] [--pass-fd FD]...
 *                  [--seccomp-bpf FILTER | --resident-seccomp FILTER]
 *                  -- BWRAP_PATH BWRAP_ARGS...
 *
 * In this order, so that nothing the submission runs is ever outside its limits:
 *   1. join the run's cgroups (writes getpid() to each cgroup.procs) while still root;
 *   2. set the rlimits (inherited by bwrap and the submission); with --cpu N, pin itself to CPU N
 *      (sched_setaffinity, inherited by every task of the run; the seccomp filter denies the run
 *      sched_setaffinity, so it cannot move off that CPU), as DOMjudge pins each judgehost to a core;
 *   3. close every inherited descriptor above stderr but --keep-fd (bwrap's status pipe) and the
 *      --pass-fd ones: pipe ends that connect the program to another run (an interactive problem's
 *      interactor). Each is given a 1 MiB pipe buffer when it is a pipe (as problemtools' interactive
 *      runner does; a failure leaves the default), reaches bwrap and the program unchanged, and is
 *      closed in the launcher once bwrap is started, so the program's exit (or close) is seen by the
 *      other run at once;
 *   4. with --seccomp-bpf FILTER, open the compiled seccomp filter FILTER (a file made by
 *      --export-seccomp below; refused unless it is a regular file owned by root that nobody else
 *      may read or write, opened without following a link) and hand it to bwrap as `--seccomp FD`
 *      (bwrap reads it and loads it just before it executes the submission, after its own
 *      namespace set-up). Each run opens the file anew: its own file offset, so runs never share
 *      one. No libseccomp on this path: the filter is compiled once per worker;
 *   5. in a private mount namespace of its own, with a tmpfs on the --stage directory (the host sees
 *      none of these mounts and they vanish with the run):
 *      with --scratch BYTES:INODES, a tmpfs at STAGE/tmp of at most BYTES bytes and INODES inodes,
 *      owned by UID:GID with mode 0700, nosuid and nodev: the run's /tmp (and /dev/shm, a link to
 *      it), so nothing a run writes there can pass either bound, and its pages are charged to the
 *      run's memory cgroup (the run's own tasks write them);
 *      with --open-path (worker-configured paths, never submitted data): toolchains under directories the run's uid cannot traverse (rustup
 *      in /root) are made reachable without opening those directories to anyone: in a private
 *      mount namespace of its own, the launcher (still root) mounts a tmpfs on the --stage
 *      directory and bind-mounts the N-th path read-only at STAGE/N, then replaces the bwrap
 *      argument `@N` with STAGE/N (for `--ro-bind @N DEST`), but only at the positions the caller
 *      names with `--stage-arg INDEX` (an index into the command after `--`, 0 being bwrap's
 *      path): those are the placeholders the worker itself put among bubblewrap's options. Every
 *      other argument, the sandboxed program's own argv above all, is passed verbatim, so a
 *      program (or a validator) given `@0` receives `@0`, never a host path;
 *   6. drop to the run's unprivileged uid/gid with no supplementary groups,
 *      set no_new_privs and a parent-death SIGKILL;
 *   7. become a child subreaper, start bwrap as its child and reap every descendant
 *      that gets reparented to it (bwrap's PID-namespace init outlives bwrap by a moment),
 *      so that when the launcher exits nothing of the run is left, not even a zombie.
 *      Its exit status is bwrap's (128 + N when bwrap died of signal N).
 *   8. on SIGTERM (its parent-death signal: the worker died), kill everything in the run's
 *      cgroup and exit: bubblewrap's --die-with-parent does not cover its sandbox child while that
 *      waits for its parent's go-ahead, and the child would otherwise wait on the host forever.
 * Node's child_process cannot do 1, 2 or 5 between fork and exec, hence this file.
 *
 *   verdict-launch --export-seccomp [--test-run] FILTER
 *
 * Run by the worker (root) once when it opens its sandbox: compiles the run-stage seccomp filter
 * below with libseccomp and writes its BPF program to the new file FILTER (O_EXCL, O_NOFOLLOW,
 * mode 0600, owned by root), which every run then hands to bwrap with --seccomp-bpf. The bytes are
 * those libseccomp's seccomp_export_bpf makes, the same on every call.
 *
 * With --test-run, the filter also refuses what a run could do to the files every run
 * can open (/usr, toolchains, warm build caches, the host's /dev/null and /dev/zero, which anyone
 * may open for writing): locks, which another run or a host process would wait on or could read
 * (lock ranges at any offset are a channel between two runs, found by an outside review), and
 * watches, which report when other runs open or read a file. flock(2) and fcntl's F_GETLK,
 * F_SETLK, F_SETLKW and their OFD forms fail with ENOLCK; inotify_init/inotify_init1 with ENOSYS;
 * fcntl's F_NOTIFY (dnotify) and F_SETLEASE with EINVAL. Compilations need locks (Go's build
 * cache) and get none of these rules.
 *
 * With --test-run it also denies setpriority(PRIO_USER, …) and ioprio_set(IOPRIO_WHO_USER, …) with
 * EPERM: both reach every process of the run's uid, the resident of verdict-resident.c included.
 *
 * Resident mode (--resident-seccomp FILTER instead of --seccomp-bpf): the filter is opened with the
 * same checks but not given to bwrap; it is left open at descriptor 3 for verdict-resident, which
 * loads it in each program's process just before its execve (docs/resident-sandbox.md).
 *
 * Exit status 125 with a message on stderr means the launcher itself failed.
 *
 *   verdict-launch --mount-box DIR BYTES INODES UID
 *
 * A third mode, run by the worker (root) when it creates a box: mounts a tmpfs of at most BYTES
 * bytes and INODES inodes on the empty directory DIR (nosuid, nodev), its root owned by UID:UID
 * with mode 0700. Every box (compile box, a validator's feedback directory) is one, so no run can
 * put more than that on the host, and removing the box is one unmount (--remove-tree below).
 *
 *   verdict-launch --remove-tree DIR
 *
 * A second mode, run by the worker (root) to delete a box or a stale leftover: removes DIR and
 * everything under it with descriptor-relative calls only (openat with O_NOFOLLOW|O_DIRECTORY,
 * unlinkat), so no path it builds is ever longer than one name: a chain deeper than PATH_MAX is
 * removed like any other, a symlink is removed and never followed, a 0000 directory is entered
 * (root), and it never crosses into another filesystem. It holds two descriptors at a time,
 * remembering the (dev, inode) and name of each level, and checks that `..` is the directory it
 * came from before it goes up. When DIR is itself a mount point (a box's tmpfs), it is unmounted
 * first (lazily, so a descriptor still open on it cannot keep it; its whole content goes with it).
 * Exit 0 when DIR is gone (or was never there), 1 with a message on stderr saying what could not
 * be removed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <grp.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define LAUNCH_FAILED 125
#define MAX_CGROUPS 8
#define MAX_OPEN_PATHS 8
#define MAX_STAGE_ARGS 8
#define MAX_PASS_FDS 2
/* Where verdict-resident finds its seccomp filter (--resident-seccomp). */
#define RESIDENT_FILTER_FD 3
/* Pipe buffer of a --pass-fd pipe, bytes (the default pipe-max-size). */
#define PASS_PIPE_BYTES (1 << 20)

static void die(const char *what) {
  fprintf(stderr, "verdict-launch: %s: %s\n", what, strerror(errno));
  _exit(LAUNCH_FAILED);
}

static void die_msg(const char *what) {
  fprintf(stderr, "verdict-launch: %s\n", what);
  _exit(LAUNCH_FAILED);
}

struct tree_level {
  dev_t dev;
  ino_t ino;
  char *name; /* name of this level in the level above */
};

static int remove_tree_fail(const char *what, long depth, const char *name) {
  fprintf(stderr, "verdict-launch: --remove-tree: %s at depth %ld (entry \"%s\"): %s\n", what, depth, name ? name : "",
          strerror(errno));
  return 1;
}

/* Unlinks every non-directory in `fd`; puts the name of one subdirectory in `sub` (or "" if none). */
static int remove_tree_scan(int fd, long depth, char *sub, size_t sub_len) {
  int dfd = dup(fd);
  if (dfd < 0) return remove_tree_fail("dup", depth, NULL);
  DIR *d = fdopendir(dfd);
  if (!d) {
    close(dfd);
    return remove_tree_fail("fdopendir", depth, NULL);
  }
  rewinddir(d);
  sub[0] = '\0';
  struct dirent *e;
  errno = 0;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    int is_dir = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN) {
      struct stat st;
      if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        int saved = errno;
        closedir(d);
        errno = saved;
        return remove_tree_fail("fstatat", depth, e->d_name);
      }
      is_dir = S_ISDIR(st.st_mode);
    }
    if (is_dir) {
      if (!sub[0]) snprintf(sub, sub_len, "%s", e->d_name);
    } else if (unlinkat(fd, e->d_name, 0) != 0 && errno != ENOENT) {
      int saved = errno;
      closedir(d);
      errno = saved;
      return remove_tree_fail("unlinkat", depth, e->d_name);
    }
    errno = 0;
  }
  int saved = errno;
  closedir(d);
  if (saved) {
    errno = saved;
    return remove_tree_fail("readdir", depth, NULL);
  }
  return 0;
}

static int remove_tree(const char *path) {
  char *copy = strdup(path);
  if (!copy) return remove_tree_fail("strdup", 0, path);
  char *slash = strrchr(copy, '/');
  const char *base = slash ? slash + 1 : copy;
  const char *parent = slash ? (slash == copy ? "/" : copy) : ".";
  if (slash) *slash = '\0';
  if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
    errno = EINVAL;
    return remove_tree_fail("not a removable path", 0, path);
  }
  int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (pfd < 0) return errno == ENOENT ? 0 : remove_tree_fail("open parent", 0, parent);
  struct stat st;
  if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0) return errno == ENOENT ? 0 : remove_tree_fail("lstat", 0, base);
  if (!S_ISDIR(st.st_mode)) return unlinkat(pfd, base, 0) == 0 || errno == ENOENT ? 0 : remove_tree_fail("unlinkat", 0, base);
  struct stat parent_st;
  if (fstat(pfd, &parent_st) != 0) return remove_tree_fail("fstat parent", 0, parent);
  if (st.st_dev != parent_st.st_dev) {
    /* A box's tmpfs (--mount-box): unmount it, which takes everything in it; the empty directory
     * under it is removed below. UMOUNT_NOFOLLOW: DIR was checked to be no link, and stays none. */
    if (umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) != 0) return remove_tree_fail("unmount", 0, base);
    if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0) return errno == ENOENT ? 0 : remove_tree_fail("lstat", 0, base);
  }

  size_t cap = 64;
  long depth = 0;
  struct tree_level *levels = calloc(cap, sizeof *levels);
  if (!levels) return remove_tree_fail("calloc", 0, base);
  int cur = openat(pfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (cur < 0 || fstat(cur, &st) != 0) return remove_tree_fail("open", 0, base);
  const dev_t top_dev = st.st_dev;
  levels[0] = (struct tree_level){st.st_dev, st.st_ino, strdup(base)};
  char sub[NAME_MAX + 1];
  for (;;) {
    if (remove_tree_scan(cur, depth, sub, sizeof sub) != 0) return 1;
    if (sub[0]) {
      int child = openat(cur, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (child < 0 || fstat(child, &st) != 0) return remove_tree_fail("open", depth + 1, sub);
      if (st.st_dev != top_dev) {
        errno = EXDEV;
        return remove_tree_fail("another filesystem is mounted", depth + 1, sub);
      }
      if ((size_t)depth + 1 >= cap) {
        cap *= 2;
        struct tree_level *grown = realloc(levels, cap * sizeof *levels);
        if (!grown) return remove_tree_fail("realloc", depth, sub);
        levels = grown;
      }
      depth++;
      levels[depth] = (struct tree_level){st.st_dev, st.st_ino, strdup(sub)};
      if (!levels[depth].name) return remove_tree_fail("strdup", depth, sub);
      close(cur);
      cur = child;
      continue;
    }
    /* `cur` is empty: remove it from the level above. */
    int up;
    if (depth == 0) {
      up = pfd;
    } else {
      up = openat(cur, "..", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (up < 0 || fstat(up, &st) != 0) return remove_tree_fail("open ..", depth, levels[depth].name);
      if (st.st_dev != levels[depth - 1].dev || st.st_ino != levels[depth - 1].ino) {
        errno = ESTALE;
        return remove_tree_fail("the directory above moved", depth, levels[depth].name);
      }
    }
    close(cur);
    if (unlinkat(up, levels[depth].name, AT_REMOVEDIR) != 0 && errno != ENOENT)
      return remove_tree_fail("rmdir", depth, levels[depth].name);
    free(levels[depth].name);
    if (depth == 0) break;
    depth--;
    cur = up;
  }
  close(pfd);
  free(levels);
  free(copy);
  return 0;
}

static unsigned long long parse_count(const char *s, const char *what) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v == 0) {
    fprintf(stderr, "verdict-launch: %s must be a positive integer, not \"%s\"\n", what, s);
    _exit(LAUNCH_FAILED);
  }
  return v;
}

/* --mount-box DIR BYTES INODES UID: a bounded tmpfs on the worker's empty box directory. */
static int mount_box(const char *dir, const char *bytes, const char *inodes, const char *uid) {
  unsigned long long size = parse_count(bytes, "BYTES"), nr = parse_count(inodes, "INODES"), owner = parse_count(uid, "UID");
  struct stat st;
  if (lstat(dir, &st) != 0) die(dir);
  if (!S_ISDIR(st.st_mode)) die_msg("--mount-box: not a directory");
  char options[160];
  snprintf(options, sizeof options, "size=%llu,nr_inodes=%llu,mode=0700,uid=%llu,gid=%llu", size, nr, owner, owner);
  if (mount("verdict-box", dir, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) die(dir);
  return 0;
}

static int resource_by_name(const char *name) {
  if (strcmp(name, "cpu") == 0) return RLIMIT_CPU;
  if (strcmp(name, "fsize") == 0) return RLIMIT_FSIZE;
  if (strcmp(name, "stack") == 0) return RLIMIT_STACK;
  if (strcmp(name, "nofile") == 0) return RLIMIT_NOFILE;
  if (strcmp(name, "core") == 0) return RLIMIT_CORE;
  if (strcmp(name, "memlock") == 0) return RLIMIT_MEMLOCK;
  if (strcmp(name, "msgqueue") == 0) return RLIMIT_MSGQUEUE;
  if (strcmp(name, "nproc") == 0) return RLIMIT_NPROC;
  return -1;
}

static rlim_t parse_limit(const char *s) {
  if (strcmp(s, "inf") == 0) return RLIM_INFINITY;
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || end == s) die_msg("bad rlimit value");
  return (rlim_t)v;
}

static void apply_rlimit(const char *spec) {
  char buf[128];
  if (strlen(spec) >= sizeof buf) die_msg("rlimit spec too long");
  strcpy(buf, spec);
  char *eq = strchr(buf, '=');
  char *colon = eq ? strchr(eq, ':') : NULL;
  if (!eq || !colon) die_msg("rlimit spec must be RES=SOFT:HARD");
  *eq = '\0';
  *colon = '\0';
  int res = resource_by_name(buf);
  if (res < 0) die_msg("unknown rlimit resource");
  struct rlimit rl = {parse_limit(eq + 1), parse_limit(colon + 1)};
  if (setrlimit(res, &rl) != 0) die("setrlimit");
}

static void join_cgroup(const char *procs_file) {
  int fd = open(procs_file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) die(procs_file);
  char pid[32];
  int n = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
  if (write(fd, pid, (size_t)n) != n) die(procs_file);
  close(fd);
}

/*
 * Run-stage filter: everything is allowed except calls a contest program never
 * needs and that widen the kernel surface or touch other processes. Denied calls
 * fail with EPERM rather than killing, so language runtimes that probe (the JVM,
 * Go's runtime) degrade instead of crashing. Namespaces already stop most of these;
 * the filter is the second wall.
 */
static const char *const DENIED_SYSCALLS[] = {
  "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
  "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen",
  "fsconfig", "fsmount", "fspick", "mount_setattr",
  "unshare", "setns", "keyctl", "add_key", "request_key",
  "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
  "io_uring_register", "kexec_load", "kexec_file_load", "reboot",
  "init_module", "finit_module", "delete_module", "create_module",
  "swapon", "swapoff", "syslog", "acct", "quotactl", "quotactl_fd",
  "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
  "sethostname", "setdomainname", "iopl", "ioperm", "lookup_dcookie",
  "open_by_handle_at", "name_to_handle_at", "fanotify_init", "personality",
  "vhangup", "nfsservctl", "uselib", "ustat", "sysfs", "_sysctl",
  /* A run is pinned to its slot's CPU (--cpu): it may not move itself onto another slot's. */
  "sched_setaffinity",
};

/*
 * Linux AIO: its contexts come from one host-wide pool (fs.aio-max-nr, 65536 events by default),
 * charged to no cgroup and limited per nobody: a run looping on io_setup took the whole pool, and
 * every other process on the host got EAGAIN. They fail with ENOSYS, as on a kernel without AIO
 * (CONFIG_AIO=n); glibc's POSIX aio_* uses threads, not these, and no runtime we run needs them.
 * io_uring (denied above) is the other asynchronous I/O pool.
 */
static const char *const ENOSYS_SYSCALLS[] = {
  "io_setup", "io_destroy", "io_submit", "io_cancel", "io_getevents", "io_pgetevents",
};

static scmp_filter_ctx build_seccomp_filter(int test_run) {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (!ctx) die_msg("seccomp_init failed");
  if (test_run) {
    if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOLCK), SCMP_SYS(flock), 0) != 0) die_msg("seccomp_rule_add(flock) failed");
    /* fcntl commands (asm-generic/fcntl.h, the same on every Linux architecture we build for). */
    static const unsigned long LOCKS[] = {5 /* F_GETLK */, 6 /* F_SETLK */, 7 /* F_SETLKW */,
                                          36 /* F_OFD_GETLK */, 37 /* F_OFD_SETLK */, 38 /* F_OFD_SETLKW */};
    for (size_t l = 0; l < sizeof LOCKS / sizeof LOCKS[0]; l++)
      if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOLCK), SCMP_SYS(fcntl), 1, SCMP_A1(SCMP_CMP_EQ, LOCKS[l])) != 0)
        die_msg("seccomp_rule_add(fcntl lock) failed");
    static const unsigned long NOTICES[] = {1024 /* F_SETLEASE */, 1026 /* F_NOTIFY */};
    for (size_t w = 0; w < sizeof NOTICES / sizeof NOTICES[0]; w++)
      if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(fcntl), 1, SCMP_A1(SCMP_CMP_EQ, NOTICES[w])) != 0)
        die_msg("seccomp_rule_add(fcntl notify) failed");
    /* setpriority(PRIO_USER) and ioprio_set(IOPRIO_WHO_USER) reach every process of the run's uid:
     * under the resident (verdict-resident.c) that is the resident itself, whose later runs would be
     * slowed. A run may still change its own priority (PRIO_PROCESS, PRIO_PGRP, IOPRIO_WHO_PROCESS). */
    if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(setpriority), 1, SCMP_A0(SCMP_CMP_EQ, 2 /* PRIO_USER */)) != 0)
      die_msg("seccomp_rule_add(setpriority) failed");
    if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioprio_set), 1, SCMP_A0(SCMP_CMP_EQ, 3 /* IOPRIO_WHO_USER */)) != 0)
      die_msg("seccomp_rule_add(ioprio_set) failed");
    static const char *const WATCHES[] = {"inotify_init", "inotify_init1"};
    for (size_t w = 0; w < 2; w++) {
      int nr = seccomp_syscall_resolve_name(WATCHES[w]);
      if (nr != __NR_SCMP_ERROR && seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0) != 0) die_msg("seccomp_rule_add(inotify) failed");
    }
  }
  for (size_t i = 0; i < sizeof DENIED_SYSCALLS / sizeof DENIED_SYSCALLS[0]; i++) {
    int nr = seccomp_syscall_resolve_name(DENIED_SYSCALLS[i]);
    if (nr == __NR_SCMP_ERROR) continue; /* not on this architecture */
    if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0) != 0) die_msg("seccomp_rule_add failed");
  }
  for (size_t i = 0; i < sizeof ENOSYS_SYSCALLS / sizeof ENOSYS_SYSCALLS[0]; i++) {
    int nr = seccomp_syscall_resolve_name(ENOSYS_SYSCALLS[i]);
    if (nr == __NR_SCMP_ERROR) continue; /* not on this architecture */
    if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0) != 0) die_msg("seccomp_rule_add failed");
  }
  /* clone with any namespace flag: deny new namespaces from inside (unshare is denied above). */
  static const unsigned long NS_FLAGS[] = {
    0x00020000UL /* CLONE_NEWNS */, 0x02000000UL /* CLONE_NEWCGROUP */, 0x04000000UL /* CLONE_NEWUTS */,
    0x08000000UL /* CLONE_NEWIPC */, 0x10000000UL /* CLONE_NEWUSER */, 0x20000000UL /* CLONE_NEWPID */,
    0x40000000UL /* CLONE_NEWNET */,
  };
  for (size_t f = 0; f < sizeof NS_FLAGS / sizeof NS_FLAGS[0]; f++) {
    if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                         SCMP_A0(SCMP_CMP_MASKED_EQ, NS_FLAGS[f], NS_FLAGS[f])) != 0)
      die_msg("seccomp_rule_add(clone) failed");
  }
  /*
   * Sockets of any family but AF_UNIX fail with EAFNOSUPPORT. The network namespace already leaves
   * only a loopback of the run's own, but on cgroup v1 the kernel does not charge TCP buffers to the
   * memory cgroup: a run could park gigabytes in loopback connections, beyond its memory limit and
   * into the host's TCP memory budget. Unix sockets are charged, and nothing a judge runs needs IP.
   */
  if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_NE, AF_UNIX)) != 0)
    die_msg("seccomp_rule_add(socket) failed");
  /* clone3 passes flags in memory seccomp cannot read: make it fail with ENOSYS so libc falls back to clone. */
  int clone3_nr = seccomp_syscall_resolve_name("clone3");
  if (clone3_nr != __NR_SCMP_ERROR) seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), clone3_nr, 0);
  return ctx;
}

/* --export-seccomp [--test-run] FILTER: the filter's BPF program into the new root-owned 0600 file FILTER. */
static int export_seccomp(const char *path, int test_run) {
  scmp_filter_ctx ctx = build_seccomp_filter(test_run);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) die(path);
  if (fchmod(fd, 0600) != 0) die(path); /* whatever the umask */
  if (seccomp_export_bpf(ctx, fd) != 0) die_msg("seccomp_export_bpf failed");
  if (close(fd) != 0) die(path);
  seccomp_release(ctx);
  return 0;
}

/*
 * Step 4: a descriptor of the compiled filter for bwrap's --seccomp, inherited by bwrap (no
 * O_CLOEXEC). Only root can have made FILTER: anything else (a link, another owner, a mode that
 * lets anyone else read or write it, an empty or ragged program) fails the run.
 */
static int open_seccomp_filter(const char *path) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY);
  if (fd < 0) die(path);
  struct stat st;
  if (fstat(fd, &st) != 0) die(path);
  if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 077) != 0)
    die_msg("--seccomp-bpf: the filter must be a regular file owned by root with mode 0600");
  if (st.st_size <= 0 || st.st_size % 8 != 0) die_msg("--seccomp-bpf: the filter is no BPF program");
  return fd;
}

/*
 * Step 5: private mount namespace, tmpfs on `stage`, the scratch tmpfs at stage/tmp (when
 * `scratch` is "BYTES:INODES"), each path bound read-only at stage/N.
 */
static void stage_paths(const char *stage, const char *scratch, long uid, long gid, const char *const *paths, int n,
                        char staged[][4096]) {
  if (!stage) die_msg("--open-path and --scratch need --stage");
  if (unshare(CLONE_NEWNS) != 0) die("unshare(CLONE_NEWNS)");
  if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) die("make mounts private");
  if (mount("verdict-stage", stage, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755,size=64k") != 0) die(stage);
  if (scratch) {
    char spec[64], tmp[4096], options[160];
    if (strlen(scratch) >= sizeof spec) die_msg("--scratch must be BYTES:INODES");
    strcpy(spec, scratch);
    char *colon = strchr(spec, ':');
    if (!colon) die_msg("--scratch must be BYTES:INODES");
    *colon = '\0';
    unsigned long long size = parse_count(spec, "--scratch BYTES"), nr = parse_count(colon + 1, "--scratch INODES");
    if ((size_t)snprintf(tmp, sizeof tmp, "%s/tmp", stage) >= sizeof tmp) die_msg("stage path too long");
    if (mkdir(tmp, 0755) != 0) die(tmp);
    snprintf(options, sizeof options, "size=%llu,nr_inodes=%llu,mode=0700,uid=%ld,gid=%ld", size, nr, uid, gid);
    if (mount("verdict-tmp", tmp, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) die(tmp);
  }
  for (int p = 0; p < n; p++) {
    if ((size_t)snprintf(staged[p], 4096, "%s/%d", stage, p) >= 4096) die_msg("stage path too long");
    if (mkdir(staged[p], 0755) != 0) die(staged[p]);
    /* By path, as root: a descriptor opened before unshare() would name the old namespace's mount. */
    if (mount(paths[p], staged[p], NULL, MS_BIND | MS_REC, NULL) != 0) die(paths[p]);
    if (mount(NULL, staged[p], NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0) die("remount read-only");
  }
}

/*
 * Step 8: SIGKILLs every task listed in `procs_file` (the run's cgroup) but this process, again
 * until none is left (a forking program adds tasks between reads), reaping as it goes. The
 * tasks all run as this process's uid, and a program cannot leave its cgroup (no /sys, no mount).
 */
static void kill_run(const char *procs_file) {
  for (int round = 0; round < 2000; round++) {
    FILE *f = fopen(procs_file, "re");
    if (!f) return;
    int others = 0;
    long pid;
    while (fscanf(f, "%ld", &pid) == 1) {
      if (pid == (long)getpid()) continue;
      others++;
      kill((pid_t)pid, SIGKILL);
    }
    fclose(f);
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    if (others == 0) return;
    usleep(1000);
  }
}

/* Closes every descriptor from 3 up but the `nkeep` in `keep` (each 3 or more). */
static void close_fds_except(const int *keep, int nkeep) {
  unsigned from = 3;
  int ok = 1;
  for (;;) {
    int next = -1; /* the smallest kept descriptor at or above `from` */
    for (int k = 0; k < nkeep; k++)
      if ((unsigned)keep[k] >= from && (next < 0 || keep[k] < next)) next = keep[k];
    if (next < 0) {
      ok = ok && syscall(SYS_close_range, from, ~0U, 0U) == 0;
      break;
    }
    if ((unsigned)next > from) ok = ok && syscall(SYS_close_range, from, (unsigned)next - 1, 0U) == 0;
    from = (unsigned)next + 1;
  }
  if (ok) return;
  for (int fd = 3; fd < 65536; fd++) {
    int kept = 0;
    for (int k = 0; k < nkeep; k++) kept |= fd == keep[k];
    if (!kept) close(fd);
  }
}

int main(int argc, char **argv) {
  const char *cgroups[MAX_CGROUPS];
  int ncgroups = 0;
  long uid = -1, gid = -1;
  const char *seccomp_bpf = NULL;
  const char *resident_filter = NULL;
  const char *scratch = NULL;
  int keep_fds[1 + MAX_PASS_FDS];
  int nkeep = 0;
  int pass_fds[MAX_PASS_FDS];
  int npass = 0;
  long cpu = -1;
  const char *open_paths[MAX_OPEN_PATHS];
  int nopen = 0;
  const char *stage = NULL;
  long stage_args[MAX_STAGE_ARGS];
  int nstage_args = 0;
  if (argc >= 2 && strcmp(argv[1], "--remove-tree") == 0) {
    if (argc != 3) die_msg("usage: verdict-launch --remove-tree DIR");
    return remove_tree(argv[2]);
  }
  if (argc >= 2 && strcmp(argv[1], "--export-seccomp") == 0) {
    if (argc == 3) return export_seccomp(argv[2], 0);
    if (argc == 4 && strcmp(argv[2], "--test-run") == 0) return export_seccomp(argv[3], 1);
    die_msg("usage: verdict-launch --export-seccomp [--test-run] FILTER");
  }
  if (argc >= 2 && strcmp(argv[1], "--mount-box") == 0) {
    if (argc != 6) die_msg("usage: verdict-launch --mount-box DIR BYTES INODES UID");
    return mount_box(argv[2], argv[3], argv[4], argv[5]);
  }
  int i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) { i++; break; }
    if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc) {
      if (ncgroups == MAX_CGROUPS) die_msg("too many cgroups");
      cgroups[ncgroups++] = argv[++i];
    } else if (strcmp(argv[i], "--rlimit") == 0 && i + 1 < argc) {
      i++; /* applied after the cgroups are joined */
    } else if (strcmp(argv[i], "--uid") == 0 && i + 1 < argc) {
      uid = strtol(argv[++i], NULL, 10);
    } else if (strcmp(argv[i], "--gid") == 0 && i + 1 < argc) {
      gid = strtol(argv[++i], NULL, 10);
    } else if (strcmp(argv[i], "--stage") == 0 && i + 1 < argc) {
      stage = argv[++i];
    } else if (strcmp(argv[i], "--open-path") == 0 && i + 1 < argc) {
      if (nopen == MAX_OPEN_PATHS) die_msg("too many --open-path");
      open_paths[nopen++] = argv[++i];
    } else if (strcmp(argv[i], "--stage-arg") == 0 && i + 1 < argc) {
      if (nstage_args == MAX_STAGE_ARGS) die_msg("too many --stage-arg");
      char *end = NULL;
      stage_args[nstage_args++] = strtol(argv[++i], &end, 10);
      if (end == argv[i] || *end != '\0') die_msg("--stage-arg needs an index");
    } else if (strcmp(argv[i], "--keep-fd") == 0 && i + 1 < argc) {
      int fd = (int)strtol(argv[++i], NULL, 10);
      if (fd < 3) die_msg("--keep-fd must be 3 or more");
      if (nkeep > npass) die_msg("only one --keep-fd");
      keep_fds[nkeep++] = fd;
    } else if (strcmp(argv[i], "--cpu") == 0 && i + 1 < argc) {
      char *end = NULL;
      cpu = strtol(argv[++i], &end, 10);
      if (end == argv[i] || *end != '\0' || cpu < 0 || cpu >= CPU_SETSIZE) die_msg("--cpu needs a CPU number");
    } else if (strcmp(argv[i], "--pass-fd") == 0 && i + 1 < argc) {
      int fd = (int)strtol(argv[++i], NULL, 10);
      if (fd < 3) die_msg("--pass-fd must be 3 or more");
      if (npass == MAX_PASS_FDS) die_msg("too many --pass-fd");
      pass_fds[npass++] = fd;
      keep_fds[nkeep++] = fd;
    } else if (strcmp(argv[i], "--scratch") == 0 && i + 1 < argc) {
      scratch = argv[++i];
    } else if (strcmp(argv[i], "--seccomp-bpf") == 0 && i + 1 < argc) {
      seccomp_bpf = argv[++i];
    } else if (strcmp(argv[i], "--resident-seccomp") == 0 && i + 1 < argc) {
      resident_filter = argv[++i];
    } else {
      die_msg("usage: verdict-launch [--cgroup F]... [--rlimit R=S:H]... [--stage DIR [--open-path P... --stage-arg I...] [--scratch BYTES:INODES]] --uid U --gid G [--cpu N] [--keep-fd FD] [--pass-fd FD]... [--seccomp-bpf FILTER | --resident-seccomp FILTER] -- BWRAP ARGS...");
    }
  }
  if (i >= argc) die_msg("missing command after --");
  const pid_t worker = getppid();
  if (uid <= 0 || gid <= 0) die_msg("--uid and --gid must name an unprivileged id");

  for (int c = 0; c < ncgroups; c++) join_cgroup(cgroups[c]);
  for (int a = 1; a < i; a++)
    if (strcmp(argv[a], "--rlimit") == 0) apply_rlimit(argv[++a]);
  if (cpu >= 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET((int)cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) die("--cpu");
  }

  close_fds_except(keep_fds, nkeep);
  for (int p = 0; p < npass; p++) {
    struct stat st;
    if (fstat(pass_fds[p], &st) != 0) die("--pass-fd");
    if (S_ISFIFO(st.st_mode)) (void)fcntl(pass_fds[p], F_SETPIPE_SZ, PASS_PIPE_BYTES);
  }

  int cmd_argc = argc - i;
  char **cmd = calloc((size_t)cmd_argc + 3, sizeof *cmd);
  if (!cmd) die("calloc");
  char fdbuf[16];
  int k = 0;
  cmd[k++] = argv[i];
  if (seccomp_bpf) {
    int fd = open_seccomp_filter(seccomp_bpf);
    snprintf(fdbuf, sizeof fdbuf, "%d", fd);
    cmd[k++] = "--seccomp";
    cmd[k++] = fdbuf;
  }
  if (resident_filter) {
    if (seccomp_bpf || nkeep > 0) die_msg("--resident-seccomp takes no --seccomp-bpf, --keep-fd or --pass-fd");
    int fd = open_seccomp_filter(resident_filter);
    if (fd != RESIDENT_FILTER_FD) {
      if (dup2(fd, RESIDENT_FILTER_FD) != RESIDENT_FILTER_FD) die("dup2 the resident's filter");
      close(fd);
    }
  }
  static char staged[MAX_OPEN_PATHS][4096];
  if (nopen > 0 || scratch) stage_paths(stage, scratch, uid, gid, open_paths, nopen, staged);
  const int first = k; /* cmd[first + j] is argv[i + 1 + j], the command's argument j + 1 */
  for (int a = i + 1; a < argc; a++) cmd[k++] = argv[a];
  cmd[k] = NULL;
  /* Only the named positions, each of which must hold the launcher's own `@N`: nothing else is read. */
  for (int s = 0; s < nstage_args; s++) {
    long at = stage_args[s];
    if (at < 1 || at >= cmd_argc) die_msg("--stage-arg names no bwrap argument");
    const char *arg = argv[i + at];
    if (arg[0] != '@' || arg[1] < '0' || arg[1] > '9' || arg[2] != '\0') die_msg("--stage-arg names no @N argument");
    int p = arg[1] - '0';
    if (p >= nopen) die_msg("bwrap argument @N names no --open-path");
    cmd[first + at - 1] = staged[p];
  }

  if (setgroups(0, NULL) != 0) die("setgroups");
  if (setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) != 0) die("setresgid");
  if (setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) != 0) die("setresuid");
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("no_new_privs");
  /* SIGCHLD and SIGTERM are taken with sigwaitinfo below, so no signal is lost between checks;
   * bwrap gets the old mask back. Changing credentials clears the parent-death signal, so set it
   * only now: the worker's death arrives as SIGTERM (step 8). */
  sigset_t wait_set, old_mask;
  sigemptyset(&wait_set);
  sigaddset(&wait_set, SIGCHLD);
  sigaddset(&wait_set, SIGTERM);
  if (sigprocmask(SIG_BLOCK, &wait_set, &old_mask) != 0) die("sigprocmask");
  if (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) != 0) die("pdeathsig");
  if (worker == 1 || getppid() != worker) _exit(LAUNCH_FAILED); /* the worker is already gone */

  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) die("child_subreaper");
  pid_t bwrap = fork();
  if (bwrap < 0) die("fork");
  if (bwrap == 0) {
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    execv(cmd[0], cmd);
    die(cmd[0]);
  }
  for (int p = 0; p < npass; p++) close(pass_fds[p]);
  int exit_code = LAUNCH_FAILED;
  for (;;) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      if (pid == bwrap) {
        if (WIFEXITED(status)) exit_code = WEXITSTATUS(status);
        else if (WIFSIGNALED(status)) exit_code = 128 + WTERMSIG(status);
      }
    }
    if (pid < 0 && errno == ECHILD) break; /* everything is reaped */
    if (sigwaitinfo(&wait_set, NULL) == SIGTERM) {
      if (ncgroups > 0) kill_run(cgroups[0]);
      _exit(128 + SIGKILL);
    }
  }
  return exit_code;
}
