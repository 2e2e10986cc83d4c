import type {
  ClusterType,
  Health,
  HealthFinding,
  HealthStatus,
} from '../schema';
import { DEFAULT_HEALTH_THRESHOLDS, HealthThresholds } from './thresholds';

const SEVERITY_RANK: Record<HealthStatus, number> = {
  healthy: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

/** The worst of the findings' severities; an asset with no findings is healthy. */
export function worstStatus(findings: HealthFinding[]): HealthStatus {
  let worst: HealthStatus = 'healthy';
  for (const finding of findings) {
    if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst]) {
      worst = finding.severity;
    }
  }
  return worst;
}

/** Findings sorted worst first, wrapped with their overall status. */
export function toHealth(findings: HealthFinding[]): Health {
  const sorted = [...findings].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity],
  );
  return { status: worstStatus(sorted), findings: sorted };
}

/** MSK cluster states that still serve clients but block update calls (MSK cluster states). */
const MSK_TRANSITIONAL_STATES = new Set([
  'CREATING',
  'UPDATING',
  'HEALING',
  'MAINTENANCE',
  'REBOOTING_BROKER',
]);

export interface KafkaClusterHealthInput {
  clusterType: ClusterType;
  state: string;
  /** Latest CpuUser + CpuSystem of the busiest broker (%), or null when not measured. */
  cpuPercent: number | null;
}

export function evaluateKafkaClusterHealth(
  input: KafkaClusterHealthInput,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): Health {
  const findings: HealthFinding[] = [];
  if (input.state === 'FAILED' || input.state === 'DELETING') {
    findings.push({
      ruleId: 'msk.cluster.state',
      severity: 'critical',
      value: input.state,
      threshold: 'ACTIVE',
      message:
        input.state === 'FAILED'
          ? 'The cluster is FAILED: creating or deleting it did not complete. Check its StateInfo in the MSK console and recreate it if needed.'
          : 'The cluster is being deleted. Move producers and consumers elsewhere.',
    });
  } else if (MSK_TRANSITIONAL_STATES.has(input.state)) {
    findings.push({
      ruleId: 'msk.cluster.state',
      severity: 'warning',
      value: input.state,
      threshold: 'ACTIVE',
      message: `The cluster is ${input.state}: it still serves clients, but configuration changes are blocked until it is ACTIVE again.`,
    });
  } else if (input.state !== 'ACTIVE') {
    findings.push({
      ruleId: 'msk.cluster.state',
      severity: 'unknown',
      value: input.state,
      threshold: 'ACTIVE',
      message: `The cluster reports an unrecognised state ${input.state}.`,
    });
  }

  // Serverless clusters expose no broker CPU: the rule does not apply there.
  if (input.clusterType !== 'serverless') {
    if (input.cpuPercent === null) {
      findings.push({
        ruleId: 'msk.cluster.cpu',
        severity: 'unknown',
        value: null,
        threshold: thresholds.brokerCpuPercent,
        message:
          'Broker CPU (CpuUser + CpuSystem) has no recent datapoints, so CPU headroom cannot be judged.',
      });
    } else if (input.cpuPercent >= thresholds.brokerCpuPercent) {
      findings.push({
        ruleId: 'msk.cluster.cpu',
        severity: 'warning',
        value: round(input.cpuPercent),
        threshold: thresholds.brokerCpuPercent,
        message: `The busiest broker uses ${round(input.cpuPercent)}% CPU (user + system); AWS recommends staying below ${thresholds.brokerCpuPercent}% so a broker can fail over without overloading the others. Add brokers or move to a larger size.`,
      });
    }
  }
  return toHealth(findings);
}

export interface KafkaTopicHealthInput {
  replicationFactor: number | null;
  outOfSyncReplicaCount: number | null;
}

