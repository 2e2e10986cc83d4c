import {
  counterIncrease,
  getMetric,
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

const HOUR_MS = 3_600_000;

/** Latest metric values of each asset, by metric id. */
export type AssetMetricValues = Map<string, Record<string, number | null>>;

export interface CollectedMetrics {
  values: AssetMetricValues;
  /** Busiest broker's CpuUser + CpuSystem per cluster ARN (the AWS 60% rule is on their sum per broker). */
  busiestBrokerCpu: Map<string, number | null>;
  /**
   * Slow cadence: cluster-wide throughput per cluster ARN, bytes/s, averaged
   * over the window, for cost, $/GB and chargeback: the sum over brokers, or
   * for Serverless the sum over its topics. Empty for the inventory cadence.
   */
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
 * - `slow`: one value per series over the window (the last whole hours,
 *   at least one): the hourly datapoints' average, or their maximum or
 *   minimum, as the metric's statistic says. Cost reads throughput from here,
 *   so a refresh landing on a busy or a quiet minute does not move it.
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
  /** Slow cadence: the window averaged over, in whole hours (default 1). */
  windowHours?: number;
  /** Slow cadence: clusters whose throughput over the window is read, for cost. */
  throughputClusters?: KafkaClusterAsset[];
  now?: Date;
}): Promise<CollectedMetrics> {
  const { aws, accountId, region, assets, clusters, cadence, budget } = options;
  const now = options.now ?? new Date();
  // The slow window ends on the hour, so CloudWatch's hourly datapoints each
  // cover a whole hour and their mean is the window's mean.
  const end =
    cadence === 'slow'
      ? new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS)
      : now;
  const windowSeconds =
    cadence === 'slow'
      ? (options.windowHours ?? 1) * 3600
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

  // Provisioned clusters' throughput for cost: every broker's series over the window.
  const throughputPlans: Array<{
    cluster: KafkaClusterAsset;
    metric: MetricDefinition;
    keys: string[];
  }> = [];
  for (const cluster of cadence === 'slow'
    ? options.throughputClusters ?? []
    : []) {
    if (cluster.clusterType === 'serverless') continue; // the sum over its topics
    for (const metricId of ['msk.broker.bytesIn', 'msk.broker.bytesOut']) {
      const metric = getMetric(metricId);
      const plan = seriesFor(metric, cluster);
      if (!('series' in plan)) continue;
      if (!budget.take(plan.series.length)) {
        skipped += plan.series.length;
        continue;
      }
      const keys = plan.series.map(
        one => `${cluster.arn}|throughput|${one.key}`,
      );
      plan.series.forEach((one, i) =>
        queries.push({
          key: keys[i],
          namespace: metric.namespace,
          metricName: metric.metricName,
          dimensions: one.dimensions,
          stat: metric.stat,
          periodSeconds: Math.max(3600, metric.periodSeconds),
        }),
      );
      throughputPlans.push({ cluster, metric, keys });
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
  const overWindow = (key: string, metric: MetricDefinition): number | null =>
    windowValue(
      metric,
      (points.get(key) ?? []).map(p => p.value),
      // A topic's series has no datapoint for an hour it carried nothing.
      metric.scope === 'topic' ? windowSeconds / 3600 : undefined,
    );
  const valueOf = cadence === 'slow' ? overWindow : latest;

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
        : valueOf(key, metric),
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
  const brokerTotal = (arn: string, metricId: string): number | null => {
    const plan = throughputPlans.find(
      p => p.cluster.arn === arn && p.metric.id === metricId,
    );
    return plan
      ? combineValues(
          { combineSeries: 'sum' },
          plan.keys.map(key => overWindow(key, plan.metric)),
        )
      : null;
  };
  const topicTotal = (clusterArn: string, metricId: string): number | null => {
    const topics = assets.filter(
      a => a.assetType === 'kafka-topic' && a.clusterArn === clusterArn,
    );
    let sum = 0;
    for (const topic of topics) {
      const plan = planned.find(
        p => p.asset.arn === topic.arn && p.metric.id === metricId,
      );
      if (!plan) return null; // skipped by the cap: the total is not known
      // A listed topic without datapoints in the window carried nothing.
      sum += values.get(topic.arn)?.[metricId] ?? 0;
    }
    return sum;
  };
  for (const cluster of cadence === 'slow'
    ? options.throughputClusters ?? []
    : []) {
    clusterThroughput.set(
      cluster.arn,
      cluster.clusterType === 'serverless'
        ? {
            bytesInPerSec: topicTotal(
              cluster.arn,
              'msk.serverless.topic.bytesIn',
            ),
            bytesOutPerSec: topicTotal(
              cluster.arn,
              'msk.serverless.topic.bytesOut',
            ),
          }
        : {
            bytesInPerSec: brokerTotal(cluster.arn, 'msk.broker.bytesIn'),
            bytesOutPerSec: brokerTotal(cluster.arn, 'msk.broker.bytesOut'),
          },
    );
  }
  return {
    values,
    busiestBrokerCpu,
    clusterThroughput,
    seriesRequested: queries.length,
    seriesSkipped: skipped,
  };
}

/**
 * One value from a series' hourly datapoints over the window: their mean for
 * averages (each covers a whole hour, so it is the window's mean) and sums,
 * their maximum or minimum otherwise; null without datapoints. With
 * `windowHours`, an hour without a datapoint counts as 0 in the mean (for
 * series that are absent while nothing happens, such as per-topic bytes).
 */
export function windowValue(
  metric: Pick<MetricDefinition, 'stat' | 'divideSumBy'>,
  hourly: number[],
  windowHours?: number,
): number | null {
  if (hourly.length === 0) return null;
  let value: number;
  switch (metric.stat) {
    case 'Maximum':
      value = Math.max(...hourly);
      break;
    case 'Minimum':
      value = Math.min(...hourly);
      break;
    default:
      value =
        hourly.reduce((a, b) => a + b, 0) /
        Math.max(hourly.length, windowHours ?? 0);
  }
  return scaleValue(metric, value);
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
