import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CostEstimate,
  getMetric,
  gbPerMonth,
  KafkaClusterAsset,
  KafkaTopicAsset,
  roundUsd,
} from '@backstage-streaming/plugin-streaming-common';
import {
  AwsCallCounter,
  AwsReadError,
  MetricSeriesQuery,
  SeriesBudget,
  StreamingAwsService,
  toAwsCallError,
} from '@backstage-streaming/plugin-streaming-node';
import {
  CostedAsset,
  CostHistoryStore,
  daysBefore,
  utcDay,
} from '../database/CostHistoryStore';
import { InventoryStore } from '../database/InventoryStore';
import { GET_METRIC_DATA_USD_PER_1000 } from '../metrics/collectMetrics';
import { seriesFor } from '../metrics/seriesFor';
import { costHistoryRecords } from './costHistoryRecords';

const DAY_MS = 86_400_000;

/** Usage-priced parts that follow a day's throughput, by the direction they are priced on. */
const THROUGHPUT_PRICED = {
  expressDataInGb: 'in',
  serverlessDataInGb: 'in',
  serverlessDataOutGb: 'out',
} as const;

/**
 * A cluster's monthly cost at another throughput: the stored estimate (today's
 * sizes and prices) with its per-GB data parts repriced at `bytesIn` and
 * `bytesOut` bytes/s. Parts that do not depend on throughput keep their cost.
 */
export function repriceAtThroughput(
  estimate: {
    parts: Array<
      Pick<CostEstimate['parts'][number], 'unitUsd' | 'monthlyUsd'> & {
        item: string;
      }
    >;
  },
  bytesIn: number | null,
  bytesOut: number | null,
): { monthlyUsd: number; complete: boolean } {
  let monthlyUsd = 0;
  let complete = true;
  for (const part of estimate.parts) {
    const direction =
      THROUGHPUT_PRICED[part.item as keyof typeof THROUGHPUT_PRICED];
    const bytes = direction === 'in' ? bytesIn : bytesOut;
    const usd =
      direction && part.unitUsd !== null && bytes !== null
        ? gbPerMonth(bytes) * part.unitUsd
        : part.monthlyUsd;
    if (usd === null) complete = false;
    monthlyUsd += usd ?? 0;
  }
  return { monthlyUsd: roundUsd(monthlyUsd), complete };
}

export interface BackfillResult {
  /** Days recorded: those on which at least one cluster had data (applications alone do not make a day). */
  days: number;
  /** AWS calls made, by operation. */
  calls: Record<string, number>;
  seriesRequested: number;
  /** Account-regions whose CloudWatch read failed (their clusters are absent from the backfilled days). */
  failed: string[];
}

/**
 * Records the daily cost history: a snapshot of today from the derived asset
 * views (the day's row is replaced on each run, so the last run of a day
 * stands), the retention purge, and on first start (no history yet) a
 * backfill of the last days from CloudWatch's daily throughput averages at
 * today's sizes and prices, so the trend is real from the start.
 */
export class CostHistoryRecorder {
  constructor(
    private readonly options: {
      history: CostHistoryStore;
      inventory: InventoryStore;
      aws: StreamingAwsService;
      logger: LoggerService;
      retentionDays: number;
      backfillDays: number;
      /** Most CloudWatch series the backfill requests (streaming.metrics.maxSeriesPerRefresh). */
      maxSeries: number;
      now?: () => Date;
    },
  ) {}

  async run(): Promise<void> {
    const { history, logger, retentionDays, backfillDays } = this.options;
    const now = this.options.now?.() ?? new Date();
    const assets = await history.costedAssets();
    if (assets.length === 0) {
      // Nothing derived yet (first refresh still running): an empty snapshot
      // would read as a $0 estate and stop the backfill.
      logger.info(
        'Streaming cost history: no derived clusters or applications yet; the snapshot waits for the next run',
      );
      return;
    }
    if (backfillDays > 0 && (await history.isEmpty())) {
      await this.backfill(assets, now);
    }
    await history.replaceDay(utcDay(now), costHistoryRecords(assets));
    const purged = await history.purgeOlderThan(retentionDays, now);
    logger.info(
      `Streaming cost history: recorded ${utcDay(now)} (${
        assets.length
      } clusters and applications)${
        purged ? `; purged ${purged} rows older than ${retentionDays} days` : ''
      }`,
    );
  }

