import {
  counterIncrease,
  KafkaClusterAsset,
  METRICS,
  metricApplies,
  MetricDefinition,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import type {
  AwsCallCounter,
  MetricPoint,
  MetricSeriesQuery,
  SeriesBudget,
  StreamingAwsService,
} from '@backstage-streaming/plugin-streaming-node';
import {
  AssetSeries,
  combineValues,
  discoveredSeries,
  metricContextOf,
  scaleValue,
  seriesFor,
} from './seriesFor';

/** Latest metric values of each asset, by metric id. */
export type AssetMetricValues = Map<string, Record<string, number | null>>;

export interface CollectedMetrics {
  values: AssetMetricValues;
  /** Busiest broker's CpuUser + CpuSystem per cluster ARN (the AWS 60% rule is on their sum per broker). */
  busiestBrokerCpu: Map<string, number | null>;
  /** Cluster-wide throughput (the sum over brokers) per cluster ARN, bytes/s, for cost per GB. */
  clusterThroughput: Map<
    string,
    { bytesInPerSec: number | null; bytesOutPerSec: number | null }
  >;
  /** Series requested (each is one "metric requested" for GetMetricData billing). */
  seriesRequested: number;
  /** Series left out because of the per-refresh cap. */
  seriesSkipped: number;
}

/**
 * Reads the metrics of the given cadence for a set of assets of one account
 * and region in as few GetMetricData calls as the 500-query limit allows.
 *
 * - `inventory`: the newest datapoint of each series in the last 15 minutes
 *   (or the counter window, when longer); for a cumulative counter such as
 *   `numRestarts`, its increase over the counter window instead;
 * - `slow`: one datapoint per series spanning the last hour (the hour's
 *   average or maximum, as the metric's statistic says).
 */
export async function collectMetrics(options: {
  aws: StreamingAwsService;
  accountId: string;
  region: string;
  assets: StreamingAsset[];
  clusters: Map<string, KafkaClusterAsset>;
  cadence: 'inventory' | 'slow';
  /** The refresh's series cap, shared with the other account-regions it reads. */
  budget: SeriesBudget;
  /** Window over which cumulative counters' increase is measured. */
  counterWindowSeconds?: number;
  /** Counts the GetMetricData calls made. */
  counter?: AwsCallCounter;
  now?: Date;
}): Promise<CollectedMetrics> {
  const { aws, accountId, region, assets, clusters, cadence, budget } = options;
  const end = options.now ?? new Date();
  const windowSeconds =
    cadence === 'slow'
      ? 3600
      : Math.max(900, options.counterWindowSeconds ?? 0);
  const start = new Date(end.getTime() - windowSeconds * 1000);

  const planned: Array<{
    asset: StreamingAsset;
    metric: MetricDefinition;
    keys: string[];
  }> = [];
  const queries: MetricSeriesQuery[] = [];
  let skipped = 0;
  for (const asset of assets) {
    const cluster =
      asset.assetType === 'kafka-topic' || asset.assetType === 'consumer-group'
        ? clusters.get(asset.clusterArn)
        : undefined;
    const context = metricContextOf(asset, cluster);
    for (const metric of METRICS) {
      if (
        metric.collectedAtRefresh !== cadence ||
        !metricApplies(metric, context)
      )
        continue;
      const plan = seriesFor(metric, asset, cluster);
      if ('error' in plan) continue; // another asset type's metric
      let series: AssetSeries[];
      if ('discover' in plan) {
        const listed = await aws.listMetricSeries(
          accountId,
          region,
          {
            namespace: metric.namespace,
            metricName: metric.metricName,
            dimensions: plan.discover,
          },
          options.counter,
        );
        series = discoveredSeries(metric, listed);
      } else {
        series = plan.series;
      }
      if (!budget.take(series.length)) {
        skipped += series.length;
        continue;
      }
      const keys = series.map(s => `${asset.arn}|${s.key}`);
      series.forEach((one, i) =>
        queries.push({
          key: keys[i],
          namespace: metric.namespace,
          metricName: metric.metricName,
          dimensions: one.dimensions,
          stat: metric.stat,
          periodSeconds:
            cadence === 'slow'
              ? Math.max(3600, metric.periodSeconds)
              : metric.periodSeconds,
        }),
      );
      planned.push({ asset, metric, keys });
    }
  }

  const points =
    queries.length > 0
      ? await aws.readMetricSeries(
          accountId,
          region,
          queries,
          { start, end },
          options.counter,
        )
      : new Map<string, MetricPoint[]>();
  const latest = (key: string, metric: MetricDefinition): number | null => {
    const series = points.get(key) ?? [];
    return series.length
      ? scaleValue(metric, series[series.length - 1].value)
      : null;
  };

  const counterStart =
    end.getTime() - (options.counterWindowSeconds ?? windowSeconds) * 1000;
  const increase = (key: string): number | null =>
    counterIncrease(
      (points.get(key) ?? [])
        .filter(p => p.timestamp >= counterStart)
        .map(p => p.value),
    );

  const values: AssetMetricValues = new Map();
  for (const { asset, metric, keys } of planned) {
    const record = values.get(asset.arn) ?? {};
    const perSeries = keys.map(key =>
      metric.cumulative && cadence === 'inventory'
        ? increase(key)
        : latest(key, metric),
    );
    record[metric.id] = combineValues(metric, perSeries);
    values.set(asset.arn, record);
  }

  const busiestBrokerCpu = new Map<string, number | null>();
  for (const asset of assets) {
    if (asset.assetType !== 'kafka-cluster') continue;
    const user = planned.find(
      p => p.asset.arn === asset.arn && p.metric.id === 'msk.broker.cpuUser',
    );
    const system = planned.find(
      p => p.asset.arn === asset.arn && p.metric.id === 'msk.broker.cpuSystem',
    );
    if (!user || !system) continue;
    let busiest: number | null = null;
    user.keys.forEach((key, i) => {
      const u = latest(key, user.metric);
      const s = latest(system.keys[i], system.metric);
      if (u !== null && s !== null) busiest = Math.max(busiest ?? 0, u + s);
    });
    busiestBrokerCpu.set(asset.arn, busiest);
  }

  const clusterThroughput = new Map<
    string,
    { bytesInPerSec: number | null; bytesOutPerSec: number | null }
  >();
  const total = (arn: string, metricId: string): number | null => {
    const plan = planned.find(
      p => p.asset.arn === arn && p.metric.id === metricId,
    );
    return plan
      ? combineValues(
          { combineSeries: 'sum' },
          plan.keys.map(key => latest(key, plan.metric)),
        )
      : null;
  };
  for (const asset of assets) {
    if (asset.assetType !== 'kafka-cluster') continue;
    clusterThroughput.set(asset.arn, {
      bytesInPerSec: total(asset.arn, 'msk.broker.bytesIn'),
      bytesOutPerSec: total(asset.arn, 'msk.broker.bytesOut'),
    });
  }
  return {
    values,
    busiestBrokerCpu,
    clusterThroughput,
    seriesRequested: queries.length,
    seriesSkipped: skipped,
  };
}

/** CloudWatch GetMetricData price per 1,000 metrics requested (site24x7, third-party; see docs/health.md). */
export const GET_METRIC_DATA_USD_PER_1000 = 0.01;

/** What requesting this many series at this frequency costs per month (730 h). */
export function monthlyGetMetricDataUsd(
  seriesPerRun: number,
  runEverySeconds: number,
): number {
  const runsPerMonth = (730 * 3600) / runEverySeconds;
  return (seriesPerRun * runsPerMonth * GET_METRIC_DATA_USD_PER_1000) / 1000;
}

/** The log line each refresh writes about the series it requested and what they cost. */
export function describeMetricsUsage(
  what: string,
  requested: number,
  skipped: number,
  frequencySeconds: number | null,
): string {
  const cap = skipped
    ? `, ${skipped} skipped by the cap streaming.metrics.maxSeriesPerRefresh`
    : '';
  const cost =
    frequencySeconds === null
      ? 'the schedule is a cron expression, so the monthly GetMetricData cost is not estimated'
      : `at this frequency GetMetricData costs about $${monthlyGetMetricDataUsd(
          requested,
          frequencySeconds,
        ).toFixed(
          2,
        )} a month ($${GET_METRIC_DATA_USD_PER_1000} per 1,000 metrics requested)`;
  return `Streaming ${what}: ${requested} series requested${cap}; ${cost}`;
}
