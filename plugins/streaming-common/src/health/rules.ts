import type {
  ClusterType,
  FlinkOperation,
  Health,
  HealthFinding,
  HealthStatus,
} from '../schema';
import {
  BYTES_PER_MB,
  expressBrokerLimitsFor,
  partitionLimitsFor,
} from '../cost/limits';
import {
  getMetric,
  metricApplies,
  MetricContext,
  METRICS,
  MONITORING_LEVELS,
  MonitoringLevel,
} from '../metrics/table';
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

/** A measured value: null or undefined when it was not measured. */
type Measured = number | null | undefined;

type Comparison = 'at-or-above' | 'above' | 'below';

const BREACHED: Record<
  Comparison,
  (value: number, threshold: number) => boolean
> = {
  'at-or-above': (value, threshold) => value >= threshold,
  above: (value, threshold) => value > threshold,
  below: (value, threshold) => value < threshold,
};

interface MetricRule {
  ruleId: string;
  /** The rule applies where any of these metrics is published. */
  metricIds: readonly string[];
  value: Measured;
  threshold: number;
  comparison: Comparison;
  severity: 'warning' | 'critical';
  /** What cannot be judged without the value, e.g. "disk headroom". */
  judges: string;
  /** The sentence for a breach, given the rounded value. */
  breach: (value: number) => string;
}

/** The metrics among `metricIds` that are published in this context. */
function publishedMetrics(
  context: MetricContext,
  metricIds: readonly string[],
) {
  return metricIds
    .map(getMetric)
    .filter(metric => metricApplies(metric, context));
}

function isMeasured(value: Measured): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

/** The `unknown` finding of a rule whose metric has no value. */
function missingMetricFinding(
  rule: Pick<MetricRule, 'ruleId' | 'judges'>,
  metrics: readonly { metricName: string }[],
  threshold: number | null,
): HealthFinding {
  const names = metrics.map(metric => metric.metricName).join(' / ');
  return unknownFinding(
    rule.ruleId,
    threshold,
    `${names} has no recent datapoints, so ${rule.judges} cannot be judged.`,
  );
}

/**
 * One metric compared with its threshold: nothing where the metric is not
 * published, `unknown` when it is but has no value, the rule's severity
 * when the value breaches the threshold.
 */
function checkMetric(
  context: MetricContext,
  rule: MetricRule,
): HealthFinding[] {
  const metrics = publishedMetrics(context, rule.metricIds);
  if (metrics.length === 0) {
    return [];
  }
  if (!isMeasured(rule.value)) {
    return [missingMetricFinding(rule, metrics, rule.threshold)];
  }
  if (!BREACHED[rule.comparison](rule.value, rule.threshold)) {
    return [];
  }
  const value = round(rule.value);
  return [
    {
      ruleId: rule.ruleId,
      severity: rule.severity,
      value,
      threshold: rule.threshold,
      message: rule.breach(value),
    },
  ];
}

function unknownFinding(
  ruleId: string,
  threshold: number | string | null,
  message: string,
): HealthFinding {
  return { ruleId, severity: 'unknown', value: null, threshold, message };
}

/** MSK cluster states that still serve clients but block update calls (MSK cluster states). */
const MSK_TRANSITIONAL_STATES = new Set([
  'CREATING',
  'UPDATING',
  'HEALING',
  'MAINTENANCE',
  'REBOOTING_BROKER',
]);

/**
 * What is known about a cluster. Every optional field is "not measured" when
 * null or absent: its rule then reports `unknown`, unless the rule does not
 * apply to the cluster's type or monitoring level at all.
 */
