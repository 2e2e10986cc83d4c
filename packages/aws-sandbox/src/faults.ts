import { z } from 'zod';
import { ALL_OPERATIONS, iamAction, ServiceName } from './operations';
import { AwsError } from './protocol';
import type { Account, Fault } from './scenario';

/**
 * Faults that apply to every account: latency, random throttling and server
 * errors, and AWS-like request-rate limits. Per-account faults (AccessDenied,
 * a hanging account, ...) stay in each account's `faults` list.
 */
export const estateFaultsSchema = z
  .object({
    /** Added to every AWS call before it is answered. */
    latencyMs: z.number().int().min(0).max(600_000).default(0),
    /** Per-operation latency, replacing `latencyMs` for that operation. */
    latencyByOperation: z
      .record(
        z.string().refine(op => ALL_OPERATIONS.includes(op), {
          message: `must be one of ${ALL_OPERATIONS.join(', ')}`,
        }),
        z.number().int().min(0).max(600_000),
      )
      .default({}),
    /** Share of calls (0-1) answered with the protocol's throttling error. */
    throttleRate: z.number().min(0).max(1).default(0),
    /** Share of calls (0-1) answered with the protocol's 500 error. */
    serverErrorRate: z.number().min(0).max(1).default(0),
    /**
     * Enforce the per-operation request-rate quotas (token buckets per account,
     * region and operation) in RATE_LIMITS; `overrides` replaces single figures.
     */
    rateLimits: z
      .object({
        enabled: z.boolean().default(true),
        overrides: z
          .record(
            z.string(),
            z
              .object({
                perSecond: z.number().positive(),
                burst: z.number().int().min(1),
              })
              .strict(),
          )
          .default({}),
      })
      .strict()
      .optional(),
    /** Seed of the random draws, so a run's faults repeat exactly. */
    seed: z.number().int().default(1),
  })
  .strict();

export type EstateFaultsInput = z.input<typeof estateFaultsSchema>;
export type EstateFaults = z.output<typeof estateFaultsSchema>;

export interface RateLimit {
  perSecond: number;
  burst: number;
  /** Where the figure comes from; "assumed" when AWS publishes none (docs/sandbox.md). */
  source: string;
}

const ASSUMED = 'assumed';
const CLOUDWATCH_QUOTAS =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html';

/**
 * Request-rate quotas per account and region. GetMetricData's is documented
 * (CloudWatch service quotas); MSK and Managed Flink publish no per-API rates,
 * so theirs, like the other CloudWatch figures, are assumed, conservative
 * figures (docs/sandbox.md lists each with its source). Burst is one second's worth unless noted.
 */
export const RATE_LIMITS: Record<string, RateLimit> = {
  // CloudWatch
  GetMetricData: { perSecond: 50, burst: 50, source: CLOUDWATCH_QUOTAS },
  // Recalled from the same page but not verified there: marked assumed.
  ListMetrics: { perSecond: 25, burst: 25, source: ASSUMED },
  DescribeAlarms: { perSecond: 9, burst: 9, source: ASSUMED },
  PutMetricAlarm: { perSecond: 3, burst: 3, source: ASSUMED },
  // MSK (assumed)
  ListClustersV2: { perSecond: 10, burst: 10, source: ASSUMED },
  DescribeClusterV2: { perSecond: 10, burst: 10, source: ASSUMED },
  ListNodes: { perSecond: 10, burst: 10, source: ASSUMED },
  ListTopics: { perSecond: 10, burst: 10, source: ASSUMED },
  DescribeTopic: { perSecond: 10, burst: 10, source: ASSUMED },
  'kafka:ListTagsForResource': { perSecond: 10, burst: 10, source: ASSUMED },
  // Managed Flink (assumed)
  ListApplications: { perSecond: 5, burst: 5, source: ASSUMED },
  DescribeApplication: { perSecond: 10, burst: 10, source: ASSUMED },
  ListApplicationOperations: { perSecond: 5, burst: 5, source: ASSUMED },
  'kinesisanalytics:ListTagsForResource': {
    perSecond: 5,
    burst: 5,
    source: ASSUMED,
  },
};

