import {
  KafkaClusterAsset,
  KafkaTopicAsset,
  resolvePricing,
} from '@backstage-streaming/plugin-streaming-common';
import { ORDERS_CLUSTER_DETAILS } from '../__fixtures__/snapshots';
import { CostCalculator } from './CostCalculator';

const calculator = new CostCalculator(resolvePricing({}), 64);

const cluster = {
  assetType: 'kafka-cluster',
  arn: 'arn:c',
  name: 'c',
  accountId: '111111111111',
  region: 'us-east-1',
  owner: 'group:default/platform',
  tags: {},
  health: { status: 'healthy', findings: [] },
  refreshedAt: '2026-11-25T10:00:00.000Z',
  stale: false,
  clusterType: 'standard',
  state: 'ACTIVE',
  kafkaVersion: '3.6.0',
  brokerCount: 3,
  instanceType: 'kafka.m7g.large',
  cpuPercent: 30,
  details: {
    ...ORDERS_CLUSTER_DETAILS,
    enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
  },
  metrics: {
    'msk.cluster.bytesInTotal': 4_000_000,
    'msk.cluster.bytesOutTotal': 8_000_000,
  },
} as KafkaClusterAsset;

function topic(
  name: string,
  owner: string | null,
  partitions: number,
  metrics?: Record<string, number | null>,
) {
  return {
    assetType: 'kafka-topic',
    arn: `arn:t/${name}`,
    name,
    owner,
    clusterArn: 'arn:c',
    clusterName: 'c',
    partitionCount: partitions,
    replicationFactor: 3,
    outOfSyncReplicaCount: 0,
    ...(metrics ? { metrics } : {}),
  } as unknown as KafkaTopicAsset;
}

describe('CostCalculator', () => {
  it('splits 30% by partitions and 70% by bytes in once per-topic metrics were read, a silent topic paying for its partitions only', () => {
    const cost = calculator.clusterCost(cluster, [
      topic('busy', 'group:default/a', 3, { 'msk.topic.bytesIn': 3_000_000 }),
      topic('quiet', 'group:default/b', 30, { 'msk.topic.bytesIn': null }),
      topic('calm', 'group:default/a', 3, { 'msk.topic.bytesIn': 1_000_000 }),
    ]);
    // 3 × $0.204 × 730 h = $446.76 brokers + 3 × 1,000 GiB × $0.10 = $300 storage.
    expect(cost.estimate.monthlyUsd).toBeCloseTo(746.76, 2);
    expect(cost.chargeback!.basis).toBe('bytes-in');
    // 30% of $746.76 = $224.028 by partitions 3 : 30 : 3 → 18.669, 186.69, 18.669;
    // 70% = $522.732 by bytes in 3 : 0 : 1 → 392.049, 0, 130.683.
    expect(cost.chargeback!.shares.map(s => s.usd)).toEqual([
      410.72, 186.69, 149.35,
    ]);
    expect(cost.chargeback!.shares[1]).toMatchObject({
      fixedUsd: 186.69,
      usageUsd: 0,
      basisDescription: expect.stringContaining(
        '30% of the shared fixed cost by partitions (30 of 36 partitions)',
      ),
    });
    expect(cost.chargeback!.byOwner).toEqual(
      expect.arrayContaining([
        { owner: 'group:default/a', usd: 560.07, topicCount: 2 },
      ]),
    );
    // 4 MB/s in over 730 h = 10,512 GB; $746.76 / 10,512 GB.
    expect(cost.usdPerGbIn).toBeCloseTo(746.76 / 10_512, 6);
  });

  it('splits by the configured model, by bytes in and out when both are measured', () => {
    const bytesOnly = new CostCalculator(resolvePricing({}), 64, {
      chargebackModel: { partitionsShare: 0, bytesShare: 1 },
    });
    const cost = bytesOnly.clusterCost(cluster, [
      topic('busy', 'group:default/a', 3, {
        'msk.topic.bytesIn': 3_000_000,
        'msk.topic.bytesOut': 1_000_000,
      }),
      topic('quiet', 'group:default/b', 30, {
        'msk.topic.bytesIn': null,
        'msk.topic.bytesOut': null,
      }),
      topic('calm', 'group:default/a', 3, {
        'msk.topic.bytesIn': 1_000_000,
        'msk.topic.bytesOut': 3_000_000,
      }),
    ]);
    // All by bytes in + out, 4 : 0 : 4 of $746.76.
    expect(cost.chargeback!.shares.map(s => s.usd)).toEqual([
      373.38, 0, 373.38,
    ]);
    expect(cost.chargeback!.basisDescription).toContain(
      '0% by partitions and 100% by bytes in and out',
    );
    const share = bytesOnly.topicShare(
      topic('calm', 'group:default/a', 3),
      cost,
    );
    expect(share).toMatchObject({ usd: 373.38, fixedUsd: 373.38, usageUsd: 0 });
  });

  it('splits by partitions before per-topic metrics were read', () => {
    const cost = calculator.clusterCost(cluster, [
      topic('busy', null, 3),
      topic('quiet', null, 9),
    ]);
    expect(cost.chargeback!.basis).toBe('partitions');
    // $746.76 × 3/12 and × 9/12.
    expect(cost.chargeback!.shares.map(s => s.usd)).toEqual([186.69, 560.07]);
  });
});

