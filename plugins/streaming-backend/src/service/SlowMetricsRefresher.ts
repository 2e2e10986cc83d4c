import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConsumerGroupAsset,
  consumerGroupArnFor,
  evaluateConsumerGroupHealth,
  HealthThresholds,
  KafkaClusterAsset,
  KafkaTopicAsset,
  StreamingAsset,
  toHealth,
  topicArnFor,
} from '@backstage-streaming/plugin-streaming-common';
import {
  AwsReadError,
  mapWithConcurrency,
  SeriesBudget,
  ServerlessTopicDiscovery,
  StreamingAwsService,
  toAwsCallError,
} from '@backstage-streaming/plugin-streaming-node';
import { InventoryStore } from '../database/InventoryStore';
import { ViewDeriver } from '../derive/ViewDeriver';
import {
  collectMetrics,
  describeMetricsUsage,
} from '../metrics/collectMetrics';
import { ownerFromTags, OwnershipSettings } from './toAssets';

/**
 * The slower cadence: consumer groups (found from their lag metrics), MSK
 * Serverless topics (found from their throughput metrics), per-topic,
 * per-group and hourly metrics, which are many series and change slowly, and
 * clusters' throughput averaged over the window, which cost uses. Failures are logged per account-region and keep what was known.
 */
export class SlowMetricsRefresher {
  constructor(
    private readonly options: {
      aws: StreamingAwsService;
      store: InventoryStore;
      /** Derives the stored views of each account-region it refreshed. */
      deriver?: ViewDeriver;
      logger: LoggerService;
      thresholds: HealthThresholds;
      ownership: OwnershipSettings;
      maxSeriesPerRefresh: number;
      /** How often this refresh runs, for the cost log line; null for cron schedules. */
      frequencySeconds: number | null;
      /** Whole hours the throughput for cost is averaged over (streaming.metrics.throughputWindowHours). */
      throughputWindowHours?: number;
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
    await mapWithConcurrency(targets, 2, ({ accountId, region }) =>
      this.refreshAndDerive(accountId, region, budget),
    );
    logger.info(
      describeMetricsUsage(
        'slow metrics',
        budget.requested,
        budget.skipped,
        frequencySeconds,
      ),
    );
  }

  /**
   * One account-region's slow metrics and its derived views; a failure is
   * logged for it alone and keeps what was known. Returns whether it succeeded.
   */
  async refreshAndDerive(
    accountId: string,
    region: string,
    budget: SeriesBudget,
  ): Promise<boolean> {
    try {
      await this.refreshAccountRegion(accountId, region, budget);
      await this.options.deriver?.deriveAll([{ accountId, region }]);
      return true;
    } catch (error) {
      const detail =
        error instanceof AwsReadError
          ? error.detail
          : toAwsCallError('SlowMetrics', error);
      this.options.logger.warn(
        `Streaming slow metrics of account ${accountId} in ${region} failed: ${detail.operation} ${detail.code}: ${detail.message}`,
      );
      return false;
    }
  }

  async refreshAccountRegion(
    accountId: string,
    region: string,
    budget: SeriesBudget = new SeriesBudget(this.options.maxSeriesPerRefresh),
  ) {
    const { aws, store, thresholds, ownership } = this.options;
    const now = this.options.now?.() ?? new Date();
    // This account-region's assets only: the estate is read a region at a time.
    const here = (
      await store.listAccountRegionAssets(accountId, region)
    ).filter(a => !a.gone);
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

    await this.discoverServerlessTopics(accountId, region, clusters, now);

    const current = (
      await store.listAccountRegionAssets(accountId, region)
    ).filter(a => !a.gone);
    const slowAssets: StreamingAsset[] = current.filter(
      a => a.assetType === 'kafka-topic' || a.assetType === 'flink-application',
    );
    const windowHours = this.options.throughputWindowHours ?? 1;
    const collected = await collectMetrics({
      aws,
      accountId,
      region,
      assets: slowAssets,
      clusters: clusterByArn,
      cadence: 'slow',
      budget,
      windowHours,
      throughputClusters: clusters,
      now,
    });
    const values = new Map(collected.values);
    for (const [arn, throughput] of collected.clusterThroughput) {
      values.set(arn, {
        ...values.get(arn),
        'msk.cluster.bytesInTotal': throughput.bytesInPerSec,
        'msk.cluster.bytesOutTotal': throughput.bytesOutPerSec,
        // Stored with the averages, so cost states the window they cover.
        'msk.cluster.throughputWindowHours': windowHours,
      });
    }
    await store.setSlowMetrics(values);
    return {
      seriesRequested: collected.seriesRequested,
      seriesSkipped: collected.seriesSkipped,
    };
  }

  /**
   * Topics of the MSK Serverless clusters, which the topic APIs cannot list,
   * from the CloudWatch series of the topics that carried traffic in the last
   * 14 days. A cluster whose discovery failed keeps the topics known before.
   */
  private async discoverServerlessTopics(
    accountId: string,
    region: string,
    clusters: KafkaClusterAsset[],
    now: Date,
  ): Promise<void> {
    const { aws, store, logger, ownership } = this.options;
    const serverless = clusters.filter(c => c.clusterType === 'serverless');
    if (serverless.length === 0) return;
    const byName = new Map(serverless.map(c => [c.name, c]));
    let discoveries: ServerlessTopicDiscovery[];
    try {
      discoveries = await aws.readServerlessTopics(
        accountId,
        region,
        serverless.map(c => c.name),
      );
    } catch (error) {
      const detail =
        error instanceof AwsReadError
          ? error.detail
          : toAwsCallError('ListMetrics', error);
      discoveries = serverless.map(c => ({
        clusterName: c.name,
        error: detail,
      }));
    }
    const discoveredFor: string[] = [];
    const topics: KafkaTopicAsset[] = [];
    for (const discovery of discoveries) {
      const cluster = byName.get(discovery.clusterName);
      if (!cluster) continue;
      if ('error' in discovery) {
        logger.warn(
          `Streaming could not discover the topics of MSK Serverless cluster ${cluster.arn}; keeping those known: ${discovery.error.operation} ${discovery.error.code}: ${discovery.error.message}`,
        );
        continue;
      }
      discoveredFor.push(cluster.arn);
      for (const name of discovery.topics) {
        const arn = topicArnFor(cluster.arn, name);
        if (!arn) continue;
        topics.push({
          assetType: 'kafka-topic',
          arn,
          name,
          accountId,
          region,
          // Topics carry no tags; they take their cluster's tag owner, else the attaching entity's.
          owner: ownerFromTags(cluster.tags, ownership),
          tags: {},
          clusterArn: cluster.arn,
          clusterName: cluster.name,
          partitionCount: null,
          replicationFactor: null,
          outOfSyncReplicaCount: null,
          discoveredFrom: 'metrics',
          // Serverless manages replication and configs are not readable: no topic rule applies.
          health: toHealth([]),
          refreshedAt: now.toISOString(),
          lastSeenAt: now.toISOString(),
          stale: false,
          gone: false,
        });
      }
    }
    await store.replaceDiscoveredTopics({ clusterArns: discoveredFor, topics });
  }
}
