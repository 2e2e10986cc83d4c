import type { Health, HealthFinding, HealthStatus } from '../schema';
import { getMetric, metricApplies, type MetricContext } from '../metrics/table';

/**
 * What every asset kind's health rules share: severities, the metric
 * threshold check, unknown findings and number formatting.
 */

export const SEVERITY_RANK: Record<HealthStatus, number> = {
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
export type Measured = number | null | undefined;

export type Comparison = 'at-or-above' | 'above' | 'below';

export const BREACHED: Record<
  Comparison,
  (value: number, threshold: number) => boolean
> = {
  'at-or-above': (value, threshold) => value >= threshold,
  above: (value, threshold) => value > threshold,
  below: (value, threshold) => value < threshold,
};

export interface MetricRule {
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
export function publishedMetrics(
  context: MetricContext,
  metricIds: readonly string[],
) {
  return metricIds
    .map(getMetric)
    .filter(metric => metricApplies(metric, context));
}

export function isMeasured(value: Measured): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

/** The `unknown` finding of a rule whose metric has no value. */
export function missingMetricFinding(
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
export function checkMetric(
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

export function unknownFinding(
  ruleId: string,
  threshold: number | string | null,
  message: string,
): HealthFinding {
  return { ruleId, severity: 'unknown', value: null, threshold, message };
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** 45 → "45 s", 300 → "5 min", 5400 → "1.5 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${round(seconds)} s`;
  if (seconds < 3600) return `${round(seconds / 60)} min`;
  return `${round(seconds / 3600)} h`;
}
