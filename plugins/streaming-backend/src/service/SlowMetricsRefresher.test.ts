import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { resolveHealthThresholds } from '@backstage-streaming/plugin-streaming-common';
import {
  account1Snapshot,
  FakeStreamingAwsService,
} from '../__fixtures__/snapshots';
import { InventoryStore } from '../database/InventoryStore';
import { EntityAssetResolver } from './EntityAssetResolver';
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
async function setUp(entities: Entity[], aws = new FakeStreamingAwsService()) {
  const knex = await databases.init('SQLITE_3');
  const store = await InventoryStore.create(mockServices.database({ knex }));
  const logger = mockServices.logger.mock();
  const thresholds = resolveHealthThresholds({});
  const ownership = { tagKeys: ['owner'], groupMapping: {} };
  const resolver = new EntityAssetResolver(store, aws.config);
  const inventory = new InventoryRefresher({
    aws,
    store,
    resolver,
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger,
    thresholds,
    ownership,
    purgeGoneAfterDays: 7,
    maxSeriesPerRefresh: 5000,
    frequencySeconds: 900,
  });
  const slow = new SlowMetricsRefresher({
    aws,
    store,
    logger,
    thresholds,
    ownership,
    maxSeriesPerRefresh: 5000,
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
});
