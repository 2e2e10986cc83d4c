import type { ClusterType } from '../schema';

/**
 * Every CloudWatch metric the product reads, in one table: what to query
 * (namespace, name, dimension names, statistic, period) and where it exists
 * (cluster type, MSK enhanced-monitoring level, Flink runtime and metrics
 * level). Sources: the project's reference notes, section 3 (CloudWatch
 * metrics) unless a note says otherwise.
 */

/** MSK enhanced-monitoring levels, lowest first; each level adds metrics to the ones below it. */
export const MONITORING_LEVELS = [
  'DEFAULT',
  'PER_BROKER',
  'PER_TOPIC_PER_BROKER',
  'PER_TOPIC_PER_PARTITION',
] as const;
export type MonitoringLevel = (typeof MONITORING_LEVELS)[number];

/**
 * Managed Flink metrics levels, lowest first. AWS: "if the reporting level is
 * set to Operator, the application reports Application, Task, and Operator
 * metrics", so TASK sits below OPERATOR.
 */
export const FLINK_METRICS_LEVELS = [
  'APPLICATION',
  'TASK',
  'OPERATOR',
  'PARALLELISM',
] as const;
export type FlinkMetricsLevel = (typeof FLINK_METRICS_LEVELS)[number];

export type MetricScope =
  | 'cluster'
  | 'broker'
  | 'topic'
  | 'consumer-group'
  | 'flink-application';
export type MetricStatistic = 'Average' | 'Maximum' | 'Minimum' | 'Sum';
export type MetricUnit =
  | 'percent'
  | 'count'
  | 'count/s'
  | 'bytes'
  | 'bytes/s'
  | 'milliseconds'
  | 'ms/s'
  | 'seconds';

/** Flink versions a metric exists for, as `major.minor`: `from` inclusive, `before` exclusive. */
export interface FlinkRuntimeRange {
  from?: string;
  before?: string;
}

export interface MetricAppliesTo {
  /** MSK cluster types that publish it; absent for Flink metrics. */
  clusterTypes?: readonly ClusterType[];
  /** Lowest MSK enhanced-monitoring level that publishes it (provisioned clusters). */
  minMonitoringLevel?: MonitoringLevel;
  /** MSK `StorageMode`s (`LOCAL`, `TIERED`) of the clusters that publish it; absent when every mode does. */
  storageModes?: readonly string[];
  /** Flink versions that publish it; absent when every Flink runtime does. */
  flinkRuntimes?: FlinkRuntimeRange;
  /** Lowest Managed Flink metrics level that publishes it. */
  minFlinkMetricsLevel?: FlinkMetricsLevel;
}

export interface MetricDefinition {
  /** Stable id, e.g. `msk.broker.cpuUser`. */
  id: string;
  namespace: 'AWS/Kafka' | 'AWS/KinesisAnalytics';
  /** CloudWatch metric name; case-sensitive. */
  metricName: string;
  /** Dimension names every series of it carries, in the order they are shown. */
  dimensions: readonly string[];
  stat: MetricStatistic;
  periodSeconds: number;
  unit: MetricUnit;
  /** Short label for charts and tables. */
  label: string;
  /** The asset the series belong to. */
  scope: MetricScope;
  appliesTo: MetricAppliesTo;
  /**
   * How the series of one asset combine into the asset's value: the brokers
   * of a cluster, the brokers of a topic, the topics of a consumer group.
   */
  combineSeries: 'max' | 'sum';
  /** True when it counts since the job started: health uses its increase over a window (see `counterIncrease`). */
  cumulative?: boolean;
  /** The metric publishes this many samples per period: divide the Sum by it to get the per-second rate. */
  divideSumBy?: number;
  chartable: boolean;
  /** `inventory` metrics are read with every inventory refresh; `slow` ones (per topic, per consumer group, hourly) on their own slower cadence. */
  collectedAtRefresh: 'inventory' | 'slow';
  /** Caveats worth knowing when querying or reading it. */
  note?: string;
}

