import type { MetricSeriesResponse } from '@backstage-streaming/plugin-streaming-common';
import { formatMetricValue } from '../format';

export interface SeriesSummary {
  label: string;
  latest: number;
  min: number;
  max: number;
  average: number;
  points: number;
}

/** Latest, min, max and average of each line that has points. */
export function summarise(response: MetricSeriesResponse): SeriesSummary[] {
  return response.series
    .filter(line => line.points.length > 0)
    .map(line => {
      const values = line.points.map(point => point.v);
      return {
        label: line.label,
        latest: values[values.length - 1],
        min: Math.min(...values),
        max: Math.max(...values),
        average: values.reduce((sum, v) => sum + v, 0) / values.length,
        points: values.length,
      };
    });
}

/**
 * The chart in words, for readers who cannot see it: one sentence per line,
 * e.g. "Broker 1: latest 23%, min 10%, max 45%, average 21%."
 */
export function describeSeries(response: MetricSeriesResponse): string {
  const summaries = summarise(response);
  if (summaries.length === 0) {
    return 'No datapoints in this range.';
  }
  const fmt = (value: number) => formatMetricValue(value, response.unit);
  return summaries
    .map(
      s =>
        `${summaries.length > 1 ? `${s.label}: ` : ''}latest ${fmt(
          s.latest,
        )}, min ${fmt(s.min)}, max ${fmt(s.max)}, average ${fmt(s.average)}.`,
    )
    .join(' ');
}

/** Rows for recharts: one per timestamp, one key per line. */
export function toChartRows(
  response: MetricSeriesResponse,
): Array<Record<string, number>> {
  const rows = new Map<number, Record<string, number>>();
  response.series.forEach((line, index) => {
    for (const point of line.points) {
      const row = rows.get(point.t) ?? { t: point.t };
      row[`s${index}`] = point.v;
      rows.set(point.t, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.t - b.t);
}
