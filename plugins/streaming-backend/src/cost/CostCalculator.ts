import {
  AssetCost,
  ChargebackModel,
  clusterCostBreakdown,
  costPerThroughput,
  crossCheckKpus,
  DEFAULT_CHARGEBACK_MODEL,
  DEFAULT_INTERNAL_TOPIC_PATTERN,
  estimateClusterMonthlyCost,
  estimateFlinkMonthlyCost,
  FlinkApplicationAsset,
  flinkCostPerMillionRecords,
  hasPerTopicMetrics,
  isInternalTopic,
  KafkaClusterAsset,
  KafkaTopicAsset,
  kpuLimitUsage,
  kpusInUse,
  KpuUsage,
  missingParts,
  ResolvedPricing,
  rightsizeFlinkApplication,
  rightsizeKafkaCluster,
  rollUpByOwner,
  splitClusterCost,
  ThroughputWindow,
} from '@backstage-streaming/plugin-streaming-common';
import type { PricingSource } from '../pricing/CurrentPricing';

/**
 * Cost, cost per throughput, chargeback, KPUs and right-sizing of stored
 * assets, with the pure rules of streaming-common and the configured prices.
 * Inputs come from the inventory: describe details and the metrics the
 * refreshes stored (latest values; throughput is the slow refresh's average
 * over its window, at least the last whole hour).
 * Every figure derived from an incomplete estimate (shares, owner roll-ups,
 * cost per GB) is served with `lowerBound: true` and the missing parts.
 */
export class CostCalculator {
  private readonly internalTopicPattern: RegExp;
  private readonly chargebackModel: ChargebackModel;
  private readonly pricingSource: PricingSource;

  constructor(
    /** Fixed prices, or a source whose prices in force are read on each use (the stored price lists change daily). */
    pricing: ResolvedPricing | PricingSource,
    private readonly kpuLimit: number,
    options: {
      /** Topics matching it are platform overhead, not a team's share (streaming.chargeback.internalTopicPattern). */
      internalTopicPattern?: RegExp;
      /** How a shared cluster's fixed cost is split (streaming.chargeback.model). */
      chargebackModel?: ChargebackModel;
    } = {},
  ) {
    this.internalTopicPattern =
      options.internalTopicPattern ??
      new RegExp(DEFAULT_INTERNAL_TOPIC_PATTERN);
    this.chargebackModel = options.chargebackModel ?? DEFAULT_CHARGEBACK_MODEL;
    this.pricingSource =
      'current' in pricing ? pricing : { current: () => pricing };
  }

  private get pricing(): ResolvedPricing {
    return this.pricingSource.current();
  }