const PROVISIONED: readonly ClusterType[] = ['standard', 'express'];
const STANDARD_ONLY: readonly ClusterType[] = ['standard'];
const ALL_CLUSTER_TYPES: readonly ClusterType[] = [
  'standard',
  'express',
  'serverless',
];
const BROKER = ['Cluster Name', 'Broker ID'] as const;
const CLUSTER = ['Cluster Name'] as const;
const TOPIC_PER_BROKER = ['Cluster Name', 'Broker ID', 'Topic'] as const;
const CONSUMER_GROUP = ['Cluster Name', 'Consumer Group', 'Topic'] as const;
const APPLICATION = ['Application'] as const;
const MINUTE = 60;
const HOUR = 3600;

const CONTROLLER_ONLY_NOTE =
  'Cluster-level: only the active controller reports the real value, the other brokers report 0, so read the Maximum, never the Average.';
const LAG_NOTE =
  'Published only for groups that commit offsets and whose names are ASCII. Query with Cluster Name, Consumer Group and Topic (never Broker ID); the MSK docs list only two of the three [CONFLICT].';

function msk(
  definition: Omit<MetricDefinition, 'namespace' | 'periodSeconds'> & {
    periodSeconds?: number;
  },
): MetricDefinition {
  return { namespace: 'AWS/Kafka', periodSeconds: MINUTE, ...definition };
}

function flink(
  definition: Omit<
    MetricDefinition,
    | 'namespace'
    | 'periodSeconds'
    | 'scope'
    | 'dimensions'
    | 'combineSeries'
    | 'collectedAtRefresh'
  > &
    Partial<
      Pick<
        MetricDefinition,
        'periodSeconds' | 'dimensions' | 'combineSeries' | 'collectedAtRefresh'
      >
    >,
): MetricDefinition {
  return {
    namespace: 'AWS/KinesisAnalytics',
    periodSeconds: MINUTE,
    scope: 'flink-application',
    dimensions: APPLICATION,
    combineSeries: 'max',
    collectedAtRefresh: 'inventory',
    ...definition,
  };
}

