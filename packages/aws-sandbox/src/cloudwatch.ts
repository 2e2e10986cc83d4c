import { createHash } from 'node:crypto';
import { CallContext } from './context';
import { sampleAt } from './generators';
import { describeAlarms, putMetricAlarm } from './alarms';
import { AwsError, decodeToken, encodeToken, paginate } from './protocol';
import { MetricSeries, seriesKey } from './scenario';

type Input = Record<string, unknown>;

/**
 * CloudWatch speaks awsJson1_0 but stays compatible with its awsQuery past:
 * every modelled error also carries its query code (x-amzn-query-error).
 */
export const validationError = (message: string) =>
  new AwsError(400, 'ValidationException', message, {
    queryCode: 'ValidationError',
  });
const invalidValue = (message: string) =>
  new AwsError(400, 'InvalidParameterValueException', message, {
    queryCode: 'InvalidParameterValue',
  });
export const missingParameter = (name: string) =>
  new AwsError(
    400,
    'MissingRequiredParameterException',
    `The parameter ${name} is required.`,
    {
      queryCode: 'MissingParameter',
    },
  );
const invalidNextToken = () =>
  new AwsError(
    400,
    'InvalidNextToken',
    'The service cannot process the NextToken.',
    {
      queryCode: 'InvalidNextToken',
    },
  );

export function handleCloudWatch(
  ctx: CallContext,
  operation: string,
  input: Input,
): unknown {
  switch (operation) {
    case 'GetMetricData':
      return getMetricData(ctx, input);
    case 'ListMetrics':
      return listMetrics(ctx, input);
    case 'PutMetricAlarm':
      return putMetricAlarm(ctx, input);
    case 'DescribeAlarms':
      return describeAlarms(ctx, input);
    default:
      throw new AwsError(
        400,
        'UnknownOperationException',
        `Operation ${operation} is not supported by the sandbox.`,
      );
  }
}

// ---------------------------------------------------------------------------
// GetMetricData
// ---------------------------------------------------------------------------

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const QUERY_ID = /^[a-z][a-zA-Z0-9_]{0,254}$/;
const PERCENTILE = /^p(\d{1,2}(\.\d+)?|100)$/;
const SIMPLE_STATS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'];
// CloudWatch keeps 1-minute data for 15 days, 5-minute data for 63 days and hourly data for 455 days.
const DAY = 86_400;
const RETENTION_SECONDS = 455 * DAY;

interface MetricQuery {
  id: string;
  label: string;
  series: MetricSeries | undefined;
  key: string;
  period: number;
  stat: string;
  returnData: boolean;
}

interface Datapoint {
  t: number;
  v: number;
}

function getMetricData(ctx: CallContext, input: Input) {
  const rawQueries = input.MetricDataQueries;
  if (!Array.isArray(rawQueries) || rawQueries.length === 0)
    throw missingParameter('MetricDataQueries');
  if (rawQueries.length > MAX_QUERIES) {
    throw validationError(
      `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}; it has ${rawQueries.length}.`,
    );
  }
  const start = epochSecondsField(input, 'StartTime');
  const end = epochSecondsField(input, 'EndTime');
  if (start >= end) {
    throw invalidValue(
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  }
  const scanBy = input.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw invalidValue(
      'The parameter ScanBy must be TimestampDescending or TimestampAscending.',
    );
  }
  const maxDatapoints = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
  if (
    typeof maxDatapoints !== 'number' ||
    !Number.isInteger(maxDatapoints) ||
    maxDatapoints < 1
  ) {
    throw invalidValue(
      'The parameter MaxDatapoints must be a whole number of 1 or more.',
    );
  }
  const queries = parseQueries(ctx, rawQueries);

  // The token pins "now" so later pages slice the same data as the first one.
  const scope = createHash('sha256')
    .update(
      JSON.stringify([
        queries.map(q => [q.id, q.key, q.period, q.stat, q.returnData]),
        start,
        end,
        scanBy,
      ]),
    )
    .digest('hex');
  let offset = 0;
  let nowSeconds = Math.floor(ctx.now / 1000);
  const token = input.NextToken;
  if (token !== undefined && token !== null && token !== '') {
    const state =
      typeof token === 'string' ? decodeToken(token, scope) : undefined;
    if (!state || state.o === undefined || state.n === undefined)
      throw invalidNextToken();
    offset = state.o;
    nowSeconds = state.n;
  }

  const returned = queries.filter(q => q.returnData);
  const all = returned.map(q => {
    const points = q.series
      ? datapoints(q.series, q.period, q.stat, start, end, nowSeconds)
      : [];
    return scanBy === 'TimestampDescending' ? points.reverse() : points;
  });
  const total = all.reduce((sum, points) => sum + points.length, 0);
  if (offset > total) throw invalidNextToken();

  const pageEnd = Math.min(total, offset + maxDatapoints);
  let position = 0;
  const results = returned.map((q, i) => {
    const points = all[i];
    const from = Math.min(points.length, Math.max(0, offset - position));
    const to = Math.min(points.length, Math.max(0, pageEnd - position));
    position += points.length;
    const slice = points.slice(from, to);
    return {
      Id: q.id,
      Label: q.label,
      Timestamps: slice.map(p => p.t),
      Values: slice.map(p => p.v),
      StatusCode: to < points.length ? 'PartialData' : 'Complete',
      Messages: [],
    };
  });
  return {
    MetricDataResults: results,
    NextToken:
      pageEnd < total
        ? encodeToken(scope, { o: pageEnd, n: nowSeconds })
        : undefined,
    Messages: [],
  };
}

