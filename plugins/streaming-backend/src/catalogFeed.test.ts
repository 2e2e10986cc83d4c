import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_STREAMING_ARN,
  catalogFeedPageSchema,
  consumerGroupArnFor,
  STREAMING_PROVIDER_LOCATION,
} from '@backstage-streaming/plugin-streaming-common';
import { streamingAwsServiceRef } from '@backstage-streaming/plugin-streaming-node';
import request from 'supertest';
import {
  ENRICHER_ARN,
  FakeStreamingAwsService,
  ORDERS_CLUSTER_ARN,
  ORDERS_TOPIC_ARN,
  SHARED_NAME_ARN_2,
} from './__fixtures__/snapshots';
import { streamingPlugin } from './plugin';

const GROUP_ARN = consumerGroupArnFor(ORDERS_CLUSTER_ARN, 'orders-fulfilment')!;

const ordersService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-msk-topics': 'orders-standard/orders.*',
      'aws.amazon.com/amazon-managed-flink-tags': 'owner=team-orders',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-platform' },
};

/** A Resource the catalog provider wrote for the untagged account-2 cluster. */
const providerResource: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'shared-resource',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': STREAMING_PROVIDER_LOCATION,
      [ANNOTATION_STREAMING_ARN]: SHARED_NAME_ARN_2,
      // Even with an attachment annotation, it never claims its own asset.
      'aws.amazon.com/amazon-msk-cluster-arn': SHARED_NAME_ARN_2,
    },
  },
  spec: { type: 'kafka-cluster', owner: 'group:default/platform-unowned' },
};

/**
 * The real plugin on the fake estate. `tasksInOrder` runs the scheduled tasks
 * one after another (inventory, then slow metrics, which discovers consumer
 * groups), as their start delays do in production.
 */
