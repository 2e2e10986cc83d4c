import type {
  AssetActualCost,
  ChargebackResponse,
  CostHistoryResponse,
  EstateAssetRow,
  EstateCoverage,
  EstateListResponse,
  EstateSummaryResponse,
  SavingsResponse,
} from '@backstage-streaming/plugin-streaming-common';
import type { StreamingApi } from '../api';

/**
 * Estate answers as the backend sends them for the demo estate: two teams,
 * a shared cluster, an unowned cluster.
 */

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const clusterArn = (name: string) =>
  `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/${name}/7d1a9c2e-1`;

export const fullCoverage: EstateCoverage = {
  restricted: false,
  failedAccountRegions: [],
  refreshedAt: '2026-11-30T03:00:00.000Z',
};

export function assetRow(
  overrides: Partial<EstateAssetRow> & { name: string },
): EstateAssetRow {
  return {
    arn: clusterArn(overrides.name),
    assetType: 'kafka-cluster',
    accountId: ACCOUNT,
    region: REGION,
    clusterType: 'standard',
    clusterArn: null,
    clusterName: null,
    owner: null,
    unowned: overrides.owner === undefined || overrides.owner === null,
    claimedBy: [],
    healthStatus: 'healthy',
    bytesInPerSec: 1000,
    bytesOutPerSec: 2000,
    maxLag: null,
    kpus: null,
    kpuLimitUsage: null,
    partitions: 12,
    stale: false,
    entityRefs: [],
    monthlyUsd: 100,
    costComplete: true,
    usdPerGbIn: 0.05,
    savingUsd: null,
    ...overrides,
  };
}

export const ordersStandardRow = assetRow({
  name: 'orders-standard',
  owner: 'group:default/team-orders',
  unowned: false,
  monthlyUsd: 612.48,
  partitions: 36,
  entityRefs: ['component:default/orders-service'],
});

export const paymentsExpressRow = assetRow({
  name: 'payments-express',
  owner: 'group:default/team-payments',
  unowned: false,
  clusterType: 'express',
  healthStatus: 'warning',
  monthlyUsd: 1890.2,
  partitions: 48,
});

export const legacyUnownedRow = assetRow({
  name: 'legacy-analytics',
  owner: null,
  claimedBy: [],
  healthStatus: 'critical',
  monthlyUsd: 301.5,
  costComplete: false,
});

export function listResponse(
  items: EstateAssetRow[],
  overrides: Partial<EstateListResponse> = {},
): EstateListResponse {
  return {
    items,
    totalCount: items.length,
    nextCursor: null,
    cost: { shown: 'all' },
    coverage: fullCoverage,
    ...overrides,
  };
}

export function summaryResponse(
  overrides: Partial<EstateSummaryResponse> = {},
): EstateSummaryResponse {
  return {
    monthlyUsd: 2804.18,
    complete: false,
    completeMonthlyUsd: 2502.68,
    byClusterType: [
      { key: 'express', monthlyUsd: 1890.2, complete: true, assetCount: 1 },
      { key: 'standard', monthlyUsd: 913.98, complete: false, assetCount: 2 },
    ],
    byAccount: [
      { key: ACCOUNT, monthlyUsd: 2804.18, complete: false, assetCount: 3 },
    ],
    byRegion: [
      { key: REGION, monthlyUsd: 2804.18, complete: false, assetCount: 3 },
    ],
    byOwner: [
      {
        key: 'group:default/team-payments',
        monthlyUsd: 1890.2,
        complete: true,
        assetCount: 1,
      },
      {
        key: 'group:default/team-orders',
        monthlyUsd: 612.48,
        complete: true,
        assetCount: 1,
      },
    ],
    usdPerGbIn: 0.0432,
    health: { healthy: 9, warning: 2, critical: 1, unknown: 0 },
    unowned: { monthlyUsd: 301.5, complete: false, assetCount: 4 },
    kpusByAccountRegion: [{ accountId: ACCOUNT, region: REGION, kpus: 6 }],
    nearestKpuLimit: [
      {
        arn: `arn:aws:kinesisanalytics:${REGION}:${ACCOUNT}:application/orders-enricher`,
        name: 'orders-enricher',
        owner: 'group:default/team-orders',
        kpus: 4,
        kpuLimit: 64,
        usage: 0.0625,
      },
    ],
    assetCounts: {
      'kafka-cluster': 3,
      'kafka-topic': 6,
      'consumer-group': 2,
      'flink-application': 1,
    },
    cost: { shown: 'all' },
    coverage: fullCoverage,
    ...overrides,
  };
}