/** The SDK sends timestamps as epoch seconds (possibly fractional). */
function epochSecondsField(input: Input, name: string): number {
  const value = input[name];
  if (value === undefined || value === null) throw missingParameter(name);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidValue(
      `The parameter ${name} must be a timestamp in epoch seconds.`,
    );
  }
  return value;
}

function parseQueries(ctx: CallContext, raw: unknown[]): MetricQuery[] {
  const ids = new Set<string>();
  return raw.map((entry, index) => {
    const q = (entry ?? {}) as Record<string, any>;
    const where = `MetricDataQueries.member.${index + 1}`;
    if (typeof q.Id !== 'string' || !QUERY_ID.test(q.Id)) {
      throw validationError(
        `${where}.Id must start with a lowercase letter and contain only letters, digits and underscores; got ${JSON.stringify(
          q.Id,
        )}.`,
      );
    }
    if (ids.has(q.Id))
      throw validationError(`The Id ${q.Id} is used by more than one query.`);
    ids.add(q.Id);
    if (q.Expression !== undefined) {
      throw validationError(
        `Query ${q.Id} uses a metric math or Metrics Insights expression; the sandbox only answers MetricStat queries.`,
      );
    }
    const stat = q.MetricStat;
    if (!stat || typeof stat !== 'object') {
      throw validationError(
        `Query ${q.Id} must have either MetricStat or Expression.`,
      );
    }
    const metric = stat.Metric ?? {};
    if (typeof metric.Namespace !== 'string' || !metric.Namespace) {
      throw missingParameter(`${where}.MetricStat.Metric.Namespace`);
    }
    if (typeof metric.MetricName !== 'string' || !metric.MetricName) {
      throw missingParameter(`${where}.MetricStat.Metric.MetricName`);
    }
    const dimensions = Array.isArray(metric.Dimensions)
      ? metric.Dimensions
      : [];
    for (const d of dimensions) {
      if (typeof d?.Name !== 'string' || typeof d?.Value !== 'string') {
        throw invalidValue(
          `${where}.MetricStat.Metric.Dimensions entries need a Name and a Value.`,
        );
      }
    }
    const period = stat.Period;
    if (
      typeof period !== 'number' ||
      !Number.isInteger(period) ||
      period < 60 ||
      period % 60 !== 0
    ) {
      throw invalidValue(
        `${where}.MetricStat.Period must be a multiple of 60 seconds (the sandbox serves standard-resolution metrics); got ${JSON.stringify(
          period,
        )}.`,
      );
    }
    if (
      typeof stat.Stat !== 'string' ||
      !(SIMPLE_STATS.includes(stat.Stat) || PERCENTILE.test(stat.Stat))
    ) {
      throw invalidValue(
        `${where}.MetricStat.Stat must be Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99; got ${JSON.stringify(
          stat.Stat,
        )}.`,
      );
    }
    const key = seriesKey(
      metric.Namespace,
      metric.MetricName,
      dimensions.map((d: { Name: string; Value: string }) => ({
        name: d.Name,
        value: d.Value,
      })),
    );
    return {
      id: q.Id,
      label:
        typeof q.Label === 'string' && q.Label ? q.Label : metric.MetricName,
      series: ctx.region.metrics.find(s => s.key === key),
      key,
      period,
      stat: stat.Stat,
      returnData: q.ReturnData !== false,
    };
  });
}

