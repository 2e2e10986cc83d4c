/**
 * The time ranges a chart offers, with the CloudWatch period used for each.
 * Periods keep every range near 60–300 points and within CloudWatch's
 * retention: 1-minute data lives 15 days, 5-minute 63 days, 1-hour 455 days.
 */
export const METRIC_RANGES = {
  '1h': { label: '1 hour', seconds: 3_600, periodSeconds: 60 },
  '24h': { label: '24 hours', seconds: 86_400, periodSeconds: 300 },
  '7d': { label: '7 days', seconds: 604_800, periodSeconds: 3_600 },
  '30d': { label: '30 days', seconds: 2_592_000, periodSeconds: 10_800 },
} as const;

export type MetricRange = keyof typeof METRIC_RANGES;

export const METRIC_RANGE_IDS = Object.keys(METRIC_RANGES) as MetricRange[];

export function isMetricRange(value: unknown): value is MetricRange {
  return (
    typeof value === 'string' &&
    Object.prototype.hasOwnProperty.call(METRIC_RANGES, value)
  );
}
