import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  autoscalingEvents,
  FlinkApplicationAsset,
  KafkaClusterAsset,
  KafkaTopicAsset,
  resolveHealthThresholds,
  resolvePricing,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import {
  account1Snapshot,
  ENRICHER_ARN,
  FakeStreamingAwsService,
  ORDERS_CLUSTER_ARN,
  ORDERS_TOPIC_ARN,
} from '../__fixtures__/snapshots';
import { CostCalculator } from '../cost/CostCalculator';
import { AssetViewStore } from '../database/AssetViewStore';
import { InventoryStore } from '../database/InventoryStore';
import { ViewDeriver } from '../derive/ViewDeriver';
import { EntityAnswer } from './EntityAnswer';
import { EntityAssetResolver } from './EntityAssetResolver';
import { InventoryRefresher } from './InventoryRefresher';
import { ResolutionCache } from './ResolutionCache';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ordersService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-msk-cluster-arn': ORDERS_CLUSTER_ARN,
      'aws.amazon.com/amazon-msk-topics': 'orders-standard/orders.*',
      'aws.amazon.com/amazon-managed-flink-application-arn': ENRICHER_ARN,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
};

const readAndCostAll = async (assets: StreamingAsset[]) => {
  const arns = new Set(assets.map(a => a.arn));
  return { read: arns, cost: arns };
};

