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
  it('splits by bytes in once per-topic metrics were read, a silent topic taking nothing', () => {
    const cost = calculator.clusterCost(cluster, [
      topic('busy', 'group:default/a', 3, { 'msk.topic.bytesIn': 3_000_000 }),
      topic('quiet', 'group:default/b', 30, { 'msk.topic.bytesIn': null }),
      topic('calm', 'group:default/a', 3, { 'msk.topic.bytesIn': 1_000_000 }),
    ]);
    // 3 × $0.204 × 730 h = $446.76 brokers + 3 × 1,000 GiB × $0.10 = $300 storage.
    expect(cost.estimate.monthlyUsd).toBeCloseTo(746.76, 2);
    expect(cost.chargeback!.basis).toBe('bytes-in');
    expect(cost.chargeback!.shares.map(s => s.usd)).toEqual([
      560.07, 0, 186.69,
    ]);
    expect(cost.chargeback!.byOwner).toEqual(
      expect.arrayContaining([
        { owner: 'group:default/a', usd: 746.76, topicCount: 2 },
      ]),
    );
    // 4 MB/s in over 730 h = 10,512 GB; $746.76 / 10,512 GB.
    expect(cost.usdPerGbIn).toBeCloseTo(746.76 / 10_512, 6);
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