async function startBackend(options: { tasksInOrder?: boolean } = {}) {
  const aws = new FakeStreamingAwsService();
  const tasks: Array<() => Promise<void>> = [];
  const { server } = await startTestBackend({
    features: [
      streamingPlugin,
      mockServices.rootConfig.factory({
        data: {
          streaming: {
            refresh: {
              frequency: { minutes: 10 },
              timeout: { minutes: 1 },
              debounceSeconds: 0,
            },
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [ordersService, providerResource],
      }),
      createServiceFactory({
        service: streamingAwsServiceRef,
        deps: {},
        factory: () => aws,
      }),
      options.tasksInOrder
        ? mockServices.scheduler.mock({
            scheduleTask: async task => {
              tasks.push(() =>
                Promise.resolve(task.fn(new AbortController().signal)),
              );
            },
          }).factory
        : mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
    ],
  });
  for (const task of tasks) await task();
  return { server, aws };
}

const asService = () => mockCredentials.service.header();

describe('the internal catalog feed', () => {
  it('is for service principals only', async () => {
    const { server } = await startBackend();
    for (const path of ['state', 'assets', 'attachments?entityRef=a:b/c']) {
      const asUser = await request(server).get(
        `/api/streaming/v1/internal/catalog/${path}`,
      );
      expect(asUser.status).toBe(403);
      const anonymous = await request(server)
        .get(`/api/streaming/v1/internal/catalog/${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
    }
  });

  it('pages every asset in ARN order with owners and dependencies', async () => {
    const { server } = await startBackend({ tasksInOrder: true });
    const seen: any[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(server)
        .get('/api/streaming/v1/internal/catalog/assets')
        .query({ limit: 2, ...(after ? { after } : {}) })
        .set('Authorization', asService());
      expect(res.status).toBe(200);
      const page = catalogFeedPageSchema.parse(res.body);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      after = page.nextAfter;
      pages++;
    } while (after);
    expect(pages).toBeGreaterThan(2);
    const arns = seen.map(a => a.arn);
    expect(arns).toEqual([...arns].sort());
    expect(new Set(arns).size).toBe(arns.length);

    const byArn = new Map(seen.map(a => [a.arn, a]));
    expect(byArn.get(ORDERS_TOPIC_ARN)).toMatchObject({
      assetType: 'kafka-topic',
      clusterArn: ORDERS_CLUSTER_ARN,
      clusterName: 'orders-standard',
      dependsOn: [ORDERS_CLUSTER_ARN],
    });
    expect(byArn.get(ORDERS_CLUSTER_ARN)).toMatchObject({
      assetType: 'kafka-cluster',
      clusterType: expect.any(String),
      owner: 'group:default/team-orders',
      dependsOn: [],
    });
    expect(byArn.get(GROUP_ARN).dependsOn).toEqual([ORDERS_TOPIC_ARN]);
    // Its property group names `input.topic: orders.created`.
    expect(byArn.get(ENRICHER_ARN).dependsOn).toEqual([ORDERS_TOPIC_ARN]);
    // The provider's own Resource did not claim the untagged cluster.
    expect(byArn.get(SHARED_NAME_ARN_2).owner).toBeNull();
  });

  it('filters by asset type, account and region, and resolves only the property keys asked for', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/streaming/v1/internal/catalog/assets')
      .query({
        assetTypes: 'flink-application,kafka-cluster',
        accountIds: '111111111111',
        flinkTopicKeys: 'output.topic',
      })
      .set('Authorization', asService());
    expect(res.status).toBe(200);
    const items = catalogFeedPageSchema.parse(res.body).items;
    expect(new Set(items.map(a => a.assetType))).toEqual(
      new Set(['flink-application', 'kafka-cluster']),
    );
    expect(items.every(a => a.accountId === '111111111111')).toBe(true);
    expect(items.find(a => a.arn === ENRICHER_ARN)?.dependsOn).toEqual([]);
  });

  it('answers 400 naming the bad parameter', async () => {
    const { server } = await startBackend();
    for (const [query, message] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 'many' }, 'limit'],
      [{ assetTypes: 'kafka-cluster,queue' }, 'assetTypes'],
    ] as const) {
      const res = await request(server)
        .get('/api/streaming/v1/internal/catalog/assets')
        .query(query)
        .set('Authorization', asService());
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
    const noRef = await request(server)
      .get('/api/streaming/v1/internal/catalog/attachments')
      .set('Authorization', asService());
    expect(noRef.status).toBe(400);
    expect(noRef.body.error.message).toContain('entityRef');
  });

  it('lists what an entity attaches, prefixes and tag selectors resolved', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/streaming/v1/internal/catalog/attachments')
      .query({ entityRef: 'component:default/orders-service' })
      .set('Authorization', asService());
    expect(res.status).toBe(200);
    expect(res.body.arns).toEqual([ENRICHER_ARN, ORDERS_TOPIC_ARN].sort());
    const own = await request(server)
      .get('/api/streaming/v1/internal/catalog/attachments')
      .query({ entityRef: 'resource:default/shared-resource' })
      .set('Authorization', asService());
    expect(own.body.arns).toEqual([]);
  });

  it("serves a provider Resource's own asset on its page, by its ARN annotation", async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/resource/shared-resource',
    );
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([]);
    expect(res.body.clusters.map((c: any) => c.arn)).toEqual([
      SHARED_NAME_ARN_2,
    ]);
  });

  it('says which account-regions refreshed, and changes its generation with each refresh', async () => {
    const { server, aws } = await startBackend();
    const state = async () =>
      (
        await request(server)
          .get('/api/streaming/v1/internal/catalog/state')
          .set('Authorization', asService())
      ).body;
    const first = await state();
    expect(first.accountRegions).toEqual([
      { accountId: '111111111111', region: 'us-east-1', state: 'ok' },
      { accountId: '222222222222', region: 'us-east-1', state: 'ok' },
    ]);
    expect(await state()).toEqual(first);

    aws.failures.set('222222222222', {
      operation: 'ListClustersV2',
      code: 'AccessDeniedException',
      message: 'not authorized',
    });
    const reads = aws.reads;
    await request(server).post('/api/streaming/v1/refresh');
    await waitFor(async () => {
      const next = await state();
      return (
        aws.reads >= reads + 2 &&
        next.accountRegions[1].state === 'error' &&
        next.generation !== first.generation
      );
    });
  });
});

async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}
