import type { AssetCost } from '../costSchema';
import {
  ChargebackAsset,
  chargebackItemsOf,
  checkChargebackModel,
  ClusterCostSplit,
  clusterCostBreakdown,
  describeChargebackModel,
  rollUpChargeback,
  splitClusterCost,
} from './chargebackModel';
import { CostEstimate, estimateClusterMonthlyCost } from './cost';
import { resolvePricing } from './pricing';

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

describe('checkChargebackModel', () => {
  it('defaults to 30% by partitions and 70% by bytes', () => {
    expect(checkChargebackModel({})).toEqual({
      partitionsShare: 0.3,
      bytesShare: 0.7,
    });
  });

  it('takes one share and makes the other the rest', () => {
    expect(checkChargebackModel({ partitionsShare: 0.5 })).toEqual({
      partitionsShare: 0.5,
      bytesShare: 0.5,
    });
    expect(checkChargebackModel({ bytesShare: 1 })).toEqual({
      partitionsShare: 0,
      bytesShare: 1,
    });
  });

  it.each`
    value                                         | message
    ${{ partitionsShare: 0.5, bytesShare: 0.6 }}  | ${'streaming.chargeback.model.partitionsShare and streaming.chargeback.model.bytesShare must sum to 1, got 0.5 + 0.6'}
    ${{ partitionsShare: -0.1 }}                  | ${'streaming.chargeback.model.partitionsShare must be a number from 0 to 1, got -0.1'}
    ${{ bytesShare: 'lots' }}                     | ${'streaming.chargeback.model.bytesShare must be a number from 0 to 1, got "lots"'}
    ${{ partitionsShare: 1.5, bytesShare: -0.5 }} | ${'partitionsShare must be a number from 0 to 1, got 1.5'}
  `('rejects $value', ({ value, message }) => {
    expect(() => checkChargebackModel(value)).toThrow(message);
  });

  it('says the model in words', () => {
    expect(
      describeChargebackModel({ partitionsShare: 0.3, bytesShare: 0.7 }),
    ).toContain('30% by partitions and 70% by bytes in and out');
  });
});

describe('clusterCostBreakdown', () => {
  it('puts Serverless data and partition-hours in usage and the cluster-hours in the shared cost', () => {
    // us-east-1 built-in prices: $0.75/cluster-hour, $0.0015/partition-hour, $0.10/GB in, $0.05/GB out, $0.10/GB-month.
    // 1 MB/s in = 2,628 GB/month; 2 MB/s out = 5,256 GB/month.
    const estimate = estimateClusterMonthlyCost(
      {
        clusterType: 'serverless',
        region: 'us-east-1',
        partitionCount: 100,
        storedBytes: 50e9,
        avgBytesInPerSec: 1e6,
        avgBytesOutPerSec: 2e6,
      },
      resolvePricing(undefined),
    );
    const breakdown = clusterCostBreakdown(estimate);
    expect(breakdown).toEqual({
      totalUsd: estimate.monthlyUsd,
      // 730 × 0.75 + 50 GB × 0.10
      sharedUsd: expect.closeTo(547.5 + 5, 6),
      dataInUsd: expect.closeTo(262.8, 6),
      dataOutUsd: expect.closeTo(262.8, 6),
      // 100 × 730 × 0.0015
      partitionHoursUsd: expect.closeTo(109.5, 6),
    });
  });

  it('leaves every Standard part in the shared cost', () => {
    const estimate: Pick<CostEstimate, 'monthlyUsd' | 'parts'> = {
      monthlyUsd: 746.76,
      parts: [
        {
          item: 'brokerHours',
          description: 'Broker instance-hours',
          quantity: 2190,
          unit: 'broker-hour',
          unitUsd: 0.34,
          monthlyUsd: 744.6,
          source: null,
        },
        {
          item: 'standardStorageGbMonth',
          description: 'EBS storage',
          quantity: 21.6,
          unit: 'GB-month',
          unitUsd: 0.1,
          monthlyUsd: 2.16,
          source: null,
        },
      ],
    };
    expect(clusterCostBreakdown(estimate)).toEqual({
      totalUsd: 746.76,
      sharedUsd: 746.76,
      dataInUsd: 0,
      dataOutUsd: 0,
      partitionHoursUsd: 0,
    });
  });
});