/** An inventory whose orders cluster has `extraTopics` more topics starting with `orders.`. */
async function setUp(extraTopics = 0, cacheTtlSeconds = 0) {
  let extra = extraTopics;
  const knex = await databases.init('SQLITE_3');
  const store = await InventoryStore.create(mockServices.database({ knex }));
  const views = new AssetViewStore(knex);
  const aws = new FakeStreamingAwsService();
  aws.snapshots.set('111111111111', () => {
    const snapshot = account1Snapshot();
    const template = snapshot.topics[0];
    for (let i = 0; i < extra; i++) {
      const name = `orders.extra-${String(i).padStart(3, '0')}`;
      snapshot.topics.push({
        ...template,
        name,
        arn: template.arn.replace('orders.created', name),
      });
    }
    return snapshot;
  });
  const costs = new CostCalculator(resolvePricing({}), 64);
  const ownership = { tagKeys: ['owner'], groupMapping: {} };
  const resolver = new EntityAssetResolver(store, aws.config, views);
  const cache = new ResolutionCache({
    ttlSeconds: cacheTtlSeconds,
    maxEntries: 10,
  });
  const deriver = new ViewDeriver({
    store,
    views,
    costs,
    ownership,
    onDerived: () => cache.invalidate(),
  });
  const refresher = new InventoryRefresher({
    aws,
    store,
    resolver,
    deriver,
    views,
    catalog: catalogServiceMock({ entities: [ordersService] }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    thresholds: resolveHealthThresholds({}),
    ownership,
    purgeGoneAfterDays: 7,
    maxSeriesPerRefresh: 5000,
    frequencySeconds: 900,
    onRefreshed: () => cache.invalidate(),
  });
  await refresher.refreshAll();
  const answer = new EntityAnswer({
    store,
    views,
    resolver,
    cache,
    awsConfig: aws.config,
  });
  return {
    knex,
    store,
    costs,
    answer,
    refresher,
    addTopics: (count: number) => {
      extra += count;
    },
  };
}

describe('EntityAnswer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('serves the cost, shares and KPUs the per-view computation gave, from the stored views', async () => {
    const { store, costs, answer } = await setUp();
    const response = await answer.resolve(ordersService, readAndCostAll);

    // What the answer computed on every view before the views were stored.
    const [cluster, application] = (await store.getAssetsByArns([
      ORDERS_CLUSTER_ARN,
      ENRICHER_ARN,
    ])) as [KafkaClusterAsset, FlinkApplicationAsset];
    const topics = (
      await store.findTopicsByNamesAndPrefixes([
        { clusterArn: ORDERS_CLUSTER_ARN, prefix: '' },
      ])
    ).filter(
      (t): t is KafkaTopicAsset => t.assetType === 'kafka-topic' && !t.gone,
    );
    const clusterCost = costs.clusterCost(cluster, topics);
    const orders = topics.find(t => t.arn === ORDERS_TOPIC_ARN)!;
    const { cost: flinkCost, kpus } = costs.flinkCost(application);
    const history = await store.parallelismHistory(ENRICHER_ARN, '2000-01-01');

    expect(response.clusters).toEqual([{ ...cluster, cost: clusterCost }]);
    expect(response.topics).toEqual([
      {
        ...orders,
        cost: {
          estimate: clusterCost.estimate,
          lowerBound: clusterCost.lowerBound,
          missing: clusterCost.missing,
          usdPerGbIn: null,
          usdPerGbOut: null,
          share: costs.topicShare(orders, clusterCost),
        },
        consumers: [],
      },
    ]);
    expect(response.applications).toEqual([
      {
        ...application,
        kpus: { ...kpus, autoscalingEvents: autoscalingEvents(history) },
        cost: flinkCost,
      },
    ]);
    expect(response.cost).toEqual({ permitted: true });
    // The topic's share as the chargeback model split it: its fixed and
    // usage parts (none on Standard: no usage-priced part) and how; without
    // per-topic bytes (PER_BROKER) both fixed parts go by partitions.
    const share = response.topics[0].cost!.share!;
    expect(share).toMatchObject({
      fixedUsd: share.usd,
      usageUsd: 0,
      basisDescription:
        'the shared fixed cost by partitions (12 of 18 partitions)',
    });
    expect(share.usd).toBeGreaterThan(0);
  });

  it('calls no cost computation and makes the same few queries whatever the number of topics attached', async () => {
    const queriesFor = async (extraTopics: number) => {
      const { knex, answer } = await setUp(extraTopics);
      const spies = [
        jest.spyOn(CostCalculator.prototype, 'clusterCost'),
        jest.spyOn(CostCalculator.prototype, 'topicShare'),
        jest.spyOn(CostCalculator.prototype, 'flinkCost'),
      ];
      let queries = 0;
      const count = () => {
        queries++;
      };
      knex.on('query', count);
      const response = await answer.resolve(ordersService, readAndCostAll);
      knex.removeListener('query', count);
      expect(response.topics).toHaveLength(1 + extraTopics);
      expect(response.topics.every(t => t.cost?.share)).toBe(true);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      jest.restoreAllMocks();
      return queries;
    };
    const few = await queriesFor(0);
    const many = await queriesFor(80);
    expect(many).toBe(few);
    // Statuses, clusters by name, assets by ARN, topics by prefix, the
    // attached assets by ARN, their views, the consumer groups of their clusters.
    expect(few).toBeLessThanOrEqual(8);
  });

  it('leaves the cost out, but keeps the KPUs, without streaming.cost.read', async () => {
    const { answer } = await setUp();
    const response = await answer.resolve(ordersService, async assets => ({
      read: new Set(assets.map(a => a.arn)),
      cost: new Set<string>(),
    }));
    expect(response.clusters[0].cost).toBeUndefined();
    expect(response.topics[0].cost).toBeUndefined();
    expect(response.applications[0].cost).toBeUndefined();
    expect(response.applications[0].kpus?.inUse).toEqual(expect.any(Number));
    expect(response.cost).toMatchObject({ permitted: false });
  });

  it('keeps an entity’s resolution until a refresh completes, then resolves again', async () => {
    const { answer, refresher, addTopics, knex } = await setUp(0, 30);
    const first = await answer.resolve(ordersService, readAndCostAll);
    expect(first.topics).toHaveLength(1);

    // Cached: the name and prefix lookups are not repeated.
    let queries = 0;
    const count = () => {
      queries++;
    };
    knex.on('query', count);
    await answer.resolve(ordersService, readAndCostAll);
    knex.removeListener('query', count);
    const cachedQueries = queries;
    expect(cachedQueries).toBeLessThanOrEqual(5);

    // A new topic under the prefix is seen once the refresh that found it completes.
    addTopics(1);
    await refresher.refreshAll();
    const after = await answer.resolve(ordersService, readAndCostAll);
    expect(after.topics.map(t => t.name)).toEqual([
      'orders.created',
      'orders.extra-000',
    ]);
  });
});
