import type { AssetCost } from '../costSchema';
import { ClusterCostSplit, splitClusterCost } from './chargebackModel';
import {
  ChargebackAsset,
  chargebackItemsAt,
  chargebackItemsOf,
  estateChargeback,
  rollUpChargeback,
} from './estateChargeback';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The split as CostCalculator serves it (AssetCost.chargeback). */
function served(split: ClusterCostSplit): AssetCost['chargeback'] {
  return {
    basis: split.basis,
    basisDescription: split.basisDescription,
    totalUsd: split.totalCents / 100,
    platformOverhead: {
      usd: split.platformOverhead.usd,
      pattern: '^__',
      topics: split.platformOverhead.topics.map(t => ({
        arn: t.arn,
        usd: t.usd,
      })),
    },
    unallocatedUsd: split.unallocatedCents / 100,
    lowerBound: split.lowerBound,
    missing: [],
    shares: split.shares.map(s => ({
      arn: s.arn,
      owner: s.owner,
      usd: s.usd,
      fixedUsd: s.fixedCents / 100,
      usageUsd: s.usageCents / 100,
      basisDescription: s.basisDescription,
    })),
    byOwner: [],
  };
}

describe('rollUpChargeback', () => {
  const orders = 'group:default/team-orders';
  const payments = 'group:default/team-payments';
  const search = 'group:default/team-search';

  // Shared cluster in 111111111111/us-east-1: $746.76, all shared fixed cost, default model.
  // partitions 50 : 12 : 6 (internal, orders, payments), bytes in 0 : 300 : 100.
  // fixed by partitions 30% = 224.028 over 68: 164.7265, 39.5343, 19.7671
  // fixed by bytes      70% = 522.732 over 400: 0, 392.049, 130.683
  // → internal 164.73, orders 431.58, payments 150.45 (164.73 + 431.58 + 150.45 = 746.76)
  const sharedSplit = splitClusterCost(746.76, [
    {
      arn: '__consumer_offsets',
      owner: null,
      internal: true,
      partitions: 50,
      bytesIn: 0,
    },
    { arn: 'orders.created', owner: orders, partitions: 12, bytesIn: 300 },
    { arn: 'payments.settled', owner: payments, partitions: 6, bytesIn: 100 },
  ]);
  const assets: ChargebackAsset[] = [
    {
      arn: 'cluster/shared',
      assetType: 'kafka-cluster',
      owner: null,
      accountId: '111111111111',
      region: 'us-east-1',
      clusterType: 'standard',
      monthlyUsd: 746.76,
      complete: true,
      chargeback: served(sharedSplit),
    },
    {
      // Every topic is team-search's: dedicated at full cost, internal topics included.
      arn: 'cluster/search',
      assetType: 'kafka-cluster',
      owner: search,
      accountId: '111111111111',
      region: 'eu-west-1',
      clusterType: 'express',
      monthlyUsd: 1000.01,
      complete: false,
      chargeback: served(
        splitClusterCost(
          1000.01,
          [
            { arn: 'search.q', owner: search, partitions: 3 },
            {
              arn: '__amazon_msk_canary',
              owner: search,
              internal: true,
              partitions: 1,
            },
          ],
          { estimateComplete: false },
        ),
      ),
    },
    {
      // No topics and no owner: unowned.
      arn: 'cluster/orphan',
      assetType: 'kafka-cluster',
      owner: null,
      accountId: '222222222222',
      region: 'us-east-1',
      clusterType: 'serverless',
      monthlyUsd: 33.33,
      complete: true,
      chargeback: served(splitClusterCost(33.33, [])),
    },
    {
      arn: 'app/orders-enricher',
      assetType: 'flink-application',
      owner: orders,
      accountId: '222222222222',
      region: 'us-east-1',
      clusterType: null,
      monthlyUsd: 160.6,
      complete: true,
    },
    {
      // Not priced: counts 0 and makes the total a lower bound.
      arn: 'app/unpriced',
      assetType: 'flink-application',
      owner: payments,
      accountId: '222222222222',
      region: 'us-east-1',
      clusterType: null,
      monthlyUsd: null,
      complete: null,
    },
  ];
  const items = assets.flatMap(chargebackItemsOf);

  it('splits the shared cluster to the cent', () => {
    expect(
      [...sharedSplit.shares, ...sharedSplit.platformOverhead.topics].map(s => [
        s.arn,
        s.cents,
      ]),
    ).toEqual([
      ['orders.created', 43158],
      ['payments.settled', 15045],
      ['__consumer_offsets', 16473],
    ]);
  });

  it('groups by owner with unowned and platform-overhead lines that add up to the estate', () => {
    const chargeback = rollUpChargeback(items, 'owner');
    // 746.76 + 1000.01 + 33.33 + 160.60 + 0 = 1940.70
    expect(chargeback.monthlyUsd).toBe(1940.7);
    expect(chargeback.complete).toBe(false);
    expect(
      chargeback.rows.map(r => [
        r.key,
        r.monthlyUsd,
        r.dedicatedUsd,
        r.sharedFixedUsd,
        r.usageUsd,
        r.assetCount,
        r.complete,
      ]),
    ).toEqual([
      [search, 1000.01, 1000.01, 0, 0, 1, false],
      // 431.58 share + 160.60 application
      [orders, 592.18, 160.6, 431.58, 0, 2, true],
      // 150.45 share + the unpriced application
      [payments, 150.45, 0, 150.45, 0, 2, false],
    ]);
    expect(chargeback.unowned).toMatchObject({
      key: 'unowned',
      monthlyUsd: 33.33,
      assetCount: 1,
    });
    expect(chargeback.platformOverhead).toMatchObject({
      monthlyUsd: 164.73,
      assetCount: 1,
    });
    const cents = (usd: number) => Math.round(usd * 100);
    expect(
      sum(chargeback.rows.map(r => cents(r.monthlyUsd))) +
        cents(chargeback.unowned.monthlyUsd) +
        cents(chargeback.platformOverhead.monthlyUsd),
    ).toBe(194070);
    expect(chargeback.model.description).toContain('30% by partitions');
    expect(chargeback.rows[1].basis).toEqual([
      expect.stringContaining('30% by partitions and 70% by bytes in and out'),
      'Flink applications at full cost.',
    ]);
  });

  it('groups by account, region and cluster type with the same total', () => {
    const byAccount = rollUpChargeback(items, 'account');
    expect(byAccount.rows.map(r => [r.key, r.monthlyUsd])).toEqual([
      // 431.58 + 150.45 + 1000.01
      ['111111111111', 1582.04],
      ['222222222222', 160.6],
    ]);
    expect(
      rollUpChargeback(items, 'clusterType').rows.map(r => [
        r.key,
        r.monthlyUsd,
      ]),
    ).toEqual([
      ['express', 1000.01],
      ['standard', 582.03],
      ['flink', 160.6],
    ]);
    for (const groupBy of ['account', 'region', 'clusterType'] as const) {
      const result = rollUpChargeback(items, groupBy);
      expect(
        Math.round(
          (sum(result.rows.map(r => r.monthlyUsd)) +
            result.unowned.monthlyUsd +
            result.platformOverhead.monthlyUsd) *
            100,
        ),
      ).toBe(194070);
    }
  });

  it('splits a cluster shared by a team and nobody into a team row and the unowned line', () => {
    const split = splitClusterCost(10, [
      { arn: 'x', owner: orders, partitions: 1 },
      { arn: 'y', owner: null, partitions: 1 },
    ]);
    const result = rollUpChargeback(
      chargebackItemsOf({
        arn: 'c',
        assetType: 'kafka-cluster',
        owner: null,
        accountId: '1',
        region: 'r',
        clusterType: 'standard',
        monthlyUsd: 10,
        complete: true,
        chargeback: served(split),
      }),
      'owner',
    );
    expect(result.rows.map(r => [r.key, r.monthlyUsd])).toEqual([[orders, 5]]);
    expect(result.unowned.monthlyUsd).toBe(5);
    expect(result.platformOverhead.monthlyUsd).toBe(0);
  });
});