describe('splitClusterCost with the model', () => {
  // $100: $60 shared fixed, $20 data in, $10 data out, $10 partition-hours.
  const breakdown = {
    totalUsd: 100,
    sharedUsd: 60,
    dataInUsd: 20,
    dataOutUsd: 10,
    partitionHoursUsd: 10,
  };

  it('sends usage to the topic that caused it and splits only the shared fixed cost, to the cent', () => {
    // partitions 3 : 1 : 6 (of 10); bytes in+out 400 : 400 : 0 (of 800).
    // fixed by partitions (30% of 60 = 18): 5.40, 1.80, 10.80
    // fixed by bytes      (70% of 60 = 42): 21.00, 21.00, 0
    // data in  20 by bytes in 300:100:0   : 15.00, 5.00, 0
    // data out 10 by bytes out 100:300:0  : 2.50, 7.50, 0
    // partition-hours 10 by partitions    : 3.00, 1.00, 6.00
    // → orders 26.40 fixed + 20.50 usage, payments 22.80 + 13.50, __consumer_offsets 10.80 + 6.00
    const split = splitClusterCost(
      breakdown,
      [
        {
          arn: 'orders',
          owner: 'group:default/team-orders',
          partitions: 3,
          bytesIn: 300,
          bytesOut: 100,
        },
        {
          arn: 'payments',
          owner: 'group:default/team-payments',
          partitions: 1,
          bytesIn: 100,
          bytesOut: 300,
        },
        {
          arn: '__consumer_offsets',
          owner: null,
          internal: true,
          partitions: 6,
          bytesIn: 0,
          bytesOut: 0,
        },
      ],
      { model: { partitionsShare: 0.3, bytesShare: 0.7 } },
    );
    expect(split.basis).toBe('bytes-in');
    expect(
      split.shares.map(s => [s.arn, s.fixedCents, s.usageCents, s.cents]),
    ).toEqual([
      ['orders', 2640, 2050, 4690],
      ['payments', 2280, 1350, 3630],
    ]);
    expect(split.platformOverhead.cents).toBe(1680);
    expect(split.unallocatedCents).toBe(0);
    expect(sum(split.shares.map(s => s.cents)) + 1680).toBe(10000);
    expect(split.shares[0].basisDescription).toBe(
      '30% of the shared fixed cost by partitions (3 of 10 partitions); 70% of the shared fixed cost by bytes in and out (50% of the bytes in and out); data in by bytes in (75% of the bytes in); data out by bytes out (25% of the bytes out); partition-hours by partitions (3 of 10 partitions)',
    );
  });

  it('splits everything by partitions when one topic’s bytes are unknown, and says so', () => {
    // All pools by partitions 3 : 1 (of 4): $100 → 75.00 / 25.00; fixed 45 / 15, usage 30 / 10.
    const split = splitClusterCost(breakdown, [
      { arn: 'a', owner: 'group:default/a', partitions: 3, bytesIn: 500 },
      { arn: 'b', owner: 'group:default/b', partitions: 1, bytesIn: null },
    ]);
    expect(split.basis).toBe('partitions');
    expect(split.basisDescription).toContain(
      'Per-topic bytes are not available at this cluster’s monitoring level, so the bytes part is split by partitions.',
    );
    expect(
      split.shares.map(s => [s.fixedCents, s.usageCents, s.cents]),
    ).toEqual([
      [4500, 3000, 7500],
      [1500, 1000, 2500],
    ]);
    expect(split.shares[1].basisDescription).toBe(
      'the shared fixed cost by partitions (1 of 4 partitions); data in by partitions (1 of 4 partitions); data out by partitions (1 of 4 partitions); partition-hours by partitions (1 of 4 partitions)',
    );
  });

  it('splits by bytes when no partition count is known (Serverless topics found from metrics)', () => {
    // partitions all 0: the partitions part and partition-hours go by bytes in+out 1 : 3.
    const split = splitClusterCost(
      { ...breakdown, dataOutUsd: 0, totalUsd: 90 },
      [
        { arn: 'a', owner: null, partitions: 0, bytesIn: 1, bytesOut: 0 },
        { arn: 'b', owner: null, partitions: 0, bytesIn: 1, bytesOut: 2 },
      ],
    );
    // shared 60 by 1:3 = 15 / 45; data in 20 by 1:1 = 10 / 10; partition-hours 10 by 1:3 = 2.5 / 7.5
    expect(split.shares.map(s => s.cents)).toEqual([2750, 6250]);
    expect(split.basisDescription).toContain(
      'No topic has a known partition count',
    );
  });

  it('keeps lower bounds of an incomplete estimate', () => {
    const split = splitClusterCost(
      clusterCostBreakdown({ monthlyUsd: 12.34, parts: [] }),
      [{ arn: 'a', owner: null, partitions: 1 }],
      { estimateComplete: false },
    );
    expect(split.lowerBound).toBe(true);
    expect(split.shares[0].cents).toBe(1234);
  });

  it('adds up to the cent for random clusters, with and without bytes', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      const parts = [next(), next(), next(), next()].map(
        v => Math.round(v * 1e6) / 100,
      );
      const total = Math.round(sum(parts) * 100) / 100;
      const topics = Array.from(
        { length: 1 + Math.floor(next() * 30) },
        (_, i) => ({
          arn: `t${i}`,
          owner: `group:default/team-${i % 4}`,
          internal: i % 7 === 0,
          partitions: Math.floor(next() * 20),
          bytesIn: round % 3 ? next() * 1e7 : null,
          bytesOut: round % 3 === 1 ? next() * 1e7 : null,
        }),
      );
      const split = splitClusterCost(
        {
          totalUsd: total,
          sharedUsd: total - parts[1] - parts[2] - parts[3],
          dataInUsd: parts[1],
          dataOutUsd: parts[2],
          partitionHoursUsd: parts[3],
        },
        topics,
        { model: { partitionsShare: next(), bytesShare: 0 } },
      );
      expect(
        sum(split.shares.map(s => s.cents)) +
          split.platformOverhead.cents +
          split.unallocatedCents,
      ).toBe(Math.round(total * 100));
      for (const share of split.shares) {
        expect(share.fixedCents + share.usageCents).toBe(share.cents);
      }
    }
  });
});

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
