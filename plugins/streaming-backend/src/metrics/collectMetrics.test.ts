import {
  getMetric,
  KafkaClusterAsset,
} from '@backstage-streaming/plugin-streaming-common';
import {
  SeriesBudget,
  type MetricSeriesQuery,
} from '@backstage-streaming/plugin-streaming-node';
import {
  FakeStreamingAwsService,
  ORDERS_CLUSTER_ARN,
} from '../__fixtures__/snapshots';
import { collectMetrics, windowValue } from './collectMetrics';

const cluster = {
  assetType: 'kafka-cluster',
  arn: ORDERS_CLUSTER_ARN,
  name: 'orders-standard',
  accountId: '111111111111',
  region: 'us-east-1',
  clusterType: 'standard',
  brokerCount: 2,
  brokers: null,
} as unknown as KafkaClusterAsset;

describe('collectMetrics, slow cadence', () => {
  it('averages each broker over the whole hours of the window and sums the brokers for cost', async () => {
    const aws = new FakeStreamingAwsService();
    const asked: Array<{
      queries: MetricSeriesQuery[];
      start: Date;
      end: Date;
    }> = [];
    // Three hourly datapoints whose last (6) is far from their mean (3).
    aws.readMetricSeries = async (_account, _region, queries, range) => {
      asked.push({ queries, ...range });
      return new Map(
        queries.map(q => [
          q.key,
          [1, 2, 6].map((v, i) => ({
            timestamp: range.start.getTime() + i * 3_600_000,
            value: v * (q.metricName === 'BytesInPerSec' ? 1e6 : 2e6),
          })),
        ]),
      );
    };

    const collected = await collectMetrics({
      aws,
      accountId: '111111111111',
      region: 'us-east-1',
      assets: [],
      clusters: new Map(),
      cadence: 'slow',
      budget: new SeriesBudget(100),
      windowHours: 3,
      throughputClusters: [cluster],
      now: new Date('2026-11-25T12:34:56Z'),
    });

    // The window ends on the hour so each hourly datapoint covers a whole hour.
    expect(asked[0].start.toISOString()).toBe('2026-11-25T09:00:00.000Z');
    expect(asked[0].end.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(
      asked[0].queries.map(q => [q.metricName, q.stat, q.periodSeconds]),
    ).toEqual([
      ['BytesInPerSec', 'Average', 3600],
      ['BytesInPerSec', 'Average', 3600],
      ['BytesOutPerSec', 'Average', 3600],
      ['BytesOutPerSec', 'Average', 3600],
    ]);
    // Two brokers at a 3 MB/s mean each.
    expect(collected.clusterThroughput.get(ORDERS_CLUSTER_ARN)).toEqual({
      bytesInPerSec: 6e6,
      bytesOutPerSec: 12e6,
    });
  });

  it('reads no cluster throughput at the inventory cadence', async () => {
    const collected = await collectMetrics({
      aws: new FakeStreamingAwsService(),
      accountId: '111111111111',
      region: 'us-east-1',
      assets: [],
      clusters: new Map(),
      cadence: 'inventory',
      budget: new SeriesBudget(100),
      throughputClusters: [cluster],
    });
    expect(collected.clusterThroughput.size).toBe(0);
  });
});

describe('windowValue', () => {
  it('takes the mean of averages, the extreme of maxima, and null without data', () => {
    expect(windowValue(getMetric('msk.broker.bytesIn'), [1, 2, 6])).toBe(3);
    expect(
      windowValue(getMetric('flink.heapMemoryUtilization'), [1, 7, 2]),
    ).toBe(7);
    expect(windowValue(getMetric('msk.broker.bytesIn'), [])).toBeNull();
    // A topic that carried bytes in 2 of 4 hours: its series is absent for the other two.
    expect(windowValue(getMetric('msk.topic.bytesIn'), [4, 8], 4)).toBe(3);
  });
});
