/**
 * Chart requests in flight at once, for the whole page. With charts loading
 * as they come into view this keeps a first view far below the backend's
 * per-user limit (`streaming.metrics.rateLimit`, 60 a minute by default).
 */
export const MAX_CHART_REQUESTS_IN_FLIGHT = 4;

/** Runs tasks with at most `max` of them in flight, the others in arrival order. */
export class RequestLimiter {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.max) {
      await new Promise<void>(resolve => this.waiting.push(resolve));
    } else {
      this.inFlight++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task, so inFlight never exceeds max.
      if (next) next();
      else this.inFlight--;
    }
  }
}

const limiters = new WeakMap<object, RequestLimiter>();

/**
 * The limiter every chart of the app shares: one per API instance, which the
 * app creates once (and each test anew).
 */
export function chartRequestLimiterFor(api: object): RequestLimiter {
  let limiter = limiters.get(api);
  if (!limiter) {
    limiter = new RequestLimiter(MAX_CHART_REQUESTS_IN_FLIGHT);
    limiters.set(api, limiter);
  }
  return limiter;
}
