/**
 * Every health threshold in one table. Values and sources come from the
 * AWS guidance collected in the project's reference notes (docs/health.md
 * lists them for adopters). `streaming.health` in app-config may override them.
 */
export interface HealthThresholds {
  /** MSK Standard and Express: keep CpuUser + CpuSystem below this (%). AWS MSK best practices. */
  brokerCpuPercent: number;
  /** Topics: replication factor below this is a single-AZ-failure risk. AWS MSK best practices (RF ≥ 3). */
  minReplicationFactor: number;
  /** Flink: `downtime` above this (ms) means the job is not running. AWS Managed Flink alarm guidance (> 0). */
  flinkDowntimeMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  brokerCpuPercent: 60,
  minReplicationFactor: 3,
  flinkDowntimeMs: 0,
};

/** Merges configured overrides onto the defaults, rejecting values that make no sense. */
export function resolveHealthThresholds(
  overrides: Partial<HealthThresholds> | undefined,
): HealthThresholds {
  const merged = { ...DEFAULT_HEALTH_THRESHOLDS, ...(overrides ?? {}) };
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(
        `streaming.health.${key} must be a number of 0 or more, got ${JSON.stringify(value)}`,
      );
    }
  }
  return merged;
}
