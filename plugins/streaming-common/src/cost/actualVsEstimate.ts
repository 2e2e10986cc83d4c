import { HOURS_PER_MONTH } from './cost';

/** What Cost Explorer billed for a period beside what the estimate says for it. */
export interface ActualVsEstimate {
  /** UTC dates, start inclusive, end exclusive. */
  period: { start: string; end: string };
  actualUsd: number;
  /** The monthly estimate scaled to the period's hours (730 h a month). */
  estimateUsd: number;
  /** False when the estimate is a lower bound (some parts have no price). */
  estimateComplete: boolean;
  /** (actual − estimate) ÷ estimate × 100; null when the estimate is 0. */
  differencePercent: number | null;
  /** True when |differencePercent| is above the configured threshold. */
  exceedsThreshold: boolean;
  /** Why they may differ, in plain words; empty when they agree. */
  reasons: string[];
}

export interface ActualVsEstimateInput {
  period: { start: string; end: string };
  actualUsd: number;
  /** The current monthly estimate of the same assets. */
  estimateMonthlyUsd: number;
  estimateComplete: boolean;
  /** streaming.costExplorer.differenceThresholdPercent */
  thresholdPercent: number;
  /** The period is the month so far: the bill lags and covers part of it. */
  monthToDate?: boolean;
  /** Billed cost no owner tag could be attributed to, when comparing an owner or the estate. */
  untaggedUsd?: number;
  /** What the bill includes that the estimate leaves out for these assets, e.g. data transfer. */
  notEstimated?: string[];
}

const DAY_MS = 86_400_000;
const round2 = (usd: number) => Math.round(usd * 100) / 100;

/** The period's length in hours. */
export function periodHours(period: { start: string; end: string }): number {
  const start = Date.parse(`${period.start}T00:00:00Z`);
  const end = Date.parse(`${period.end}T00:00:00Z`);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
    throw new Error(
      `period must be two dates (YYYY-MM-DD), start before end; got ${period.start} to ${period.end}`,
    );
  }
  return ((end - start) / DAY_MS) * 24;
}

/**
 * Compares a billed amount with the estimate for the same period. The
 * estimate is a monthly rate (730 h), so it is scaled to the period's hours;
 * when they differ by more than the threshold, the likely reasons are said
 * in words, from what is known about the comparison.
 */
export function compareActualWithEstimate(
  input: ActualVsEstimateInput,
): ActualVsEstimate {
  const hours = periodHours(input.period);
  const estimateUsd = round2(
    (input.estimateMonthlyUsd * hours) / HOURS_PER_MONTH,
  );
  const actualUsd = round2(input.actualUsd);
  const differencePercent =
    estimateUsd === 0
      ? null
      : Math.round(((actualUsd - estimateUsd) / estimateUsd) * 1000) / 10;
  const exceedsThreshold =
    differencePercent === null
      ? actualUsd > 0
      : Math.abs(differencePercent) > input.thresholdPercent;
  const reasons: string[] = [];
  if (exceedsThreshold) {
    const billedMore = actualUsd > estimateUsd;
    if (input.monthToDate) {
      reasons.push(
        'partial month: Cost Explorer has the month so far, up to about a day behind, and its figures stay estimated until the month closes',
      );
    }
    if (billedMore && !input.estimateComplete) {
      reasons.push(
        'the estimate is a lower bound: some of its parts have no price or no quantity',
      );
    }
    if (billedMore) {
      reasons.push(
        ...(input.notEstimated?.length
          ? input.notEstimated
          : [
              'the bill includes charges the estimate does not price, such as data transfer between Availability Zones or out of the region',
            ]),
      );
    }
    if (input.untaggedUsd && input.untaggedUsd > 0.005) {
      reasons.push(
        `untagged resources: $${round2(
          input.untaggedUsd,
        )} of the bill carries no owner tag, so it is counted for no owner`,
      );
    }
    if (!billedMore && !input.monthToDate) {
      reasons.push(
        'the estimate is for the assets as they are now: assets created, resized or deleted during the period, or credits and discounts on the bill, make the bill lower',
      );
    }
  }
  return {
    period: input.period,
    actualUsd,
    estimateUsd,
    estimateComplete: input.estimateComplete,
    differencePercent,
    exceedsThreshold,
    reasons,
  };
}

/** The last full calendar month and the month so far, as of `now` (UTC). */
export function billingPeriods(now: Date): {
  lastMonth: { start: string; end: string };
  monthToDate: { start: string; end: string } | null;
  /** The last 14 full days (resource-level data covers at most 14 days). */
  lastTwoWeeks: { start: string; end: string };
} {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const monthStart = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1),
  );
  const lastMonthStart = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1),
  );
  const today = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
  );
  return {
    lastMonth: { start: iso(lastMonthStart), end: iso(monthStart) },
    monthToDate:
      today.getTime() > monthStart.getTime()
        ? { start: iso(monthStart), end: iso(today) }
        : null,
    lastTwoWeeks: {
      start: iso(new Date(today.getTime() - 14 * DAY_MS)),
      end: iso(today),
    },
  };
}
