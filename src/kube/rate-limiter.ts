import type { Clock } from './clock.js';

/** Per-key exponential backoff: base · 2^failures, capped. */
export class ItemBackoff {
  private readonly failures = new Map<string, number>();

  constructor(
    readonly baseMs = 5,
    readonly maxMs = 5 * 60_000,
  ) {}

  /** Records one more failure of `key` and returns how long to wait before retrying it. */
  next(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    // 2^n overflows to Infinity long before it matters; cap first.
    return Math.min(this.maxMs, this.baseMs * 2 ** Math.min(n, 52));
  }

  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }
}

/**
 * A global token bucket shared by every key (client-go's BucketRateLimiter):
 * `burst` retries may go at once, then `qps` per second. `reserve()` books a
 * token and says how long to wait for it, so retries spread out instead of
 * being dropped.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    readonly qps = 10,
    readonly burst = 100,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  reserve(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }
}
