import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConsumerGroupAsset,
  consumerGroupArnFor,
  evaluateConsumerGroupHealth,
  HealthThresholds,
  KafkaClusterAsset,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import {
  AwsReadError,
  mapWithConcurrency,
  SeriesBudget,
  StreamingAwsService,
  toAwsCallError,
} from '@backstage-streaming/plugin-streaming-node';
import { InventoryStore } from '../database/InventoryStore';
import {
  collectMetrics,
  describeMetricsUsage,
} from '../metrics/collectMetrics';
import { ownerFromTags, OwnershipSettings } from './toAssets';

/**
 * The slower cadence: consumer groups (found from their lag metrics), and
 * per-topic, per-group and hourly metrics, which are many series and change
 * slowly. Failures are logged per account-region and keep what was known.
 */
export class SlowMetricsRefresher {
  constructor(
    private readonly options: {
      aws: StreamingAwsService;
      store: InventoryStore;
      logger: LoggerService;
      thresholds: HealthThresholds;
      ownership: OwnershipSettings;
      maxSeriesPerRefresh: number;
      /** How often this refresh runs, for the cost log line; null for cron schedules. */
      frequencySeconds: number | null;
      now?: () => Date;
    },
  ) {}

  async refreshAll(): Promise<void> {
    const { aws, logger, maxSeriesPerRefresh, frequencySeconds } = this.options;
    const targets = aws.config.accounts.flatMap(account =>
      account.regions.map(region => ({ accountId: account.accountId, region })),
    );
    // One cap for the whole refresh, drawn from by concurrent account-regions.
    const budget = new SeriesBudget(maxSeriesPerRefresh);
    await mapWithConcurrency(targets, 2, async ({ accountId, region }) => {
      try {
        await this.refreshAccountRegion(accountId, region, budget);
      } catch (error) {
        const detail =
          error instanceof AwsReadError
            ? error.detail
            : toAwsCallError('SlowMetrics', error);
        logger.warn(
          `Streaming slow metrics of account ${accountId} in ${region} failed: ${detail.operation} ${detail.code}: ${detail.message}`,
        );
      }
    });
    logger.info(
      describeMetricsUsage(
        'slow metrics',
        budget.requested,
        budget.skipped,
        frequencySeconds,
      ),
    );
  }

  async refreshAccountRegion(
    accountId: string,
    region: string,
    budget: SeriesBudget = new SeriesBudget(this.options.maxSeriesPerRefresh),
  ) {
    const { aws, store, thresholds, ownership } = this.options;
    const now = this.options.now?.() ?? new Date();
    const all = await store.listAssets();
    const here = all.filter(
      a => a.accountId === accountId && a.region === region && !a.gone,
    );
    const clusters = here.filter(
      (a): a is KafkaClusterAsset => a.assetType === 'kafka-cluster',
    );
    const clusterByArn = new Map(clusters.map(c => [c.arn, c]));
    const clusterByName = new Map(clusters.map(c => [c.name, c]));

    // Discovery reads three lag series per group and topic: they count against the same cap.
    const records = await aws.readConsumerGroups(
      accountId,
      region,
      clusters.map(c => c.name),
      { budget },
    );
    const groups: ConsumerGroupAsset[] = [];
    for (const record of records) {
      const cluster = clusterByName.get(record.clusterName);
      const arn = cluster && consumerGroupArnFor(cluster.arn, record.groupName);
      if (!cluster || !arn) continue;
      groups.push({
        assetType: 'consumer-group',
        arn,
        name: record.groupName,
        accountId,
        region,
        // Groups carry no tags; they take their cluster's tag owner, else the attaching entity's.
        owner: ownerFromTags(cluster.tags, ownership),
        tags: {},
        clusterArn: cluster.arn,
        clusterName: cluster.name,
        topics: record.topics,
        health: evaluateConsumerGroupHealth(
          { topics: record.topics },
          thresholds,
        ),
        refreshedAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        stale: false,
        gone: false,
      });
    }
    await store.replaceConsumerGroups({
      clusterArns: clusters.map(c => c.arn),
      groups,
    });

    const slowAssets: StreamingAsset[] = here.filter(
      a => a.assetType === 'kafka-topic' || a.assetType === 'flink-application',
    );
    const collected = await collectMetrics({
      aws,
      accountId,
      region,
      assets: slowAssets,
      clusters: clusterByArn,
      cadence: 'slow',
      budget,
      now,
    });
    await store.setSlowMetrics(collected.values);
    return {
      seriesRequested: collected.seriesRequested,
      seriesSkipped: collected.seriesSkipped,
    };
  }
}
