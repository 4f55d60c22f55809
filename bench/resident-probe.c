/*
 * Probe for docs/resident-sandbox.md (issue 12): what the resident design's per-run isolation costs
 * on top of a bare fork + exec, measured inside bubblewrap as the resident would run. Not part of
 * the worker; built and run by hand (see the doc for the bubblewrap command line):
 *
 *   gcc -O2 -static -o resident-probe bench/resident-probe.c
 *   resident-probe MODE RUNS PROGRAM
 *
 * MODE 0: RUNS times fork + exec PROGRAM and wait (the baseline).
 * MODE 1: RUNS times fork; the child does unshare(CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNS), makes
 *         its mounts private, mounts a fresh tmpfs on /tmp (1 MiB, 64 inodes), forks the run's init
 *         (pid 1 of the new PID namespace), which mounts a procfs of that namespace on /proc and
 *         forks + execs PROGRAM and waits (the resident's per-run steps, less rlimits, seccomp and fds).
 * MODE 2: as 1 without the IPC namespace.
 * Prints the median, p95 and p99 of the RUNS wall times in microseconds; exit 1 if a run failed.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Waits for `pid`; its exit status, or 99 when it died of a signal. */
static int wait_status(pid_t pid) {
  int status;
  if (waitpid(pid, &status, 0) != pid) return 99;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

static void run_isolated(int mode, const char *prog) {
  if (unshare(CLONE_NEWPID | CLONE_NEWNS | (mode == 1 ? CLONE_NEWIPC : 0)) != 0) _exit(90);
  if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) _exit(91);
  if (mount("probe-tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=64,mode=0700") != 0) _exit(92);
  pid_t init = fork();
  if (init < 0) _exit(93);
  if (init > 0) _exit(wait_status(init));
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) _exit(94);
  pid_t child = fork();
  if (child == 0) {
    execl(prog, prog, (char *)NULL);
    _exit(95);
  }
  _exit(wait_status(child));
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: resident-probe MODE RUNS PROGRAM\n");
    return 2;
  }
  int mode = atoi(argv[1]), runs = atoi(argv[2]);
  const char *prog = argv[3];
  if (mode < 0 || mode > 2 || runs < 1) return 2;
  double *times = malloc((size_t)runs * sizeof *times);
  if (!times) return 2;
  for (int i = 0; i < runs; i++) {
    double start = now_us();
    pid_t pid = fork();
    if (pid < 0) return 1;
    if (pid == 0) {
      if (mode > 0) run_isolated(mode, prog);
      execl(prog, prog, (char *)NULL);
      _exit(95);
    }
    int status = wait_status(pid);
    if (status != 0) {
      fprintf(stderr, "run %d failed with status %d\n", i, status);
      return 1;
    }
    times[i] = now_us() - start;
  }
  qsort(times, (size_t)runs, sizeof *times, by_value);
  printf("mode %d runs %d median %.0f us p95 %.0f us p99 %.0f us\n", mode, runs, times[runs / 2], times[runs * 95 / 100],
         times[runs * 99 / 100]);
  return 0;
}
