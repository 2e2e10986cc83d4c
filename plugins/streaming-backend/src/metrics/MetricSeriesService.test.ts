import { CacheService } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import {
  getMetric,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  FakeStreamingAwsService,
  ORDERS_CLUSTER_ARN,
} from '../__fixtures__/snapshots';
import { FRESH_SECONDS, MetricSeriesService } from './MetricSeriesService';
import { seriesFor } from './seriesFor';

// The cache is the backend's own cache service: in memory, and Redis where
// one runs (npm test points STREAMING_TEST_REDIS_URL at the local server).
const redisUrl = process.env.STREAMING_TEST_REDIS_URL;
const caches: Array<[string, () => CacheService]> = [
  ['memory', () => cacheFor({ store: 'memory' })],
  ...(redisUrl
    ? [
        ['redis', () => cacheFor({ store: 'redis', connection: redisUrl })] as [
          string,
          () => CacheService,
        ],
      ]
    : []),
];

let namespace = 0;
function cacheFor(cache: { store: string; connection?: string }): CacheService {
  return CacheManager.fromConfig(
    mockServices.rootConfig({ data: { backend: { cache } } }),
  ).forPlugin(`streaming-test-${process.pid}-${Date.now()}-${namespace++}`);
}

const cluster = {
  assetType: 'kafka-cluster',
  arn: ORDERS_CLUSTER_ARN,
  name: 'orders-standard',
  accountId: '111111111111',
  region: 'us-east-1',
  owner: null,
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
} as StreamingAsset;

describe.each(caches)(
  'MetricSeriesService with a %s cache',
  (_name, makeCache) => {
    let now: number;
    let aws: FakeStreamingAwsService;
    let service: MetricSeriesService;
    const metric = getMetric('msk.broker.cpuUser');
    const plan = seriesFor(metric, cluster) as { series: any[] };

    beforeEach(() => {
      now = Date.parse('2026-11-25T12:00:00Z');
      aws = new FakeStreamingAwsService();
      service = new MetricSeriesService({
        aws,
        cache: makeCache(),
        logger: mockServices.logger.mock(),
        now: () => now,
      });
    });

    const get = (range: '1h' | '24h' = '1h') =>
      service.getSeries({ asset: cluster, metric, range, series: plan.series });

    it('answers one series per broker with the range period', async () => {
      const response = await get();
      expect(response.series.map(s => s.label)).toEqual([
        'Broker 1',
        'Broker 2',
        'Broker 3',
      ]);
      expect(response.periodSeconds).toBe(60);
      expect(response.series[0].points).toHaveLength(60);
      expect(response.series[1].points[0].v).toBe(32); // 30 + broker id
      expect(response.stale).toBe(false);
    });

    it('coalesces identical requests in flight into one CloudWatch read', async () => {
      const [a, b, c] = await Promise.all([get(), get(), get()]);
      expect(aws.seriesReads).toBe(1);
      expect(a).toEqual(b);
      expect(b).toEqual(c);
    });

    it('serves from cache within the range freshness, and reads again after it', async () => {
      await get();
      now += (FRESH_SECONDS['1h'] - 1) * 1000;
      await get();
      expect(aws.seriesReads).toBe(1);
      now += 2000;
      await get();
      expect(aws.seriesReads).toBe(2);
    });

    it('caches each range apart', async () => {
      await get('1h');
      await get('24h');
      expect(aws.seriesReads).toBe(2);
    });

    it('serves the last good series, marked stale, when CloudWatch fails', async () => {
      const good = await get();
      now += FRESH_SECONDS['1h'] * 1000 + 1000;
      aws.seriesFailure = Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
      });
      const stale = await get();
      expect(stale.stale).toBe(true);
      expect(stale.staleReason).toContain('Rate exceeded');
      expect(stale.series).toEqual(good.series);
    });

    it('fails with 503 when CloudWatch fails and nothing is cached', async () => {
      aws.seriesFailure = new Error('down');
      await expect(get()).rejects.toBeInstanceOf(ServiceUnavailableError);
    });
  },
);

describe('MetricSeriesService on an MSK Serverless cluster', () => {
  it('charts the cluster throughput as one line, the sum over the topics ListMetrics finds', async () => {
    const serverless = {
      ...cluster,
      arn: 'arn:aws:kafka:us-east-1:111111111111:cluster/events/uuid-s1',
      name: 'events',
      clusterType: 'serverless',
      brokerCount: null,
      instanceType: null,
    } as StreamingAsset;
    const aws = new FakeStreamingAwsService();
    aws.serverlessTopics.set('events', ['a', 'b', 'c']);
    aws.seriesValue = (_metricName, dimensions) =>
      ({ a: 100, b: 20, c: 3 }[dimensions.Topic as 'a' | 'b' | 'c'] ?? 0);
    const service = new MetricSeriesService({
      aws,
      cache: cacheFor({ store: 'memory' }),
      logger: mockServices.logger.mock(),
      now: () => Date.parse('2026-11-25T12:00:00Z'),
    });
    const metric = getMetric('msk.serverless.cluster.bytesIn');
    const plan = seriesFor(metric, serverless) as {
      discover: Record<string, string>;
    };

    const response = await service.getSeries({
      asset: serverless,
      metric,
      range: '1h',
      series: plan,
    });

    expect(response.series).toHaveLength(1);
    expect(response.series[0].label).toBe('events');
    expect(response.series[0].points).toHaveLength(60);
    expect(response.series[0].points.every(p => p.v === 123)).toBe(true);
  });
});
