/** Subscribes one socket may start at once (a reconnecting client subscribing again to what it followed). */
export const SUBSCRIBE_BURST = 20;
/** Subscribes one socket may start per second after its burst. */
export const SUBSCRIBES_PER_SECOND = 4;

/**
 * A token bucket bounding how often one Socket.IO client may start a `subscribe` (each reads the
 * replay buffer or the stored state and sends it): SUBSCRIBE_BURST at once, then SUBSCRIBES_PER_SECOND.
 */
export class SubscribeRate {
  private tokens = SUBSCRIBE_BURST;
  private updatedAt: number;

  /** @param now the clock, ms (Date.now by default). */
  constructor(private readonly now: () => number = Date.now) {
    this.updatedAt = now();
  }

  /** Takes one subscribe. @returns 0 when allowed, else the ms to wait until the next one is. */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(SUBSCRIBE_BURST, this.tokens + ((now - this.updatedAt) / 1000) * SUBSCRIBES_PER_SECOND);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / SUBSCRIBES_PER_SECOND) * 1000);
  }
}