/** The quota key of an operation: ListTagsForResource exists in two services. */
export function rateLimitKey(service: ServiceName, operation: string): string {
  return operation === 'ListTagsForResource'
    ? `${service}:${operation}`
    : operation;
}

/** A token bucket: `burst` calls at once, refilled at `perSecond`. */
class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(private readonly limit: RateLimit, now: number) {
    this.tokens = limit.burst;
    this.updatedAt = now;
  }

  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(
      this.limit.burst,
      this.tokens + elapsed * this.limit.perSecond,
    );
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Deterministic draws in [0, 1) (mulberry32), so a seeded run repeats. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The protocol's own throttling error: what the installed SDK clients retry. */
export function throttlingError(service: ServiceName): AwsError {
  if (service === 'kafka') {
    // MSK (restJson1): 429 TooManyRequestsException.
    return new AwsError(429, 'TooManyRequestsException', 'Too Many Requests');
  }
  if (service === 'monitoring') {
    // CloudWatch's awsQuery code is Throttling; the JSON client names the error by it.
    return new AwsError(400, 'ThrottlingException', 'Rate exceeded', {
      queryCode: 'Throttling',
    });
  }
  // Managed Flink and the other awsJson1.1 services: the common ThrottlingException.
  return new AwsError(400, 'ThrottlingException', 'Rate exceeded');
}

/** The protocol's internal error (HTTP 500), which the SDK retries as transient. */
export function serverError(service: ServiceName): AwsError {
  if (service === 'kafka') {
    return new AwsError(
      500,
      'InternalServerErrorException',
      'Injected internal error',
    );
  }
  return new AwsError(
    500,
    service === 'monitoring' ? 'InternalServiceFault' : 'InternalFailure',
    'Injected internal error',
    { queryCode: 'InternalServiceError' },
  );
}

