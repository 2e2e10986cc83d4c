import {
  CloudWatchClient,
  MetricDataQuery,
  paginateGetMetricData,
} from '@aws-sdk/client-cloudwatch';
import { awsCall } from './errors';

/** One CloudWatch series to read the latest value of. */
export interface LatestMetricQuery {
  /** Caller's key for the result. */
  key: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  /** Seconds; a multiple of 60. */
  periodSeconds: number;
}

/** GetMetricData accepts at most 500 queries per call (CloudWatch API reference). */
export const MAX_QUERIES_PER_GET_METRIC_DATA = 500;

/**
 * The newest datapoint of each series within the look-back window, or null
 * when the series has none. Queries go out in as few calls as the 500-query
 * limit allows; the SDK paginator follows NextToken.
 */
export async function readLatestMetricValues(
  cloudwatch: CloudWatchClient,
  queries: LatestMetricQuery[],
  options: { now?: Date; lookBackSeconds?: number } = {},
): Promise<Map<string, number | null>> {
  const now = options.now ?? new Date();
  const start = new Date(now.getTime() - (options.lookBackSeconds ?? 900) * 1000);
  const latest = new Map<string, { timestamp: number; value: number } | null>();
  for (const query of queries) latest.set(query.key, null);

  for (let offset = 0; offset < queries.length; offset += MAX_QUERIES_PER_GET_METRIC_DATA) {
    const batch = queries.slice(offset, offset + MAX_QUERIES_PER_GET_METRIC_DATA);
    const byId = new Map<string, LatestMetricQuery>();
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
            Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({ Name, Value })),
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
          StartTime: start,
          EndTime: now,
          ScanBy: 'TimestampDescending',
        },
      )) {
        for (const result of page.MetricDataResults ?? []) {
          const query = result.Id ? byId.get(result.Id) : undefined;
          if (!query) continue;
          const timestamps = result.Timestamps ?? [];
          const values = result.Values ?? [];
          for (let i = 0; i < values.length; i++) {
            const timestamp = timestamps[i]?.getTime() ?? 0;
            const current = latest.get(query.key);
            if (!current || timestamp > current.timestamp) {
              latest.set(query.key, { timestamp, value: values[i] });
            }
          }
        }
      }
    });
  }

  return new Map([...latest.entries()].map(([key, point]) => [key, point ? point.value : null]));
}
