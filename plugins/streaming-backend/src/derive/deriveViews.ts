import {
  AssetCost,
  autoscalingEvents,
  ConsumerGroupAsset,
  FlinkApplicationAsset,
  KafkaClusterAsset,
  KafkaTopicAsset,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import { CostCalculator } from '../cost/CostCalculator';
import { AssetView, DerivedAccountRegion } from '../database/AssetViewStore';
import { ownerFromTags, OwnershipSettings } from '../service/toAssets';
import { topicCostsOf } from './topicCost';

/** The figures an asset kind has none of. */
const emptyShape: Pick<
  AssetView,
  | 'monthlyUsd'
  | 'costComplete'
  | 'usdPerGbIn'
  | 'bytesInPerSec'
  | 'bytesOutPerSec'
  | 'maxLag'
  | 'kpus'
  | 'kpuLimitUsage'
  | 'partitions'
  | 'savingUsd'
  | 'cost'
  | 'kpu'
> = {
  monthlyUsd: null,
  costComplete: null,
  usdPerGbIn: null,
  bytesInPerSec: null,
  bytesOutPerSec: null,
  maxLag: null,
  kpus: null,
  kpuLimitUsage: null,
  partitions: null,
  savingUsd: null,
  cost: null,
  kpu: null,
};

export interface DeriveInput {
  /** Every stored asset of one account-region, gone ones included. */
  assets: StreamingAsset[];
  /** Recorded parallelism of its applications over the last 30 days, oldest first. */
  parallelism: Map<
    string,
    Array<{ timestamp: string; currentParallelism: number }>
  >;
  costs: CostCalculator;
  ownership: OwnershipSettings;
  derivedAt: string;
}

/**
 * The views of one account-region's assets: each cluster's cost computed
 * once with all its live topics, and from it the cluster's row and each
 * topic's share; consumer groups' lag; applications' cost, KPUs and
 * autoscaling events. Pure: the same assets give the same rows.
 */
export function deriveAccountRegion(input: DeriveInput): DerivedAccountRegion {
  const { assets, costs, ownership, derivedAt } = input;
  const clusters = assets.filter(
    (a): a is KafkaClusterAsset => a.assetType === 'kafka-cluster',
  );
  const topicsOf = groupBy(
    assets.filter((a): a is KafkaTopicAsset => a.assetType === 'kafka-topic'),
    t => t.clusterArn,
  );
  const groupsOf = groupBy(
    assets.filter(
      (a): a is ConsumerGroupAsset => a.assetType === 'consumer-group',
    ),
    g => g.clusterArn,
  );
  const clusterByArn = new Map(clusters.map(c => [c.arn, c]));
  const tagOwnerOfCluster = new Map(
    clusters.map(c => [c.arn, ownerFromTags(c.tags, ownership)]),
  );

  const views: AssetView[] = [];
  const tags: DerivedAccountRegion['tags'] = [];
  const claims: DerivedAccountRegion['claims'] = [];
  const base = (asset: StreamingAsset, tagOwner: string | null) => {
    // A topic's and a group's tags are its cluster's, for hasTag conditions.
    const ownTags =
      asset.assetType === 'kafka-topic' || asset.assetType === 'consumer-group'
        ? clusterByArn.get(asset.clusterArn)?.tags ?? {}
        : asset.tags;
    for (const [key, value] of Object.entries(ownTags)) {
      tags.push({ arn: asset.arn, key, value });
    }
    if (!tagOwner) {
      for (const owner of asset.claimedBy ?? []) {
        claims.push({ arn: asset.arn, owner });
      }
    }
    return {
      arn: asset.arn,
      assetType: asset.assetType,
      accountId: asset.accountId,
      region: asset.region,
      name: asset.name,
      owner: asset.owner,
      tagOwner,
      healthStatus: asset.health.status,
      stale: asset.stale,
      gone: Boolean(asset.gone),
      derivedAt,
    };
  };
  const empty = emptyShape;

  for (const cluster of clusters) {
    const topics = topicsOf.get(cluster.arn) ?? [];
    const live = topics.filter(t => !t.gone);
    // Once per cluster, with all its live topics: the shares need them all.
    const cost = costs.clusterCost(cluster, live);
    const m = cluster.metrics ?? {};
    views.push({
      ...base(cluster, tagOwnerOfCluster.get(cluster.arn) ?? null),
      ...empty,
      clusterArn: null,
      clusterType: cluster.clusterType,
      monthlyUsd: cost.estimate.monthlyUsd,
      costComplete: cost.estimate.complete,
      usdPerGbIn: cost.usdPerGbIn,
      bytesInPerSec: m['msk.cluster.bytesInTotal'] ?? null,
      bytesOutPerSec: m['msk.cluster.bytesOutTotal'] ?? null,
      maxLag: maxOrNull(
        (groupsOf.get(cluster.arn) ?? [])
          .filter(g => !g.gone)
          .flatMap(g => g.topics.map(l => l.maxOffsetLag)),
      ),
      partitions: sumOrNull(
        live.map(t =>
          t.partitionCount === null
            ? null
            : t.partitionCount * (t.replicationFactor ?? 1),
        ),
      ),
      savingUsd: largestSaving(cost),
      cost,
    });
    const lagOnTopic = new Map<string, number | null>();
    for (const group of groupsOf.get(cluster.arn) ?? []) {
      if (group.gone) continue;
      for (const lag of group.topics) {
        lagOnTopic.set(
          lag.topic,
          maxOrNull([lagOnTopic.get(lag.topic) ?? null, lag.maxOffsetLag]),
        );
      }
    }
    const serverless = cluster.clusterType === 'serverless';
    const topicCosts = topicCostsOf(costs, topics, cost);
    for (const topic of topics) {
      const topicCost = topicCosts.get(topic.arn);
      const tm = topic.metrics ?? {};
      views.push({
        ...base(topic, tagOwnerOfCluster.get(cluster.arn) ?? null),
        ...empty,
        clusterArn: cluster.arn,
        clusterType: cluster.clusterType,
        monthlyUsd: topicCost?.share?.usd ?? null,
        costComplete: topicCost ? !topicCost.lowerBound : null,
        bytesInPerSec:
          tm[
            serverless ? 'msk.serverless.topic.bytesIn' : 'msk.topic.bytesIn'
          ] ?? null,
        bytesOutPerSec:
          tm[
            serverless ? 'msk.serverless.topic.bytesOut' : 'msk.topic.bytesOut'
          ] ?? null,
        maxLag: lagOnTopic.get(topic.name) ?? null,
        partitions: topic.partitionCount,
        cost: topicCost ?? null,
      });
    }
  }

  for (const asset of assets) {
    if (asset.assetType === 'consumer-group') {
      const cluster = clusterByArn.get(asset.clusterArn);
      views.push({
        ...base(asset, tagOwnerOfCluster.get(asset.clusterArn) ?? null),
        ...empty,
        clusterArn: asset.clusterArn,
        clusterType: cluster?.clusterType ?? null,
        maxLag: maxOrNull(asset.topics.map(l => l.maxOffsetLag)),
      });
    } else if (asset.assetType === 'kafka-topic') {
      // A topic whose cluster is not stored (purged first) still has a row, without cost.
      if (clusterByArn.has(asset.clusterArn)) continue;
      views.push({
        ...base(asset, null),
        ...empty,
        clusterArn: asset.clusterArn,
        clusterType: null,
        partitions: asset.partitionCount,
      });
    } else if (asset.assetType === 'flink-application') {
      views.push(
        applicationView(
          asset,
          input,
          base(asset, ownerFromTags(asset.tags, ownership)),
        ),
      );
    }
  }
  return { views, tags, claims };
}

function applicationView(
  application: FlinkApplicationAsset,
  input: DeriveInput,
  base: Omit<AssetView, keyof typeof emptyShape | 'clusterArn' | 'clusterType'>,
): AssetView {
  const { cost, kpus } = input.costs.flinkCost(application);
  const kpu = {
    ...kpus,
    autoscalingEvents: autoscalingEvents(
      input.parallelism.get(application.arn) ?? [],
    ),
  };
  return {
    ...base,
    ...emptyShape,
    clusterArn: null,
    clusterType: null,
    monthlyUsd: cost.estimate.monthlyUsd,
    costComplete: cost.estimate.complete,
    kpus: kpus.inUse,
    kpuLimitUsage: kpus.inUse === null ? null : kpus.inUse / kpus.limit,
    savingUsd: largestSaving(cost),
    cost,
    kpu,
  };
}

/** The largest monthly saving right-sizing offers, as a positive amount; null when none. */
export function largestSaving(cost: AssetCost): number | null {
  const deltas = (cost.rightsizing?.recommendations ?? []).flatMap(r =>
    r.options.map(o => o.monthlyUsdDelta),
  );
  const savings = deltas.filter((d): d is number => d !== null && d < 0);
  return savings.length ? -Math.min(...savings) : null;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function maxOrNull(values: Array<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.max(...known) : null;
}

function sumOrNull(values: Array<number | null>): number | null {
  if (values.length === 0 || values.some(v => v === null)) return null;
  return (values as number[]).reduce((a, b) => a + b, 0);
}