export const METRICS: readonly MetricDefinition[] = [
  // MSK brokers (Standard and Express), DEFAULT level.
  msk({
    id: 'msk.broker.cpuUser',
    metricName: 'CpuUser',
    dimensions: BROKER,
    stat: 'Average',
    unit: 'percent',
    label: 'CPU (user)',
    scope: 'broker',
    appliesTo: { clusterTypes: PROVISIONED, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
    note: 'Health adds CpuSystem of the same broker and judges the busiest broker.',
  }),
  msk({
    id: 'msk.broker.cpuSystem',
    metricName: 'CpuSystem',
    dimensions: BROKER,
    stat: 'Average',
    unit: 'percent',
    label: 'CPU (system)',
    scope: 'broker',
    appliesTo: { clusterTypes: PROVISIONED, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
  }),
  msk({
    id: 'msk.broker.diskUsed',
    metricName: 'KafkaDataLogsDiskUsed',
    dimensions: BROKER,
    stat: 'Maximum',
    unit: 'percent',
    label: 'Data disk used',
    scope: 'broker',
    appliesTo: { clusterTypes: STANDARD_ONLY, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
    note: 'Express brokers have no disk metrics: MSK manages their storage.',
  }),
  msk({
    id: 'msk.broker.heapAfterGc',
    metricName: 'HeapMemoryAfterGC',
    dimensions: BROKER,
    stat: 'Maximum',
    unit: 'percent',
    label: 'Heap after GC',
    scope: 'broker',
    appliesTo: { clusterTypes: STANDARD_ONLY, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
  }),
  msk({
    id: 'msk.broker.underReplicatedPartitions',
    metricName: 'UnderReplicatedPartitions',
    dimensions: BROKER,
    stat: 'Maximum',
    unit: 'count',
    label: 'Under-replicated partitions',
    scope: 'broker',
    appliesTo: { clusterTypes: STANDARD_ONLY, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'inventory',
  }),
  msk({
    id: 'msk.broker.underMinIsrPartitions',
    metricName: 'UnderMinIsrPartitionCount',
    dimensions: BROKER,
    stat: 'Maximum',
    unit: 'count',
    label: 'Under-min-ISR partitions',
    scope: 'broker',
    appliesTo: { clusterTypes: STANDARD_ONLY, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'inventory',
  }),
  msk({
    id: 'msk.broker.partitionCount',
    metricName: 'PartitionCount',
    dimensions: BROKER,
    stat: 'Maximum',
    unit: 'count',
    label: 'Partitions (incl. replicas)',
    scope: 'broker',
    appliesTo: { clusterTypes: PROVISIONED, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
    note: 'Counts replicas too, which is what the partitions-per-broker limits count.',
  }),
  msk({
    id: 'msk.broker.bytesIn',
    metricName: 'BytesInPerSec',
    dimensions: BROKER,
    stat: 'Average',
    unit: 'bytes/s',
    label: 'Bytes in',
    scope: 'broker',
    appliesTo: { clusterTypes: PROVISIONED, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
    note: 'Health judges the busiest broker; the cluster total is the sum over brokers.',
  }),
  msk({
    id: 'msk.broker.bytesOut',
    metricName: 'BytesOutPerSec',
    dimensions: BROKER,
    stat: 'Average',
    unit: 'bytes/s',
    label: 'Bytes out',
    scope: 'broker',
    appliesTo: { clusterTypes: PROVISIONED, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
    note: 'Health judges the busiest broker; the cluster total is the sum over brokers.',
  }),
  msk({
    id: 'msk.broker.messagesIn',
    metricName: 'MessagesInPerSec',
    dimensions: BROKER,
    stat: 'Average',
    unit: 'count/s',
    label: 'Messages in',
    scope: 'broker',
    appliesTo: { clusterTypes: PROVISIONED, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'inventory',
  }),
  // MSK brokers, PER_BROKER level (paid).
  msk({
    id: 'msk.broker.produceThrottleTime',
    metricName: 'ProduceThrottleTime',
    dimensions: BROKER,
    stat: 'Maximum',
    unit: 'milliseconds',
    label: 'Produce throttle time',
    scope: 'broker',
    appliesTo: { clusterTypes: PROVISIONED, minMonitoringLevel: 'PER_BROKER' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
  }),
  msk({
    id: 'msk.broker.fetchThrottleTime',
    metricName: 'FetchThrottleTime',
    dimensions: BROKER,
    stat: 'Maximum',
    unit: 'milliseconds',
    label: 'Fetch throttle time',
    scope: 'broker',
    appliesTo: { clusterTypes: PROVISIONED, minMonitoringLevel: 'PER_BROKER' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
  }),
  // MSK cluster-level metrics: real only on the active controller.
  msk({
    id: 'msk.cluster.activeControllerCount',
    metricName: 'ActiveControllerCount',
    dimensions: CLUSTER,
    stat: 'Maximum',
    unit: 'count',
    label: 'Active controllers',
    scope: 'cluster',
    appliesTo: { clusterTypes: PROVISIONED, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'max',
    chartable: false,
    collectedAtRefresh: 'inventory',
    note: CONTROLLER_ONLY_NOTE,
  }),
  msk({
    id: 'msk.cluster.offlinePartitions',
    metricName: 'OfflinePartitionsCount',
    dimensions: CLUSTER,
    stat: 'Maximum',
    unit: 'count',
    label: 'Offline partitions',
    scope: 'cluster',
    appliesTo: { clusterTypes: STANDARD_ONLY, minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
    note: CONTROLLER_ONLY_NOTE,
  }),
  msk({
    id: 'msk.cluster.storageUsed',
    metricName: 'StorageUsed',
    dimensions: CLUSTER,
    stat: 'Maximum',
    unit: 'bytes',
    label: 'Storage used (excl. replicas)',
    scope: 'cluster',
    appliesTo: { clusterTypes: ['express'], minMonitoringLevel: 'DEFAULT' },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'inventory',
    note: 'Express only; AWS suggests an anomaly-detection alarm rather than a fixed threshold.',
  }),
  msk({
    id: 'msk.broker.remoteLogSizeBytes',
    metricName: 'RemoteLogSizeBytes',
    dimensions: BROKER,
    stat: 'Maximum',
    unit: 'bytes',
    label: 'Tiered storage used',
    scope: 'broker',
    appliesTo: {
      clusterTypes: STANDARD_ONLY,
      minMonitoringLevel: 'PER_BROKER',
      storageModes: ['TIERED'],
    },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'inventory',
    note: 'Bytes a broker holds in the remote (tiered) storage; the cluster value, summed over brokers, is what the tiered-storage cost is priced on. Standard clusters with StorageMode TIERED, from PER_BROKER monitoring.',
  }),
  // Per topic (Standard and Express): PER_TOPIC_PER_BROKER, one series per broker.
  msk({
    id: 'msk.topic.bytesIn',
    metricName: 'BytesInPerSec',
    dimensions: TOPIC_PER_BROKER,
    stat: 'Average',
    unit: 'bytes/s',
    label: 'Bytes in',
    scope: 'topic',
    appliesTo: {
      clusterTypes: PROVISIONED,
      minMonitoringLevel: 'PER_TOPIC_PER_BROKER',
    },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'slow',
    note: 'Series appear only after the first non-zero value. The DEFAULT-level tables also list Topic for this metric [CONFLICT]; the plugin relies on it only from PER_TOPIC_PER_BROKER.',
  }),
  msk({
    id: 'msk.topic.bytesOut',
    metricName: 'BytesOutPerSec',
    dimensions: TOPIC_PER_BROKER,
    stat: 'Average',
    unit: 'bytes/s',
    label: 'Bytes out',
    scope: 'topic',
    appliesTo: {
      clusterTypes: PROVISIONED,
      minMonitoringLevel: 'PER_TOPIC_PER_BROKER',
    },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'slow',
    note: 'Series appear only after the first non-zero value. The DEFAULT-level tables also list Topic for this metric [CONFLICT]; the plugin relies on it only from PER_TOPIC_PER_BROKER.',
  }),
  msk({
    id: 'msk.topic.messagesIn',
    metricName: 'MessagesInPerSec',
    dimensions: TOPIC_PER_BROKER,
    stat: 'Average',
    unit: 'count/s',
    label: 'Messages in',
    scope: 'topic',
    appliesTo: {
      clusterTypes: PROVISIONED,
      minMonitoringLevel: 'PER_TOPIC_PER_BROKER',
    },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'slow',
    note: 'Series appear only after the first non-zero value.',
  }),
  // Serverless: throughput per topic, no broker dimension and no monitoring levels.
  msk({
    id: 'msk.serverless.topic.bytesIn',
    metricName: 'BytesInPerSec',
    dimensions: ['Cluster Name', 'Topic'],
    stat: 'Average',
    unit: 'bytes/s',
    label: 'Bytes in',
    scope: 'topic',
    appliesTo: { clusterTypes: ['serverless'] },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'slow',
    note: 'Serverless publishes throughput per topic only; the cluster total is the sum over topics.',
  }),
  msk({
    id: 'msk.serverless.topic.bytesOut',
    metricName: 'BytesOutPerSec',
    dimensions: ['Cluster Name', 'Topic'],
    stat: 'Average',
    unit: 'bytes/s',
    label: 'Bytes out',
    scope: 'topic',
    appliesTo: { clusterTypes: ['serverless'] },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'slow',
    note: 'Serverless publishes throughput per topic only; the cluster total is the sum over topics.',
  }),
  // Serverless publishes no cluster-level or broker metrics: the cluster's
  // throughput is the sum of its topics' series, found with ListMetrics
  // (Topic is discovered for a cluster). Charts only: the slow refresh sums
  // the topic values it already reads for the cluster's cost.
  msk({
    id: 'msk.serverless.cluster.bytesIn',
    metricName: 'BytesInPerSec',
    dimensions: ['Cluster Name', 'Topic'],
    stat: 'Average',
    unit: 'bytes/s',
    label: 'Bytes in (sum over topics)',
    scope: 'cluster',
    appliesTo: { clusterTypes: ['serverless'] },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'slow',
    note: 'Sum over the topics CloudWatch lists for the cluster (those with datapoints in the last 14 days); idle topics add nothing.',
  }),
  msk({
    id: 'msk.serverless.cluster.bytesOut',
    metricName: 'BytesOutPerSec',
    dimensions: ['Cluster Name', 'Topic'],
    stat: 'Average',
    unit: 'bytes/s',
    label: 'Bytes out (sum over topics)',
    scope: 'cluster',
    appliesTo: { clusterTypes: ['serverless'] },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'slow',
    note: 'Sum over the topics CloudWatch lists for the cluster (those with datapoints in the last 14 days); idle topics add nothing.',
  }),
  // Consumer-group lag: every cluster type, DEFAULT level, one series per topic the group reads.
  msk({
    id: 'msk.consumerGroup.maxOffsetLag',
    metricName: 'MaxOffsetLag',
    dimensions: CONSUMER_GROUP,
    stat: 'Maximum',
    unit: 'count',
    label: 'Max offset lag',
    scope: 'consumer-group',
    appliesTo: {
      clusterTypes: ALL_CLUSTER_TYPES,
      minMonitoringLevel: 'DEFAULT',
    },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'slow',
    note: LAG_NOTE,
  }),
  msk({
    id: 'msk.consumerGroup.sumOffsetLag',
    metricName: 'SumOffsetLag',
    dimensions: CONSUMER_GROUP,
    stat: 'Maximum',
    unit: 'count',
    label: 'Total offset lag',
    scope: 'consumer-group',
    appliesTo: {
      clusterTypes: ALL_CLUSTER_TYPES,
      minMonitoringLevel: 'DEFAULT',
    },
    combineSeries: 'sum',
    chartable: true,
    collectedAtRefresh: 'slow',
    note: LAG_NOTE,
  }),
  msk({
    id: 'msk.consumerGroup.estimatedMaxTimeLag',
    metricName: 'EstimatedMaxTimeLag',
    dimensions: CONSUMER_GROUP,
    stat: 'Maximum',
    unit: 'seconds',
    label: 'Estimated time lag',
    scope: 'consumer-group',
    appliesTo: {
      clusterTypes: ALL_CLUSTER_TYPES,
      minMonitoringLevel: 'DEFAULT',
    },
    combineSeries: 'max',
    chartable: true,
    collectedAtRefresh: 'slow',
    note: LAG_NOTE,
  }),
  // Managed Flink, APPLICATION level unless said otherwise.
  flink({
    id: 'flink.downtime',
    metricName: 'downtime',
    stat: 'Maximum',
    unit: 'milliseconds',
    label: 'Downtime',
    appliesTo: {},
    chartable: true,
    note: '0 while running, -1 when the job completed. Deprecated in Flink 2.2 (runningTime, restartingTime and failingTime replace it) but still published.',
  }),
  flink({
    id: 'flink.uptime',
    metricName: 'uptime',
    stat: 'Maximum',
    unit: 'milliseconds',
    label: 'Uptime',
    appliesTo: {},
    chartable: true,
    note: 'Deprecated in Flink 2.2 but still published.',
  }),
  flink({
    id: 'flink.numRestarts',
    metricName: 'numRestarts',
    stat: 'Maximum',
    unit: 'count',
    label: 'Restarts',
    appliesTo: { flinkRuntimes: { from: '2.0' } },
    cumulative: true,
    chartable: true,
    note: 'Replaces fullRestarts, which Flink 2.2 removed.',
  }),
  flink({
    id: 'flink.fullRestarts',
    metricName: 'fullRestarts',
    stat: 'Maximum',
    unit: 'count',
    label: 'Restarts',
    appliesTo: { flinkRuntimes: { before: '2.0' } },
    cumulative: true,
    chartable: true,
  }),
  flink({
    id: 'flink.numberOfFailedCheckpoints',
    metricName: 'numberOfFailedCheckpoints',
    stat: 'Maximum',
    unit: 'count',
    label: 'Failed checkpoints',
    appliesTo: {},
    cumulative: true,
    chartable: true,
  }),
  flink({
    id: 'flink.lastCheckpointDuration',
    metricName: 'lastCheckpointDuration',
    stat: 'Maximum',
    unit: 'milliseconds',
    label: 'Last checkpoint duration',
    appliesTo: {},
    chartable: true,
  }),
  flink({
    id: 'flink.lastCheckpointSize',
    metricName: 'lastCheckpointSize',
    stat: 'Maximum',
    unit: 'bytes',
    label: 'Last checkpoint size',
    appliesTo: {},
    chartable: true,
    note: 'Steady growth means state is not cleaned up; each KPU has 50 GB of local disk.',
  }),
  flink({
    id: 'flink.cpuUtilization',
    metricName: 'cpuUtilization',
    stat: 'Maximum',
    unit: 'percent',
    label: 'CPU (TaskManager JVM)',
    appliesTo: {},
    chartable: true,
    note: 'One sample per TaskManager: the Maximum is the hottest one.',
  }),
  flink({
    id: 'flink.containerCpuUtilization',
    metricName: 'containerCPUUtilization',
    stat: 'Maximum',
    unit: 'percent',
    label: 'CPU (container)',
    appliesTo: {},
    chartable: true,
    note: 'The autoscaling trigger: ≥ 75% Maximum for 15 minutes scales up.',
  }),
  flink({
    id: 'flink.heapMemoryUtilization',
    metricName: 'heapMemoryUtilization',
    stat: 'Maximum',
    unit: 'percent',
    label: 'Heap',
    appliesTo: {},
    chartable: true,
    note: 'One sample per TaskManager: the Maximum is the fullest one.',
  }),
  flink({
    id: 'flink.containerMemoryUtilization',
    metricName: 'containerMemoryUtilization',
    stat: 'Maximum',
    unit: 'percent',
    label: 'Container memory',
    appliesTo: {},
    chartable: true,
  }),
  flink({
    id: 'flink.backPressuredTimeMsPerSecond',
    metricName: 'backPressuredTimeMsPerSecond',
    dimensions: ['Application', 'Task'],
    stat: 'Maximum',
    unit: 'ms/s',
    label: 'Backpressured time',
    appliesTo: {
      flinkRuntimes: { from: '1.13' },
      minFlinkMetricsLevel: 'TASK',
    },
    chartable: true,
    note: 'Not published at APPLICATION level. OPERATOR and PARALLELISM levels add Operator and Parallelism dimensions: list the series with ListMetrics and take the Maximum over them.',
  }),
  flink({
    id: 'flink.numRecordsInPerSecond',
    metricName: 'numRecordsInPerSecond',
    stat: 'Sum',
    divideSumBy: 4,
    unit: 'count/s',
    label: 'Records in',
    appliesTo: {},
    chartable: true,
    note: 'Published as 4 snapshots a minute: divide the 1-minute Sum by 4.',
  }),
  flink({
    id: 'flink.numRecordsOutPerSecond',
    metricName: 'numRecordsOutPerSecond',
    stat: 'Sum',
    divideSumBy: 4,
    unit: 'count/s',
    label: 'Records out',
    appliesTo: {},
    chartable: true,
    note: 'Published as 4 snapshots a minute: divide the 1-minute Sum by 4.',
  }),
  flink({
    id: 'flink.kpus',
    metricName: 'KPUs',
    stat: 'Maximum',
    periodSeconds: HOUR,
    unit: 'count',
    label: 'KPUs',
    appliesTo: {},
    chartable: true,
    collectedAtRefresh: 'slow',
    note: 'Sampled once an hour, so look back at least an hour. Said to include the orchestration KPU [UNVERIFIED].',
  }),
  flink({
    id: 'flink.millisBehindLatest',
    metricName: 'millisBehindLatest',
    stat: 'Maximum',
    unit: 'milliseconds',
    label: 'Kinesis source lag',
    appliesTo: {},
    chartable: true,
    note: 'Kinesis sources only. Published per stream at APPLICATION level (per shard at PARALLELISM), with the connector adding stream dimensions [UNVERIFIED names]: find the series with ListMetrics filtered by Application.',
  }),
  flink({
    id: 'flink.recordsLagMax',
    metricName: 'records_lag_max',
    stat: 'Maximum',
    unit: 'count',
    label: 'Kafka source lag',
    appliesTo: {},
    chartable: true,
    note: 'Kafka sources only; the connector may add dimensions [UNVERIFIED]: find the series with ListMetrics filtered by Application.',
  }),
];

const METRICS_BY_ID = new Map(METRICS.map(metric => [metric.id, metric]));

/** True when `id` names a metric of the table. */
export function isMetricId(id: string): boolean {
  return METRICS_BY_ID.has(id);
}

/** The definition of a metric; throws for an id that is not in the table. */
export function getMetric(id: string): MetricDefinition {
  const metric = METRICS_BY_ID.get(id);
  if (!metric) {
    throw new Error(`Unknown metric id '${id}'`);
  }
  return metric;
}

/**
 * A Flink runtime's version, e.g. `FLINK-1_20` → [1, 20]; null for runtimes
 * that are not plain Flink (SQL-1_0, Studio's ZEPPELIN-FLINK-*).
 */
export function parseFlinkRuntime(
  runtimeEnvironment: string,
): [number, number] | null {
  const match = /^FLINK-(\d+)_(\d+)$/.exec(runtimeEnvironment);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

function parseVersion(version: string): [number, number] {
  const [major, minor] = version.split('.').map(Number);
  return [major, minor ?? 0];
}

function compareVersions(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * What is known about where a metric is read. A field that is undefined or
 * null is unknown and excludes nothing, so a missing fact never hides a metric.
 */
export interface MetricContext {
  clusterType?: ClusterType | null;
  /** MSK enhanced-monitoring level, e.g. PER_BROKER. */
  monitoringLevel?: string | null;
  /** MSK `StorageMode` of a provisioned cluster, e.g. TIERED. */
  storageMode?: string | null;
  /** Managed Flink runtime, e.g. FLINK-1_20. */
  runtimeEnvironment?: string | null;
  /** Managed Flink metrics level, e.g. APPLICATION. */
  flinkMetricsLevel?: string | null;
}

function levelBelow<T extends string>(
  levels: readonly T[],
  actual: string,
  required: T,
): boolean {
  const index = levels.indexOf(actual as T);
  // An unrecognised level is treated as unknown.
  return index >= 0 && index < levels.indexOf(required);
}

/** Whether the metric is published in that context (see `MetricContext` for unknown facts). */
export function metricApplies(
  metric: MetricDefinition,
  context: MetricContext,
): boolean {
  const { appliesTo } = metric;
  const isFlinkMetric = metric.namespace === 'AWS/KinesisAnalytics';
  if (isFlinkMetric && context.clusterType) return false;
  if (!isFlinkMetric && context.runtimeEnvironment) return false;
  if (
    context.clusterType &&
    appliesTo.clusterTypes &&
    !appliesTo.clusterTypes.includes(context.clusterType)
  ) {
    return false;
  }
  // Serverless has no monitoring levels; the level only gates provisioned clusters.
  if (
    context.monitoringLevel &&
    appliesTo.minMonitoringLevel &&
    context.clusterType !== 'serverless' &&
    levelBelow(
      MONITORING_LEVELS,
      context.monitoringLevel,
      appliesTo.minMonitoringLevel,
    )
  ) {
    return false;
  }
  if (
    context.storageMode &&
    appliesTo.storageModes &&
    !appliesTo.storageModes.includes(context.storageMode)
  ) {
    return false;
  }
  if (context.runtimeEnvironment) {
    if (context.runtimeEnvironment.startsWith('SQL-')) return false; // legacy SQL apps publish no Flink metrics
    const version = parseFlinkRuntime(context.runtimeEnvironment);
    const range = appliesTo.flinkRuntimes;
    if (version && range) {
      if (range.from && compareVersions(version, parseVersion(range.from)) < 0)
        return false;
      if (
        range.before &&
        compareVersions(version, parseVersion(range.before)) >= 0
      )
        return false;
    }
  }
  if (
    context.flinkMetricsLevel &&
    appliesTo.minFlinkMetricsLevel &&
    levelBelow(
      FLINK_METRICS_LEVELS,
      context.flinkMetricsLevel,
      appliesTo.minFlinkMetricsLevel,
    )
  ) {
    return false;
  }
  return true;
}

/** A Kafka cluster or Flink application as the asset schema carries it. */
export type MetricSubject =
  | {
      clusterType: ClusterType;
      details?: {
        enhancedMonitoring: string | null;
        storage?: { mode: string | null } | null;
      } | null;
    }
  | {
      runtimeEnvironment: string;
      details?: { monitoring: { metricsLevel: string | null } } | null;
    };

/**
 * The metrics published for a cluster (by its type and enhanced-monitoring
 * level) or a Flink application (by its runtime and metrics level). Takes
 * KafkaClusterAsset and FlinkApplicationAsset as they are.
 */
export function metricsFor(subject: MetricSubject): MetricDefinition[] {
  const context: MetricContext =
    'clusterType' in subject
      ? {
          clusterType: subject.clusterType,
          monitoringLevel: subject.details?.enhancedMonitoring,
          storageMode: subject.details?.storage?.mode,
        }
      : {
          runtimeEnvironment: subject.runtimeEnvironment,
          flinkMetricsLevel: subject.details?.monitoring.metricsLevel,
        };
  return METRICS.filter(metric => metricApplies(metric, context));
}
