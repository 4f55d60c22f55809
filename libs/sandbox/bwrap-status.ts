/**
 * The descriptor bubblewrap writes its status report to (`--json-status-fd`): the launcher keeps it
 * open (`--keep-fd`), and it is the fourth entry of the launcher's stdio. Only bubblewrap writes to it;
 * the program never holds it once it runs.
 */
export const STATUS_FD = 3;

/** What bubblewrap's status report said about one run. */
export interface BwrapStatusReport {
  /** bubblewrap started its sandbox child (the report has a `child-pid` member). */
  childStarted: boolean;
  /**
   * The program's exit status in shell encoding (N, or 128 + N when killed by signal N), or null
   * when bubblewrap wrote none: it writes it only once its set-up finished and the program was
   * executed, and ended.
   */
  exitCode: number | null;
}

/**
 * Parses everything bubblewrap wrote to its `--json-status-fd`. The format is JSON lines (bwrap(1),
 * bubblewrap 0.8): an object with `child-pid` once the sandbox child was started, then one with
 * `exit-code` when it exited; members and objects not understood are ignored, as bwrap(1) asks.
 */
export function parseBwrapStatus(text: string): BwrapStatusReport {
  const exit = /"exit-code"\s*:\s*(\d+)/.exec(text);
  return { childStarted: text.includes('"child-pid"'), exitCode: exit ? Number(exit[1]) : null };
}
