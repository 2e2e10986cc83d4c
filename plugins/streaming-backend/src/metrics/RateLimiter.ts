/**
 * A token bucket per key (the user), in memory: each replica limits on its
 * own, which bounds the CloudWatch calls one user can cause per replica.
 */
export class RateLimiter {
  private readonly buckets = new Map<
    string,
    { tokens: number; updatedAt: number }
  >();

  constructor(
    private readonly options: {
      /** Requests allowed in a burst, and refilled per `perSeconds`. */
      requests: number;
      perSeconds: number;
      now?: () => number;
    },
  ) {}

  /** Takes one token; when none is left, says how long until the next one. */
  take(
    key: string,
  ): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.options.now?.() ?? Date.now();
    const rate = this.options.requests / (this.options.perSeconds * 1000);
    const bucket = this.buckets.get(key) ?? {
      tokens: this.options.requests,
      updatedAt: now,
    };
    bucket.tokens = Math.min(
      this.options.requests,
      bucket.tokens + (now - bucket.updatedAt) * rate,
    );
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    // Forget idle users so the map does not grow without bound.
    if (this.buckets.size > 10_000) this.prune(now, rate);
    return {
      allowed: false,
      retryAfterSeconds: Math.ceil((1 - bucket.tokens) / rate / 1000),
    };
  }

  private prune(now: number, rate: number) {
    for (const [key, bucket] of this.buckets) {
      if (
        bucket.tokens + (now - bucket.updatedAt) * rate >=
        this.options.requests
      ) {
        this.buckets.delete(key);
      }
    }
  }
}
