import { z } from 'zod';
import { assetCostSchema, kpuUsageSchema } from './costSchema';

/**
 * The asset schema shared by the backend (which stores and serves it) and the
 * frontend (which renders it). Later capabilities extend these objects; they
 * never fork them.
 */

export const assetTypeSchema = z.enum([
  'kafka-cluster',
  'kafka-topic',
  'consumer-group',
  'flink-application',
]);
export type AssetType = z.infer<typeof assetTypeSchema>;

export const clusterTypeSchema = z.enum(['standard', 'express', 'serverless']);
export type ClusterType = z.infer<typeof clusterTypeSchema>;

export const healthStatusSchema = z.enum([
  'healthy',
  'warning',
  'critical',
  'unknown',
]);
export type HealthStatus = z.infer<typeof healthStatusSchema>;

export const healthFindingSchema = z.object({
  /** Stable id of the rule that produced the finding, e.g. `msk.cluster.cpu`. */
  ruleId: z.string(),
  severity: healthStatusSchema,
  /** What was measured; null when the input was missing. */
  value: z.union([z.number(), z.string()]).nullable(),
  /** The threshold the value was compared against; null when not a numeric comparison. */
  threshold: z.union([z.number(), z.string()]).nullable(),
  /** A sentence a developer understands, with what to do. */
  message: z.string(),
});
export type HealthFinding = z.infer<typeof healthFindingSchema>;

export const healthSchema = z.object({
  status: healthStatusSchema,
  findings: z.array(healthFindingSchema),
});
export type Health = z.infer<typeof healthSchema>;

/** Details of a provisioned or serverless cluster, from DescribeClusterV2. */
export const kafkaClusterDetailsSchema = z.object({
  /** Opaque version MSK bumps on every change; describe calls are skipped while it is unchanged. */
  currentVersion: z.string().nullable(),
  stateInfo: z
    .object({ code: z.string().nullable(), message: z.string().nullable() })
    .nullable(),
  /** Availability Zone ids of the broker subnets (provisioned); empty when MSK does not say. */
  zoneIds: z.array(z.string()),
  /** Number of client subnets (Serverless: of all VPC configs); MSK places one broker group per AZ. */
  subnetCount: z.number().int(),
  storage: z
    .object({
      volumeSizeGiB: z.number().nullable(),
      provisionedThroughputMiBps: z.number().nullable(),
      mode: z.string().nullable(),
    })
    .nullable(),
  encryption: z.object({
    /** TLS, TLS_PLAINTEXT or PLAINTEXT between clients and brokers. */
    clientBroker: z.string().nullable(),
    inCluster: z.boolean().nullable(),
    atRestKmsKeyId: z.string().nullable(),
  }),
  clientAuthentication: z.object({
    iam: z.boolean(),
    scram: z.boolean(),
    tls: z.boolean(),
    unauthenticated: z.boolean(),
  }),
  enhancedMonitoring: z.string().nullable(),
  publicAccess: z.string().nullable(),
  activeOperationArn: z.string().nullable(),
  /** Express only: intelligent rebalancing ACTIVE or PAUSED. */
  rebalancingStatus: z.string().nullable(),
  customerActionStatus: z.string().nullable(),
});
export type KafkaClusterDetails = z.infer<typeof kafkaClusterDetailsSchema>;

export const kafkaBrokerSchema = z.object({
  brokerId: z.number(),
  instanceType: z.string().nullable(),
  clientSubnet: z.string().nullable(),
  endpoints: z.array(z.string()),
  kafkaVersion: z.string().nullable(),
});
export type KafkaBroker = z.infer<typeof kafkaBrokerSchema>;

/** Details of a Managed Flink application, from DescribeApplication and ListApplicationOperations. */
export const flinkApplicationDetailsSchema = z.object({
  serviceExecutionRole: z.string().nullable(),
  lastUpdateTimestamp: z.string().nullable(),
  parallelism: z.object({
    configurationType: z.string().nullable(),
    parallelism: z.number().nullable(),
    parallelismPerKpu: z.number().nullable(),
    currentParallelism: z.number().nullable(),
    autoScalingEnabled: z.boolean().nullable(),
  }),
  checkpointing: z.object({
    configurationType: z.string().nullable(),
    enabled: z.boolean().nullable(),
    intervalMs: z.number().nullable(),
    minPauseBetweenCheckpointsMs: z.number().nullable(),
  }),
  monitoring: z.object({
    configurationType: z.string().nullable(),
    metricsLevel: z.string().nullable(),
    logLevel: z.string().nullable(),
  }),
  snapshotsEnabled: z.boolean().nullable(),
  rollbackEnabled: z.boolean().nullable(),
  /** Property groups with secret-looking values redacted before storage. */
  propertyGroups: z.array(
    z.object({ id: z.string(), properties: z.record(z.string()) }),
  ),
});
export type FlinkApplicationDetails = z.infer<
  typeof flinkApplicationDetailsSchema
