import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  METRIC_RANGES,
  MetricDefinition,
  MetricRange,
  MetricSeriesResponse,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import {
  AwsReadError,
  StreamingAwsService,
} from '@backstage-streaming/plugin-streaming-node';
import {
  AssetSeries,
  combineValues,
  discoveredSeries,
  scaleValue,
} from './seriesFor';

/** How long a chart's series is served from cache before CloudWatch is asked again. */
export const FRESH_SECONDS: Record<MetricRange, number> = {
  '1h': 60,
  '24h': 300,
  '7d': 1_800,
  '30d': 3_600,
};

/** How long the last good series is kept to serve, marked stale, when CloudWatch fails. */
const LAST_GOOD_TTL_MS = 24 * 3_600_000;

interface CachedSeries {
  fetchedAtMs: number;
  response: MetricSeriesResponse;
}

/**
 * Chart series on demand: the one place a page view reaches AWS. Identical
 * requests in flight share one CloudWatch call, answers are cached per
 * range, and when CloudWatch fails the last good series is served, stale.
 */
export class MetricSeriesService {
  private readonly inFlight = new Map<string, Promise<MetricSeriesResponse>>();

  constructor(
    private readonly options: {
      aws: StreamingAwsService;
      cache: CacheService;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  async getSeries(request: {
    asset: StreamingAsset;
    metric: MetricDefinition;
    range: MetricRange;
    /** The series, or the fixed dimensions to find them with ListMetrics. */
    series: AssetSeries[] | { discover: Record<string, string> };
  }): Promise<MetricSeriesResponse> {
    const { asset, metric, range } = request;
    const key = `series:v1:${asset.arn}:${metric.id}:${range}`;
    const cached = (await this.options.cache.get(key)) as
      | CachedSeries
      | undefined;
    if (
      cached &&
      this.now() - cached.fetchedAtMs < FRESH_SECONDS[range] * 1000
    ) {
      return cached.response;
    }
    const running = this.inFlight.get(key);
    if (running) return running;

    const fetching = this.fetch(request)
      .then(async response => {
        const entry: CachedSeries = { fetchedAtMs: this.now(), response };
        await this.options.cache.set(key, entry as any, {
          ttl: LAST_GOOD_TTL_MS,
        });
        return response;
      })
      .catch(error => {
        const reason =
          error instanceof AwsReadError
            ? `${error.detail.code}: ${error.detail.message}`
            : String((error as Error).message ?? error);
        this.options.logger.warn(
          `Reading ${metric.id} of ${asset.arn} failed: ${reason}`,
        );
        if (cached) {
          return { ...cached.response, stale: true, staleReason: reason };
        }
        throw new ServiceUnavailableError(
          `CloudWatch could not be read for ${metric.label} of ${asset.name} (${reason}); try again shortly`,
        );
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fetching);
    return fetching;
  }

  private async fetch(request: {
    asset: StreamingAsset;
    metric: MetricDefinition;
    range: MetricRange;
    series: AssetSeries[] | { discover: Record<string, string> };
  }): Promise<MetricSeriesResponse> {
    const { asset, metric, range } = request;
    const series = Array.isArray(request.series)
      ? request.series
      : discoveredSeries(
          metric,
          await this.options.aws.listMetricSeries(
            asset.accountId,
            asset.region,
            {
              namespace: metric.namespace,
              metricName: metric.metricName,
              dimensions: request.series.discover,
            },
          ),
        );
    const { seconds, periodSeconds } = METRIC_RANGES[range];
    // A metric sampled less often than the range's period (e.g. hourly KPUs) keeps its own period.
    const period = Math.max(periodSeconds, metric.periodSeconds);
    const end = new Date(Math.floor(this.now() / 60_000) * 60_000);
    const start = new Date(end.getTime() - seconds * 1000);
    const points = await this.options.aws.readMetricSeries(
      asset.accountId,
      asset.region,
      series.map(s => ({
        key: s.key,
        namespace: metric.namespace,
        metricName: metric.metricName,
        dimensions: s.dimensions,
        stat: metric.stat,
        periodSeconds: period,
      })),
      { start, end },
    );

    // A topic's per-broker series are one line for the topic, and a cluster-level
    // metric one line for the cluster (Serverless: the sum over its topics);
    // other fan-outs (brokers, a group's topics, a job's tasks) stay separate lines.
    const combineIntoOne =
      (metric.scope === 'topic' || metric.scope === 'cluster') &&
      series.length > 1;
    const lines = combineIntoOne
      ? [
          {
            label: asset.name,
            points: combineByTimestamp(
              metric,
              series.map(s => points.get(s.key) ?? []),
            ),
          },
        ]
      : series.map(s => ({
          label: s.label,
          points: (points.get(s.key) ?? []).map(p => ({
            t: p.timestamp,
            v: scaleValue(metric, p.value),
          })),
        }));
    return {
      arn: asset.arn,
      metricId: metric.id,
      label: metric.label,
      unit: metric.unit,
      stat: metric.stat,
      range,
      periodSeconds: period,
      series: lines,
      fetchedAt: new Date(this.now()).toISOString(),
      stale: false,
    };
  }
}

function combineByTimestamp(
  metric: MetricDefinition,
  lines: Array<Array<{ timestamp: number; value: number }>>,
): Array<{ t: number; v: number }> {
  const byTime = new Map<number, number[]>();
  for (const line of lines) {
    for (const point of line) {
      byTime.set(point.timestamp, [
        ...(byTime.get(point.timestamp) ?? []),
        point.value,
      ]);
    }
  }
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, values]) => ({
      t,
      v: scaleValue(metric, combineValues(metric, values) ?? 0),
    }));
}
