import type {
  ComparisonOperator,
  MetricDataQuery,
  PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import {
  ClusterType,
  getMetric,
  HealthThresholds,
  metricApplies,
  MetricDefinition,
  parseFlinkRuntime,
} from '@backstage-streaming/plugin-streaming-common';

/**
 * Which health thresholds become CloudWatch alarms, on which metric. Metric
 * names, dimensions, statistics and periods come from the metric table and the
 * values from the threshold table (streaming-common), so an alarm fires where
 * the service page turns amber or red. Reference facts §5 (key alarms).
 */
interface AlarmRule {
  /** Metric ids in the metric table; two ids are summed (CpuUser + CpuSystem). */
  metricIds: readonly string[];
  threshold: (t: HealthThresholds, context: AlarmContext) => number;
  comparison: ComparisonOperator;
  /** Periods evaluated, and how many must breach (default all). */
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  /** Cumulative counters alarm on their per-period increase (metric math RATE × period). */
  increase?: boolean;
  /** Flink 2.x deprecates this metric: no new alarms on it from this version on. */
  deprecatedFromFlink?: [number, number];
}

const RULES: readonly AlarmRule[] = [
  // MSK (facts §5: key alarms; Standard thresholds)
  {
    metricIds: ['msk.cluster.activeControllerCount'],
    threshold: t => t.minActiveControllers,
    comparison: 'LessThanThreshold',
    evaluationPeriods: 1,
  },
  {
    metricIds: ['msk.cluster.offlinePartitions'],
    threshold: t => t.offlinePartitions,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 1,
  },
  {
    // "Sum > 0 for 15 min"
    metricIds: ['msk.broker.underReplicatedPartitions'],
    threshold: t => t.underReplicatedPartitions,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 15,
  },
  {
    metricIds: ['msk.broker.underMinIsrPartitions'],
    threshold: t => t.underMinIsrPartitions,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 1,
  },
  {
    metricIds: ['msk.broker.cpuUser', 'msk.broker.cpuSystem'],
    threshold: t => t.brokerCpuPercent,
    comparison: 'GreaterThanOrEqualToThreshold',
    evaluationPeriods: 15,
  },
  {
    metricIds: ['msk.broker.diskUsed'],
    threshold: t => t.brokerDiskUsedPercent,
    comparison: 'GreaterThanOrEqualToThreshold',
    evaluationPeriods: 1,
  },
  {
    metricIds: ['msk.broker.heapAfterGc'],
    threshold: t => t.brokerHeapAfterGcPercent,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 5,
  },
  {
    metricIds: ['msk.broker.produceThrottleTime'],
    threshold: t => t.throttleTimeMs,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 5,
  },
  {
    metricIds: ['msk.broker.fetchThrottleTime'],
    threshold: t => t.throttleTimeMs,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 5,
  },
  // Managed Flink (facts §5: Managed Flink alarms)
  {
    metricIds: ['flink.downtime'],
    threshold: t => t.flinkDowntimeMs,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    deprecatedFromFlink: [2, 0],
  },
  {
    metricIds: ['flink.fullRestarts'],
    threshold: t => t.flinkRestarts,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    increase: true,
  },
  {
    metricIds: ['flink.numRestarts'],
    threshold: t => t.flinkRestarts,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    increase: true,
  },
  {
    metricIds: ['flink.numberOfFailedCheckpoints'],
    threshold: t => t.flinkFailedCheckpoints,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    increase: true,
  },
  {
    metricIds: ['flink.lastCheckpointDuration'],
    threshold: (t, c) =>
      (t.flinkCheckpointDurationPercent / 100) * c.checkpointIntervalMs,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 1,
  },
  {
    // "Maximum > 90% for 3 of 3 periods"
    metricIds: ['flink.heapMemoryUtilization'],
    threshold: t => t.flinkHeapPercent,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 3,
  },
  {
    metricIds: ['flink.containerMemoryUtilization'],
    threshold: t => t.flinkContainerMemoryPercent,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 3,
  },
  {
    metricIds: ['flink.cpuUtilization'],
    threshold: t => t.flinkCpuPercent,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 3,
  },
  {
    metricIds: ['flink.backPressuredTimeMsPerSecond'],
    threshold: t => t.flinkBackpressureMsPerSecond,
    comparison: 'GreaterThanThreshold',
    evaluationPeriods: 3,
  },
];

/** What the alarms are for. */
export type AlarmContext =
  | {
      kind: 'kafka-cluster';
      name: string;
      clusterType: ClusterType;
      enhancedMonitoring?: string;
      /** Broker ids of a provisioned cluster, for the per-broker alarms. */
      brokerIds: number[];
      checkpointIntervalMs: number;
    }
  | {
      kind: 'flink-application';
      name: string;
      runtime: string;
      metricsLevel?: string;
      checkpointIntervalMs: number;
    };

/** Predictable names: `streaming-<asset>-<metric>[+<metric>][-broker-<id>]`. */
export function alarmName(
  asset: string,
  metrics: MetricDefinition[],
  brokerId?: number,
) {
  return `streaming-${asset}-${metrics.map(m => m.metricName).join('+')}${
    brokerId === undefined ? '' : `-broker-${brokerId}`
  }`;
}

function dimensionsFor(
  metric: MetricDefinition,
  context: AlarmContext,
  brokerId?: number,
) {
  return metric.dimensions.map(name => {
    if (name === 'Broker ID') return { Name: name, Value: String(brokerId) };
    return { Name: name, Value: context.name };
  });
}

/**
 * The PutMetricAlarm requests of the recommended alarms for a cluster (by type
 * and monitoring level) or a Flink application (by runtime), without actions
 * or tags; the caller adds those.
 */
export function recommendedAlarms(
  context: AlarmContext,
  thresholds: HealthThresholds,
): PutMetricAlarmCommandInput[] {
  const applies =
    context.kind === 'kafka-cluster'
      ? {
          clusterType: context.clusterType,
          monitoringLevel: context.enhancedMonitoring,
        }
      : {
          runtimeEnvironment: context.runtime,
          flinkMetricsLevel: context.metricsLevel ?? 'APPLICATION',
        };
  const version =
    context.kind === 'flink-application'
      ? parseFlinkRuntime(context.runtime)
      : null;
  const alarms: PutMetricAlarmCommandInput[] = [];
  for (const rule of RULES) {
    const metrics = rule.metricIds.map(getMetric);
    if (!metrics.every(m => metricApplies(m, applies))) continue;
    if (
      rule.deprecatedFromFlink &&
      version &&
      (version[0] > rule.deprecatedFromFlink[0] ||
        (version[0] === rule.deprecatedFromFlink[0] &&
          version[1] >= rule.deprecatedFromFlink[1]))
    ) {
      continue;
    }
    const [first] = metrics;
    const perBroker = first.dimensions.includes('Broker ID');
    const brokers: (number | undefined)[] =
      perBroker && context.kind === 'kafka-cluster'
        ? context.brokerIds
        : [undefined];
    for (const brokerId of brokers) {
      const base = {
        AlarmName: alarmName(context.name, metrics, brokerId),
        AlarmDescription: `Backstage Streaming recommended alarm for ${
          context.name
        }: ${metrics.map(m => m.metricName).join(' + ')} (${
          first.label
        }); threshold from the streaming health rules.`,
        ComparisonOperator: rule.comparison,
        EvaluationPeriods: rule.evaluationPeriods,
        DatapointsToAlarm: rule.datapointsToAlarm ?? rule.evaluationPeriods,
        Threshold: rule.threshold(thresholds, context),
        // No data is not a breach: a new cluster or a stopped app publishes nothing.
        TreatMissingData: 'notBreaching',
      };
      if (metrics.length === 1 && !rule.increase) {
        alarms.push({
          ...base,
          Namespace: first.namespace,
          MetricName: first.metricName,
          Dimensions: dimensionsFor(first, context, brokerId),
          Statistic: first.stat,
          Period: first.periodSeconds,
        });
        continue;
      }
      const queries: MetricDataQuery[] = metrics.map((metric, index) => ({
        Id: `m${index}`,
        ReturnData: false,
        MetricStat: {
          Metric: {
            Namespace: metric.namespace,
            MetricName: metric.metricName,
            Dimensions: dimensionsFor(metric, context, brokerId),
          },
          Period: metric.periodSeconds,
          Stat: metric.stat,
        },
      }));
      const expression = rule.increase
        ? // RATE is per second; × period gives the increase within one period.
          `RATE(m0) * ${first.periodSeconds}`
        : metrics.map((_, index) => `m${index}`).join(' + ');
      alarms.push({
        ...base,
        Metrics: [
          ...queries,
          {
            Id: 'e0',
            Expression: expression,
            Label: metrics.map(m => m.metricName).join(' + '),
            ReturnData: true,
          },
        ],
      });
    }
  }
  return alarms;
}
