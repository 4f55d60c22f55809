/**
 * Collects a stream's bytes up to `limitBytes`, counting (but not keeping) the rest.
 * `onOverflow` fires once, when the total first exceeds the limit.
 */
export class BoundedCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  /** Every byte seen, kept or not. */
  totalBytes = 0;

  constructor(
    private readonly limitBytes: number,
    private readonly onOverflow?: () => void,
  ) {}

  push(chunk: Buffer): void {
    const before = this.totalBytes;
    this.totalBytes += chunk.length;
    const room = this.limitBytes - this.kept;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.chunks.push(part);
      this.kept += part.length;
    }
    if (before <= this.limitBytes && this.totalBytes > this.limitBytes) this.onOverflow?.();
  }

  get overflowed(): boolean {
    return this.totalBytes > this.limitBytes;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.kept);
  }
}
