import { partitionLimitsFor } from './limits';

/** How a provisioned cluster's partitions (replicas included) sit against its brokers' recommended limit. */
export interface PartitionBudget {
  instanceType: string;
  brokerCount: number;
  /** Recommended partitions per broker, replicas included (facts §5 tables). */
  recommendedPerBroker: number;
  /** The maximum per broker that still allows updates. */
  maxPerBroker: number;
  /** Recommended replicas for the whole cluster: recommended per broker × brokers. */
  capacity: number;
  /** Partition replicas on the cluster now (partitions × replication factor, summed over topics). */
  replicasInUse: number;
  /** Replicas after the proposed topic is added. */
  replicasAfter: number;
  /** Replicas per broker after the proposed topic, evenly spread. */
  perBrokerAfter: number;
  /** Replicas the cluster can still take within the recommendation (0 when over). */
  remainingReplicas: number;
  withinBudget: boolean;
}

/**
 * The partition budget of a Standard or Express cluster with a proposed
 * topic added: (replicas in use + new partitions × RF) / brokers against the
 * size's recommended partitions per broker. Null when the instance type's
 * limits are unknown (and for Serverless, which has no brokers).
 */
export function partitionBudget(input: {
  instanceType: string | null | undefined;
  brokerCount: number | null | undefined;
  replicasInUse: number;
  newPartitions?: number;
  replicationFactor?: number;
}): PartitionBudget | null {
  const limits = input.instanceType
    ? partitionLimitsFor(input.instanceType)
    : null;
  if (!limits || !input.brokerCount || input.brokerCount < 1) return null;
  const capacity = limits.recommended * input.brokerCount;
  const replicasAfter =
    input.replicasInUse +
    (input.newPartitions ?? 0) * (input.replicationFactor ?? 1);
  return {
    instanceType: input.instanceType!,
    brokerCount: input.brokerCount,
    recommendedPerBroker: limits.recommended,
    maxPerBroker: limits.max,
    capacity,
    replicasInUse: input.replicasInUse,
    replicasAfter,
    perBrokerAfter: replicasAfter / input.brokerCount,
    remainingReplicas: Math.max(0, capacity - replicasAfter),
    withinBudget: replicasAfter <= capacity,
  };
}