>;

export const flinkOperationSchema = z.object({
  operation: z.string(),
  operationId: z.string(),
  status: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
});
export type FlinkOperation = z.infer<typeof flinkOperationSchema>;

const assetBaseSchema = z.object({
  arn: z.string(),
  name: z.string(),
  accountId: z.string(),
  region: z.string(),
  /** Entity ref of the owning group, or null when nobody is known to own it. */
  owner: z.string().nullable(),
  /**
   * When no tag names an owner: the owners of the entities attaching it. With
   * several different claimants the asset stays unowned ("claimed by ...").
   */
  claimedBy: z.array(z.string()).optional(),
  tags: z.record(z.string()),
  health: healthSchema,
  /** ISO time of the refresh that last saw this asset. */
  refreshedAt: z.string(),
  /** True when the latest refresh of its account and region failed and this is the last known state. */
  stale: z.boolean(),
  /** ISO time a successful listing last contained it. */
  lastSeenAt: z.string().optional(),
  /**
   * Latest values of its CloudWatch metrics by metric id (see METRICS), null
   * when the metric had no recent datapoint. Absent before the first read.
   */
  metrics: z.record(z.number().nullable()).optional(),
  /** Cost, only for callers allowed `streaming.cost.read`; see the response's `cost` field. */
  cost: assetCostSchema.optional(),
  /** True when a successful listing no longer contains it: deleted in AWS, kept until purged. */
  gone: z.boolean().optional(),
});

export const kafkaClusterAssetSchema = assetBaseSchema.extend({
  assetType: z.literal('kafka-cluster'),
  clusterType: clusterTypeSchema,
  /** MSK cluster state, e.g. ACTIVE, UPDATING, FAILED. */
  state: z.string(),
  kafkaVersion: z.string().nullable(),
  brokerCount: z.number().int().nullable(),
  instanceType: z.string().nullable(),
  /** Latest broker CPU (user + system, %) of the busiest broker, if measured. */
  cpuPercent: z.number().nullable(),
  /** Absent when the cluster could not be described. */
  details: kafkaClusterDetailsSchema.optional(),
  /** Brokers from ListNodes (provisioned clusters only). */
  brokers: z.array(kafkaBrokerSchema).optional(),
  /**
   * Whether its topics could be listed: `unsupported` on Serverless and on
   * Kafka older than 3.6 (MSK's topic APIs need both), `failed` when the call
   * failed, so "no topics" is never shown for either.
   */
  topicListing: z.enum(['listed', 'unsupported', 'failed']).optional(),
});
export type KafkaClusterAsset = z.infer<typeof kafkaClusterAssetSchema>;

export const kafkaTopicAssetSchema = assetBaseSchema.extend({
  assetType: z.literal('kafka-topic'),
  clusterArn: z.string(),
  clusterName: z.string(),
  partitionCount: z.number().int().nullable(),
  replicationFactor: z.number().int().nullable(),
  outOfSyncReplicaCount: z.number().int().nullable(),
  /**
   * Topic configuration from DescribeTopic, e.g. retention.ms; absent when not
   * described yet (a refresh describes at most streaming.refresh.maxTopicDescribes
   * topics per account-region, the rest on later refreshes).
   */
  configs: z.record(z.string()).optional(),
  /**
   * The listing (partition count, replication factor, out-of-sync replicas)
   * `configs` were read at, so a topic whose listing changed is described
   * again even when that describe was deferred or failed; absent when not
   * described, and in rows stored before it was kept.
   */
  configsFingerprint: z.string().optional(),
  /** True when the last DescribeTopic of the topic failed; a later refresh tries again. */
  describeFailed: z.boolean().optional(),
  /**
   * `metrics` when the topic is known only from its CloudWatch series (MSK
   * Serverless has no topic API): it then has no partition count or configs,
   * and a topic idle for 14 days is not listed.
   */
  discoveredFrom: z.enum(['metrics']).optional(),
  /** The consumer groups reading it, with their lag on it (filled in when served). */
  consumers: z
    .array(
      z.object({
        groupName: z.string(),
        groupArn: z.string(),
        maxOffsetLag: z.number().nullable(),
        sumOffsetLag: z.number().nullable(),
        estimatedMaxTimeLagSeconds: z.number().nullable(),
      }),
    )
    .optional(),
});
export type KafkaTopicAsset = z.infer<typeof kafkaTopicAssetSchema>;

