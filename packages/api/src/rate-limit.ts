/**
 * A fixed-window counter per key: `hit(key)` is false once a key has used `max` hits in the
 * current window. Memory is bounded by sweeping expired keys as windows turn over.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(
    private readonly max: number,
    readonly windowMs: number,
  ) {}

  hit(key: string, now = Date.now()): boolean {
    this.sweep(now);
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
      return true;
    }
    window.count++;
    return window.count <= this.max;
  }

  /** hits `key` has used in its current window, without using one */
  count(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    return window && window.resetAt > now ? window.count : 0;
  }

  /** seconds until `key` may try again */
  retryAfter(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    return window ? Math.max(1, Math.ceil((window.resetAt - now) / 1000)) : 0;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.windowMs;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
