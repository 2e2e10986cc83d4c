import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  resolveHealthThresholds,
  resolvePricing,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import {
  account1Snapshot,
  FakeStreamingAwsService,
  ORDERS_CLUSTER_ARN,
  SHARED_NAME_ARN_1,
} from '../__fixtures__/snapshots';
import { CostCalculator } from '../cost/CostCalculator';
import { InventoryStore } from '../database/InventoryStore';
import { AssetViewStore } from '../database/AssetViewStore';
import { ViewDeriver } from '../derive/ViewDeriver';
import { EntityAnswer } from './EntityAnswer';
import { EntityAssetResolver } from './EntityAssetResolver';
import { ResolutionCache } from './ResolutionCache';
import { InventoryRefresher } from './InventoryRefresher';
import { SlowMetricsRefresher } from './SlowMetricsRefresher';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const fulfilment: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'fulfilment',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-msk-consumer-groups':
        'orders-standard/orders-fulfilment',
      'aws.amazon.com/amazon-msk-topics': 'orders-standard/orders.created',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-fulfilment' },
};

/** A store on SQLite with both refreshers over a fake AWS estate. */
/** Every asset readable with its cost, as for a platform-wide reader. */
const readAndCostAll = async (assets: StreamingAsset[]) => {
  const arns = new Set(assets.map(a => a.arn));
  return { read: arns, cost: arns };
};

async function setUp(
  entities: Entity[],
  aws = new FakeStreamingAwsService(),
  maxSeriesPerRefresh = 5000,
) {
  const knex = await databases.init('SQLITE_3');
  const store = await InventoryStore.create(mockServices.database({ knex }));
  const logger = mockServices.logger.mock();
  const thresholds = resolveHealthThresholds({});
  const ownership = { tagKeys: ['owner'], groupMapping: {} };
  const views = new AssetViewStore(knex);
  const attachments = new EntityAssetResolver(store, aws.config, views);
  const deriver = new ViewDeriver({
    store,
    views,
    costs: new CostCalculator(resolvePricing({}), 64),
    ownership,
  });
  // The entity answer reads what the refreshes derived; no cached resolution here.
  const resolver = new EntityAnswer({
    store,
    views,
    resolver: attachments,
    cache: new ResolutionCache({ ttlSeconds: 0, maxEntries: 0 }),
    awsConfig: aws.config,
  });
  const inventory = new InventoryRefresher({
    aws,
    store,
    resolver: attachments,
    deriver,
    views,
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger,
    thresholds,
    ownership,
    purgeGoneAfterDays: 7,
    maxSeriesPerRefresh,
    frequencySeconds: 900,
  });
  const slow = new SlowMetricsRefresher({
    aws,
    store,
    deriver,
    logger,
    thresholds,
    ownership,
    maxSeriesPerRefresh,
    frequencySeconds: 1800,
  });
  return { store, aws, logger, resolver, inventory, slow };
}

