import {
  ConsumerGroupAsset,
  FlinkApplicationAsset,
  KafkaClusterAsset,
  KafkaTopicAsset,
  METRICS,
  MetricDefinition,
  MetricScope,
  metricsFor,
} from '@backstage-streaming/plugin-streaming-common';

/** The charts an asset offers and the ones shown before the reader picks any. */
export interface ChartChoice {
  metrics: MetricDefinition[];
  defaults: string[];
}

const CLUSTER_DEFAULTS = [
  'msk.broker.cpuUser',
  'msk.broker.bytesIn',
  'msk.broker.bytesOut',
  'msk.broker.diskUsed',
  'msk.cluster.storageUsed',
  'msk.serverless.cluster.bytesIn',
  'msk.serverless.cluster.bytesOut',
];
const TOPIC_DEFAULTS = [
  'msk.topic.bytesIn',
  'msk.topic.bytesOut',
  'msk.serverless.topic.bytesIn',
  'msk.serverless.topic.bytesOut',
];
const CONSUMER_GROUP_DEFAULTS = [
  'msk.consumerGroup.maxOffsetLag',
  'msk.consumerGroup.estimatedMaxTimeLag',
];
const FLINK_DEFAULTS = [
  'flink.kpus',
  'flink.cpuUtilization',
  'flink.heapMemoryUtilization',
  'flink.numRecordsInPerSecond',
  'flink.downtime',
];

function choice(
  metrics: MetricDefinition[],
  scopes: MetricScope[],
  defaults: string[],
): ChartChoice {
  const seenLabels = new Set<string>();
  const chartable = metrics.filter(metric => {
    // Two variants of one metric (e.g. Restarts before and after Flink 2.0) only appear once.
    if (!metric.chartable || !scopes.includes(metric.scope)) return false;
    if (seenLabels.has(metric.label)) return false;
    seenLabels.add(metric.label);
    return true;
  });
  return {
    metrics: chartable,
    defaults: chartable
      .map(metric => metric.id)
      .filter(id => defaults.includes(id)),
  };
}

/**
 * A topic's or consumer group's metrics depend on its cluster's type and
 * monitoring level. When the cluster is not among the entity's assets, the
 * provisioned variants are offered (they come first in the table) and the
 * backend's answer says when one is not published.
 */
function metricsOfClusterChild(cluster: KafkaClusterAsset | undefined) {
  return cluster
    ? metricsFor(cluster)
    : METRICS.filter(metric => metric.namespace === 'AWS/Kafka');
}

export function clusterCharts(cluster: KafkaClusterAsset): ChartChoice {
  return choice(metricsFor(cluster), ['broker', 'cluster'], CLUSTER_DEFAULTS);
}

export function topicCharts(
  _topic: KafkaTopicAsset,
  cluster: KafkaClusterAsset | undefined,
): ChartChoice {
  return choice(metricsOfClusterChild(cluster), ['topic'], TOPIC_DEFAULTS);
}

export function consumerGroupCharts(
  _group: ConsumerGroupAsset,
  cluster: KafkaClusterAsset | undefined,
): ChartChoice {
  return choice(
    metricsOfClusterChild(cluster),
    ['consumer-group'],
    CONSUMER_GROUP_DEFAULTS,
  );
}

export function flinkCharts(application: FlinkApplicationAsset): ChartChoice {
  return choice(metricsFor(application), ['flink-application'], FLINK_DEFAULTS);
}