export function evaluateKafkaTopicHealth(
  input: KafkaTopicHealthInput,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): Health {
  const findings: HealthFinding[] = [];
  if (input.replicationFactor === null) {
    findings.push({
      ruleId: 'msk.topic.replication-factor',
      severity: 'unknown',
      value: null,
      threshold: thresholds.minReplicationFactor,
      message: 'The topic listing gave no replication factor.',
    });
  } else if (input.replicationFactor < thresholds.minReplicationFactor) {
    findings.push({
      ruleId: 'msk.topic.replication-factor',
      severity: 'warning',
      value: input.replicationFactor,
      threshold: thresholds.minReplicationFactor,
      message: `Replication factor ${input.replicationFactor} is below ${thresholds.minReplicationFactor}: losing one broker or Availability Zone can make partitions unavailable. Recreate the topic with a replication factor of ${thresholds.minReplicationFactor}.`,
    });
  }
  if (input.outOfSyncReplicaCount !== null && input.outOfSyncReplicaCount > 0) {
    findings.push({
      ruleId: 'msk.topic.out-of-sync-replicas',
      severity: 'warning',
      value: input.outOfSyncReplicaCount,
      threshold: 0,
      message: `${input.outOfSyncReplicaCount} replica(s) are out of sync: a broker is falling behind. Check broker CPU, disk and network on the cluster.`,
    });
  }
  return toHealth(findings);
}

/** Flink statuses during which the service is still moving the application between states. */
const FLINK_TRANSITIONAL_STATUSES = new Set([
  'STARTING',
  'UPDATING',
  'AUTOSCALING',
  'STOPPING',
  'FORCE_STOPPING',
  'MAINTENANCE',
  'DELETING',
]);

export interface FlinkApplicationHealthInput {
  status: string;
  /** Latest `downtime` metric in ms, or null when not measured. */
  downtimeMs: number | null;
}

export function evaluateFlinkApplicationHealth(
  input: FlinkApplicationHealthInput,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): Health {
  const findings: HealthFinding[] = [];
  if (input.status === 'ROLLING_BACK' || input.status === 'ROLLED_BACK') {
    findings.push({
      ruleId: 'flink.application.status',
      severity: 'critical',
      value: input.status,
      threshold: 'RUNNING',
      message:
        'The last update failed and the application was rolled back to its previous version. Look at the failed operation and the application logs before deploying again.',
    });
  } else if (input.status === 'READY') {
    findings.push({
      ruleId: 'flink.application.status',
      severity: 'warning',
      value: input.status,
      threshold: 'RUNNING',
      message:
        'The application is stopped (READY) and processes nothing. Start it if it should be running.',
    });
  } else if (FLINK_TRANSITIONAL_STATUSES.has(input.status)) {
    findings.push({
      ruleId: 'flink.application.status',
      severity: 'warning',
      value: input.status,
      threshold: 'RUNNING',
      message: `The application is ${input.status}; it may not process records until it is RUNNING again.`,
    });
  } else if (input.status !== 'RUNNING') {
    findings.push({
      ruleId: 'flink.application.status',
      severity: 'unknown',
      value: input.status,
      threshold: 'RUNNING',
      message: `The application reports an unrecognised status ${input.status}.`,
    });
  }

  if (input.status === 'RUNNING') {
    if (input.downtimeMs === null) {
      findings.push({
        ruleId: 'flink.application.downtime',
        severity: 'unknown',
        value: null,
        threshold: thresholds.flinkDowntimeMs,
        message:
          'The downtime metric has no recent datapoints, so it is unknown whether the job is up.',
      });
    } else if (input.downtimeMs > thresholds.flinkDowntimeMs) {
      findings.push({
        ruleId: 'flink.application.downtime',
        severity: 'critical',
        value: input.downtimeMs,
        threshold: thresholds.flinkDowntimeMs,
        message: `The job has been down for ${Math.round(input.downtimeMs / 1000)} s and is restarting: records are not being processed. Check the application logs for the exception that fails it.`,
      });
    }
  }
  return toHealth(findings);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