describe('estateChargeback', () => {
  const teamA = 'group:default/team-a';
  const teamB = 'group:default/team-b';
  // Express: $100.01 of which $30.005 is data in (usage-priced).
  const split = splitClusterCost(
    {
      totalUsd: 100.01,
      sharedUsd: 70.005,
      dataInUsd: 30.005,
      dataOutUsd: 0,
      partitionHoursUsd: 0,
    },
    [
      { arn: 'a', owner: teamA, partitions: 3, bytesIn: 10, bytesOut: 10 },
      { arn: 'b', owner: teamB, partitions: 1, bytesIn: 20, bytesOut: 0 },
      { arn: '__x', owner: null, internal: true, partitions: 2, bytesIn: 1 },
    ],
  );
  const assets: ChargebackAsset[] = [
    {
      arn: 'cluster',
      assetType: 'kafka-cluster',
      owner: null,
      accountId: '111111111111',
      region: 'us-east-1',
      clusterType: 'express',
      monthlyUsd: 100.005,
      complete: true,
      chargeback: served(split),
    },
    // Three costs of half a cent each: rounded one by one they would add 3 cents.
    ...[1, 2, 3].map(
      (i): ChargebackAsset => ({
        arn: `app-${i}`,
        assetType: 'flink-application',
        owner: teamA,
        accountId: '111111111111',
        region: 'us-east-1',
        clusterType: null,
        monthlyUsd: 10.005,
        complete: true,
      }),
    ),
  ];

  it.each(['owner', 'account', 'region', 'clusterType'] as const)(
    'totals the assets’ costs rounded once, to the cent, grouped by %s',
    groupBy => {
      const result = estateChargeback(assets, groupBy);
      // 100.005 + 3 × 10.005 = 130.02
      expect(result.monthlyUsd).toBe(130.02);
      const lines = [...result.rows, result.unowned, result.platformOverhead];
      expect(sum(lines.map(l => Math.round(l.monthlyUsd * 100)))).toBe(13002);
      for (const line of lines) {
        expect(
          Math.round(
            (line.dedicatedUsd + line.sharedFixedUsd + line.usageUsd) * 100,
          ),
        ).toBe(Math.round(line.monthlyUsd * 100));
      }
      expect(result.platformOverhead.monthlyUsd).toBeGreaterThan(0);
    },
  );

  it('keeps each share’s usage-priced part when it scales the cluster to its part of the total', () => {
    const result = estateChargeback(assets, 'owner');
    const b = result.rows.find(r => r.key === teamB)!;
    expect(b.usageUsd).toBeGreaterThan(0);
    expect(b.sharedFixedUsd).toBeGreaterThan(0);
    // Team A: three applications at full cost and topic a's share.
    const a = result.rows.find(r => r.key === teamA)!;
    expect(a.dedicatedUsd).toBeGreaterThan(30);
    expect(a.assetCount).toBe(4);
  });

  it('scales an asset’s items to a given number of cents, to the cent', () => {
    const items = chargebackItemsAt(assets[0], 9000);
    expect(sum(items.map(i => i.cents))).toBe(9000);
    for (const item of items) {
      expect(item.fixedCents + item.usageCents).toBe(
        item.kind === 'dedicated' ? 0 : item.cents,
      );
    }
    expect(chargebackItemsAt(assets[0], 0).every(i => i.cents === 0)).toBe(
      true,
    );
  });
});
