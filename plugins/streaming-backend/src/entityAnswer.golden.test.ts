import fs from 'node:fs';
import path from 'node:path';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  consumerGroupArnFor,
  unpackEntityAnswer,
} from '@backstage-streaming/plugin-streaming-common';
import { streamingAwsServiceRef } from '@backstage-streaming/plugin-streaming-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import request from 'supertest';
import {
  ENRICHER_ARN,
  FakeStreamingAwsService,
  ORDERS_CLUSTER_ARN,
  ORDERS_TOPIC_ARN,
  SHARED_NAME_ARN_1,
  SHARED_NAME_ARN_2,
} from './__fixtures__/snapshots';
import { streamingPlugin } from './plugin';

/**
 * The entity answers for the fixture inventory, compared with the answers the
 * backend gave before cost, shares and KPUs were derived at refresh (recorded
 * in __fixtures__/entityAnswers.json by the per-view computation, times
 * replaced by <time>): serving stored views must not change a byte of them.
 * Re-recorded once on purpose for the chargeback model (30/70 by partitions
 * and bytes): only topic shares, their fixed and usage parts and the basis
 * words changed; cluster totals and owner roll-ups did not. Re-recorded once
 * more when each cost part gained `priceOrigin` and `priceAsOf` (where its
 * price came from): only those two fields were added, no figure changed.
 */
const GOLDEN = path.join(__dirname, '__fixtures__', 'entityAnswers.json');

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function component(
  name: string,
  annotations: Record<string, string>,
  owner = 'team-orders',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

const entities = [
  component('orders-service', {
    'aws.amazon.com/amazon-msk-cluster-arn': ORDERS_CLUSTER_ARN,
    'aws.amazon.com/amazon-msk-topics': 'orders-standard/orders.created',
    'aws.amazon.com/amazon-managed-flink-application-arn': ENRICHER_ARN,
  }),
  component('all-topics', {
    'aws.amazon.com/amazon-msk-topics': `orders-standard/*,${ORDERS_TOPIC_ARN}`,
  }),
  component('broken', {
    'aws.amazon.com/amazon-msk-cluster-arn': `orders-standard, ${ORDERS_CLUSTER_ARN}`,
    'aws.amazon.com/amazon-msk-topics': `shared/t1,orders-standard/nope,no-slash,missing-cluster/t,orders-standard/zzz*`,
    'aws.amazon.com/amazon-managed-flink-application-arn': [
      'arn:aws:kinesisanalytics:us-east-1:111111111111:application/gone-app',
      'arn:aws:kinesisanalytics:eu-central-1:333333333333:application/elsewhere',
    ].join(','),
    'aws.amazon.com/amazon-msk-consumer-groups':
      'orders-standard/nobody,shared/x,bad',
  }),
  component('fulfilment', {
    'aws.amazon.com/amazon-msk-consumer-groups': `${consumerGroupArnFor(
      ORDERS_CLUSTER_ARN,
      'orders-fulfilment',
    )!},orders-standard/orders-fulfilment`,
  }),
  component('by-tags', {
    'aws.amazon.com/amazon-msk-tags': 'owner=team-orders',
    'aws.amazon.com/amazon-managed-flink-tags': 'owner=team-orders, nokey',
  }),
  component(
    'shared-analytics',
    {
      'aws.amazon.com/amazon-msk-cluster-arn': `${SHARED_NAME_ARN_2},${SHARED_NAME_ARN_1}`,
    },
    'team-analytics',
  ),
];

const normalize = (body: unknown) =>
  JSON.parse(
    JSON.stringify(body).replace(
      /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g,
      '<time>',
    ),
  );

describe('the entity answer', () => {
  it('is what the per-view computation answered, for every fixture entity', async () => {
    const aws = new FakeStreamingAwsService();
    aws.snapshots.set('111111111111', () => {
      // Per-topic throughput (PER_TOPIC_PER_BROKER), so shares split by bytes.
      const { account1Snapshot } = jest.requireActual(
        './__fixtures__/snapshots',
      );
      const snapshot = account1Snapshot();
      snapshot.clusters[0].details = {
        ...snapshot.clusters[0].details!,
        enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
      };
      return snapshot;
    });
    const tasks: Array<() => Promise<void>> = [];
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        streamingPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            streaming: {
              refresh: { frequency: { minutes: 10 }, timeout: { minutes: 1 } },
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
        createServiceFactory({
          service: streamingAwsServiceRef,
          deps: {},
          factory: () => aws,
        }),
        mockServices.scheduler.mock({
          scheduleTask: async task => {
            tasks.push(() =>
              Promise.resolve(task.fn(new AbortController().signal)),
            );
          },
        }).factory,
      ],
    });
    // Inventory, slow metrics, and the inventory again (owners, lag, throughput all known).
    for (const task of [...tasks, ...tasks]) await task();

    const answers: Record<string, unknown> = {};
    const sharing: Array<{ shared: number; smaller: boolean }> = [];
    for (const entity of entities) {
      const res = await request(server).get(
        `/api/streaming/v1/entity/default/component/${entity.metadata.name}`,
      );
      expect(res.status).toBe(200);
      answers[entity.metadata.name] = normalize(res.body);
      // The entity page's packed answer is the same answer, in fewer bytes
      // whenever an estimate repeats.
      const packed = await request(server).get(
        `/api/streaming/v1/entity/default/component/${entity.metadata.name}?sharedEstimates=true`,
      );
      expect(packed.status).toBe(200);
      expect(unpackEntityAnswer(packed.body)).toEqual(res.body);
      sharing.push({
        shared: packed.body.estimates.length,
        smaller: packed.text.length < res.text.length,
      });
    }
    // Some fixture entity repeats an estimate, and every such answer shrinks.
    expect(sharing.some(s => s.shared > 0)).toBe(true);
    expect(sharing.filter(s => s.shared > 0 && !s.smaller)).toEqual([]);
    const refused = await request(server).get(
      `/api/streaming/v1/entity/default/component/orders-service?sharedEstimates=yes`,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'Invalid sharedEstimates: use true or false, got "yes"',
    );
    if (process.env.STREAMING_UPDATE_GOLDEN) {
      fs.writeFileSync(GOLDEN, `${JSON.stringify(answers, null, 2)}\n`);
    }
    const golden = JSON.parse(fs.readFileSync(GOLDEN, 'utf8'));
    expect(answers).toEqual(golden);
    // Byte for byte, key order included.
    expect(JSON.stringify(answers)).toBe(JSON.stringify(golden));
  });
});