export interface KafkaClusterHealthInput {
  clusterType: ClusterType;
  state: string;
  /** Latest CpuUser + CpuSystem of the busiest broker (%). */
  cpuPercent: number | null;
  /** Broker instance type, e.g. kafka.m7g.large or express.m7g.large; sets the partition and throughput limits. */
  instanceType?: string | null;
  /** EnhancedMonitoring of the cluster (DEFAULT, PER_BROKER, …); gates the metrics that need a higher level. */
  enhancedMonitoring?: string | null;
  /** Latest KafkaDataLogsDiskUsed of the fullest broker (%). */
  diskUsedPercent?: number | null;
  /** Latest HeapMemoryAfterGC of the fullest broker (%). */
  heapAfterGcPercent?: number | null;
  /** Latest UnderReplicatedPartitions summed over brokers. */
  underReplicatedPartitions?: number | null;
  /** Latest OfflinePartitionsCount (Maximum, cluster level). */
  offlinePartitions?: number | null;
  /** Latest UnderMinIsrPartitionCount summed over brokers. */
  underMinIsrPartitions?: number | null;
  /** Latest ActiveControllerCount (Maximum, cluster level). */
  activeControllerCount?: number | null;
  /** Latest PartitionCount (replicas included) of the broker with the most partitions. */
  partitionsPerBroker?: number | null;
  /** Latest BytesInPerSec of the busiest broker (bytes/s). */
  brokerBytesInPerSec?: number | null;
  /** Latest BytesOutPerSec of the busiest broker (bytes/s). */
  brokerBytesOutPerSec?: number | null;
  /** Latest ProduceThrottleTime of the most throttled broker (ms). */
  produceThrottleTimeMs?: number | null;
  /** Latest FetchThrottleTime of the most throttled broker (ms). */
  fetchThrottleTimeMs?: number | null;
  /** In-transit encryption between clients and brokers: TLS, TLS_PLAINTEXT or PLAINTEXT. */
  clientBroker?: string | null;
  /** Whether unauthenticated client access is enabled. */
  unauthenticatedAccess?: boolean | null;
  /** Public access type: DISABLED or SERVICE_PROVIDED_EIPS. */
  publicAccess?: string | null;
}

export function evaluateKafkaClusterHealth(
  input: KafkaClusterHealthInput,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): Health {
  const context: MetricContext = {
    clusterType: input.clusterType,
    monitoringLevel: input.enhancedMonitoring,
  };
  const t = thresholds;
  return toHealth([
    ...clusterStateFindings(input.state),
    ...checkMetric(context, {
      ruleId: 'msk.cluster.cpu',
      metricIds: ['msk.broker.cpuUser', 'msk.broker.cpuSystem'],
      value: input.cpuPercent,
      threshold: t.brokerCpuPercent,
      comparison: 'at-or-above',
      severity: 'warning',
      judges: 'CPU headroom',
      breach: v =>
        `The busiest broker uses ${v}% CPU (user + system); AWS recommends staying below ${t.brokerCpuPercent}% so a broker can fail over without overloading the others. Add brokers or move to a larger size.`,
    }),
    ...checkMetric(context, {
      ruleId: 'msk.cluster.disk',
      metricIds: ['msk.broker.diskUsed'],
      value: input.diskUsedPercent,
      threshold: t.brokerDiskUsedPercent,
      comparison: 'at-or-above',
      severity: 'warning',
      judges: 'disk headroom',
      breach: v =>
        `The fullest broker's data disk is ${v}% used (alarm at ${t.brokerDiskUsedPercent}%); a full disk stops the broker. Increase the broker storage (or enable storage auto scaling), or shorten retention.ms on the largest topics.`,
    }),
    ...checkMetric(context, {
      ruleId: 'msk.cluster.heap',
      metricIds: ['msk.broker.heapAfterGc'],
      value: input.heapAfterGcPercent,
      threshold: t.brokerHeapAfterGcPercent,
      comparison: 'above',
      severity: 'warning',
      judges: 'broker memory',
      breach: v =>
        `A broker keeps ${v}% of its heap after garbage collection (AWS alarms above ${t.brokerHeapAfterGcPercent}%), which leads to long pauses. Reduce the number of partitions per broker or move to a larger size.`,
    }),
    ...checkMetric(context, {
      ruleId: 'msk.cluster.under-replicated',
      metricIds: ['msk.broker.underReplicatedPartitions'],
      value: input.underReplicatedPartitions,
      threshold: t.underReplicatedPartitions,
      comparison: 'above',
      severity: 'warning',
      judges: 'replication',
      breach: v =>
        `${v} partition(s) are under-replicated: a follower is not keeping up, so one more broker failure could lose data. Check broker CPU, disk and network; it usually clears after a broker restart or a load spike.`,
    }),
    ...checkMetric(context, {
      ruleId: 'msk.cluster.offline-partitions',
      metricIds: ['msk.cluster.offlinePartitions'],
      value: input.offlinePartitions,
      threshold: t.offlinePartitions,
      comparison: 'above',
      severity: 'critical',
      judges: 'partition availability',
      breach: v =>
        `${v} partition(s) are offline: they have no leader, so producers and consumers of them fail. Check the cluster's brokers in the MSK console and open an AWS support case if it does not recover.`,
    }),
    ...checkMetric(context, {
      ruleId: 'msk.cluster.under-min-isr',
      metricIds: ['msk.broker.underMinIsrPartitions'],
      value: input.underMinIsrPartitions,
      threshold: t.underMinIsrPartitions,
      comparison: 'above',
      severity: 'critical',
      judges: 'in-sync replica health',
      breach: v =>
        `${v} partition(s) have fewer in-sync replicas than min.insync.replicas: producers using acks=all get errors for them. Find the lagging or failed broker (CPU, disk, network) and restore it.`,
    }),
    ...checkMetric(context, {
      ruleId: 'msk.cluster.active-controller',
      metricIds: ['msk.cluster.activeControllerCount'],
      value: input.activeControllerCount,
      threshold: t.minActiveControllers,
      comparison: 'below',
      severity: 'critical',
      judges: 'whether the cluster has a controller',
      breach: () =>
        'The cluster has no active controller, so leaders cannot be elected and partition changes stall. Check the cluster in the MSK console and open an AWS support case if it persists.',
    }),
    ...partitionsPerBrokerFindings(input, context, t),
    ...expressThroughputFindings(input, context, t),
    ...checkMetric(context, {
      ruleId: 'msk.cluster.produce-throttling',
      metricIds: ['msk.broker.produceThrottleTime'],
      value: input.produceThrottleTimeMs,
      threshold: t.throttleTimeMs,
      comparison: 'above',
      severity: 'warning',
      judges: 'produce throttling',
      breach: v =>
        `Producers are being throttled (ProduceThrottleTime ${v} ms): the brokers are at a throughput or client quota. Spread the load, raise the quota or add brokers.`,
    }),
    ...checkMetric(context, {
      ruleId: 'msk.cluster.fetch-throttling',
      metricIds: ['msk.broker.fetchThrottleTime'],
      value: input.fetchThrottleTimeMs,
      threshold: t.throttleTimeMs,
      comparison: 'above',
      severity: 'warning',
      judges: 'fetch throttling',
      breach: v =>
        `Consumers are being throttled (FetchThrottleTime ${v} ms): the brokers are at a throughput or client quota. Spread the load, raise the quota or add brokers.`,
    }),
    ...clusterSettingFindings(input),
  ]);
}