export function historyResponse(
  overrides: Partial<CostHistoryResponse> = {},
): CostHistoryResponse {
  return {
    scope: 'estate',
    key: 'estate',
    days: [
      {
        day: '2026-11-28',
        monthlyUsd: 2700,
        complete: true,
        bytesInPerSec: 1000,
        backfilled: true,
      },
      {
        day: '2026-11-29',
        monthlyUsd: 2804.18,
        complete: true,
        bytesInPerSec: 1200,
        backfilled: false,
      },
    ],
    largestChanges: [
      {
        scope: 'cluster',
        key: clusterArn('payments-express'),
        name: 'payments-express',
        fromUsd: 1790.2,
        toUsd: 1890.2,
        deltaUsd: 100,
      },
    ],
    cost: { shown: 'all' },
    ...overrides,
  };
}

function chargebackRow(key: string, monthlyUsd: number) {
  return {
    key,
    monthlyUsd,
    complete: true,
    dedicatedUsd: monthlyUsd / 2,
    sharedFixedUsd: monthlyUsd / 4,
    usageUsd: monthlyUsd / 4,
    assetCount: 3,
    basis: [`shared-standard: 30% by partitions, 70% by bytes in and out`],
  };
}

export function chargebackResponse(
  overrides: Partial<ChargebackResponse> = {},
): ChargebackResponse {
  return {
    groupBy: 'owner',
    monthlyUsd: 2804.18,
    complete: true,
    model: {
      partitionsShare: 0.3,
      bytesShare: 0.7,
      description: '30% by partitions and 70% by bytes in and out',
    },
    rows: [
      chargebackRow('group:default/team-payments', 1890.2),
      chargebackRow('group:default/team-orders', 512.48),
    ],
    unowned: chargebackRow('', 301.5),
    platformOverhead: chargebackRow('', 100),
    cost: { shown: 'all' },
    coverage: fullCoverage,
    ...overrides,
  };
}

export function savingsResponse(): SavingsResponse {
  return {
    items: [
      {
        arn: clusterArn('payments-express'),
        assetType: 'kafka-cluster',
        name: 'payments-express',
        owner: 'group:default/team-payments',
        accountId: ACCOUNT,
        region: REGION,
        monthlySavingUsd: 420,
        change: 'express.m7g.large × 3 instead of express.m7g.xlarge × 3',
        message: 'CPU under 20% for 14 days',
      },
    ],
    totalMonthlySavingUsd: 420,
    totalCount: 1,
    nextCursor: null,
    cost: { shown: 'all' },
    coverage: fullCoverage,
  };
}

/**
 * The estate methods for tests of the entity views, which never call them:
 * any call fails the test.
 */
export function estateMethodsNotCalled(): Pick<
  StreamingApi,
  | 'listEstate'
  | 'getEstateSummary'
  | 'getChargeback'
  | 'getSavings'
  | 'getCostHistory'
  | 'downloadEstateCsv'
  | 'getActualCost'
  | 'getOwnerActualCost'
> {
  const notCalled = (name: string) => () =>
    Promise.reject(new Error(`${name} was not expected in this test`));
  return {
    listEstate: notCalled('listEstate'),
    getEstateSummary: notCalled('getEstateSummary'),
    getChargeback: notCalled('getChargeback'),
    getSavings: notCalled('getSavings'),
    getCostHistory: notCalled('getCostHistory'),
    downloadEstateCsv: notCalled('downloadEstateCsv'),
    // Entity pages ask for each asset's actual cost: answered as a backend with Cost Explorer off.
    getActualCost: async arn => actualCostDisabled(arn),
    getOwnerActualCost: async owner => ({
      owner,
      state: 'disabled',
      message: actualCostDisabled(owner).message,
      readAt: null,
      tagKey: null,
      lastMonth: null,
    }),
  };
}

/** `GET /v1/actual-cost` of a backend without streaming.costExplorer. */
export function actualCostDisabled(arn: string): AssetActualCost {
  return {
    arn,
    state: 'disabled',
    message:
      'Cost Explorer is not enabled (streaming.costExplorer.enabled): only estimates are shown',
    readAt: null,
    lastTwoWeeks: null,
  };
}
