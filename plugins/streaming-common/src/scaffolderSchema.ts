import { z } from 'zod';
import { costEstimateSchema } from './costSchema';

/** A CostEstimate as `POST /v1/estimate` serves it (parts' items as plain strings). */
export type CostEstimateAnswer = z.infer<typeof costEstimateSchema>;

/** A cluster a new topic can go to, as `GET /v1/scaffolder/clusters` serves it. */
export const scaffolderClusterSchema = z.object({
  arn: z.string(),
  name: z.string(),
  accountId: z.string(),
  region: z.string(),
  clusterType: z.enum(['standard', 'express', 'serverless']),
  state: z.string(),
  kafkaVersion: z.string().nullable(),
  instanceType: z.string().nullable(),
  brokerCount: z.number().int().nullable(),
  /** Null when the instance type's partition limits are unknown. */
  partitionBudget: z
    .object({
      recommendedPerBroker: z.number(),
      capacity: z.number(),
      replicasInUse: z.number(),
      remainingReplicas: z.number(),
    })
    .nullable(),
});
export type ScaffolderCluster = z.infer<typeof scaffolderClusterSchema>;

export const scaffolderClustersResponseSchema = z.object({
  clusters: z.array(scaffolderClusterSchema),
});
export type ScaffolderClustersResponse = z.infer<
  typeof scaffolderClustersResponseSchema
>;
