import type { ActualVsEstimate } from './cost/actualVsEstimate';

/**
 * Whether actual cost can be shown, and if not, why: Cost Explorer off
 * (`disabled`), not read yet, the caller may not see every asset's cost
 * (`not-permitted`), the payer account denied (`no-access`), the day's
 * request budget spent (`budget-exhausted`, cached answers still shown),
 * or another failure (`error`).
 */
export type ActualCostState =
  | 'ok'
  | 'disabled'
  | 'not-read-yet'
  | 'not-permitted'
  | 'no-access'
  | 'budget-exhausted'
  | 'error';

export interface ActualCostStatus {
  state: ActualCostState;
  /** Plain words for the page. */
  message: string;
  /** ISO time of the newest Cost Explorer answer used, null when none. */
  readAt: string | null;
}

/** Actual beside estimate for the estate, its accounts and its owners (served with GET /v1/summary). */
export interface EstateActualCost extends ActualCostStatus {
  lastMonth: ActualVsEstimate | null;
  monthToDate: ActualVsEstimate | null;
  byAccount: Array<{ accountId: string; lastMonth: ActualVsEstimate }>;
  byOwner: Array<{
    /** Owner entity ref the tag value names. */
    owner: string;
    lastMonth: ActualVsEstimate;
  }>;
  /** Last month's cost with no value of the owner tag. */
  untaggedLastMonthUsd: number | null;
  /** The cost-allocation tag key grouped by. */
  tagKey: string | null;
  /** Set when the tag key looks not activated for cost allocation (all cost untagged). */
  tagNotActivated?: string;
}

/** `GET /v1/actual-cost?arn=`: an asset's billed cost over the last 14 days beside its estimate. */
export interface AssetActualCost extends ActualCostStatus {
  arn: string;
  lastTwoWeeks: ActualVsEstimate | null;
}

/** `GET /v1/actual-cost/owner?owner=`: an owner's bill of last month (by the owner tag) beside its estimate. */
export interface OwnerActualCost extends ActualCostStatus {
  owner: string;
  tagKey: string | null;
  lastMonth: ActualVsEstimate | null;
  tagNotActivated?: string;
}
