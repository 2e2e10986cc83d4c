import type {
  CostProposal,
  ScaffolderCluster,
} from '@backstage-streaming/plugin-streaming-common';

export type EstimateKind =
  | 'kafka-cluster'
  | 'kafka-topic'
  | 'flink-application';

/** `ui:options` of the StreamingCostEstimate field. */
export interface CostEstimateFieldOptions {
  kind?: EstimateKind;
  /** Form field names to read, when a template names them differently (e.g. { brokerCount: brokers }). */
  fields?: Record<string, string>;
}

/** What the form does not give yet, or the proposal to price. */
export type ProposalFromForm =
  | { proposal: CostProposal; cluster?: ScaffolderCluster }
  | { missing: string[] };

const DEFAULT_FIELDS: Record<string, string> = {
  clusterType: 'clusterType',
  region: 'region',
  instanceType: 'instanceType',
  brokerCount: 'brokerCount',
  volumeSizeGiB: 'volumeSizeGiB',
  parallelism: 'parallelism',
  parallelismPerKpu: 'parallelismPerKpu',
  clusterArn: 'clusterArn',
  partitions: 'partitions',
  replicationFactor: 'replicationFactor',
};

const positive = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : undefined;

/**
 * Builds the `POST /v1/estimate` body from the template form, using the cost
 * rules' input names; a topic is priced by the cluster chosen in the picker.
 */
export function proposalFromForm(
  options: CostEstimateFieldOptions,
  formData: Record<string, unknown>,
  clusters: ScaffolderCluster[] = [],
): ProposalFromForm {
  const names = { ...DEFAULT_FIELDS, ...(options.fields ?? {}) };
  const value = (key: string) => formData[names[key]];
  const kind = options.kind ?? 'kafka-cluster';
  if (kind === 'flink-application') {
    const region = value('region');
    const parallelism = positive(value('parallelism'));
    const missing = [
      ...(typeof region === 'string' && region ? [] : ['region']),
      ...(parallelism ? [] : ['parallelism']),
    ];
    if (missing.length > 0) return { missing };
    return {
      proposal: {
        kind,
        region: region as string,
        parallelism: parallelism!,
        parallelismPerKpu: positive(value('parallelismPerKpu')) ?? 1,
      },
    };
  }
  if (kind === 'kafka-topic') {
    const cluster = clusters.find(c => c.arn === value('clusterArn'));
    const partitions = positive(value('partitions'));
    const missing = [
      ...(cluster ? [] : ['cluster']),
      ...(partitions ? [] : ['partitions']),
    ];
    if (missing.length > 0) return { missing };
    return {
      proposal: {
        kind,
        clusterType: cluster!.clusterType,
        region: cluster!.region,
        partitionCount: partitions!,
      },
      cluster,
    };
  }
  const clusterType = (value('clusterType') as string) || 'standard';
  const region = value('region');
  if (typeof region !== 'string' || !region) return { missing: ['region'] };
  if (
    clusterType !== 'standard' &&
    clusterType !== 'express' &&
    clusterType !== 'serverless'
  ) {
    return { missing: ['clusterType'] };
  }
  return {
    proposal: {
      kind: 'kafka-cluster',
      clusterType,
      region,
      ...(clusterType === 'serverless'
        ? {}
        : {
            instanceType: (value('instanceType') as string) || null,
            brokerCount: positive(value('brokerCount')) ?? null,
          }),
      ...(clusterType === 'standard'
        ? { volumeSizeGiB: positive(value('volumeSizeGiB')) ?? null }
        : {}),
    },
  };
}

/** Replicas the chosen cluster has left within the recommendation after the new topic; null when unknown. */
export function budgetAfterTopic(
  cluster: ScaffolderCluster | undefined,
  partitions: unknown,
  replicationFactor: unknown,
): number | null {
  if (!cluster?.partitionBudget) return null;
  const p = positive(partitions) ?? 0;
  const rf = positive(replicationFactor) ?? 3;
  return cluster.partitionBudget.remainingReplicas - p * rf;
}