export const consumerGroupTopicLagSchema = z.object({
  topic: z.string(),
  /** Largest offset lag over the topic's partitions (messages). */
  maxOffsetLag: z.number().nullable(),
  /** Total offset lag over the topic's partitions (messages). */
  sumOffsetLag: z.number().nullable(),
  /** How far behind the slowest partition is (seconds). */
  estimatedMaxTimeLagSeconds: z.number().nullable(),
});

/** A consumer group, discovered from the lag metrics MSK publishes for it. */
export const consumerGroupAssetSchema = assetBaseSchema.extend({
  assetType: z.literal('consumer-group'),
  clusterArn: z.string(),
  clusterName: z.string(),
  topics: z.array(consumerGroupTopicLagSchema),
});
export type ConsumerGroupAsset = z.infer<typeof consumerGroupAssetSchema>;

export const flinkApplicationAssetSchema = assetBaseSchema.extend({
  assetType: z.literal('flink-application'),
  /** Managed Flink application status, e.g. RUNNING, READY, ROLLED_BACK. */
  status: z.string(),
  runtimeEnvironment: z.string(),
  applicationMode: z.string().nullable(),
  versionId: z.number().int().nullable(),
  /** Latest `downtime` in milliseconds, if measured (0 means running). */
  downtimeMs: z.number().nullable(),
  /** Absent when the application could not be described. */
  details: flinkApplicationDetailsSchema.optional(),
  /** Recent operations, newest first, so a failed or rolled-back deployment shows. */
  operations: z.array(flinkOperationSchema).optional(),
  kpus: kpuUsageSchema.optional(),
});
export type FlinkApplicationAsset = z.infer<typeof flinkApplicationAssetSchema>;

export const streamingAssetSchema = z.discriminatedUnion('assetType', [
  kafkaClusterAssetSchema,
  kafkaTopicAssetSchema,
  consumerGroupAssetSchema,
  flinkApplicationAssetSchema,
]);
export type StreamingAsset = z.infer<typeof streamingAssetSchema>;

/**
 * Something that kept part of an entity's streaming data from being shown,
 * said so the reader knows what to fix. The rest of the answer still comes.
 */
export const streamingProblemSchema = z.object({
  kind: z.enum([
    'annotation-malformed',
    'annotation-ambiguous',
    'asset-not-found',
    'not-refreshed',
    'account-error',
  ]),
  /** The annotation at fault, when there is one. */
  annotation: z.string().optional(),
  /** The offending entry of the annotation's value. */
  value: z.string().optional(),
  /** The account and region at fault, when there is one. */
  accountId: z.string().optional(),
  region: z.string().optional(),
  message: z.string(),
});
export type StreamingProblem = z.infer<typeof streamingProblemSchema>;

/** `GET /api/streaming/v1/entity/:namespace/:kind/:name` */
export const entityStreamingResponseSchema = z.object({
  entityRef: z.string(),
  clusters: z.array(kafkaClusterAssetSchema),
  topics: z.array(kafkaTopicAssetSchema),
  applications: z.array(flinkApplicationAssetSchema),
  /** Attached by `aws.amazon.com/amazon-msk-consumer-groups`. */
  consumerGroups: z.array(consumerGroupAssetSchema).optional(),
  problems: z.array(streamingProblemSchema),
  /** ISO time of the last completed inventory refresh, null when none has completed yet. */
  inventoryRefreshedAt: z.string().nullable(),
  /** Whether cost fields are included: they need `streaming.cost.read` on this entity. */
  cost: z
    .object({ permitted: z.boolean(), reason: z.string().optional() })
    .optional(),
});
export type EntityStreamingResponse = z.infer<
  typeof entityStreamingResponseSchema
>;

/** `GET /api/streaming/v1/metrics`: one metric of one asset over a range, for a chart. */
export const metricSeriesResponseSchema = z.object({
  arn: z.string(),
  metricId: z.string(),
  label: z.string(),
  unit: z.string(),
  stat: z.string(),
  range: z.enum(['1h', '24h', '7d', '30d']),
  periodSeconds: z.number(),
  series: z.array(
    z.object({
      label: z.string(),
      /** Oldest first; `t` in epoch milliseconds. */
      points: z.array(z.object({ t: z.number(), v: z.number() })),
    }),
  ),
  /** ISO time the series was read from CloudWatch. */
  fetchedAt: z.string(),
  /** True when CloudWatch could not be read and this is the last series that was. */
  stale: z.boolean(),
  staleReason: z.string().optional(),
});
export type MetricSeriesResponse = z.infer<typeof metricSeriesResponseSchema>;
