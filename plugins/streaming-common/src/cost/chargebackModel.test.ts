import {
  checkChargebackModel,
  clusterCostBreakdown,
  describeChargebackModel,
  splitClusterCost,
} from './chargebackModel';
import { CostEstimate, estimateClusterMonthlyCost } from './cost';
import { resolvePricing } from './pricing';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

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
