import type { EstateActualCost } from './billingSchema';
import type { AssetType, ClusterType, HealthStatus } from './schema';

/**
 * The platform owner's estate API (`/api/streaming/v1/...`): lists, summary,
 * chargeback, savings and cost history. Every figure is read from rows the
 * refresh stored; every list and total covers only the assets the caller may
 * read (`streaming.asset.read`), and cost fields only those whose cost the
 * caller may see (`streaming.cost.read`).
 */

/** The list endpoints, by path segment: `/v1/clusters`, `/v1/topics`, ... */
export const ESTATE_LISTS = {
  clusters: 'kafka-cluster',
  topics: 'kafka-topic',
  'consumer-groups': 'consumer-group',
  applications: 'flink-application',
} as const satisfies Record<string, AssetType>;
export type EstateList = keyof typeof ESTATE_LISTS;

/** `orderBy=<field>:asc|desc` on a list. */
export const ESTATE_SORT_FIELDS = [
  'name',
  'monthlyUsd',
  'usdPerGbIn',
  'health',
  'lag',
  'kpus',
  'partitions',
] as const;
export type EstateSortField = (typeof ESTATE_SORT_FIELDS)[number];

/** The most rows one page may ask for (`limit`). */
export const ESTATE_MAX_LIMIT = 500;
export const ESTATE_DEFAULT_LIMIT = 50;

/** Query parameters of a list (all optional). */
export interface EstateListQuery {
  limit?: number;
  /** Opaque: the `nextCursor` of the page before. */
  cursor?: string;
  orderBy?: `${EstateSortField}:${'asc' | 'desc'}`;
  accountId?: string;
  region?: string;
  clusterType?: ClusterType;
  /** An owner entity ref, e.g. group:default/team-orders. */
  owner?: string;
  healthStatus?: HealthStatus;
  /** true: only assets without an owner. */
  unowned?: boolean;
  /** Case-insensitive search in the name. */
  q?: string;
}

/** Whether cost fields are in an answer, and why not. */
export interface EstateCostVisibility {
  /** `all`: every row's cost is shown; `some`: some rows' cost is withheld; `none`: no cost. */
  shown: 'all' | 'some' | 'none';
  reason?: string;
}

/** Which part of the estate an answer covers, said plainly when it is not all of it. */
export interface EstateCoverage {
  /** True when permission conditions hid some assets from the caller. */
  restricted: boolean;
  /** Account-regions whose latest refresh failed: their rows show what was known before. */
  failedAccountRegions: Array<{
    accountId: string;
    region: string;
    lastErrorCode: string | null;
    lastSuccessAt: string | null;
  }>;
  /** ISO time of the latest refresh, null before the first. */
  refreshedAt: string | null;
}

/** One row of a list. Cost fields are absent when the caller may not see the asset's cost. */
export interface EstateAssetRow {
  arn: string;
  assetType: AssetType;
  name: string;
  accountId: string;
  region: string;
  /** The cluster's type (a topic's or group's cluster's). */
  clusterType: ClusterType | null;
  clusterArn: string | null;
  clusterName: string | null;
  owner: string | null;
  unowned: boolean;
  claimedBy: string[];
  healthStatus: HealthStatus;
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
  /** Consumer groups: their largest MaxOffsetLag; topics: over their consumers. */
  maxLag: number | null;
  kpus: number | null;
  /** KPUs ÷ the per-application limit. */
  kpuLimitUsage: number | null;
  partitions: number | null;
  stale: boolean;
  /** Entities whose annotations attach it, e.g. component:default/orders-service. */
  entityRefs: string[];
  /** The cluster or application estimate, or a topic's share; null when unpriced. */
  monthlyUsd?: number | null;
  /** False when `monthlyUsd` (and what derives from it) is a lower bound. */
  costComplete?: boolean | null;
  usdPerGbIn?: number | null;
  /** Largest monthly saving right-sizing offers. */
  savingUsd?: number | null;
}

/** `GET /v1/clusters|topics|consumer-groups|applications` */
export interface EstateListResponse {
  items: EstateAssetRow[];
  /** Rows matching the filters that the caller may read. */
  totalCount: number;
  nextCursor: string | null;
  cost: EstateCostVisibility;
  coverage: EstateCoverage;
}

