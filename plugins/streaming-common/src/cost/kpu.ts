/**
 * Kinesis Processing Units (KPUs) of Managed Flink applications.
 * 1 KPU = 1 vCPU, 4 GB memory and 50 GB running application storage.
 */

/** Default per-application KPU limit (Managed Flink quotas); `streaming.flink.kpuLimit` overrides it. */
export const DEFAULT_KPU_LIMIT = 64;

/** `ParallelismPerKPU` may not exceed this (Managed Flink scaling). */
export const MAX_PARALLELISM_PER_KPU = 8;

/** Orchestration KPUs charged on top of the processing KPUs of a streaming application. */
export const STREAMING_ORCHESTRATION_KPUS = 1;
/** Extra KPUs charged for a Studio notebook (`INTERACTIVE` mode). */
export const STUDIO_EXTRA_KPUS = 2;

/**
 * Statuses in which the application holds its KPUs. Transitional statuses
 * (starting, updating, autoscaling, stopping, maintenance, rolling back) still
 * run the job or its replacement, and ROLLED_BACK runs the previous version.
 */
export const FLINK_KPU_HOLDING_STATUSES: readonly string[] = [
  'RUNNING',
  'STARTING',
  'UPDATING',
  'AUTOSCALING',
  'MAINTENANCE',
  'ROLLING_BACK',
  'ROLLED_BACK',
  'STOPPING',
  'FORCE_STOPPING',
];

/** Statuses in which nothing runs: READY is a stopped application. */
export const FLINK_STOPPED_STATUSES: readonly string[] = ['READY', 'DELETING'];

export interface KpuInput {
  /** `ApplicationStatus`, e.g. RUNNING or READY. */
  status: string;
  /** `STREAMING` or `INTERACTIVE` (Studio); null is taken as STREAMING. */
  applicationMode: string | null;
  /** `CurrentParallelism`; falls back to `parallelism`, then 1. */
  currentParallelism: number | null;
  /** Configured `Parallelism`, used only when `currentParallelism` is null. */
  parallelism?: number | null;
  /** `ParallelismPerKPU`; 1 (the service default) when null. */
  parallelismPerKpu: number | null;
}

export interface KpuCount {
  /** KPUs billed; 0 for a stopped application, null for a status this plugin does not know. */
  total: number | null;
  /** ceil(parallelism / parallelismPerKpu) while running, else 0 (null for an unknown status). */
  processing: number | null;
  /** Orchestration KPUs: 1, or 2 for a Studio notebook; 0 when stopped. */
  overhead: number;
  parallelism: number;
  parallelismPerKpu: number;
  /** How the number was reached, in words. */
  basis: string;
}

function positiveOr(
  value: number | null | undefined,
  fallback: number,
  name: string,
): number {
  if (value === null || value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `${name} must be a whole number of 1 or more, got ${value}`,
    );
  }
  return value;
}

/**
 * KPUs in use: `ceil(CurrentParallelism / ParallelismPerKPU) + 1` for a
 * running streaming application, `+ 2` instead of `+ 1` for a Studio
 * notebook, 0 for a stopped one. The ceil is inferred (the docs state the
 * division; scale-down rounds up).
 */
export function kpusInUse(input: KpuInput): KpuCount {
  const parallelism = positiveOr(
    input.currentParallelism ?? input.parallelism,
    1,
    'currentParallelism',
  );
  const parallelismPerKpu = positiveOr(
    input.parallelismPerKpu,
    1,
    'parallelismPerKpu',
  );
  if (parallelismPerKpu > MAX_PARALLELISM_PER_KPU) {
    throw new Error(
      `parallelismPerKpu must be at most ${MAX_PARALLELISM_PER_KPU}, got ${parallelismPerKpu}`,
    );
  }
  const base = { parallelism, parallelismPerKpu };
  if (FLINK_STOPPED_STATUSES.includes(input.status)) {
    return {
      ...base,
      total: 0,
      processing: 0,
      overhead: 0,
      basis: `The application is ${input.status} (not running) and uses no KPUs.`,
    };
  }
  const studio = input.applicationMode === 'INTERACTIVE';
  const overhead = studio ? STUDIO_EXTRA_KPUS : STREAMING_ORCHESTRATION_KPUS;
  if (!FLINK_KPU_HOLDING_STATUSES.includes(input.status)) {
    return {
      ...base,
      total: null,
      processing: null,
      overhead,
      basis: `Status ${input.status} is not known to this plugin, so whether it holds KPUs is unknown.`,
    };
  }
  const processing = Math.ceil(parallelism / parallelismPerKpu);
  return {
    ...base,
    total: processing + overhead,
    processing,
    overhead,
    basis: `ceil(${parallelism} / ${parallelismPerKpu}) = ${processing} + ${overhead} ${
      studio ? 'Studio notebook' : 'orchestration'
    } KPU${overhead > 1 ? 's' : ''} = ${processing + overhead}`,
  };
}

