/** The preview of a run's stdout or stderr that results carry, and what it leaves out. */
export interface OutputPreview {
  /** The first `previewBytes` bytes as UTF-8 (invalid sequences, a character cut in two included, replaced). */
  text: string;
  /** Size of the whole output as read, bytes. */
  bytes: number;
  /** Whether `text` is shorter than the output (bytes were cut). */
  truncated: boolean;
}

/**
 * The preview of `output` a TestResult carries: its first `previewBytes` bytes (OUTPUT_PREVIEW_BYTES), the
 * output's size, and whether the preview cut it.
 * @param output the run's stdout or stderr as the sandbox captured it.
 */
export function outputPreview(output: Buffer, previewBytes: number): OutputPreview {
  return {
    text: output.subarray(0, previewBytes).toString('utf8'),
    bytes: output.length,
    truncated: output.length > previewBytes,
  };
}
