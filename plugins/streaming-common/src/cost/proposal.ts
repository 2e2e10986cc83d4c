import { z } from 'zod';
import { clusterTypeSchema } from '../schema';
import {
  CostEstimate,
  estimateClusterMonthlyCost,
  estimateFlinkMonthlyCost,
  HOURS_PER_MONTH,
} from './cost';
import { MAX_PARALLELISM_PER_KPU } from './kpu';
import type { ResolvedPricing } from './pricing';

/**
 * A streaming asset that does not exist yet, as the scaffolder's price-before-
 * creation estimate takes it (`POST /v1/estimate`, the actions' dry run). The
 * fields are the cost rules' own input names (ClusterCostInput,
 * FlinkCostInput), so an estimate of a proposal is computed by exactly the
 * rules that price the existing estate.
 */
const region = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1');
const count = z.number().int().min(1);
const optionalRate = z.number().min(0).nullish();

export const kafkaClusterProposalSchema = z
  .object({
    kind: z.literal('kafka-cluster'),
    clusterType: clusterTypeSchema,
    region,
    instanceType: z.string().min(1).nullish(),
    brokerCount: count.nullish(),
    volumeSizeGiB: z.number().min(1).max(16384).nullish(),
    provisionedThroughputMiBps: z.number().min(0).nullish(),
    partitionCount: z.number().int().min(0).nullish(),
    avgBytesInPerSec: optionalRate,
    avgBytesOutPerSec: optionalRate,
    storedBytes: optionalRate,
  })
  .strict();

export const kafkaTopicProposalSchema = z
  .object({
    kind: z.literal('kafka-topic'),
    clusterType: clusterTypeSchema,
    region,
    partitionCount: count,
  })
  .strict();

export const flinkApplicationProposalSchema = z
  .object({
    kind: z.literal('flink-application'),
    region,
    parallelism: z.number().int().min(1).max(256),
    parallelismPerKpu: z
      .number()
      .int()
      .min(1)
      .max(MAX_PARALLELISM_PER_KPU)
      .nullish(),
    applicationMode: z.enum(['STREAMING', 'INTERACTIVE']).nullish(),
    backupBytes: optionalRate,
  })
  .strict();

export const costProposalSchema = z.discriminatedUnion('kind', [
  kafkaClusterProposalSchema,
  kafkaTopicProposalSchema,
  flinkApplicationProposalSchema,
]);

export type CostProposal = z.infer<typeof costProposalSchema>;

/** The monthly estimate of a proposed cluster, topic or Flink application, from the estate's cost rules. */
export function estimateProposalMonthlyCost(
  proposal: CostProposal,
  pricing: ResolvedPricing,
): CostEstimate {
  switch (proposal.kind) {
    case 'kafka-cluster': {
      const { kind: _kind, ...input } = proposal;
      return estimateClusterMonthlyCost(input, pricing);
    }
    case 'flink-application':
      // A new application is priced at the KPUs its configured parallelism allocates.
      return estimateFlinkMonthlyCost(
        {
          region: proposal.region,
          status: 'RUNNING',
          applicationMode: proposal.applicationMode ?? 'STREAMING',
          currentParallelism: proposal.parallelism,
          parallelism: proposal.parallelism,
          parallelismPerKpu: proposal.parallelismPerKpu ?? null,
          backupBytes: proposal.backupBytes,
        },
        pricing,
      );
    case 'kafka-topic':
      return estimateTopicMonthlyCost(proposal, pricing);
    default:
      throw new Error(`Unknown proposal kind`);
  }
}

/**
 * A topic is billed on its own only on MSK Serverless (partition-hours); on
 * Standard and Express it is part of the cluster's brokers and storage, so
 * its own price is zero and the partition budget is what it costs.
 */
function estimateTopicMonthlyCost(
  proposal: z.infer<typeof kafkaTopicProposalSchema>,
  pricing: ResolvedPricing,
): CostEstimate {
  const cluster = estimateClusterMonthlyCost(
    {
      clusterType: proposal.clusterType,
      region: proposal.region,
      partitionCount: proposal.partitionCount,
    },
    pricing,
  );
  if (proposal.clusterType !== 'serverless') {
    return {
      ...cluster,
      monthlyUsd: 0,
      complete: true,
      parts: [],
      unknownParts: [],
      notes: [
        `A topic on an MSK ${proposal.clusterType} cluster has no charge of its own: it is billed through the cluster's brokers and storage, and uses the brokers' partition budget.`,
      ],
    };
  }
  const parts = cluster.parts.filter(
    part => part.item === 'serverlessPartitionHour',
  );
  const unknownParts = cluster.unknownParts.filter(
    part => part.item === 'serverlessPartitionHour',
  );
  return {
    ...cluster,
    monthlyUsd: parts.reduce((sum, part) => sum + (part.monthlyUsd ?? 0), 0),
    complete: unknownParts.length === 0,
    parts,
    unknownParts,
    notes: [
      `MSK Serverless bills each partition by the hour (${HOURS_PER_MONTH} h a month); storage and data in/out depend on traffic and are billed with the cluster.`,
    ],
  };
}
