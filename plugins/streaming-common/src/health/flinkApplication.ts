import type {
  FlinkOperation,
  Health,
  HealthFinding,
  HealthStatus,
} from '../schema';
import type { MetricContext } from '../metrics/table';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from './thresholds';
import {
  toHealth,
  type MetricRule,
  publishedMetrics,
  isMeasured,
  checkMetric,
  unknownFinding,
  formatDuration,
} from './shared';

/** Health rules of Managed Service for Apache Flink applications. */

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