/** AccessDenied naming the refused IAM action, as AWS words it. */
export function accessDeniedError(
  service: ServiceName,
  operation: string,
  account: Account,
  region: string,
  principal: string = account.principal,
): AwsError {
  const action = iamAction(service, operation);
  const resource = `arn:aws:${action.split(':')[0]}:${region}:${account.id}:*`;
  return new AwsError(
    403,
    'AccessDeniedException',
    `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  );
}

function accountFaultError(
  kind: Exclude<Fault['error'], 'Timeout'>,
  call: FaultCall,
): AwsError {
  switch (kind) {
    case 'AccessDenied':
      return accessDeniedError(
        call.service,
        call.operation,
        call.account,
        call.region,
        call.principal,
      );
    case 'ServerError':
      return serverError(call.service);
    default:
      return throttlingError(call.service);
  }
}

/** What to do with one call: hold it for `delayMs`, then answer normally or with `error`. */
export interface FaultDecision {
  delayMs: number;
  /** Held until the client gives up (or `delayMs`), then nothing is answered. */
  hang?: boolean;
  error?: AwsError;
  /** The fault's name, for the request log. */
  name?: string;
}

export interface FaultCall {
  account: Account;
  /** Who signed the call: the account's own user, or a role session assumed into it. */
  principal?: string;
  region: string;
  service: ServiceName;
  operation: string;
}

/**
 * Decides each call's fault. Scenario faults are the base; the admin endpoint
 * replaces the run-time layer (estate faults and extra per-account faults)
 * without touching the scenario's.
 */
export class FaultInjector {
  private estate: EstateFaults;
  private runtimeAccountFaults = new Map<string, Fault[]>();
  private random: () => number;
  private buckets = new Map<string, TokenBucket>();
  /** How many times each fault has fired, for faults limited by `times`. */
  private readonly hits = new Map<Fault, number>();
  /** Calls refused by a rate limit, per quota key, since the last reset. */
  private rateLimited = new Map<string, number>();

  constructor(
    private readonly scenarioEstate: EstateFaults | undefined,
    private readonly options: { timeoutMs: number; now?: () => number },
  ) {
    this.estate = scenarioEstate ?? estateFaultsSchema.parse({});
    this.random = seededRandom(this.estate.seed);
  }

  /** Replaces the run-time faults (admin endpoint); undefined parts return to the scenario's. */
  configure(update: {
    estate?: EstateFaults;
    accounts?: Record<string, Fault[]>;
  }) {
    this.estate =
      update.estate ?? this.scenarioEstate ?? estateFaultsSchema.parse({});
    this.random = seededRandom(this.estate.seed);
    this.buckets.clear();
    this.rateLimited.clear();
    this.runtimeAccountFaults = new Map(Object.entries(update.accounts ?? {}));
  }

  describe() {
    return {
      estate: this.estate,
      accounts: Object.fromEntries(this.runtimeAccountFaults),
      rateLimited: Object.fromEntries(this.rateLimited),
      // The quotas in force, so a measurement can state what they allow.
      rateLimits: this.estate.rateLimits?.enabled
        ? Object.fromEntries(
            Object.entries(RATE_LIMITS).map(([key, limit]) => [
              key,
              this.estate.rateLimits?.overrides[key] ?? limit,
            ]),
          )
        : {},
    };
  }

  decide(call: FaultCall): FaultDecision {
    const { account, service, operation } = call;
    const delayMs =
      this.estate.latencyByOperation[operation] ?? this.estate.latencyMs;

    const fault = this.matchAccountFault(call);
    if (fault) {
      if (fault.error === 'Timeout') {
        return {
          delayMs: fault.delayMs ?? this.options.timeoutMs,
          hang: true,
          name: fault.error,
        };
      }
      const error = accountFaultError(fault.error, call);
      return { delayMs, error, name: fault.error };
    }

    if (this.estate.rateLimits?.enabled) {
      const key = rateLimitKey(service, operation);
      const limit =
        this.estate.rateLimits.overrides[key] ??
        this.estate.rateLimits.overrides[operation] ??
        RATE_LIMITS[key];
      if (limit) {
        const bucketKey = `${account.id}/${call.region}/${key}`;
        const now = this.options.now?.() ?? Date.now();
        let bucket = this.buckets.get(bucketKey);
        if (!bucket) {
          bucket = new TokenBucket({ source: '', ...limit }, now);
          this.buckets.set(bucketKey, bucket);
        }
        if (!bucket.take(now)) {
          this.rateLimited.set(key, (this.rateLimited.get(key) ?? 0) + 1);
          return {
            delayMs,
            error: throttlingError(service),
            name: 'RateLimit',
          };
        }
      }
    }
    if (
      this.estate.throttleRate > 0 &&
      this.random() < this.estate.throttleRate
    )
      return { delayMs, error: throttlingError(service), name: 'Throttling' };
    if (
      this.estate.serverErrorRate > 0 &&
      this.random() < this.estate.serverErrorRate
    )
      return { delayMs, error: serverError(service), name: 'ServerError' };
    return { delayMs };
  }

  private matchAccountFault(call: FaultCall): Fault | undefined {
    const candidates = [
      ...(this.runtimeAccountFaults.get(call.account.id) ?? []),
      ...call.account.faults,
    ];
    const fault = candidates.find(
      f =>
        (!f.region || f.region === call.region) &&
        (!f.service || f.service === call.service) &&
        (!f.operation || f.operation === call.operation) &&
        (f.times === undefined || (this.hits.get(f) ?? 0) < f.times),
    );
    if (!fault) return undefined;
    // A fault with a rate fires on that share of its matching calls.
    if (fault.rate !== undefined && this.random() >= fault.rate)
      return undefined;
    this.hits.set(fault, (this.hits.get(fault) ?? 0) + 1);
    return fault;
  }
}