function clusterStateFindings(state: string): HealthFinding[] {
  const ruleId = 'msk.cluster.state';
  if (state === 'ACTIVE') {
    return [];
  }
  if (state === 'FAILED' || state === 'DELETING') {
    return [
      {
        ruleId,
        severity: 'critical',
        value: state,
        threshold: 'ACTIVE',
        message:
          state === 'FAILED'
            ? 'The cluster is FAILED: creating or deleting it did not complete. Check its StateInfo in the MSK console and recreate it if needed.'
            : 'The cluster is being deleted. Move producers and consumers elsewhere.',
      },
    ];
  }
  if (MSK_TRANSITIONAL_STATES.has(state)) {
    return [
      {
        ruleId,
        severity: 'warning',
        value: state,
        threshold: 'ACTIVE',
        message: `The cluster is ${state}: it still serves clients, but configuration changes are blocked until it is ACTIVE again.`,
      },
    ];
  }
  return [
    {
      ruleId,
      severity: 'unknown',
      value: state,
      threshold: 'ACTIVE',
      message: `The cluster reports an unrecognised state ${state}.`,
    },
  ];
}

function partitionsPerBrokerFindings(
  input: KafkaClusterHealthInput,
  context: MetricContext,
  t: HealthThresholds,
): HealthFinding[] {
  const rule = {
    ruleId: 'msk.cluster.partitions-per-broker',
    judges: 'partitions per broker',
  };
  const metrics = publishedMetrics(context, ['msk.broker.partitionCount']);
  if (metrics.length === 0) {
    return [];
  }
  const limits = input.instanceType
    ? partitionLimitsFor(input.instanceType)
    : null;
  const warnAbove = limits
    ? Math.round((limits.recommended * t.partitionsPerBrokerPercent) / 100)
    : null;
  const value = input.partitionsPerBroker;
  if (!isMeasured(value)) {
    return [missingMetricFinding(rule, metrics, warnAbove)];
  }
  if (!limits || warnAbove === null) {
    return [
      unknownFinding(
        rule.ruleId,
        null,
        `No partitions-per-broker limit is known for instance type ${
          input.instanceType ?? '(unknown)'
        }, so partition load cannot be judged.`,
      ),
    ];
  }
  if (value > limits.max) {
    return [
      {
        ruleId: rule.ruleId,
        severity: 'critical',
        value,
        threshold: limits.max,
        message: `The busiest broker holds ${value} partitions (replicas included), above the ${limits.max} MSK allows on ${input.instanceType}: MSK blocks configuration updates until you move to a larger size, add brokers or delete topics.`,
      },
    ];
  }
  if (value > warnAbove) {
    return [
      {
        ruleId: rule.ruleId,
        severity: 'warning',
        value,
        threshold: warnAbove,
        message: `The busiest broker holds ${value} partitions (replicas included); AWS recommends at most ${limits.recommended} on ${input.instanceType} (MSK refuses updates above ${limits.max}). Move to a larger size, add brokers or delete unused topics.`,
      },
    ];
  }
  return [];
}