export type KpuCrossCheck =
  | { status: 'agree'; computed: number; metric: number; message: string }
  | { status: 'disagree'; computed: number; metric: number; message: string }
  | { status: 'no-metric'; computed: number; metric: null; message: string };

/**
 * Compares the computed KPUs with the CloudWatch `KPUs` metric (one sample an
 * hour, said to include the orchestration KPU). The metric is rounded, as it
 * counts whole KPUs.
 */
export function crossCheckKpus(
  computed: number,
  metricValue: number | null,
): KpuCrossCheck {
  if (metricValue === null || !Number.isFinite(metricValue)) {
    return {
      status: 'no-metric',
      computed,
      metric: null,
      message: `Computed ${computed} KPUs; the KPUs metric has no recent datapoint to compare with.`,
    };
  }
  const metric = Math.round(metricValue);
  if (metric === computed) {
    return {
      status: 'agree',
      computed,
      metric,
      message: `Computed ${computed} KPUs, matching the KPUs metric.`,
    };
  }
  const hint =
    metric === computed - 1
      ? ' The metric may exclude the orchestration KPU.'
      : ' The metric is sampled hourly, so a recent scaling change may not show yet.';
  return {
    status: 'disagree',
    computed,
    metric,
    message: `Computed ${computed} KPUs from the parallelism, but the KPUs metric reports ${metric}.${hint}`,
  };
}

/** A timestamp as an ISO string, epoch milliseconds or Date. */
export type TimeInput = string | number | Date;

function toMillis(time: TimeInput, name: string): number {
  const ms = new Date(time).getTime();
  if (Number.isNaN(ms)) {
    throw new Error(`${name} is not a valid time: ${JSON.stringify(time)}`);
  }
  return ms;
}

const HOUR_MS = 3_600_000;

/** One observation: the KPUs metric, or the parallelism (converted with the options). */
export type KpuObservation =
  | { timestamp: TimeInput; kpus: number }
  | { timestamp: TimeInput; currentParallelism: number };

export interface KpuHistoryOptions {
  /** Used to convert parallelism observations; default 1. */
  parallelismPerKpu?: number | null;
  /** `INTERACTIVE` adds 2 KPUs instead of 1. */
  applicationMode?: string | null;
  /** First and last hour to report; default the hours of the first and last observation. */
  start?: TimeInput;
  end?: TimeInput;
}

export interface KpuHistory {
  /** One entry per hour (UTC, start of the hour); null before the first observation. */
  hourly: { hour: string; kpus: number | null }[];
  peak: number | null;
  /** Mean over the hours that have a value. */
  average: number | null;
}

/**
 * Hourly KPU series over a range. An hour takes the highest value observed in
 * it (billing follows the larger allocation); an hour without observations
 * keeps the previous hour's value, since KPUs change only when something
 * rescales the application.
 */
