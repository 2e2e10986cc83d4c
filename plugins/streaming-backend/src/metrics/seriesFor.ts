import {
  KafkaClusterAsset,
  MetricContext,
  MetricDefinition,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';

/** One CloudWatch series of an asset's metric. */
export interface AssetSeries {
  /** Unique within the asset and metric. */
  key: string;
  /** What the series is, e.g. `Broker 2` or the topic of a consumer group. */
  label: string;
  dimensions: Record<string, string>;
}

const SCOPE_ASSET_TYPE = {
  broker: 'kafka-cluster',
  cluster: 'kafka-cluster',
  topic: 'kafka-topic',
  'consumer-group': 'consumer-group',
  'flink-application': 'flink-application',
} as const;

const SCOPE_NAMES: Record<string, string> = {
  'kafka-cluster': 'an MSK cluster',
  'kafka-topic': 'a topic',
  'consumer-group': 'a consumer group',
  'flink-application': 'a Managed Flink application',
};

/**
 * Dimensions whose values only CloudWatch knows (a Flink job's tasks and
 * operators): their series are found with ListMetrics.
 */
const DISCOVERED_DIMENSIONS = new Set([
  'Task',
  'Operator',
  'Parallelism',
  'ShardId',
]);

/**
 * Whether CloudWatch alone knows this dimension's values for the asset. A
 * cluster's topics are too: Serverless has no topic API, and its cluster
 * charts sum the topic series ListMetrics finds.
 */
function isDiscovered(dimension: string, asset: StreamingAsset): boolean {
  return (
    DISCOVERED_DIMENSIONS.has(dimension) ||
    (dimension === 'Topic' && asset.assetType === 'kafka-cluster')
  );
}

/** Broker ids of a cluster: from ListNodes, else 1..N as MSK numbers a new cluster's brokers. */
export function brokerIdsOf(cluster: KafkaClusterAsset | undefined): number[] {
  if (!cluster) return [];
  if (cluster.brokers?.length) return cluster.brokers.map(b => b.brokerId);
  return Array.from({ length: cluster.brokerCount ?? 0 }, (_, i) => i + 1);
}

/** Why a metric cannot be asked of this kind of asset, or undefined when it can. */
export function scopeError(
  metric: MetricDefinition,
  asset: StreamingAsset,
): string | undefined {
  const expected = SCOPE_ASSET_TYPE[metric.scope];
  if (asset.assetType === expected) return undefined;
  return `${metric.id} is measured per ${metric.scope}; ask with the ARN of ${
    SCOPE_NAMES[expected]
  }, not of ${SCOPE_NAMES[asset.assetType]}`;
}

/** What decides whether a metric exists for an asset. */
export function metricContextOf(
  asset: StreamingAsset,
  cluster?: KafkaClusterAsset,
): MetricContext {
  switch (asset.assetType) {
    case 'kafka-cluster':
      return {
        clusterType: asset.clusterType,
        monitoringLevel: asset.details?.enhancedMonitoring,
        storageMode: asset.details?.storage?.mode,
      };
    case 'kafka-topic':
    case 'consumer-group':
      return {
        clusterType: cluster?.clusterType,
        monitoringLevel: cluster?.details?.enhancedMonitoring,
      };
    default:
      return {
        runtimeEnvironment: asset.runtimeEnvironment,
        flinkMetricsLevel: asset.details?.monitoring.metricsLevel,
      };
  }
}

/**
 * The CloudWatch series that make up a metric of an asset, or why there are
 * none. `cluster` is the asset's cluster for topics and consumer groups.
 */
export function seriesFor(
  metric: MetricDefinition,
  asset: StreamingAsset,
  cluster?: KafkaClusterAsset,
):
  | { series: AssetSeries[] }
  | { discover: Record<string, string> }
  | { error: string } {
  const expected = SCOPE_ASSET_TYPE[metric.scope];
  if (asset.assetType !== expected) {
    return {
      error: `${metric.id} is measured per ${
        metric.scope
      }; ask with the ARN of ${SCOPE_NAMES[expected]}, not of ${
        SCOPE_NAMES[asset.assetType]
      }`,
    };
  }
  const clusterName = clusterNameOf(asset);
  const brokerCluster = asset.assetType === 'kafka-cluster' ? asset : cluster;

  // Expand each dimension into its values; Broker ID and a consumer group's Topic fan out.
  let combos: Array<{ label: string[]; dimensions: Record<string, string> }> = [
    { label: [], dimensions: {} },
  ];
  let discover = false;
  for (const name of metric.dimensions) {
    if (isDiscovered(name, asset)) {
      discover = true;
      continue;
    }
    let values: Array<{ value: string; label?: string }>;
    switch (name) {
      case 'Cluster Name':
        values = clusterName ? [{ value: clusterName }] : [];
        break;
      case 'Broker ID':
        values = brokerIdsOf(brokerCluster).map(id => ({
          value: String(id),
          label: `Broker ${id}`,
        }));
        break;
      case 'Topic':
        values =
          asset.assetType === 'consumer-group'
            ? asset.topics.map(t => ({ value: t.topic, label: t.topic }))
            : [{ value: asset.name }];
        break;
      case 'Consumer Group':
        values = [{ value: asset.name }];
        break;
      case 'Application':
        values = [{ value: asset.name }];
        break;
      default:
        return {
          error: `${metric.id} needs the dimension ${name}, which this plugin cannot fill`,
        };
    }
    if (values.length === 0) {
      return {
        error: `${metric.id} needs ${name} values that the inventory does not hold for ${asset.name}`,
      };
    }
    combos = combos.flatMap(combo =>
      values.map(v => ({
        label: v.label ? [...combo.label, v.label] : combo.label,
        dimensions: { ...combo.dimensions, [name]: v.value },
      })),
    );
  }
  if (discover) {
    return { discover: combos[0]?.dimensions ?? {} };
  }
  return {
    series: combos.map((combo, index) => ({
      key: `${metric.id}#${index}`,
      label: combo.label.join(' / ') || metric.label,
      dimensions: combo.dimensions,
    })),
  };
}

/** Combines several series' values into one as the metric says (the brokers of a cluster, …). */
export function combineValues(
  metric: Pick<MetricDefinition, 'combineSeries'>,
  values: Array<number | null | undefined>,
): number | null {
  const present = values.filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v),
  );
  if (present.length === 0) return null;
  return metric.combineSeries === 'sum'
    ? present.reduce((a, b) => a + b, 0)
    : Math.max(...present);
}

/** A Sum of a metric published several times a period, as a per-second rate. */
export function scaleValue(
  metric: Pick<MetricDefinition, 'divideSumBy' | 'stat'>,
  value: number,
): number {
  return metric.divideSumBy && metric.stat === 'Sum'
    ? value / metric.divideSumBy
    : value;
}

function clusterNameOf(asset: StreamingAsset): string | undefined {
  if (asset.assetType === 'kafka-cluster') return asset.name;
  return 'clusterName' in asset ? asset.clusterName : undefined;
}

/** The series ListMetrics found for a metric, kept when they carry exactly the metric's dimensions. */
export function discoveredSeries(
  metric: MetricDefinition,
  listed: Array<{ dimensions: Record<string, string> }>,
): AssetSeries[] {
  const wanted = [...metric.dimensions].sort().join('|');
  return listed
    .filter(l => Object.keys(l.dimensions).sort().join('|') === wanted)
    .map((l, index) => ({
      key: `${metric.id}#d${index}`,
      label: metric.dimensions
        .filter(name => DISCOVERED_DIMENSIONS.has(name) || name === 'Topic')
        .map(name => l.dimensions[name])
        .join(' / '),
      dimensions: l.dimensions,
    }));
}