function expressThroughputFindings(
  input: KafkaClusterHealthInput,
  context: MetricContext,
  t: HealthThresholds,
): HealthFinding[] {
  if (input.clusterType !== 'express') {
    return [];
  }
  const limits = input.instanceType
    ? expressBrokerLimitsFor(input.instanceType)
    : null;
  const directions = [
    {
      ruleId: 'msk.cluster.express-ingress',
      metricId: 'msk.broker.bytesIn',
      bytesPerSec: input.brokerBytesInPerSec,
      limit: limits?.ingressMBps,
      verb: 'receives',
      what: 'ingress',
    },
    {
      ruleId: 'msk.cluster.express-egress',
      metricId: 'msk.broker.bytesOut',
      bytesPerSec: input.brokerBytesOutPerSec,
      limit: limits?.egressMBps,
      verb: 'sends',
      what: 'egress',
    },
  ];
  return directions.flatMap(
    ({ ruleId, metricId, bytesPerSec, limit, verb, what }) => {
      const metrics = publishedMetrics(context, [metricId]);
      if (metrics.length === 0) {
        return [];
      }
      const judges = `${what} throughput against the broker's sustained limit`;
      if (!limit) {
        return isMeasured(bytesPerSec)
          ? [
              unknownFinding(
                ruleId,
                null,
                `No sustained ${what} limit is known for instance type ${
                  input.instanceType ?? '(unknown)'
                }, so ${what} throughput cannot be judged.`,
              ),
            ]
          : [missingMetricFinding({ ruleId, judges }, metrics, null)];
      }
      const warnAboveMBps = round(
        (limit.sustained * t.expressThroughputPercent) / 100,
      );
      return checkMetric(context, {
        ruleId,
        metricIds: [metricId],
        value: isMeasured(bytesPerSec) ? bytesPerSec / BYTES_PER_MB : null,
        threshold: warnAboveMBps,
        comparison: 'above',
        severity: 'warning',
        judges,
        breach: v =>
          `The busiest broker ${verb} ${v} MB/s; ${input.instanceType} sustains ${limit.sustained} MB/s per broker and MSK throttles at ${limit.max} MB/s (warning above ${t.expressThroughputPercent}% of sustained, ${warnAboveMBps} MB/s). Add brokers or move to a larger size.`,
      });
    },
  );
}

/** Broker- and cluster-level metrics: what cluster health reads (per-topic metrics only feed charts). */
function clusterHealthMetrics(clusterType: ClusterType) {
  return METRICS.filter(
    metric =>
      (metric.scope === 'broker' || metric.scope === 'cluster') &&
      metricApplies(metric, { clusterType }),
  );
}

/** The lowest enhanced-monitoring level that publishes every metric cluster health reads. */
function requiredMonitoringLevel(clusterType: ClusterType): MonitoringLevel {
  const levels = clusterHealthMetrics(clusterType).map(metric =>
    MONITORING_LEVELS.indexOf(metric.appliesTo.minMonitoringLevel ?? 'DEFAULT'),
  );
  return MONITORING_LEVELS[Math.max(0, ...levels)];
}