  /**
   * Reconstructs the `backfillDays` days before today: one GetMetricData read
   * (batched by 500 series) per account-region of every cluster's daily
   * average bytes in and out, each day's cost repriced at that throughput.
   */
  async backfill(assets: CostedAsset[], now: Date): Promise<BackfillResult> {
    const { aws, inventory, history, logger, backfillDays } = this.options;
    const today = utcDay(now);
    const start = new Date(
      Date.parse(`${daysBefore(today, backfillDays)}T00:00:00Z`),
    );
    const end = new Date(Date.parse(`${today}T00:00:00Z`));
    // The clusters alone; a serverless cluster's topics are read with its
    // account-region below, so the whole estate is never held at once.
    const clustersByArn = new Map(
      (await inventory.listAssets({ assetType: 'kafka-cluster' }))
        .filter((a): a is KafkaClusterAsset => a.assetType === 'kafka-cluster')
        .map(c => [c.arn, c]),
    );
    const counter = new AwsCallCounter();
    // The series the backfill may request, as a refresh may (streaming.metrics.maxSeriesPerRefresh).
    const budget = new SeriesBudget(this.options.maxSeries);
    const overCap = new Set<string>();
    const failed: string[] = [];
    let seriesRequested = 0;
    // Per cluster ARN and day: summed daily averages of its series.
    const daily = new Map<
      string,
      Map<string, { in: number | null; out: number | null }>
    >();

    const byAccountRegion = new Map<string, KafkaClusterAsset[]>();
    for (const asset of assets) {
      const cluster = clustersByArn.get(asset.arn);
      if (!cluster) continue;
      const id = `${cluster.accountId}|${cluster.region}`;
      byAccountRegion.set(id, [...(byAccountRegion.get(id) ?? []), cluster]);
    }
    for (const [id, clusters] of byAccountRegion) {
      const [accountId, region] = id.split('|');
      const topicsOf = new Map<string, KafkaTopicAsset[]>();
      if (clusters.some(c => c.clusterType === 'serverless')) {
        for (const asset of await inventory.listAccountRegionAssets(
          accountId,
          region,
        )) {
          if (asset.assetType !== 'kafka-topic' || asset.gone) continue;
          const list = topicsOf.get(asset.clusterArn);
          if (list) list.push(asset);
          else topicsOf.set(asset.clusterArn, [asset]);
        }
      }
      const queries: Array<
        MetricSeriesQuery & { clusterArn: string; direction: 'in' | 'out' }
      > = [];
      for (const cluster of clusters) {
        const plans =
          cluster.clusterType === 'serverless'
            ? (topicsOf.get(cluster.arn) ?? []).flatMap(topic =>
                (['in', 'out'] as const).map(direction => ({
                  direction,
                  metric: getMetric(
                    `msk.serverless.topic.bytes${
                      direction === 'in' ? 'In' : 'Out'
                    }`,
                  ),
                  asset: topic,
                })),
              )
            : (['in', 'out'] as const).map(direction => ({
                direction,
                metric: getMetric(
                  `msk.broker.bytes${direction === 'in' ? 'In' : 'Out'}`,
                ),
                asset: cluster as KafkaClusterAsset | KafkaTopicAsset,
              }));
        const clusterQueries: typeof queries = [];
        for (const { direction, metric, asset } of plans) {
          const plan = seriesFor(metric, asset, cluster);
          if (!('series' in plan)) continue;
          for (const one of plan.series) {
            clusterQueries.push({
              key: `${asset.arn}|${metric.id}|${one.key}`,
              namespace: metric.namespace,
              metricName: metric.metricName,
              dimensions: one.dimensions,
              stat: 'Average',
              periodSeconds: 86_400,
              clusterArn: cluster.arn,
              direction,
            });
          }
        }
        if (budget.take(clusterQueries.length)) queries.push(...clusterQueries);
        else overCap.add(cluster.arn);
      }
      if (queries.length === 0) continue;
      seriesRequested += queries.length;
      try {
        const points = await aws.readMetricSeries(
          accountId,
          region,
          queries.map(({ clusterArn: _c, direction: _d, ...query }) => query),
          { start, end },
          counter,
        );
        for (const query of queries) {
          const days = daily.get(query.clusterArn) ?? new Map();
          daily.set(query.clusterArn, days);
          for (const point of points.get(query.key) ?? []) {
            const day = utcDay(
              new Date(Math.floor(point.timestamp / DAY_MS) * DAY_MS),
            );
            const entry = days.get(day) ?? { in: null, out: null };
            // Daily averages add up across brokers (or topics) to the cluster's.
            entry[query.direction] =
              (entry[query.direction] ?? 0) + point.value;
            days.set(day, entry);
          }
        }
      } catch (error) {
        const detail =
          error instanceof AwsReadError
            ? error.detail
            : toAwsCallError('GetMetricData', error);
        failed.push(`${accountId}/${region}`);
        logger.warn(
          `Streaming cost history backfill of account ${accountId} in ${region} failed; its clusters are left out of the backfilled days: ${detail.operation} ${detail.code}: ${detail.message}`,
        );
      }
    }

    let recorded = 0;
    for (let back = backfillDays; back >= 1; back--) {
      const day = daysBefore(today, back);
      const dayAssets: CostedAsset[] = [];
      for (const asset of assets) {
        if (asset.assetType === 'flink-application') {
          // A Flink application's cost follows its KPUs, not throughput: today's.
          dayAssets.push(asset);
          continue;
        }
        if (overCap.has(asset.arn)) {
          // Its series did not fit the cap: counted at today's figures.
          dayAssets.push(asset);
          continue;
        }
        const throughput = daily.get(asset.arn)?.get(day);
        // No datapoint that day: the cluster did not exist or was not read.
        if (!throughput) continue;
        const repriced = asset.cost
          ? repriceAtThroughput(
              asset.cost.estimate,
              throughput.in,
              throughput.out,
            )
          : { monthlyUsd: asset.monthlyUsd ?? 0, complete: false };
        dayAssets.push({
          ...asset,
          monthlyUsd: repriced.monthlyUsd,
          complete: repriced.complete,
          bytesInPerSec: throughput.in,
          bytesOutPerSec: throughput.out,
        });
      }
      if (!dayAssets.some(a => a.assetType === 'kafka-cluster')) continue;
      await history.replaceDay(day, costHistoryRecords(dayAssets), {
        backfilled: true,
      });
      recorded++;
    }
    const calls = counter.toJSON();
    const getMetricData = calls.GetMetricData ?? 0;
    logger.info(
      `Streaming cost history: backfilled ${recorded} of ${backfillDays} days from CloudWatch daily averages at today's sizes and prices: ${seriesRequested} series requested in ${getMetricData} GetMetricData calls, about $${(
        (seriesRequested * GET_METRIC_DATA_USD_PER_1000) /
        1000
      ).toFixed(
        2,
      )} once ($${GET_METRIC_DATA_USD_PER_1000} per 1,000 metrics requested)${
        failed.length ? `; failed: ${failed.join(', ')}` : ''
      }${
        overCap.size
          ? `; ${overCap.size} clusters (${budget.skipped} series) over the cap streaming.metrics.maxSeriesPerRefresh counted at today's cost and throughput`
          : ''
      }`,
    );
    return { days: recorded, calls, seriesRequested, failed };
  }
}