export function kpuHistory(
  observations: KpuObservation[],
  options: KpuHistoryOptions = {},
): KpuHistory {
  const perHour = new Map<number, number>();
  for (const [index, observation] of observations.entries()) {
    const hour = Math.floor(
      toMillis(observation.timestamp, `observations[${index}].timestamp`) /
        HOUR_MS,
    );
    const kpus =
      'kpus' in observation
        ? observation.kpus
        : kpusInUse({
            status: 'RUNNING',
            applicationMode: options.applicationMode ?? null,
            currentParallelism: observation.currentParallelism,
            parallelismPerKpu: options.parallelismPerKpu ?? null,
          }).total!;
    if (!Number.isFinite(kpus) || kpus < 0) {
      throw new Error(
        `observations[${index}] has an invalid KPU count: ${kpus}`,
      );
    }
    perHour.set(hour, Math.max(perHour.get(hour) ?? 0, kpus));
  }
  const observedHours = [...perHour.keys()].sort((a, b) => a - b);
  const first =
    options.start !== undefined
      ? Math.floor(toMillis(options.start, 'start') / HOUR_MS)
      : observedHours[0];
  const last =
    options.end !== undefined
      ? Math.floor(toMillis(options.end, 'end') / HOUR_MS)
      : observedHours[observedHours.length - 1];
  if (first === undefined || last === undefined || last < first) {
    return { hourly: [], peak: null, average: null };
  }
  // Observations before the range still set the value the range starts with.
  let current: number | null = null;
  for (const hour of observedHours) {
    if (hour < first) current = perHour.get(hour)!;
  }
  const hourly: KpuHistory['hourly'] = [];
  for (let hour = first; hour <= last; hour++) {
    current = perHour.get(hour) ?? current;
    hourly.push({
      hour: new Date(hour * HOUR_MS).toISOString(),
      kpus: current,
    });
  }
  const values = hourly.map(h => h.kpus).filter((v): v is number => v !== null);
  return {
    hourly,
    peak: values.length ? Math.max(...values) : null,
    average: values.length
      ? values.reduce((a, b) => a + b, 0) / values.length
      : null,
  };
}

export interface AutoscalingEvent {
  at: string;
  direction: 'up' | 'down';
  fromParallelism: number;
  toParallelism: number;
  /**
   * `autoscale-up` when parallelism doubled and `autoscale-down` when it
   * halved (rounded up), as the Managed Flink autoscaler does; `other` for
   * any other change, e.g. a manual update.
   */
  pattern: 'autoscale-up' | 'autoscale-down' | 'other';
}

/** Scaling events from a series of `CurrentParallelism` observations, oldest first after sorting. */
export function autoscalingEvents(
  series: { timestamp: TimeInput; currentParallelism: number }[],
): AutoscalingEvent[] {
  const sorted = series
    .map((point, index) => ({
      ms: toMillis(point.timestamp, `series[${index}].timestamp`),
      parallelism: point.currentParallelism,
    }))
    .sort((a, b) => a.ms - b.ms);
  const events: AutoscalingEvent[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const from = sorted[i - 1].parallelism;
    const to = sorted[i].parallelism;
    if (from === to) continue;
    const direction = to > from ? 'up' : 'down';
    let pattern: AutoscalingEvent['pattern'] = 'other';
    if (direction === 'up' && to === from * 2) pattern = 'autoscale-up';
    if (direction === 'down' && to === Math.ceil(from / 2))
      pattern = 'autoscale-down';
    events.push({
      at: new Date(sorted[i].ms).toISOString(),
      direction,
      fromParallelism: from,
      toParallelism: to,
      pattern,
    });
  }
  return events;
}

export interface KpuLimitUsage {
  kpus: number;
  limit: number;
  /** kpus / limit × 100, rounded to one decimal. */
  percent: number;
  remaining: number;
  atOrOverLimit: boolean;
  /** Whether autoscaling could still double the processing KPUs within the limit. */
  canDouble: boolean;
}

/** KPUs in use against the per-application KPU limit. */
export function kpuLimitUsage(
  kpus: number,
  limit: number = DEFAULT_KPU_LIMIT,
  overhead: number = STREAMING_ORCHESTRATION_KPUS,
): KpuLimitUsage {
  const processing = Math.max(0, kpus - overhead);
  return {
    kpus,
    limit,
    percent: Math.round((kpus / limit) * 1000) / 10,
    remaining: Math.max(0, limit - kpus),
    atOrOverLimit: kpus >= limit,
    canDouble: processing * 2 + overhead <= limit,
  };
}

/** Validates `streaming.flink.kpuLimit`; undefined gives the default. */
export function resolveKpuLimit(value: unknown): number {
  if (value === undefined || value === null) {
    return DEFAULT_KPU_LIMIT;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(
      `streaming.flink.kpuLimit must be a whole number of 1 or more, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value;
}