/** Security and monitoring settings; Serverless is IAM-only with TLS and has no monitoring levels. */
function clusterSettingFindings(
  input: KafkaClusterHealthInput,
): HealthFinding[] {
  if (input.clusterType === 'serverless') {
    return [];
  }
  const findings: HealthFinding[] = [];
  const notDescribed = 'the cluster has not been described (DescribeClusterV2)';

  const clientBroker = input.clientBroker;
  if (clientBroker === null || clientBroker === undefined) {
    findings.push(
      unknownFinding(
        'msk.cluster.plaintext',
        'TLS',
        `Client-broker encryption is unknown: ${notDescribed}.`,
      ),
    );
  } else if (clientBroker === 'PLAINTEXT' || clientBroker === 'TLS_PLAINTEXT') {
    findings.push({
      ruleId: 'msk.cluster.plaintext',
      severity: 'warning',
      value: clientBroker,
      threshold: 'TLS',
      message:
        clientBroker === 'PLAINTEXT'
          ? 'Clients talk to the brokers without encryption (PLAINTEXT). Switch in-transit encryption to TLS once every client connects on the TLS port.'
          : 'The brokers also accept unencrypted connections (TLS_PLAINTEXT). Move every client to TLS, then set client-broker encryption to TLS only.',
    });
  } else if (clientBroker !== 'TLS') {
    findings.push(
      unknownFinding(
        'msk.cluster.plaintext',
        'TLS',
        `The cluster reports an unrecognised client-broker encryption ${clientBroker}.`,
      ),
    );
  }

  if (
    input.unauthenticatedAccess === null ||
    input.unauthenticatedAccess === undefined
  ) {
    findings.push(
      unknownFinding(
        'msk.cluster.unauthenticated',
        'disabled',
        `Whether unauthenticated access is allowed is unknown: ${notDescribed}.`,
      ),
    );
  } else if (input.unauthenticatedAccess) {
    findings.push({
      ruleId: 'msk.cluster.unauthenticated',
      severity: 'warning',
      value: 'enabled',
      threshold: 'disabled',
      message:
        'Unauthenticated access is enabled: anyone who can reach the brokers can read and write every topic. Move clients to IAM (or SASL/SCRAM or mutual TLS) and turn unauthenticated access off.',
    });
  }

  if (input.publicAccess === null || input.publicAccess === undefined) {
    findings.push(
      unknownFinding(
        'msk.cluster.public-access',
        'DISABLED',
        `Whether the brokers are reachable from the internet is unknown: ${notDescribed}.`,
      ),
    );
  } else if (input.publicAccess !== 'DISABLED') {
    findings.push({
      ruleId: 'msk.cluster.public-access',
      severity: 'warning',
      value: input.publicAccess,
      threshold: 'DISABLED',
      message: `Public access is on (${input.publicAccess}): the brokers are reachable from the internet. Make sure that is intended, and keep the security groups limited to the addresses that need it.`,
    });
  }

  const required = requiredMonitoringLevel(input.clusterType);
  const level = input.enhancedMonitoring;
  if (level === null || level === undefined) {
    findings.push(
      unknownFinding(
        'msk.cluster.enhanced-monitoring',
        required,
        `The enhanced-monitoring level is unknown: ${notDescribed}.`,
      ),
    );
  } else if (!MONITORING_LEVELS.includes(level as MonitoringLevel)) {
    findings.push(
      unknownFinding(
        'msk.cluster.enhanced-monitoring',
        required,
        `The cluster reports an unrecognised enhanced-monitoring level ${level}.`,
      ),
    );
  } else if (
    MONITORING_LEVELS.indexOf(level as MonitoringLevel) <
    MONITORING_LEVELS.indexOf(required)
  ) {
    const unpublished = clusterHealthMetrics(input.clusterType)
      .filter(
        metric =>
          !metricApplies(metric, {
            clusterType: input.clusterType,
            monitoringLevel: level,
          }),
      )
      .map(metric => metric.metricName);
    findings.push({
      ruleId: 'msk.cluster.enhanced-monitoring',
      severity: 'warning',
      value: level,
      threshold: required,
      message: `Enhanced monitoring is ${level}, so MSK does not publish ${unpublished.join(
        ', ',
      )} and the rules that need them cannot judge the cluster. Set it to ${required} (CloudWatch charges for metrics above DEFAULT).`,
    });
  }
  return findings;
}

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
        'The topic configuration has not been read (DescribeTopic), so min.insync.replicas is unknown.',
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

/** The lag of one topic a consumer group reads. */
export interface ConsumerGroupTopicLagInput {
  topic: string;
  /** Latest EstimatedMaxTimeLag (Maximum, seconds); null when not measured. */
  estimatedMaxTimeLagSeconds: number | null;
  /** Latest MaxOffsetLag (Maximum, messages), shown with the finding when known. */
  maxOffsetLag?: number | null;
}

export interface ConsumerGroupHealthInput {
  /** One entry per topic the group reads, as CloudWatch's lag metrics list them. */
  topics: readonly ConsumerGroupTopicLagInput[];
}

