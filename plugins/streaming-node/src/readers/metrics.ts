import {
  CloudWatchClient,
  MetricDataQuery,
  paginateGetMetricData,
  paginateListMetrics,
} from '@aws-sdk/client-cloudwatch';
import { awsCall } from './errors';

/** One CloudWatch series to read. */
export interface MetricSeriesQuery {
  /** Caller's key for the result. */
  key: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  /** Seconds; a multiple of 60. */
  periodSeconds: number;
}

export interface MetricPoint {
  /** Epoch milliseconds. */
  timestamp: number;
  value: number;
}

/** GetMetricData accepts at most 500 queries per call (CloudWatch API reference). */
export const MAX_QUERIES_PER_GET_METRIC_DATA = 500;

/**
 * Datapoints of each series between start and end, oldest first. Queries go
 * out in as few calls as the 500-query limit allows; the SDK paginator follows
 * NextToken when the 100,800-datapoint limit splits a call's answer.
 */
export async function readMetricSeries(
  cloudwatch: CloudWatchClient,
  queries: MetricSeriesQuery[],
  range: { start: Date; end: Date },
): Promise<Map<string, MetricPoint[]>> {
  const series = new Map<string, MetricPoint[]>();
  for (const query of queries) series.set(query.key, []);

  for (
    let offset = 0;
    offset < queries.length;
    offset += MAX_QUERIES_PER_GET_METRIC_DATA
  ) {
    const batch = queries.slice(
      offset,
      offset + MAX_QUERIES_PER_GET_METRIC_DATA,
    );
    const byId = new Map<string, MetricSeriesQuery>();
    const metricQueries: MetricDataQuery[] = batch.map((query, index) => {
      // Ids must start with a lowercase letter and be unique within the call.
      const id = `m${index}`;
      byId.set(id, query);
      return {
        Id: id,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: query.namespace,
            MetricName: query.metricName,
            Dimensions: Object.entries(query.dimensions).map(
              ([Name, Value]) => ({ Name, Value }),
            ),
          },
          Period: query.periodSeconds,
          Stat: query.stat,
        },
      };
    });
    await awsCall('GetMetricData', async () => {
      for await (const page of paginateGetMetricData(
        { client: cloudwatch },
        {
          MetricDataQueries: metricQueries,
          StartTime: range.start,
          EndTime: range.end,
          ScanBy: 'TimestampAscending',
        },
      )) {
        for (const result of page.MetricDataResults ?? []) {
          const query = result.Id ? byId.get(result.Id) : undefined;
          if (!query) continue;
          const points = series.get(query.key)!;
          const timestamps = result.Timestamps ?? [];
          (result.Values ?? []).forEach((value, i) => {
            points.push({ timestamp: timestamps[i]?.getTime() ?? 0, value });
          });
        }
      }
    });
  }
  for (const points of series.values())
    points.sort((a, b) => a.timestamp - b.timestamp);
  return series;
}

/** The newest datapoint of each series within the look-back window, or null when it has none. */
export async function readLatestMetricValues(
  cloudwatch: CloudWatchClient,
  queries: MetricSeriesQuery[],
  options: { now?: Date; lookBackSeconds?: number } = {},
): Promise<Map<string, number | null>> {
  const end = options.now ?? new Date();
  const start = new Date(
    end.getTime() - (options.lookBackSeconds ?? 900) * 1000,
  );
  const series = await readMetricSeries(cloudwatch, queries, { start, end });
  return new Map(
    [...series.entries()].map(([key, points]) => [
      key,
      points.length ? points[points.length - 1].value : null,
    ]),
  );
}

/** A metric CloudWatch knows, with its dimension values. */
export interface ListedMetric {
  metricName: string;
  dimensions: Record<string, string>;
}

/**
 * Metrics of a namespace (optionally one name) with the given dimension names
 * present, e.g. consumer-group lag series, which is how consumer groups are
 * discovered: MSK has no API that lists them.
 */
export async function listMetrics(
  cloudwatch: CloudWatchClient,
  filter: {
    namespace: string;
    metricName?: string;
    /** Dimensions that must be present, whatever their value. */
    dimensionNames?: string[];
    /** Dimensions that must have these values. */
    dimensions?: Record<string, string>;
  },
): Promise<ListedMetric[]> {
  return awsCall('ListMetrics', async () => {
    const metrics: ListedMetric[] = [];
    for await (const page of paginateListMetrics(
      { client: cloudwatch },
      {
        Namespace: filter.namespace,
        MetricName: filter.metricName,
        Dimensions: [
          ...(filter.dimensionNames ?? []).map(Name => ({ Name })),
          ...Object.entries(filter.dimensions ?? {}).map(([Name, Value]) => ({
            Name,
            Value,
          })),
        ],
      },
    )) {
      for (const metric of page.Metrics ?? []) {
        metrics.push({
          metricName: metric.MetricName ?? '',
          dimensions: Object.fromEntries(
            (metric.Dimensions ?? []).map(d => [d.Name ?? '', d.Value ?? '']),
          ),
        });
      }
    }
    return metrics;
  });
}