/**
 * Aggregates a series' per-minute samples into period buckets aligned to
 * multiples of the period, oldest first. Only whole minutes that have ended
 * by `nowSeconds` have data, and older data is kept at CloudWatch's coarser
 * resolutions so long ranges stay cheap.
 */
export function datapoints(
  series: MetricSeries,
  period: number,
  stat: string,
  start: number,
  end: number,
  nowSeconds: number,
): Datapoint[] {
  const firstMinute = Math.floor(
    Math.max(start, nowSeconds - RETENTION_SECONDS) / 60,
  );
  const endMinute = Math.min(Math.ceil(end / 60), Math.floor(nowSeconds / 60));
  const points: Datapoint[] = [];
  for (
    let bucket = Math.floor((firstMinute * 60) / period) * period;
    bucket < end && bucket / 60 < endMinute;
    bucket += period
  ) {
    const step = resolutionMinutes(nowSeconds - bucket);
    const from = Math.max(firstMinute, bucket / 60);
    const to = Math.min(endMinute, (bucket + period) / 60);
    const values: number[] = [];
    for (
      let minute = Math.ceil(from / step) * step;
      minute < to;
      minute += step
    ) {
      values.push(sampleAt(series.value, series.key, minute));
    }
    if (values.length > 0)
      points.push({ t: bucket, v: aggregate(values, step, stat) });
  }
  return points;
}

/** The sample spacing CloudWatch keeps for data of this age, in minutes. */
function resolutionMinutes(ageSeconds: number): number {
  if (ageSeconds > 63 * DAY) return 60;
  if (ageSeconds > 15 * DAY) return 5;
  return 1;
}

/** One statistic over a bucket's samples; each sample stands for `weight` one-minute samples. */
function aggregate(values: number[], weight: number, stat: string): number {
  switch (stat) {
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Sum':
      return values.reduce((a, b) => a + b, 0) * weight;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    case 'SampleCount':
      return values.length * weight;
    default: {
      // Percentile by nearest rank.
      const p = Number(stat.slice(1));
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
    }
  }
}

// ---------------------------------------------------------------------------
// ListMetrics
// ---------------------------------------------------------------------------

const LIST_METRICS_PAGE = 500;

function listMetrics(ctx: CallContext, input: Input) {
  const namespace = optionalString(input, 'Namespace');
  const metricName = optionalString(input, 'MetricName');
  const rawFilters = input.Dimensions ?? [];
  if (!Array.isArray(rawFilters) || rawFilters.length > 10) {
    throw invalidValue(
      'The parameter Dimensions must be a list of at most 10 filters.',
    );
  }
  const filters = rawFilters.map((f: any, i: number) => {
    if (typeof f?.Name !== 'string' || !f.Name)
      throw missingParameter(`Dimensions.member.${i + 1}.Name`);
    if (f.Value !== undefined && typeof f.Value !== 'string') {
      throw invalidValue(`Dimensions.member.${i + 1}.Value must be a string.`);
    }
    return { name: f.Name as string, value: f.Value as string | undefined };
  });
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H') {
    throw invalidValue('The parameter RecentlyActive must be PT3H.');
  }
  const matching = ctx.region.metrics.filter(
    s =>
      (!namespace || s.namespace === namespace) &&
      (!metricName || s.name === metricName) &&
      filters.every(f =>
        s.dimensions.some(
          d =>
            d.name === f.name && (f.value === undefined || d.value === f.value),
        ),
      ),
  );
  const page = paginate(matching, {
    token: optionalString(input, 'NextToken'),
    scope: `ListMetrics|${ctx.account.id}|${ctx.regionName}|${JSON.stringify([
      namespace,
      metricName,
      filters,
    ])}`,
    limit: LIST_METRICS_PAGE,
    invalidToken: invalidNextToken,
  });
  return {
    Metrics: page.items.map(s => ({
      Namespace: s.namespace,
      MetricName: s.name,
      Dimensions: s.dimensions.map(d => ({ Name: d.name, Value: d.value })),
    })),
    NextToken: page.nextToken,
  };
}

function optionalString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw invalidValue(`The parameter ${name} must be a string.`);
  return value;
}