export function evaluateConsumerGroupHealth(
  input: ConsumerGroupHealthInput,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): Health {
  const ruleId = 'msk.consumer-group.lag';
  const sla = thresholds.consumerLagSeconds;
  let worst: { entry: ConsumerGroupTopicLagInput; lag: number } | null = null;
  const missing: string[] = [];
  for (const entry of input.topics) {
    const lag = entry.estimatedMaxTimeLagSeconds;
    if (!isMeasured(lag)) {
      missing.push(entry.topic);
    } else if (!worst || lag > worst.lag) {
      worst = { entry, lag };
    }
  }
  if (worst && worst.lag > sla) {
    const lag = round(worst.lag);
    const { maxOffsetLag, topic } = worst.entry;
    const messages = isMeasured(maxOffsetLag)
      ? ` (${maxOffsetLag} messages on its furthest-behind partition)`
      : '';
    return toHealth([
      {
        ruleId,
        severity: 'warning',
        value: lag,
        threshold: sla,
        message: `The group is ${formatDuration(
          lag,
        )} behind on ${topic}${messages}, over the ${formatDuration(
          sla,
        )} lag objective. Add consumers (up to one per partition), speed up processing, or check whether a consumer is stuck.`,
      },
    ]);
  }
  if (input.topics.length === 0 || missing.length > 0) {
    return toHealth([
      unknownFinding(
        ruleId,
        sla,
        input.topics.length === 0
          ? 'EstimatedMaxTimeLag has no series for this group, so its lag cannot be judged. MSK publishes lag only for groups that commit offsets and have ASCII names.'
          : `EstimatedMaxTimeLag has no recent datapoints for ${missing.join(
              ', ',
            )}, so the group's lag there cannot be judged.`,
      ),
    ]);
  }
  return toHealth([]);
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

/**
 * What is known about a Managed Flink application. Every optional field is
 * "not measured" when null or absent: its rule then reports `unknown`, unless
 * the rule does not apply to the runtime, metrics level or status at all.
 * Metric rules apply only while the application is RUNNING.
 */
export interface FlinkApplicationHealthInput {
  status: string;
  /** Latest `downtime` (ms, Maximum). */
  downtimeMs: number | null;
  /** Runtime, e.g. FLINK-1_20 or FLINK-2_2: selects numRestarts or fullRestarts and gates backpressure. */
  runtimeEnvironment?: string | null;
  /** Monitoring MetricsLevel (APPLICATION, TASK, OPERATOR, PARALLELISM): backpressure exists only above APPLICATION. */
  metricsLevel?: string | null;
  checkpointingEnabled?: boolean | null;
  checkpointIntervalMs?: number | null;
  snapshotsEnabled?: boolean | null;
  /** Increase of numRestarts (Flink 2.x) or fullRestarts (older) over the counter window; see `counterIncrease`. */
  restartsInWindow?: number | null;
  /** Increase of numberOfFailedCheckpoints over the counter window. */
  failedCheckpointsInWindow?: number | null;
  /** Latest lastCheckpointDuration (ms, Maximum). */
  lastCheckpointDurationMs?: number | null;
  /** Latest heapMemoryUtilization (%, Maximum: the fullest TaskManager). */
  heapPercent?: number | null;
  /** Latest containerMemoryUtilization (%, Maximum). */
  containerMemoryPercent?: number | null;
  /** Latest cpuUtilization (%, Maximum: the hottest TaskManager). */
  cpuPercent?: number | null;
  /** Latest backPressuredTimeMsPerSecond (ms/s, Maximum over tasks). */
  backpressureMsPerSecond?: number | null;
  /** Recent operations from ListApplicationOperations. */
  operations?: readonly FlinkOperation[] | null;
  /** The time to judge "recent" against; defaults to now. */
  now?: Date;
}

export function evaluateFlinkApplicationHealth(
  input: FlinkApplicationHealthInput,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): Health {
  const t = thresholds;
  const context: MetricContext = {
    runtimeEnvironment: input.runtimeEnvironment,
    flinkMetricsLevel: input.metricsLevel,
  };
  const isFlink = !input.runtimeEnvironment?.startsWith('SQL-');
  const checkpointingOff = input.checkpointingEnabled === false;
  const running = input.status === 'RUNNING';
  const metric = (rule: MetricRule) =>
    running ? checkMetric(context, rule) : [];

  return toHealth([
    ...flinkStatusFindings(input.status),
    ...metric({
      ruleId: 'flink.application.downtime',
      metricIds: ['flink.downtime'],
      value: input.downtimeMs,
      threshold: t.flinkDowntimeMs,
      comparison: 'above',
      severity: 'critical',
      judges: 'whether the job is up',
      breach: v =>
        `The job has been down for ${formatDuration(
          v / 1000,
        )} and is restarting: records are not being processed. Check the application logs for the exception that fails it.`,
    }),
    ...metric({
      ruleId: 'flink.application.restarts',
      metricIds: ['flink.numRestarts', 'flink.fullRestarts'],
      value: input.restartsInWindow,
      threshold: t.flinkRestarts,
      comparison: 'above',
      severity: 'warning',
      judges: `whether the job restarted in the last ${t.flinkCounterWindowMinutes} minutes`,
      breach: v =>
        `The job restarted ${v} time(s) in the last ${t.flinkCounterWindowMinutes} minutes; each restart replays from the last checkpoint. Look for the exception in the application logs.`,
    }),
    ...(checkpointingOff
      ? []
      : metric({
          ruleId: 'flink.application.failed-checkpoints',
          metricIds: ['flink.numberOfFailedCheckpoints'],
          value: input.failedCheckpointsInWindow,
          threshold: t.flinkFailedCheckpoints,
          comparison: 'above',
          severity: 'warning',
          judges: 'checkpointing',
          breach: v =>
            `${v} checkpoint(s) failed in the last ${t.flinkCounterWindowMinutes} minutes, so a restart would replay more data. Checkpoints usually time out when the job is backpressured or its state is too large: check backpressure, CPU and lastCheckpointSize.`,
        })),
    ...(running && !checkpointingOff
      ? checkpointDurationFindings(input, context, t)
      : []),
    ...metric({
      ruleId: 'flink.application.heap',
      metricIds: ['flink.heapMemoryUtilization'],
      value: input.heapPercent,
      threshold: t.flinkHeapPercent,
      comparison: 'above',
      severity: 'warning',
      judges: 'heap headroom',
      breach: v =>
        `A TaskManager uses ${v}% of its heap (warning above ${t.flinkHeapPercent}%); it risks out-of-memory restarts. Add KPUs, lower ParallelismPerKPU, or shrink state kept on the heap.`,
    }),
    ...metric({
      ruleId: 'flink.application.container-memory',
      metricIds: ['flink.containerMemoryUtilization'],
      value: input.containerMemoryPercent,
      threshold: t.flinkContainerMemoryPercent,
      comparison: 'above',
      severity: 'warning',
      judges: 'container memory headroom',
      breach: v =>
        `The TaskManager containers use ${v}% of their memory (warning above ${t.flinkContainerMemoryPercent}%); the container can be killed. Add KPUs or lower ParallelismPerKPU.`,
    }),
    ...metric({
      ruleId: 'flink.application.cpu',
      metricIds: ['flink.cpuUtilization'],
      value: input.cpuPercent,
      threshold: t.flinkCpuPercent,
      comparison: 'above',
      severity: 'warning',
      judges: 'CPU headroom',
      breach: v =>
        `The hottest TaskManager uses ${v}% CPU (warning above ${t.flinkCpuPercent}%). Enable autoscaling or raise Parallelism so the job keeps up.`,
    }),
    ...metric({
      ruleId: 'flink.application.backpressure',
      metricIds: ['flink.backPressuredTimeMsPerSecond'],
      value: input.backpressureMsPerSecond,
      threshold: t.flinkBackpressureMsPerSecond,
      comparison: 'above',
      severity: 'warning',
      judges: 'backpressure',
      breach: v =>
        `A task is backpressured ${v} ms of every second (warning above ${t.flinkBackpressureMsPerSecond}): a slower operator or sink downstream holds it back. Find the slow operator in the Flink dashboard and scale or fix it.`,
    }),
    ...(isFlink ? flinkSettingFindings(input) : []),
    ...recentOperationFindings(input, t),
  ]);
}

function flinkStatusFindings(status: string): HealthFinding[] {
  const finding = (
    severity: HealthStatus,
    message: string,
  ): HealthFinding[] => [
    {
      ruleId: 'flink.application.status',
      severity,
      value: status,
      threshold: 'RUNNING',
      message,
    },
  ];
  if (status === 'RUNNING') {
    return [];
  }
  if (status === 'ROLLING_BACK' || status === 'ROLLED_BACK') {
    return finding(
      'critical',
      'The last update failed and the application was rolled back to its previous version. Look at the failed operation and the application logs before deploying again.',
    );
  }
  if (status === 'READY') {
    return finding(
      'warning',
      'The application is stopped (READY) and processes nothing. Start it if it should be running.',
    );
  }
  if (FLINK_TRANSITIONAL_STATUSES.has(status)) {
    return finding(
      'warning',
      `The application is ${status}; it may not process records until it is RUNNING again.`,
    );
  }
  return finding(
    'unknown',
    `The application reports an unrecognised status ${status}.`,
  );
}

function checkpointDurationFindings(
  input: FlinkApplicationHealthInput,
  context: MetricContext,
  t: HealthThresholds,
): HealthFinding[] {
  const ruleId = 'flink.application.checkpoint-duration';
  const metricIds = ['flink.lastCheckpointDuration'];
  const interval = input.checkpointIntervalMs;
  if (!isMeasured(interval)) {
    return publishedMetrics(context, metricIds).length
      ? [
          unknownFinding(
            ruleId,
            null,
            'The checkpoint interval is unknown, so checkpoint duration cannot be compared with it.',
          ),
        ]
      : [];
  }
  const budgetMs = Math.round(
    (interval * t.flinkCheckpointDurationPercent) / 100,
  );
  return checkMetric(context, {
    ruleId,
    metricIds,
    value: input.lastCheckpointDurationMs,
    threshold: budgetMs,
    comparison: 'above',
    severity: 'warning',
    judges: 'checkpoint duration',
    breach: v =>
      `The last checkpoint took ${formatDuration(v / 1000)}, more than ${
        t.flinkCheckpointDurationPercent
      }% of the ${formatDuration(
        interval / 1000,
      )} checkpoint interval, so checkpoints risk piling up or timing out. Reduce state size, fix backpressure, or lengthen the interval.`,
  });
}

function flinkSettingFindings(
  input: FlinkApplicationHealthInput,
): HealthFinding[] {
  const findings: HealthFinding[] = [];
  if (
    input.checkpointingEnabled === null ||
    input.checkpointingEnabled === undefined
  ) {
    findings.push(
      unknownFinding(
        'flink.application.checkpointing',
        'enabled',
        'Whether checkpointing is on is unknown: the application has not been described.',
      ),
    );
  } else if (!input.checkpointingEnabled) {
    findings.push({
      ruleId: 'flink.application.checkpointing',
      severity: 'warning',
      value: 'disabled',
      threshold: 'enabled',
      message:
        'Checkpointing is off: after any failure the job restarts without its state and may lose or reprocess data. Turn checkpointing on (CUSTOM checkpoint configuration, or DEFAULT for the 60 s service default).',
    });
  }
  if (input.snapshotsEnabled === null || input.snapshotsEnabled === undefined) {
    findings.push(
      unknownFinding(
        'flink.application.snapshots',
        'enabled',
        'Whether snapshots are on is unknown: the application has not been described.',
      ),
    );
  } else if (!input.snapshotsEnabled) {
    findings.push({
      ruleId: 'flink.application.snapshots',
      severity: 'warning',
      value: 'disabled',
      threshold: 'enabled',
      message:
        'Snapshots are off: stopping or updating the application discards its state. That is fine while developing; turn snapshots on once the application runs in production.',
    });
  }
  return findings;
}

const isRollback = (operation: FlinkOperation) =>
  /rollback/i.test(operation.operation);

function operationTime(operation: FlinkOperation): number | null {
  const time = Date.parse(operation.endTime ?? operation.startTime ?? '');
  return Number.isNaN(time) ? null : time;
}

/**
 * A failed operation, or a rollback, that ended within the window and was not
 * followed by a successful operation of the same kind (a later successful
 * deployment makes an earlier rollback history).
 */
function recentOperationFindings(
  input: FlinkApplicationHealthInput,
  t: HealthThresholds,
): HealthFinding[] {
  const ruleId = 'flink.application.recent-operation';
  const windowHours = t.flinkFailedOperationWindowHours;
  if (!input.operations) {
    return [
      unknownFinding(
        ruleId,
        windowHours,
        'The application operations have not been read (ListApplicationOperations), so recent failed deployments cannot be seen.',
      ),
    ];
  }
  const now = (input.now ?? new Date()).getTime();
  const dated = input.operations
    .map(operation => ({ operation, time: operationTime(operation) }))
    .filter(
      (entry): entry is { operation: FlinkOperation; time: number } =>
        entry.time !== null,
    )
    .sort((a, b) => b.time - a.time);
  const problem = dated.find(({ operation, time }, index) => {
    const failed = operation.status === 'FAILED';
    const rolledBack =
      isRollback(operation) && operation.status === 'SUCCESSFUL';
    if ((!failed && !rolledBack) || now - time > windowHours * 3_600_000) {
      return false;
    }
    const superseded = dated
      .slice(0, index)
      .some(
        ({ operation: later }) =>
          later.status === 'SUCCESSFUL' &&
          !isRollback(later) &&
          (rolledBack || later.operation === operation.operation),
      );
    return !superseded;
  });
  if (!problem) {
    return [];
  }
  const { operation } = problem;
  const hoursAgo = Math.max(0, Math.round((now - problem.time) / 3_600_000));
  return [
    {
      ruleId,
      severity: 'warning',
      value: `${operation.operation} ${operation.status}`,
      threshold: windowHours,
      message: isRollback(operation)
        ? `The application was rolled back (${operation.operation}, ${hoursAgo} h ago): the last deployment did not start. Check the failed update's error (DescribeApplicationOperation) and the logs before deploying again.`
        : `${operation.operation} failed ${hoursAgo} h ago (operation ${operation.operationId}). Read its error with DescribeApplicationOperation and the application logs, fix it and retry.`,
    },
  ];
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** 45 → "45 s", 300 → "5 min", 5400 → "1.5 h". */
function formatDuration(seconds: number): string {
  if (seconds < 60) return `${round(seconds)} s`;
  if (seconds < 3600) return `${round(seconds / 60)} min`;
  return `${round(seconds / 3600)} h`;
}
