/**
 * The framing of verdict-resident's channel (libs/sandbox/native/verdict-resident.c): a frame is
 * TYPE (1 byte), LENGTH (u32 little-endian), PAYLOAD. Worker → resident: `S` start (then the
 * stdin bytes, unframed), `K` kill. Resident → worker: `R` ready, `O` stdout, `E` stderr, `X` end.
 */

/** Bytes of a frame's header (type + length). */
const HEAD_BYTES = 5;
/** Fields of a start frame's fixed header, each a u64 (verdict-resident.c, HEADER_FIELDS). */
const START_FIELDS = 12;

/** One run as verdict-resident takes it. Sizes in bytes, CPU seconds for the rlimit backstop. */
export interface ResidentStart {
  argv: readonly string[];
  /** `NAME=value` strings: the program's whole environment. */
  envp: readonly string[];
  tmpBytes: number;
  tmpInodes: number;
  stdin: Buffer;
  cpuSoftS: number;
  cpuHardS: number;
  fileSizeBytes: number;
  openFiles: number;
  stackBytes: number;
  /** stdout forwarded: at most this + 1 (the byte past the limit says Output Limit). */
  stdoutBytes: number;
  stderrBytes: number;
}

/** A start frame followed by the stdin bytes, ready to write to the resident's stdin. */
export function encodeStart(run: ResidentStart): Buffer {
  const strings = Buffer.from([...run.argv, ...run.envp].map((s) => `${s}\0`).join(''));
  const header = Buffer.alloc(START_FIELDS * 8);
  const fields = [
    run.argv.length,
    run.envp.length,
    run.tmpBytes,
    run.tmpInodes,
    run.stdin.length,
    run.cpuSoftS,
    run.cpuHardS,
    run.fileSizeBytes,
    run.openFiles,
    run.stackBytes,
    run.stdoutBytes,
    run.stderrBytes,
  ];
  fields.forEach((v, i) => header.writeBigUInt64LE(BigInt(v), i * 8));
  const head = Buffer.alloc(HEAD_BYTES);
  head.write('S', 0, 'latin1');
  head.writeUInt32LE(header.length + strings.length, 1);
  return Buffer.concat([head, header, strings, run.stdin]);
}

/** The kill frame: SIGKILL the run in progress (ignored when none is). */
export const KILL_FRAME = Buffer.from([0x4b, 0, 0, 0, 0]);

/** A frame from the resident. */
export interface ResidentFrame {
  type: 'R' | 'O' | 'E' | 'X';
  payload: Buffer;
}

/** How a run ended, from an `X` frame. */
export interface ResidentEnd {
  /** The init saw the program exit (`waitStatus` is its wait status); false when the run was killed first or never started. */
  statusValid: boolean;
  /** Linux wait status of the program (exit code << 8, or the signal number). */
  waitStatus: number;
  /** Why the program could not be started (a mount, the filter, execve), empty when it was. */
  setupMessage: string;
}

/** Decodes an `X` frame's payload. */
export function parseEnd(payload: Buffer): ResidentEnd {
  return {
    statusValid: (payload.readUInt32LE(0) & 1) === 1,
    waitStatus: payload.readInt32LE(4),
    setupMessage: payload.subarray(8).toString(),
  };
}

/**
 * The program's exit in the shell encoding run-outcome.ts reads (bubblewrap's): the exit code, or
 * 128 + N for death by signal N.
 */
export function shellStatus(waitStatus: number): number {
  const signal = waitStatus & 0x7f;
  return signal === 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
}

/** Splits the resident's stdout into frames; throws on a type it never sends. */
export class FrameReader {
  /** Bytes received and not yet framed, in order (joined only once a whole frame is there). */
  private chunks: Buffer[] = [];
  private pendingBytes = 0;

  /** Feeds bytes; returns the frames completed by them, in order. */
  push(chunk: Buffer): ResidentFrame[] {
    this.chunks.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: ResidentFrame[] = [];
    for (;;) {
      if (this.pendingBytes < HEAD_BYTES) break;
      if (this.chunks[0]!.length < HEAD_BYTES) this.join();
      const head = this.chunks[0]!;
      const length = head.readUInt32LE(1);
      if (this.pendingBytes < HEAD_BYTES + length) break;
      if (head.length < HEAD_BYTES + length) this.join();
      const whole = this.chunks[0]!;
      const type = String.fromCharCode(whole[0]!);
      if (type !== 'R' && type !== 'O' && type !== 'E' && type !== 'X') throw new Error(`the resident sent a frame of type ${type}`);
      frames.push({ type, payload: whole.subarray(HEAD_BYTES, HEAD_BYTES + length) });
      const rest = whole.subarray(HEAD_BYTES + length);
      if (rest.length > 0) this.chunks[0] = rest;
      else this.chunks.shift();
      this.pendingBytes -= HEAD_BYTES + length;
    }
    return frames;
  }

  private join(): void {
    this.chunks = [Buffer.concat(this.chunks, this.pendingBytes)];
  }
}
