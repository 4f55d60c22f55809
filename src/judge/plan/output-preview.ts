/** The preview of a run's stdout or stderr that results carry, and what it leaves out. */
export interface OutputPreview {
  /** At most the first `previewBytes` bytes as UTF-8: a character the cut would split is left out; invalid sequences are replaced (U+FFFD). */
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
    text: output.subarray(0, utf8Cut(output, previewBytes)).toString('utf8'),
    bytes: output.length,
    truncated: output.length > previewBytes,
  };
}

/**
 * Where to cut `output` to at most `limit` bytes without splitting a UTF-8 character: `limit`, or
 * the start of the character (at most 3 bytes back) that would run past it. Bytes that are not
 * valid UTF-8 are not moved around: a lead byte is only stepped back over when it starts a
 * sequence longer than what is left before the cut.
 */
function utf8Cut(output: Buffer, limit: number): number {
  if (output.length <= limit) return output.length;
  for (let back = 1; back <= 3 && limit - back >= 0; back++) {
    const byte = output[limit - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf8 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? limit - back : limit;
  }
  return limit;
}
