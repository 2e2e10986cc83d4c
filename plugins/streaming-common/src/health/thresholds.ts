/**
 * Every health threshold in one table. Values and sources come from the AWS
 * guidance collected in the project's reference notes ("facts" below means
 * its section 5, best-practice defaults and thresholds); docs/health.md lists
 * them for adopters. `streaming.health.<key>` in app-config overrides them.
 *
 * Each key says how the rule compares: "at or above", "above" or "below".
 */
export interface HealthThresholds {
  /** MSK Standard/Express: busiest broker's CpuUser + CpuSystem at or above this (%) warns. Facts §5 MSK Standard and Express: keep it under 60%. */
  brokerCpuPercent: number;
  /** MSK Standard: busiest broker's KafkaDataLogsDiskUsed at or above this (%) warns. Facts §5 MSK Standard: alarm at at least 85%. */
  brokerDiskUsedPercent: number;
  /** MSK Standard: busiest broker's HeapMemoryAfterGC above this (%) warns. Facts §5 MSK Standard: alarm above 60%. */
  brokerHeapAfterGcPercent: number;
  /** MSK Standard: UnderReplicatedPartitions (summed over brokers) above this warns. Facts §5 key alarms: Sum above 0. */
  underReplicatedPartitions: number;
  /** MSK Standard: OfflinePartitionsCount above this is critical. Facts §5 key alarms: Sum above 0. */
  offlinePartitions: number;
  /** MSK Standard: UnderMinIsrPartitionCount (summed over brokers) above this is critical. Facts §3 (metric) and §5 (alarm on it). */
  underMinIsrPartitions: number;
  /** MSK Standard/Express: ActiveControllerCount Maximum below this is critical. Facts §5 key alarms: Maximum below 1. */
  minActiveControllers: number;
  /** MSK Standard/Express: busiest broker's PartitionCount above this % of the size's recommended maximum warns (above the hard maximum: critical). Facts §5 partitions-per-broker tables. */
  partitionsPerBrokerPercent: number;
  /** MSK Express: busiest broker's BytesIn/OutPerSec above this % of the size's recommended sustained rate warns. Facts §5 MSK Express: alarm above ~80% of sustained. */
  expressThroughputPercent: number;
  /** MSK Standard/Express: ProduceThrottleTime or FetchThrottleTime above this (ms) warns. Facts §5 MSK Express: alarm when above 0. */
  throttleTimeMs: number;
  /** Topics: replication factor below this warns. Facts §5 MSK Standard: RF at least 3. */
  minReplicationFactor: number;
  /** Topics (Standard): min.insync.replicas below this warns; it must also stay at most RF − 1. Facts §5 MSK Standard: min ISR at most RF − 1, so 2 with RF 3. */
  minInsyncReplicas: number;
  /** Topics: OutOfSyncReplicaCount from ListTopics above this warns. Facts §1 (ListTopics field); any replica out of sync means a lagging broker. */
  outOfSyncReplicas: number;
  /** Consumer groups: EstimatedMaxTimeLag Maximum above this (s) warns. Facts §5 key alarms: lag above your SLA; 300 s (5 minutes) is this plugin's default, set your own. */
  consumerLagSeconds: number;
  /** Flink: `downtime` above this (ms) is critical. Facts §5 Managed Flink alarms: downtime above 0. */
  flinkDowntimeMs: number;
  /** Flink: restarts (numRestarts on Flink 2.x, fullRestarts before) within the counter window above this warn. Facts §3 and §5 Managed Flink. */
  flinkRestarts: number;
  /** Flink: numberOfFailedCheckpoints increase within the counter window above this warns. Facts §5 Managed Flink alarms: RATE(numberOfFailedCheckpoints) above 0. */
  flinkFailedCheckpoints: number;
  /** Flink: window (minutes) over which restarts and failed checkpoints are counted; the backend reads the counters over it. Plugin default, no AWS number. */
  flinkCounterWindowMinutes: number;
  /** Flink: lastCheckpointDuration above this % of the checkpoint interval warns. Facts §5 Managed Flink alarms: above 50% of the interval. */
  flinkCheckpointDurationPercent: number;
  /** Flink: heapMemoryUtilization Maximum above this (%) warns. Facts §5 Managed Flink alarms: Maximum above 90%. */
  flinkHeapPercent: number;
  /** Flink: containerMemoryUtilization above this (%) warns. Facts §5 Managed Flink alarms: above 85%. */
  flinkContainerMemoryPercent: number;
  /** Flink: cpuUtilization Maximum above this (%) warns. Facts §5 Managed Flink alarms: Maximum above 80%. */
  flinkCpuPercent: number;
  /** Flink: backPressuredTimeMsPerSecond Maximum above this (ms/s) warns. Facts §5 Managed Flink alarms: above 500. */
  flinkBackpressureMsPerSecond: number;
  /** Flink: a failed or rolled-back operation that ended within this many hours warns. Plugin default; facts §2 (ListApplicationOperations). */
  flinkFailedOperationWindowHours: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  brokerCpuPercent: 60,
  brokerDiskUsedPercent: 85,
  brokerHeapAfterGcPercent: 60,
  underReplicatedPartitions: 0,
  offlinePartitions: 0,
  underMinIsrPartitions: 0,
  minActiveControllers: 1,
  partitionsPerBrokerPercent: 100,
  expressThroughputPercent: 80,
  throttleTimeMs: 0,
  minReplicationFactor: 3,
  minInsyncReplicas: 2,
  outOfSyncReplicas: 0,
  consumerLagSeconds: 300,
  flinkDowntimeMs: 0,
  flinkRestarts: 0,
  flinkFailedCheckpoints: 0,
  flinkCounterWindowMinutes: 60,
  flinkCheckpointDurationPercent: 50,
  flinkHeapPercent: 90,
  flinkContainerMemoryPercent: 85,
  flinkCpuPercent: 80,
  flinkBackpressureMsPerSecond: 500,
  flinkFailedOperationWindowHours: 24,
};

/** A window of zero would never look at anything, so these must be positive. */
const POSITIVE_KEYS: ReadonlySet<keyof HealthThresholds> = new Set([
  'flinkCounterWindowMinutes',
  'flinkFailedOperationWindowHours',
]);

/**
 * Merges configured overrides onto the defaults, rejecting unknown keys (a
 * typo would otherwise be ignored silently) and values that make no sense.
 */
export function resolveHealthThresholds(
  overrides: Partial<HealthThresholds> | undefined,
): HealthThresholds {
  for (const key of Object.keys(overrides ?? {})) {
    if (!(key in DEFAULT_HEALTH_THRESHOLDS)) {
      throw new Error(
        `streaming.health.${key} is not a health threshold; known thresholds: ${Object.keys(
          DEFAULT_HEALTH_THRESHOLDS,
        ).join(', ')}`,
      );
    }
  }
  const merged = { ...DEFAULT_HEALTH_THRESHOLDS, ...(overrides ?? {}) };
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(
        `streaming.health.${key} must be a number of 0 or more, got ${JSON.stringify(
          value,
        )}`,
      );
    }
    if (value === 0 && POSITIVE_KEYS.has(key as keyof HealthThresholds)) {
      throw new Error(`streaming.health.${key} must be more than 0, got 0`);
    }
  }
  return merged;
}