describe('CostCalculator: incomplete estimates and internal topics', () => {
  const tieredCluster = {
    ...cluster,
    details: {
      ...cluster.details!,
      storage: { ...cluster.details!.storage!, mode: 'TIERED' },
    },
    metrics: {
      ...cluster.metrics,
      'msk.broker.remoteLogSizeBytes': 5000e9,
    },
  } as KafkaClusterAsset;

  it('serves the shares, owner roll-ups and cost per GB of an incomplete estimate as lower bounds with what is missing', () => {
    // Tiered storage has no built-in price, so the estimate is the $746.76 of the known parts.
    const cost = calculator.clusterCost(tieredCluster, [
      topic('busy', 'group:default/a', 3),
      topic('quiet', 'group:default/b', 9),
    ]);
    expect(cost.estimate.complete).toBe(false);
    expect(cost.lowerBound).toBe(true);
    expect(cost.missing).toEqual([
      'Tiered storage',
      'Tiered storage retrieval',
    ]);
    expect(cost.chargeback).toMatchObject({
      lowerBound: true,
      missing: ['Tiered storage', 'Tiered storage retrieval'],
      totalUsd: 746.76,
    });
    const share = calculator.topicShare(
      topic('busy', 'group:default/a', 3),
      cost,
    );
    expect(share).toMatchObject({
      usd: 186.69,
      lowerBound: true,
      missing: ['Tiered storage', 'Tiered storage retrieval'],
    });
  });

  it('prices tiered storage from RemoteLogSizeBytes once streaming.pricing has the price', () => {
    const configured = new CostCalculator(
      resolvePricing({
        items: {
          standardTieredStorageGbMonth: 0.5,
          standardTieredRetrievalGb: 0.25,
        },
        assumptions: [{ arn: 'arn:c', tieredRetrievalGB: 200 }],
      }),
      64,
    );
    const cost = configured.clusterCost(tieredCluster, []);
    // $746.76 + 5,000 GB × $0.50 + 200 GB × $0.25
    expect(cost.estimate.monthlyUsd).toBe(3296.76);
    expect(cost.lowerBound).toBe(false);
    expect(cost.missing).toEqual([]);
  });

  it('books internal topics as platform overhead, not a team share; the split sums to the cluster cost', () => {
    const topics = [
      topic('orders', 'group:default/a', 12),
      topic('__consumer_offsets', 'group:default/a', 50),
      topic('__amazon_msk_canary', null, 1),
      topic('payments', null, 6),
    ];
    const cost = calculator.clusterCost(cluster, topics);
    const chargeback = cost.chargeback!;
    expect(chargeback.shares.map(s => s.arn)).toEqual([
      'arn:t/orders',
      'arn:t/payments',
    ]);
    expect(chargeback.platformOverhead).toEqual({
      usd: 551.95,
      pattern: '^__',
      topics: [
        { arn: 'arn:t/__consumer_offsets', usd: 541.13 },
        { arn: 'arn:t/__amazon_msk_canary', usd: 10.82 },
      ],
    });
    const cents = (usd: number) => Math.round(usd * 100);
    expect(
      chargeback.shares.reduce((sum, s) => sum + cents(s.usd), 0) +
        cents(chargeback.platformOverhead.usd),
    ).toBe(74676);
    expect(
      chargeback.byOwner.reduce((sum, o) => sum + cents(o.usd), 0) +
        cents(chargeback.platformOverhead.usd),
    ).toBe(74676);
    expect(chargeback.byOwner.map(o => o.owner)).toEqual([
      'group:default/a',
      'unowned',
    ]);
    expect(calculator.topicShare(topics[1], cost)).toMatchObject({
      usd: 541.13,
      platformOverhead: true,
    });
  });

  it('finds the shares of all of a cluster’s topics at once, as topicShare does one by one', () => {
    const topics = [
      ...Array.from({ length: 3000 }, (_, i) =>
        topic(`t${i}`, `group:default/team-${i % 7}`, 1 + (i % 5)),
      ),
      topic('__consumer_offsets', null, 50),
    ];
    const gone = topic('gone', null, 3);
    const cost = calculator.clusterCost(cluster, topics);
    const shares = calculator.topicShares([...topics, gone], cost);
    expect(shares.size).toBe(topics.length);
    expect(shares.has(gone.arn)).toBe(false);
    for (const t of [topics[0], topics[1234], topics[3000]]) {
      expect(shares.get(t.arn)).toEqual(calculator.topicShare(t, cost));
    }
    expect(shares.get('arn:t/__consumer_offsets')).toMatchObject({
      platformOverhead: true,
    });
  });

  it('takes a configured internal topic pattern', () => {
    const custom = new CostCalculator(resolvePricing({}), 64, {
      internalTopicPattern: /^_schemas$/,
    });
    const cost = custom.clusterCost(cluster, [
      topic('_schemas', null, 1),
      topic('__consumer_offsets', null, 1),
    ]);
    expect(cost.chargeback!.shares.map(s => s.arn)).toEqual([
      'arn:t/__consumer_offsets',
    ]);
    expect(cost.chargeback!.platformOverhead.pattern).toBe('^_schemas$');
  });
});