describe('SlowMetricsRefresher', () => {
  it('discovers consumer groups, shows them on the topics they read, and keeps their owner across refreshes', async () => {
    const aws = new FakeStreamingAwsService();
    // Per-topic throughput exists from PER_TOPIC_PER_BROKER monitoring.
    aws.snapshots.set('111111111111', () => {
      const snapshot = account1Snapshot();
      snapshot.clusters[0].details = {
        ...snapshot.clusters[0].details!,
        enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
      };
      return snapshot;
    });
    const { logger, resolver, inventory, slow } = await setUp(
      [fulfilment],
      aws,
    );

    await inventory.refreshAll();
    await slow.refreshAll();
    // The next inventory refresh recomputes owners: the group keeps its cluster's tag owner.
    await inventory.refreshAll();

    const response = await resolver.resolve(fulfilment, async assets => ({
      read: new Set(assets.map(a => a.arn)),
      cost: new Set(),
    }));
    expect(response.problems).toEqual([]);
    expect(response.consumerGroups).toEqual([
      expect.objectContaining({
        name: 'orders-fulfilment',
        arn: 'arn:aws:kafka:us-east-1:111111111111:group/orders-standard/uuid-1/orders-fulfilment',
        owner: 'group:default/team-orders',
        topics: [
          {
            topic: 'orders.created',
            maxOffsetLag: 12,
            sumOffsetLag: 40,
            estimatedMaxTimeLagSeconds: 3,
          },
        ],
        health: { status: 'healthy', findings: [] },
      }),
    ]);
    expect(response.topics[0].consumers).toEqual([
      expect.objectContaining({
        groupName: 'orders-fulfilment',
        sumOffsetLag: 40,
      }),
    ]);
    // The hour's average per-topic throughput, summed over the brokers, is stored with the topic.
    expect(response.topics[0].metrics?.['msk.topic.bytesIn']).toBe(1_000_000);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Streaming slow metrics: \d+ series requested; at this frequency GetMetricData costs about \$[\d.]+ a month/,
      ),
    );
  });

  it('marks a group gone once it stops reporting lag', async () => {
    const { store, aws, inventory, slow } = await setUp([]);
    await inventory.refreshAll();
    await slow.refreshAll();
    aws.consumerGroups = [];
    await slow.refreshAll();
    const [group] = await store.getAssetsByArns([
      'arn:aws:kafka:us-east-1:111111111111:group/orders-standard/uuid-1/orders-fulfilment',
    ]);
    expect(group.gone).toBe(true);
  });

  it('counts consumer-group discovery in the series cap and the cost log line', async () => {
    const { store, logger, inventory, slow } = await setUp([], undefined, 2);
    await inventory.refreshAll();
    logger.info.mockClear();
    await slow.refreshAll();
    // The group's three lag series do not fit in a cap of 2: it is listed with unknown lag.
    const [group] = await store.getAssetsByArns([
      'arn:aws:kafka:us-east-1:111111111111:group/orders-standard/uuid-1/orders-fulfilment',
    ]);
    expect(group).toMatchObject({
      assetType: 'consumer-group',
      topics: [
        {
          topic: 'orders.created',
          maxOffsetLag: null,
          sumOffsetLag: null,
          estimatedMaxTimeLagSeconds: null,
        },
      ],
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Streaming slow metrics: [0-2] series requested, \d+ skipped by the cap/,
      ),
    );

    // With room, the same three series are requested and logged.
    const roomy = await setUp([]);
    await roomy.inventory.refreshAll();
    const seriesRead = jest.spyOn(roomy.aws, 'readMetricSeries');
    roomy.logger.info.mockClear();
    await roomy.slow.refreshAll();
    const viaGetMetricData = seriesRead.mock.calls.reduce(
      (sum, call) => sum + call[2].length,
      0,
    );
    expect(roomy.logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(
          `^Streaming slow metrics: ${viaGetMetricData + 3} series requested;`,
        ),
      ),
    );
  });

  it('holds the series cap across account-regions refreshing concurrently', async () => {
    // Two account-regions with the same estate, read two at a time.
    const twoAccounts = () => {
      const aws = new FakeStreamingAwsService();
      aws.snapshots.set('222222222222', () =>
        JSON.parse(
          JSON.stringify(account1Snapshot()).replaceAll(
            '111111111111',
            '222222222222',
          ),
        ),
      );
      return aws;
    };
    const measure = await setUp([], twoAccounts());
    const seriesRead = jest.spyOn(measure.aws, 'readMetricSeries');
    await measure.inventory.refreshAll();
    const perAccount = new Map<string, number>();
    for (const [accountId, , queries] of seriesRead.mock.calls) {
      perAccount.set(
        accountId,
        (perAccount.get(accountId) ?? 0) + queries.length,
      );
    }
    expect(perAccount.size).toBe(2);
    // Each account-region fits the cap alone; together they do not.
    const cap = Math.max(...perAccount.values());
    expect(cap).toBeLessThan(
      [...perAccount.values()].reduce((a, b) => a + b, 0),
    );

    const capped = await setUp([], twoAccounts(), cap);
    const cappedRead = jest.spyOn(capped.aws, 'readMetricSeries');
    await capped.inventory.refreshAll();
    const requested = cappedRead.mock.calls.reduce(
      (sum, call) => sum + call[2].length,
      0,
    );
    expect(requested).toBeLessThanOrEqual(cap);
    expect(capped.logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(
          `^Streaming inventory metrics: ${requested} series requested, \\d+ skipped by the cap`,
        ),
      ),
    );
  });

  const serverlessTopicArn = (topic: string) =>
    `${SHARED_NAME_ARN_1.replace(':cluster/', ':topic/')}/${topic}`;
  const eventsGateway: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'events-gateway',
      namespace: 'default',
      annotations: {
        'aws.amazon.com/amazon-msk-cluster-arn': SHARED_NAME_ARN_1,
        'aws.amazon.com/amazon-msk-topics': serverlessTopicArn('events.raw'),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-events' },
  };

  it('gives a Serverless cluster the topics CloudWatch knows, with throughput, and prices its data in and out', async () => {
    const aws = new FakeStreamingAwsService();
    aws.serverlessTopics.set('shared', ['events.audit', 'events.raw']);
    const { resolver, inventory, slow } = await setUp([eventsGateway], aws);

    await inventory.refreshAll();
    await slow.refreshAll();
    // The listing refresh leaves the discovered topics alone.
    await inventory.refreshAll();

    const response = await resolver.resolve(eventsGateway, readAndCostAll);
    expect(response.problems).toEqual([]);
    expect(response.topics).toEqual([
      expect.objectContaining({
        arn: serverlessTopicArn('events.raw'),
        name: 'events.raw',
        clusterArn: SHARED_NAME_ARN_1,
        discoveredFrom: 'metrics',
        partitionCount: null,
        stale: false,
        gone: false,
        metrics: {
          'msk.serverless.topic.bytesIn': 1_000_000,
          'msk.serverless.topic.bytesOut': 2_000_000,
        },
      }),
    ]);
    const [cluster] = response.clusters;
    // Two topics: 2,000,000 B/s in and 4,000,000 B/s out over the hour.
    expect(cluster.metrics).toMatchObject({
      'msk.cluster.bytesInTotal': 2_000_000,
      'msk.cluster.bytesOutTotal': 4_000_000,
    });
    const parts = Object.fromEntries(
      cluster.cost!.estimate.parts.map(p => [p.item, p.monthlyUsd]),
    );
    // in: 2e6 B/s × 2,628,000 s = 5,256 GB × $0.10; out: 10,512 GB × $0.05
    expect(parts.serverlessDataInGb).toBeCloseTo(525.6, 2);
    expect(parts.serverlessDataOutGb).toBeCloseTo(525.6, 2);
    expect(cluster.cost!.usdPerGbIn).toEqual(expect.any(Number));
    expect(cluster.cost!.estimate.notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'average throughput over the last 1 h, in whole hours read by the slow metrics refresh (3600 s)',
        ),
      ]),
    );
    // Chargeback splits by the topics' bytes in: half each.
    expect(response.topics[0].cost?.share?.basis).toBe('bytes-in');
  });

  it('keeps the known Serverless topics when discovery fails, and marks one gone once CloudWatch stops listing it', async () => {
    const aws = new FakeStreamingAwsService();
    aws.serverlessTopics.set('shared', ['events.raw']);
    const { store, logger, inventory, slow } = await setUp([], aws);
    await inventory.refreshAll();
    await slow.refreshAll();

    aws.serverlessTopicsFailure = {
      operation: 'ListMetrics',
      code: 'AccessDeniedException',
      message: 'denied (the call needs the IAM action cloudwatch:ListMetrics)',
    };
    await slow.refreshAll();
    let [topic] = await store.getAssetsByArns([
      serverlessTopicArn('events.raw'),
    ]);
    expect(topic.gone).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `could not discover the topics of MSK Serverless cluster ${SHARED_NAME_ARN_1}; keeping those known`,
      ),
    );

    aws.serverlessTopicsFailure = undefined;
    aws.serverlessTopics.set('shared', []);
    await slow.refreshAll();
    [topic] = await store.getAssetsByArns([serverlessTopicArn('events.raw')]);
    expect(topic.gone).toBe(true);
  });

  it('prices throughput with the window average, not the minute a refresh lands on', async () => {
    const aws = new FakeStreamingAwsService();
    // The latest 1-minute sample is a spike; the hourly datapoint is the hour's mean.
    aws.seriesValue = (metricName, _dimensions, periodSeconds) => {
      if (metricName === 'BytesInPerSec')
        return periodSeconds === 60 ? 9_000_000 : 1_000_000;
      if (metricName === 'BytesOutPerSec')
        return periodSeconds === 60 ? 18_000_000 : 2_000_000;
      return metricName === 'ActiveControllerCount' ? 1 : 0;
    };
    const entity: Entity = {
      ...fulfilment,
      metadata: {
        name: 'orders',
        namespace: 'default',
        annotations: {
          'aws.amazon.com/amazon-msk-cluster-arn': ORDERS_CLUSTER_ARN,
        },
      },
    };
    const { resolver, inventory, slow } = await setUp([entity], aws);

    await inventory.refreshAll();
    let [cluster] = (await resolver.resolve(entity, readAndCostAll)).clusters;
    // The listing refresh's one-minute samples serve health only, never cost.
    expect(cluster.metrics?.['msk.broker.bytesIn']).toBe(9_000_000);
    expect(cluster.metrics?.['msk.cluster.bytesInTotal']).toBeUndefined();

    await slow.refreshAll();
    await inventory.refreshAll();
    [cluster] = (await resolver.resolve(entity, readAndCostAll)).clusters;
    // One broker: the cluster total is its hourly average.
    expect(cluster.metrics).toMatchObject({
      'msk.cluster.bytesInTotal': 1_000_000,
      'msk.cluster.bytesOutTotal': 2_000_000,
      'msk.cluster.throughputWindowHours': 1,
    });
    // $/GB in = monthly cost ÷ (1e6 B/s × 2,628,000 s = 2,628 GB).
    expect(cluster.cost!.usdPerGbIn).toBeCloseTo(
      cluster.cost!.estimate.monthlyUsd / 2628,
      4,
    );
  });
});