  /** A cluster's cost with the split over its topics (all of them, not only the attached ones). */
  clusterCost(
    cluster: KafkaClusterAsset,
    topicsOfCluster: KafkaTopicAsset[],
  ): AssetCost {
    const m = cluster.metrics ?? {};
    const input = {
      arn: cluster.arn,
      clusterType: cluster.clusterType,
      region: cluster.region,
      instanceType: cluster.instanceType,
      brokerCount: cluster.brokerCount,
      volumeSizeGiB: cluster.details?.storage?.volumeSizeGiB ?? null,
      provisionedThroughputMiBps:
        cluster.details?.storage?.provisionedThroughputMiBps ?? null,
      avgBytesInPerSec: m['msk.cluster.bytesInTotal'] ?? null,
      avgBytesOutPerSec: m['msk.cluster.bytesOutTotal'] ?? null,
      throughputWindow: throughputWindowOf(m),
      storedBytes: m['msk.cluster.storageUsed'] ?? null,
      storageMode: cluster.details?.storage?.mode ?? null,
      tieredStoredBytes: m['msk.broker.remoteLogSizeBytes'] ?? null,
      partitionCount:
        cluster.clusterType === 'serverless'
          ? null
          : sumOrNull(topicsOfCluster.map(t => t.partitionCount)),
    };
    const estimate = estimateClusterMonthlyCost(input, this.pricing);
    const lowerBound = !estimate.complete;
    const missing = missingParts(estimate);
    const throughput = costPerThroughput(
      estimate.monthlyUsd,
      input.avgBytesInPerSec,
      input.avgBytesOutPerSec,
      estimate.complete,
      this.pricing.settings,
    );
    // Per-topic bytes exist from PER_TOPIC_PER_BROKER, and always on Serverless;
    // otherwise the split is by partitions.
    const serverless = cluster.clusterType === 'serverless';
    const perTopic =
      serverless ||
      hasPerTopicMetrics(cluster.details?.enhancedMonitoring ?? null);
    const bytesMetric = serverless
      ? ('msk.serverless.topic' as const)
      : ('msk.topic' as const);
    const split = splitClusterCost(
      clusterCostBreakdown(estimate),
      topicsOfCluster.map(topic => ({
        arn: topic.arn,
        owner: topic.owner,
        internal: isInternalTopic(topic.name, this.internalTopicPattern),
        bytesIn: perTopic ? topicBytes(topic, `${bytesMetric}.bytesIn`) : null,
        bytesOut: perTopic
          ? topicBytes(topic, `${bytesMetric}.bytesOut`)
          : null,
        partitions: topic.partitionCount ?? 0,
      })),
      { estimateComplete: estimate.complete, model: this.chargebackModel },
    );
    const rightsizing =
      cluster.clusterType === 'serverless'
        ? undefined
        : rightsizeKafkaCluster(
            {
              ...input,
              cpuPercent: cluster.cpuPercent,
              maxBrokerBytesInPerSec: m['msk.broker.bytesIn'] ?? null,
              maxBrokerBytesOutPerSec: m['msk.broker.bytesOut'] ?? null,
              maxPartitionsPerBroker: m['msk.broker.partitionCount'] ?? null,
              zoneCount: cluster.details?.zoneIds.length || null,
            },
            this.pricing,
          );
    return {
      estimate,
      lowerBound,
      missing,
      usdPerGbIn: throughput.usdPerGbIn,
      usdPerGbOut: throughput.usdPerGbOut,
      chargeback: {
        basis: split.basis,
        basisDescription: split.basisDescription,
        totalUsd: split.totalCents / 100,
        platformOverhead: {
          usd: split.platformOverhead.usd,
          pattern: this.internalTopicPattern.source,
          topics: split.platformOverhead.topics.map(t => ({
            arn: t.arn,
            usd: t.usd,
          })),
        },
        unallocatedUsd: split.unallocatedCents / 100,
        lowerBound,
        missing,
        shares: split.shares.map(s => ({
          arn: s.arn,
          owner: s.owner,
          usd: s.usd,
          fixedUsd: s.fixedCents / 100,
          usageUsd: s.usageCents / 100,
          basisDescription: s.basisDescription,
        })),
        byOwner: rollUpByOwner(split.shares).map(o => ({
          owner: o.owner,
          usd: o.usd,
          topicCount: o.topicCount,
        })),
      },
      ...(rightsizing ? { rightsizing } : {}),
    };
  }

  /** A topic's share of its cluster's cost; an internal topic's is part of the platform overhead. */
  topicShare(
    topic: KafkaTopicAsset,
    clusterCost: AssetCost,
  ): AssetCost['share'] {
    return this.topicShares([topic], clusterCost).get(topic.arn);
  }

  /** The shares of many topics of one cluster, each found once (not a scan per topic). */
  topicShares(
    topics: KafkaTopicAsset[],
    clusterCost: AssetCost,
  ): Map<string, NonNullable<AssetCost['share']>> {
    const shares = new Map<string, NonNullable<AssetCost['share']>>();
    const { chargeback } = clusterCost;
    if (!chargeback) return shares;
    const teamShares = new Map(chargeback.shares.map(s => [s.arn, s]));
    const overheadShares = new Map(
      chargeback.platformOverhead.topics.map(s => [s.arn, s]),
    );
    for (const topic of topics) {
      const teamShare = teamShares.get(topic.arn);
      const overheadShare = overheadShares.get(topic.arn);
      const share = teamShare ?? overheadShare;
      if (!share) continue;
      shares.set(topic.arn, {
        usd: share.usd,
        basis: chargeback.basis,
        clusterArn: topic.clusterArn,
        ...(overheadShare ? { platformOverhead: true } : {}),
        ...(teamShare?.fixedUsd !== undefined
          ? {
              fixedUsd: teamShare.fixedUsd,
              usageUsd: teamShare.usageUsd,
              basisDescription: teamShare.basisDescription,
            }
          : {}),
        lowerBound: chargeback.lowerBound,
        missing: chargeback.missing,
      });
    }
    return shares;
  }