/** A monthly figure that may be a lower bound. */
export interface EstateMoney {
  monthlyUsd: number;
  /** False when some part has no price: `monthlyUsd` is then a lower bound. */
  complete: boolean;
}

export interface EstateCostGroup extends EstateMoney {
  key: string;
  assetCount: number;
}

/** `GET /v1/summary` */
export interface EstateSummaryResponse extends EstateMoney {
  /** The part of `monthlyUsd` whose estimates are complete. */
  completeMonthlyUsd: number;
  byClusterType: EstateCostGroup[];
  byAccount: EstateCostGroup[];
  byRegion: EstateCostGroup[];
  byOwner: EstateCostGroup[];
  /** Estate-wide monthly cost ÷ GB in per month (clusters only). */
  usdPerGbIn: number | null;
  health: Record<HealthStatus, number>;
  unowned: EstateMoney & { assetCount: number };
  kpusByAccountRegion: Array<{
    accountId: string;
    region: string;
    kpus: number;
  }>;
  /** Applications nearest their per-application KPU limit, nearest first. */
  nearestKpuLimit: Array<{
    arn: string;
    name: string;
    owner: string | null;
    kpus: number;
    kpuLimit: number;
    usage: number;
  }>;
  assetCounts: Record<AssetType, number>;
  /** What Cost Explorer billed beside the estimate, or why it is not shown. */
  actual?: EstateActualCost;
  cost: EstateCostVisibility;
  coverage: EstateCoverage;
}

export const CHARGEBACK_GROUP_BY = [
  'owner',
  'account',
  'region',
  'clusterType',
] as const;
export type ChargebackGroupBy = (typeof CHARGEBACK_GROUP_BY)[number];

/** One line of the chargeback: what a group of assets costs and how that was split. */
export interface ChargebackRow extends EstateMoney {
  key: string;
  /** Assets used by this key alone (clusters and applications), at full cost. */
  dedicatedUsd: number;
  /** Its shares of shared clusters' fixed cost (brokers, provisioned storage and throughput). */
  sharedFixedUsd: number;
  /** Usage-priced parts its topics caused (per-GB data, partition-hours). */
  usageUsd: number;
  assetCount: number;
  /** How its shares were worked out, in words. */
  basis: string[];
}

/** `GET /v1/chargeback?groupBy=...` */
export interface ChargebackResponse extends EstateMoney {
  groupBy: ChargebackGroupBy;
  /** The split of shared clusters' fixed cost, e.g. 30% by partitions and 70% by bytes in and out. */
  model: { partitionsShare: number; bytesShare: number; description: string };
  rows: ChargebackRow[];
  /** Assets no owner is known for. */
  unowned: ChargebackRow;
  /** Internal topics (`streaming.chargeback.internalTopicPattern`) and the unallocated rest. */
  platformOverhead: ChargebackRow;
  cost: EstateCostVisibility;
  coverage: EstateCoverage;
}

/** `GET /v1/savings` */
export interface SavingsResponse {
  items: Array<{
    arn: string;
    assetType: AssetType;
    name: string;
    owner: string | null;
    accountId: string;
    region: string;
    monthlySavingUsd: number;
    /** What to change, e.g. "kafka.m7g.large × 3 instead of kafka.m7g.xlarge × 3". */
    change: string;
    message: string;
  }>;
  totalMonthlySavingUsd: number;
  totalCount: number;
  nextCursor: string | null;
  cost: EstateCostVisibility;
  coverage: EstateCoverage;
}

/** `GET /v1/history?scope=estate|owner&key=<owner ref>&days=30|90` */
export interface CostHistoryResponse {
  scope: 'estate' | 'owner';
  key: string;
  days: Array<
    EstateMoney & {
      day: string;
      bytesInPerSec: number | null;
      backfilled: boolean;
    }
  >;
  /** The largest changes over the period, by clusters, applications and owners. */
  largestChanges: Array<{
    scope: 'cluster' | 'application' | 'owner';
    key: string;
    name: string;
    fromUsd: number;
    toUsd: number;
    deltaUsd: number;
  }>;
  cost: EstateCostVisibility;
}
