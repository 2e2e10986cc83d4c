import type { ClusterType, Health, HealthFinding } from '../schema';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from './thresholds';
import { toHealth, unknownFinding } from './shared';

/** Health rules of Kafka topics. */

/**
 * What is known about a topic. Optional fields are "not known" when null or
 * absent.
 */
export interface KafkaTopicHealthInput {
  replicationFactor: number | null;
  outOfSyncReplicaCount: number | null;
  /** Topic configuration from DescribeTopic; null or absent when not described. */
  configs?: Record<string, string> | null;
  /** Type of the topic's cluster: Express fixes min.insync.replicas at 2, so that rule is skipped there. */
  clusterType?: ClusterType | null;
}

export function evaluateKafkaTopicHealth(
  input: KafkaTopicHealthInput,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): Health {
  const t = thresholds;
  const findings: HealthFinding[] = [];
  if (input.replicationFactor === null) {
    findings.push(
      unknownFinding(
        'msk.topic.replication-factor',
        t.minReplicationFactor,
        'The topic listing gave no replication factor, so durability cannot be judged.',
      ),
    );
  } else if (input.replicationFactor < t.minReplicationFactor) {
    findings.push({
      ruleId: 'msk.topic.replication-factor',
      severity: 'warning',
      value: input.replicationFactor,
      threshold: t.minReplicationFactor,
      message: `Replication factor ${input.replicationFactor} is below ${t.minReplicationFactor}: losing one broker or Availability Zone can make partitions unavailable. Recreate the topic (or reassign its partitions) with a replication factor of ${t.minReplicationFactor}.`,
    });
  }
  if (input.clusterType !== 'express') {
    findings.push(...minInsyncReplicasFindings(input, t));
  }
  if (input.outOfSyncReplicaCount === null) {
    findings.push(
      unknownFinding(
        'msk.topic.out-of-sync-replicas',
        t.outOfSyncReplicas,
        'The topic listing gave no out-of-sync replica count, so replication cannot be judged.',
      ),
    );
  } else if (input.outOfSyncReplicaCount > t.outOfSyncReplicas) {
    findings.push({
      ruleId: 'msk.topic.out-of-sync-replicas',
      severity: 'warning',
      value: input.outOfSyncReplicaCount,
      threshold: t.outOfSyncReplicas,
      message: `${input.outOfSyncReplicaCount} replica(s) are out of sync: a broker is falling behind. Check broker CPU, disk and network on the cluster.`,
    });
  }
  return toHealth(findings);
}

function minInsyncReplicasFindings(
  input: KafkaTopicHealthInput,
  t: HealthThresholds,
): HealthFinding[] {
  const ruleId = 'msk.topic.min-insync-replicas';
  if (!input.configs) {
    return [
      unknownFinding(
        ruleId,
        t.minInsyncReplicas,
        'The topic configuration has not been read yet (DescribeTopic; a refresh describes a limited number of topics, the rest on later refreshes), so min.insync.replicas is unknown.',
      ),
    ];
  }
  const raw = input.configs['min.insync.replicas'];
  if (raw === undefined) {
    return [
      unknownFinding(
        ruleId,
        t.minInsyncReplicas,
        "The topic does not set min.insync.replicas, so the cluster's default applies, which MSK's topic APIs do not show. Set it on the topic to make it visible.",
      ),
    ];
  }
  const minIsr = Number(raw);
  if (!Number.isInteger(minIsr) || minIsr < 1) {
    return [
      unknownFinding(
        ruleId,
        t.minInsyncReplicas,
        `The topic has an unreadable min.insync.replicas '${raw}'.`,
      ),
    ];
  }
  const rf = input.replicationFactor;
  if (rf !== null && minIsr > rf) {
    return [
      {
        ruleId,
        severity: 'critical',
        value: minIsr,
        threshold: rf - 1,
        message: `min.insync.replicas is ${minIsr} but the topic has only ${rf} replicas: every producer using acks=all fails. Set min.insync.replicas to ${
          rf - 1
        } or raise the replication factor.`,
      },
    ];
  }
  if (rf !== null && minIsr === rf) {
    return [
      {
        ruleId,
        severity: 'warning',
        value: minIsr,
        threshold: rf - 1,
        message: `min.insync.replicas equals the replication factor (${rf}): while any one broker is down, producers using acks=all fail. Set it to ${
          rf - 1
        } (replication factor − 1).`,
      },
    ];
  }
  if (minIsr < t.minInsyncReplicas) {
    const fix =
      rf !== null && rf - 1 < t.minInsyncReplicas
        ? `raise the replication factor to ${
            t.minInsyncReplicas + 1
          }, then set min.insync.replicas to ${t.minInsyncReplicas}`
        : `set min.insync.replicas to ${t.minInsyncReplicas}`;
    return [
      {
        ruleId,
        severity: 'warning',
        value: minIsr,
        threshold: t.minInsyncReplicas,
        message: `min.insync.replicas is ${minIsr}: a write acknowledged with acks=all may sit on a single broker and be lost with it. To keep writes durable, ${fix}.`,
      },
    ];
  }
  return [];
}
