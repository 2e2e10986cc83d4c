import type {
  AssetCost,
  ClusterType,
  EntityStreamingResponse,
  FlinkApplicationAsset,
  Health,
  HealthFinding,
  HealthStatus,
  KafkaClusterAsset,
  KafkaTopicAsset,
} from '@backstage-streaming/plugin-streaming-common';
import { costBound } from '../format';

/** One labelled fact about an asset, e.g. `Brokers: 3`. */
export interface AssetFact {
  label: string;
  value: string;
}

/** One table row: a cluster, topic or Flink application, flattened for display. */
export interface AssetRow {
  /** The asset ARN: unique across every asset type. */
  id: string;
  typeLabel: string;
  name: string;
  region: string;
  accountId: string;
  facts: AssetFact[];
  health: HealthStatus;
  /** The worst finding, the one worth a reader's attention first; undefined when there are none. */
  topFinding?: HealthFinding;
  stale: boolean;
  refreshedAt: string;
  gone: boolean;
  /** Owning group's entity ref, or null when nobody is known to own it. */
  owner: string | null;
  /** When nobody owns it: the owners of the entities of several teams attaching it. */
  claimedBy?: string[];
  /** What the reader pays, when cost is permitted and computed. */
  cost?: AssetRowCost;
}

/** The cost facts a row shows: monthly cost (a topic's share of its cluster) and cost per GB. */
export interface AssetRowCost {
  monthlyUsd: number;
  /**
   * False when some part of the (cluster's) estimate is unknown: the monthly
   * figure, a topic's share and cost per GB are then lower bounds.
   */
  complete: boolean;
  /** Descriptions of the unknown parts, shown as "(missing: …)". */
  missing: string[];
  /** True for a topic: `monthlyUsd` is its share of the cluster's cost. */
  isShare: boolean;
  /** True for an internal topic: its share is the cluster's platform overhead. */
  isPlatformOverhead: boolean;
  usdPerGbIn: number | null;
  usdPerGbOut: number | null;
}

export const CLUSTER_TYPE_LABELS: Record<ClusterType, string> = {
  standard: 'Standard cluster',
  express: 'Express cluster',
  serverless: 'Serverless cluster',
};

/** Orders statuses from fine to worst, for picking and sorting by health. */
function rowCost(cost: AssetCost | undefined): AssetRowCost | undefined {
  if (!cost) return undefined;
  // A share of an incomplete estimate is a lower bound like the estimate.
  const bound = costBound(cost);
  return {
    monthlyUsd: cost.share?.usd ?? cost.estimate.monthlyUsd,
    complete: !bound.lowerBound,
    missing: bound.missing,
    isShare: Boolean(cost.share),
    isPlatformOverhead: Boolean(cost.share?.platformOverhead),
    usdPerGbIn: cost.usdPerGbIn,
    usdPerGbOut: cost.usdPerGbOut,
  };
}

export const SEVERITY_RANK: Record<HealthStatus, number> = {
  healthy: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

function topFindingOf(health: Health): HealthFinding | undefined {
  // The backend sorts worst first, but the order is not part of the schema.
  return health.findings.reduce<HealthFinding | undefined>(
    (worst, finding) =>
      !worst || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst.severity]
        ? finding
        : worst,
    undefined,
  );
}

/** Drops facts the asset does not report (e.g. broker count of a serverless cluster). */
function facts(entries: Array<[string, string | number | null]>): AssetFact[] {
  return entries
    .filter((entry): entry is [string, string | number] => entry[1] !== null)
    .map(([label, value]) => ({ label, value: String(value) }));
}

function common(
  asset: KafkaClusterAsset | KafkaTopicAsset | FlinkApplicationAsset,
) {
  return {
    id: asset.arn,
    name: asset.name,
    region: asset.region,
    accountId: asset.accountId,
    health: asset.health.status,
    topFinding: topFindingOf(asset.health),
    stale: asset.stale,
    refreshedAt: asset.refreshedAt,
    gone: asset.gone ?? false,
    owner: asset.owner,
    claimedBy: asset.claimedBy,
    cost: rowCost(asset.cost),
  };
}

export function clusterRow(cluster: KafkaClusterAsset): AssetRow {
  return {
    ...common(cluster),
    typeLabel: CLUSTER_TYPE_LABELS[cluster.clusterType],
    facts: facts([
      ['State', cluster.state],
      ['Brokers', cluster.brokerCount],
      ['Instance type', cluster.instanceType],
      ['Kafka', cluster.kafkaVersion],
    ]),
  };
}

export function topicRow(topic: KafkaTopicAsset): AssetRow {
  return {
    ...common(topic),
    typeLabel: 'Topic',
    facts: facts([
      ['Cluster', topic.clusterName],
      ['Partitions', topic.partitionCount],
      ['Replication factor', topic.replicationFactor],
    ]),
  };
}

export function applicationRow(application: FlinkApplicationAsset): AssetRow {
  return {
    ...common(application),
    typeLabel: 'Flink application',
    facts: facts([
      ['Status', application.status],
      ['Runtime', application.runtimeEnvironment],
      ['KPUs in use', application.kpus?.inUse ?? null],
    ]),
  };
}

/** Clusters first, then their topics, then Flink applications: the order a reader follows data. */
export function toAssetRows(response: EntityStreamingResponse): AssetRow[] {
  return [
    ...response.clusters.map(clusterRow),
    ...response.topics.map(topicRow),
    ...response.applications.map(applicationRow),
  ];
}
