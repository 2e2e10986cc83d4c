import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import {
  AssetType,
  STREAMING_PROVIDER_LOCATION,
  streamingEntityName,
} from '@backstage-streaming/plugin-streaming-common';
import {
  ENRICHER_APP,
  FakeFeed,
  FULFILMENT_GROUP,
  ORDERS_CLUSTER,
  ORDERS_TOPIC,
} from '../__testUtils__/fakeFeed';
import { StreamingRelationsProcessor } from './StreamingRelationsProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

const ordersService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    annotations: {
      'aws.amazon.com/amazon-msk-topics': 'orders-standard/orders.*',
      'aws.amazon.com/amazon-managed-flink-tags': 'owner=team-orders',
    },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

async function process(
  entity: Entity,
  feed: FakeFeed,
  assetTypes: AssetType[] = [
    'kafka-cluster',
    'kafka-topic',
    'consumer-group',
    'flink-application',
  ],
) {
  const processor = new StreamingRelationsProcessor({
    feed,
    logger: mockServices.logger.mock(),
    assetTypes,
  });
  const emitted: CatalogProcessorResult[] = [];
  const result = await processor.postProcessEntity(entity, location, r =>
    emitted.push(r),
  );
  expect(result).toBe(entity);
  const refreshKeys = emitted.flatMap(r =>
    r.type === 'refresh' ? [r.key] : [],
  );
  const relations = emitted.flatMap(r => {
    if (r.type === 'refresh') return [];
    if (r.type !== 'relation') throw new Error(`unexpected ${r.type}`);
    return [r.relation];
  });
  // Every related entity is re-processed when the inventory changes.
  expect(refreshKeys).toEqual(
    relations.length ? ['streaming:attachments'] : [],
  );
  return relations;
}

const self = {
  kind: 'Component',
  namespace: 'default',
  name: 'orders-service',
};
const resource = (arn: string) => ({
  kind: 'Resource',
  namespace: 'default',
  name: streamingEntityName(arn),
});

describe('StreamingRelationsProcessor', () => {
  it('relates an entity to the Resources of what its annotations attach, both ways', async () => {
    const feed = new FakeFeed();
    // As the backend resolved the prefix and the tag selector.
    feed.attachments.set('component:default/orders-service', [
      ORDERS_TOPIC,
      ENRICHER_APP,
    ]);
    expect(await process(ordersService, feed)).toEqual([
      { source: self, type: 'dependsOn', target: resource(ORDERS_TOPIC) },
      { source: resource(ORDERS_TOPIC), type: 'dependencyOf', target: self },
      { source: self, type: 'dependsOn', target: resource(ENRICHER_APP) },
      { source: resource(ENRICHER_APP), type: 'dependencyOf', target: self },
    ]);
  });

  it('relates nothing for the provider’s own Resources, even with attachment annotations', async () => {
    const feed = new FakeFeed();
    feed.attachments.set('resource:default/orders', [ORDERS_CLUSTER]);
    const own: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'orders',
        annotations: {
          'backstage.io/managed-by-location': STREAMING_PROVIDER_LOCATION,
          'aws.amazon.com/arn': ORDERS_CLUSTER,
          'aws.amazon.com/amazon-msk-cluster-arn': ORDERS_CLUSTER,
        },
      },
      spec: { type: 'kafka-cluster', owner: 'team-orders' },
    };
    expect(await process(own, feed)).toEqual([]);
  });

  it('asks nothing for an entity without streaming annotations', async () => {
    const feed = new FakeFeed();
    feed.failure = new Error('must not be called');
    expect(
      await process(
        { ...ordersService, metadata: { name: 'plain', annotations: {} } },
        feed,
      ),
    ).toEqual([]);
  });

  it('points at no Resource of a type the provider does not ingest', async () => {
    const feed = new FakeFeed();
    feed.attachments.set('component:default/orders-service', [
      ORDERS_TOPIC,
      FULFILMENT_GROUP,
      ORDERS_CLUSTER,
    ]);
    const relations = await process(ordersService, feed, [
      'kafka-cluster',
      'flink-application',
    ]);
    expect(relations.map(r => r.target)).toEqual([
      resource(ORDERS_CLUSTER),
      self,
    ]);
  });

  it('throws when the feed fails, so the catalog keeps the previous relations', async () => {
    const feed = new FakeFeed();
    feed.failure = new Error('503 Service Unavailable');
    await expect(process(ordersService, feed)).rejects.toThrow('503');
  });
});
