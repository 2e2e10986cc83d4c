import { detailedApplication, detailedCluster } from '../testUtils/fixtures';
import {
  costBound,
  formatBound,
  formatBytes,
  formatBytesPerSecond,
  formatDuration,
  formatMetricValue,
  formatOwner,
  formatOwnerOrClaims,
  formatRetention,
  formatUnitUsd,
  formatUsd,
  formatUsdPerMonth,
} from './format';

describe('format', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1_000, '1 kB'],
    [2_500_000, '2.5 MB'],
    [1_234_567_890, '1.23 GB'],
    [-1_500, '-1.5 kB'],
  ])('formats %d bytes as %s (decimal units, as AWS bills)', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('formats a byte rate', () => {
    expect(formatBytesPerSecond(5_000_000)).toBe('5 MB/s');
  });

  it('formats a lower bound as "≥ $X (missing: …)", never a bare $0.00', () => {
    const bound = { lowerBound: true, missing: ['Data in', 'Tiered storage'] };
    expect(formatBound(formatUsdPerMonth(0), bound)).toBe(
      '≥ $0.00/month (missing: Data in, Tiered storage)',
    );
    expect(
      formatBound(formatUsd(12.4), { lowerBound: true, missing: [] }),
    ).toBe('≥ $12.40');
    expect(
      formatBound(formatUsd(12.4), { lowerBound: false, missing: [] }),
    ).toBe('$12.40');
  });

  it('takes the bound from the backend, else from the estimate', () => {
    expect(costBound(detailedApplication.cost!)).toEqual({
      lowerBound: true,
      missing: ['Durable backups'],
    });
    expect(costBound(detailedCluster.cost!)).toEqual({
      lowerBound: false,
      missing: [],
    });
    expect(
      costBound({
        ...detailedCluster.cost!,
        lowerBound: true,
        missing: ['Tiered storage'],
      }),
    ).toEqual({ lowerBound: true, missing: ['Tiered storage'] });
  });

  it('formats dollars with cents and unit prices with three significant digits', () => {
    expect(formatUsd(746.756)).toBe('$746.76');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsdPerMonth(-446.76)).toBe('-$446.76/month');
    expect(formatUnitUsd(0.0432)).toBe('$0.0432');
    expect(formatUnitUsd(0.204)).toBe('$0.204');
    expect(formatUnitUsd(0.1)).toBe('$0.10');
    expect(formatUnitUsd(0.000123456)).toBe('$0.000123');
    expect(formatUnitUsd(3.264)).toBe('$3.26');
    expect(formatUnitUsd(0)).toBe('$0.00');
  });

  it.each([
    [450, '450 ms'],
    [1_800, '1 s'],
    [95_000, '1 min 35 s'],
    [3 * 3_600_000 + 20 * 60_000 + 5_000, '3 h 20 min'],
    [604_800_000, '7 d'],
    [86_400_000 + 5 * 60_000, '1 d 5 min'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('formats a metric value in its unit', () => {
    expect(formatMetricValue(42.55, 'percent')).toBe('42.6%');
    expect(formatMetricValue(1520, 'count')).toBe('1,520');
    expect(formatMetricValue(12.5, 'count/s')).toBe('12.5/s');
    expect(formatMetricValue(2_500_000, 'bytes/s')).toBe('2.5 MB/s');
    expect(formatMetricValue(3_000_000_000, 'bytes')).toBe('3 GB');
    expect(formatMetricValue(65_000, 'milliseconds')).toBe('1 min 5 s');
    expect(formatMetricValue(120, 'ms/s')).toBe('120 ms/s');
    expect(formatMetricValue(95, 'seconds')).toBe('1 min 35 s');
  });

  it('shortens owners in the default namespace and keeps other kinds visible', () => {
    expect(formatOwner('group:default/team-orders')).toBe('team-orders');
    expect(formatOwner('group:platform/team-kafka')).toBe(
      'platform/team-kafka',
    );
    expect(formatOwner('user:default/jane')).toBe('user:jane');
    expect(formatOwner('unowned')).toBe('unowned');
  });

  it('names the claimants of an asset nobody owns', () => {
    expect(formatOwnerOrClaims('group:default/team-orders', [])).toBe(
      'team-orders',
    );
    expect(
      formatOwnerOrClaims(null, [
        'group:default/team-analytics',
        'group:default/team-platform',
      ]),
    ).toBe('unknown (claimed by team-analytics, team-platform)');
    expect(formatOwnerOrClaims(null)).toBe('unknown');
  });

  it('reads retention.ms, with -1 as unlimited', () => {
    expect(formatRetention('604800000')).toBe('7 d');
    expect(formatRetention('-1')).toBe('Unlimited');
    expect(formatRetention(undefined)).toBeNull();
    expect(formatRetention('forever')).toBe('forever');
  });
});
