/**
 * Paces AWS calls per operation so a refresh stays inside the request-rate
 * quotas instead of being throttled into them: a throttled call costs a retry,
 * and adaptive retry slows every operation of the client, not just the one
 * over its quota.
 */

/**
 * Requests per second per operation, per account and region. MSK and Managed
 * Flink publish no per-API rates: these are the conservative figures the
 * sandbox enforces (docs/sandbox.md gives each one's source, or "assumed").
 * GetMetricData's is CloudWatch's documented quota. An operation not listed
 * is not paced. `streaming.aws.requestsPerSecond` replaces single figures.
 */
export const DEFAULT_REQUESTS_PER_SECOND: Readonly<
  Record<PacedService, Readonly<Record<string, number>>>
> = {
  kafka: {
    ListClustersV2: 10,
    DescribeClusterV2: 10,
    ListNodes: 10,
    ListTopics: 10,
    DescribeTopic: 10,
    ListTagsForResource: 10,
  },
  flink: {
    ListApplications: 5,
    DescribeApplication: 10,
    ListApplicationOperations: 5,
    ListTagsForResource: 5,
  },
  cloudwatch: {
    GetMetricData: 50,
    ListMetrics: 25,
  },
};

export type PacedService = 'kafka' | 'flink' | 'cloudwatch';

/**
 * Evenly spaced slots for one operation: each call takes the next free slot
 * (1 / perSecond apart) and waits for it. Spacing without a burst leaves
 * AWS's own burst allowance to absorb network jitter.
 */
export class OperationPacer {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = ms =>
      new Promise(resolve => setTimeout(resolve, ms)),
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the caller may send its request. */
  async acquire(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }
}

/**
 * The part of an AWS SDK v3 client that pacing needs: its middleware stack.
 *
 * @public
 */
export type PaceableClient = {
  middlewareStack: {
    add: (
      middleware: (next: any, context: any) => (args: any) => Promise<any>,
      options: { step: 'initialize'; name: string },
    ) => void;
  };
};

/**
 * Adds pacing to one client of one account and region. Each logical call
 * waits once (the initialize step runs before the retry middleware, so
 * retries are left to adaptive retry's own back-off).
 */
export function paceRequests(
  client: PaceableClient,
  perSecond: Readonly<Record<string, number>>,
): void {
  const pacers = new Map<string, OperationPacer>();
  client.middlewareStack.add(
    (next, context) => async args => {
      const operation = String(context.commandName ?? '').replace(
        /Command$/,
        '',
      );
      const rate = perSecond[operation];
      if (rate) {
        let pacer = pacers.get(operation);
        if (!pacer) {
          pacer = new OperationPacer(rate);
          pacers.set(operation, pacer);
        }
        await pacer.acquire();
      }
      return next(args);
    },
    { step: 'initialize', name: 'streamingRequestPacing' },
  );
}

/** The built-in rates with `overrides` (operation name to requests per second; 0 turns pacing off for it). */
export function requestsPerSecond(
  service: PacedService,
  overrides: Readonly<Record<string, number>>,
): Record<string, number> {
  const rates = { ...DEFAULT_REQUESTS_PER_SECOND[service] };
  for (const [operation, rate] of Object.entries(overrides)) {
    if (operation in rates || rate > 0) rates[operation] = rate;
  }
  return rates;
}
