import { z } from 'zod';

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

export const healthStatusSchema = z.enum(['healthy', 'warning', 'critical', 'unknown']);
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

const assetBaseSchema = z.object({
  arn: z.string(),
  name: z.string(),
  accountId: z.string(),
  region: z.string(),
  /** Entity ref of the owning group, or null when nobody is known to own it. */
  owner: z.string().nullable(),
  tags: z.record(z.string()),
  health: healthSchema,
  /** ISO time of the refresh that last saw this asset. */
  refreshedAt: z.string(),
  /** True when the latest refresh of its account and region failed and this is the last known state. */
  stale: z.boolean(),
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
});
export type KafkaClusterAsset = z.infer<typeof kafkaClusterAssetSchema>;

export const kafkaTopicAssetSchema = assetBaseSchema.extend({
  assetType: z.literal('kafka-topic'),
  clusterArn: z.string(),
  clusterName: z.string(),
  partitionCount: z.number().int().nullable(),
  replicationFactor: z.number().int().nullable(),
  outOfSyncReplicaCount: z.number().int().nullable(),
});
export type KafkaTopicAsset = z.infer<typeof kafkaTopicAssetSchema>;

export const flinkApplicationAssetSchema = assetBaseSchema.extend({
  assetType: z.literal('flink-application'),
  /** Managed Flink application status, e.g. RUNNING, READY, ROLLED_BACK. */
  status: z.string(),
  runtimeEnvironment: z.string(),
  applicationMode: z.string().nullable(),
  versionId: z.number().int().nullable(),
  /** Latest `downtime` in milliseconds, if measured (0 means running). */
  downtimeMs: z.number().nullable(),
});
export type FlinkApplicationAsset = z.infer<typeof flinkApplicationAssetSchema>;

export const streamingAssetSchema = z.discriminatedUnion('assetType', [
  kafkaClusterAssetSchema,
  kafkaTopicAssetSchema,
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
  problems: z.array(streamingProblemSchema),
  /** ISO time of the last completed inventory refresh, null when none has completed yet. */
  inventoryRefreshedAt: z.string().nullable(),
});
export type EntityStreamingResponse = z.infer<typeof entityStreamingResponseSchema>;
