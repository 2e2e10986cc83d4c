import type { ClusterType, Health, HealthFinding } from '../schema';
import {
  BYTES_PER_MB,
  expressBrokerLimitsFor,
  partitionLimitsFor,
} from '../cost/limits';
import {
  metricApplies,
  type MetricContext,
  METRICS,
  MONITORING_LEVELS,
  type MonitoringLevel,
} from '../metrics/table';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from './thresholds';
import {
  toHealth,
  publishedMetrics,
  isMeasured,
  missingMetricFinding,
  checkMetric,
  unknownFinding,
  round,
} from './shared';

/** Health rules of MSK clusters (provisioned Standard and Express, and Serverless). */

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
