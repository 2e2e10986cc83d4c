import {
  billingPeriods,
  compareActualWithEstimate,
  periodHours,
} from './actualVsEstimate';

const OCTOBER = { start: '2026-10-01', end: '2026-11-01' };

describe('compareActualWithEstimate', () => {
  it('scales the monthly estimate to the period (31 days of 730 h months) and agrees within the threshold', () => {
    // $730/month is $1/h; October has 744 h, so $744.
    const result = compareActualWithEstimate({
      period: OCTOBER,
      actualUsd: 760,
      estimateMonthlyUsd: 730,
      estimateComplete: true,
      thresholdPercent: 10,
    });
    expect(result).toEqual({
      period: OCTOBER,
      actualUsd: 760,
      estimateUsd: 744,
      estimateComplete: true,
      differencePercent: 2.2,
      exceedsThreshold: false,
      reasons: [],
    });
  });

  it('gives data transfer and a lower-bound estimate as reasons when the bill is higher', () => {
    const result = compareActualWithEstimate({
      period: OCTOBER,
      actualUsd: 1000,
      estimateMonthlyUsd: 730,
      estimateComplete: false,
      thresholdPercent: 10,
    });
    expect(result.differencePercent).toBe(34.4);
    expect(result.exceedsThreshold).toBe(true);
    expect(result.reasons).toEqual([
      expect.stringContaining('lower bound'),
      expect.stringContaining('data transfer'),
    ]);
  });

  it('names a partial month and untagged resources when the bill is lower', () => {
    const result = compareActualWithEstimate({
      period: { start: '2026-11-01', end: '2026-11-20' },
      actualUsd: 300,
      estimateMonthlyUsd: 730,
      estimateComplete: true,
      thresholdPercent: 10,
      monthToDate: true,
      untaggedUsd: 120.456,
    });
    expect(result.estimateUsd).toBe(456);
    expect(result.differencePercent).toBe(-34.2);
    expect(result.reasons).toEqual([
      expect.stringContaining('partial month'),
      'untagged resources: $120.46 of the bill carries no owner tag, so it is counted for no owner',
    ]);
  });

  it('honours the threshold exactly and has no percentage for a zero estimate', () => {
    const at = compareActualWithEstimate({
      period: OCTOBER,
      actualUsd: 818.4,
      estimateMonthlyUsd: 730,
      estimateComplete: true,
      thresholdPercent: 10,
    });
    expect(at.differencePercent).toBe(10);
    expect(at.exceedsThreshold).toBe(false);
    const zero = compareActualWithEstimate({
      period: OCTOBER,
      actualUsd: 5,
      estimateMonthlyUsd: 0,
      estimateComplete: true,
      thresholdPercent: 10,
    });
    expect(zero.differencePercent).toBeNull();
    expect(zero.exceedsThreshold).toBe(true);
  });

  it('rejects a period that ends before it starts', () => {
    expect(() =>
      periodHours({ start: '2026-11-02', end: '2026-11-01' }),
    ).toThrow(/start before end/);
  });
});

describe('billingPeriods', () => {
  it('is the last full month, the month so far and the last 14 days', () => {
    expect(billingPeriods(new Date('2026-11-20T12:00:00Z'))).toEqual({
      lastMonth: { start: '2026-10-01', end: '2026-11-01' },
      monthToDate: { start: '2026-11-01', end: '2026-11-20' },
      lastTwoWeeks: { start: '2026-11-06', end: '2026-11-20' },
    });
  });

  it('has no month so far on the first of the month, and crosses the year', () => {
    expect(billingPeriods(new Date('2027-01-01T08:00:00Z'))).toMatchObject({
      lastMonth: { start: '2026-12-01', end: '2027-01-01' },
      monthToDate: null,
    });
  });
});
