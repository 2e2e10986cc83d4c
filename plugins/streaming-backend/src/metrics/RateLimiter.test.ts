import { RateLimiter } from './RateLimiter';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the wait, then refills over time', () => {
    let now = 0;
    const limiter = new RateLimiter({
      requests: 3,
      perSeconds: 60,
      now: () => now,
    });
    expect([1, 2, 3].map(() => limiter.take('user:a').allowed)).toEqual([
      true,
      true,
      true,
    ]);
    expect(limiter.take('user:a')).toEqual({
      allowed: false,
      retryAfterSeconds: 20,
    });
    // Another user has its own bucket.
    expect(limiter.take('user:b').allowed).toBe(true);
    now += 20_000;
    expect(limiter.take('user:a').allowed).toBe(true);
    expect(limiter.take('user:a').allowed).toBe(false);
  });
});