  flinkCost(application: FlinkApplicationAsset): {
    cost: AssetCost;
    kpus: KpuUsage;
  } {
    const parallelism = application.details?.parallelism;
    const m = application.metrics ?? {};
    const kpuInput = {
      status: application.status,
      applicationMode: application.applicationMode ?? 'STREAMING',
      currentParallelism: parallelism?.currentParallelism ?? null,
      parallelism: parallelism?.parallelism ?? null,
      parallelismPerKpu: parallelism?.parallelismPerKpu ?? null,
    };
    const count = kpusInUse(kpuInput);
    const metric = m['flink.kpus'] ?? null;
    const check =
      count.total === null ? null : crossCheckKpus(count.total, metric);
    const usage =
      count.total === null
        ? null
        : kpuLimitUsage(count.total, this.kpuLimit, count.overhead);
    const estimate = estimateFlinkMonthlyCost(
      { ...kpuInput, arn: application.arn, region: application.region },
      this.pricing,
    );
    const rightsizing = rightsizeFlinkApplication(
      {
        ...kpuInput,
        arn: application.arn,
        region: application.region,
        autoScalingEnabled: parallelism?.autoScalingEnabled ?? false,
        maxCpuPercent:
          m['flink.containerCpuUtilization'] ??
          m['flink.cpuUtilization'] ??
          null,
        maxHeapPercent: m['flink.heapMemoryUtilization'] ?? null,
        kpuLimit: this.kpuLimit,
      },
      this.pricing,
    );
    return {
      cost: {
        estimate,
        lowerBound: !estimate.complete,
        missing: missingParts(estimate),
        usdPerGbIn: null,
        usdPerGbOut: null,
        usdPerMillionRecords: flinkCostPerMillionRecords(
          estimate.monthlyUsd,
          m['flink.numRecordsInPerSecond'] ?? null,
        ),
        rightsizing,
      },
      kpus: {
        inUse: count.total,
        processing: count.processing,
        overhead: count.overhead,
        parallelism: count.parallelism,
        parallelismPerKpu: count.parallelismPerKpu,
        basis: count.basis,
        crossCheck: check
          ? { status: check.status, metric, message: check.message }
          : {
              status: 'no-metric',
              metric,
              message:
                'KPUs in use are unknown for this status, so nothing to compare.',
            },
        limit: this.kpuLimit,
        percentOfLimit: usage ? usage.percent : null,
      },
    };
  }
}

/**
 * A topic's average bytes in or out. MSK publishes per-topic series only after a
 * topic's first non-zero value, so once the slow refresh has read the metric
 * (the key is present), a topic without datapoints took in nothing.
 */
function topicBytes(
  topic: KafkaTopicAsset,
  metricId:
    | `msk.topic.${'bytesIn' | 'bytesOut'}`
    | `msk.serverless.topic.${'bytesIn' | 'bytesOut'}`,
): number | null {
  const metrics = topic.metrics ?? {};
  if (!(metricId in metrics)) return null;
  return metrics[metricId] ?? 0;
}

/**
 * The window the stored throughput averages cover, as the slower refresh
 * recorded it with them; null before that refresh has run.
 */
function throughputWindowOf(
  metrics: Record<string, number | null>,
): ThroughputWindow | null {
  const hours = metrics['msk.cluster.throughputWindowHours'];
  if (!hours) return null;
  return {
    description: `the last ${hours} h, in whole hours read by the slow metrics refresh`,
    seconds: hours * 3600,
  };
}

function sumOrNull(values: Array<number | null>): number | null {
  if (values.length === 0 || values.some(v => v === null)) return null;
  return (values as number[]).reduce((a, b) => a + b, 0);
}
