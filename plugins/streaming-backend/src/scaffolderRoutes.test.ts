import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  estimateClusterMonthlyCost,
  estimateFlinkMonthlyCost,
  resolvePricing,
} from '@backstage-streaming/plugin-streaming-common';
import { streamingAwsServiceRef } from '@backstage-streaming/plugin-streaming-node';
import request from 'supertest';
import {
  FakeStreamingAwsService,
  ORDERS_CLUSTER_ARN,
} from './__fixtures__/snapshots';
import { streamingPlugin } from './plugin';

async function startBackend(
  options: {
    pricing?: unknown;
    authorize?: (requests: any[]) => Promise<any[]>;
  } = {},
) {
  const authorize = jest.fn(
    options.authorize ??
      (async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW }))),
  );
  const { server } = await startTestBackend({
    features: [
      streamingPlugin,
      mockServices.rootConfig.factory({
        data: {
          streaming: {
            refresh: { frequency: { minutes: 10 }, timeout: { minutes: 1 } },
            ...(options.pricing ? { pricing: options.pricing } : {}),
          },
        },
      }),
      catalogServiceMock.factory({ entities: [] }),
      createServiceFactory({
        service: streamingAwsServiceRef,
        deps: {},
        factory: () => new FakeStreamingAwsService(),
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      mockServices.permissions.mock({ authorize }).factory,
    ],
  });
  return { server, authorize };
}

describe('POST /api/streaming/v1/estimate', () => {
  it('prices a proposed cluster with the cluster cost rule, parts and all', async () => {
    const { server } = await startBackend();
    const body = {
      kind: 'kafka-cluster',
      clusterType: 'standard',
      region: 'us-east-1',
      instanceType: 'kafka.m7g.large',
      brokerCount: 3,
      volumeSizeGiB: 1000,
    };
    const res = await request(server)
      .post('/api/streaming/v1/estimate')
      .send(body);
    expect(res.status).toBe(200);
    // 3 × $0.204 × 730 + 3 × 1000 GB × $0.10 (reference facts §4)
    expect(res.body.monthlyUsd).toBeCloseTo(746.76, 6);
    const { kind: _kind, ...input } = body;
    expect(res.body).toEqual(
      JSON.parse(
        JSON.stringify(
          estimateClusterMonthlyCost(input as any, resolvePricing()),
        ),
      ),
    );
  });

  it('prices a proposed Flink application with the configured KPU price', async () => {
    const pricing = { items: { flinkKpuHour: 0.2 } };
    const { server } = await startBackend({ pricing });
    const res = await request(server).post('/api/streaming/v1/estimate').send({
      kind: 'flink-application',
      region: 'us-east-1',
      parallelism: 4,
      parallelismPerKpu: 1,
    });
    expect(res.status).toBe(200);
    const kpus = res.body.parts.find((p: any) => p.item === 'flinkKpuHour');
    // (4 + 1 orchestration) KPUs × 730 h × $0.20 configured
    expect(kpus.monthlyUsd).toBeCloseTo(730, 6);
    expect(res.body.monthlyUsd).toBe(
      estimateFlinkMonthlyCost(
        {
          region: 'us-east-1',
          status: 'RUNNING',
          applicationMode: 'STREAMING',
          currentParallelism: 4,
          parallelism: 4,
          parallelismPerKpu: 1,
        },
        resolvePricing(pricing),
      ).monthlyUsd,
    );
  });

  it.each([
    [
      {
        kind: 'kafka-cluster',
        clusterType: 'standard',
        region: 'us-east-1',
        brokerCount: 0,
      },
      /brokerCount/,
    ],
    [
      { kind: 'flink-application', region: 'Virginia', parallelism: 2 },
      /region: must be an AWS region/,
    ],
    [
      { kind: 'bucket', region: 'us-east-1' },
      /kind must be one of kafka-cluster, kafka-topic, flink-application/,
    ],
    [
      {
        kind: 'flink-application',
        region: 'us-east-1',
        parallelism: 2,
        kpus: 9,
      },
      /Unrecognized key.*kpus/,
    ],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const { server } = await startBackend();
    const res = await request(server)
      .post('/api/streaming/v1/estimate')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers 401 without credentials', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .post('/api/streaming/v1/estimate')
      .set('Authorization', mockCredentials.none.header())
      .send({
        kind: 'kafka-topic',
        clusterType: 'serverless',
        region: 'us-east-1',
        partitionCount: 3,
      });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/streaming/v1/scaffolder/clusters', () => {
  it('lists readable clusters with the topic APIs and their partition budget, authorized in one batch per ARN', async () => {
    const { server, authorize } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/scaffolder/clusters',
    );
    expect(res.status).toBe(200);
    // The Serverless clusters of the fixture have no topic APIs.
    expect(res.body.clusters).toEqual([
      {
        arn: ORDERS_CLUSTER_ARN,
        name: 'orders-standard',
        accountId: '111111111111',
        region: 'us-east-1',
        clusterType: 'standard',
        state: 'ACTIVE',
        kafkaVersion: '3.6.0',
        instanceType: 'kafka.m7g.large',
        brokerCount: 3,
        // 12 × 3 + 6 × 2 replicas in use of 3 × 1000 recommended
        partitionBudget: {
          recommendedPerBroker: 1000,
          capacity: 3000,
          replicasInUse: 48,
          remainingReplicas: 2952,
        },
      },
    ]);
    const batches = authorize.mock.calls.filter(([requests]) =>
      requests.some((r: any) => r.resourceRef === ORDERS_CLUSTER_ARN),
    );
    expect(batches).toHaveLength(1);
    expect(batches[0][0]).toEqual([
      {
        permission: expect.objectContaining({ name: 'streaming.asset.read' }),
        resourceRef: ORDERS_CLUSTER_ARN,
      },
    ]);
  });

  it('leaves out clusters the policy does not allow', async () => {
    const { server } = await startBackend({
      authorize: async requests =>
        requests.map(r => ({
          result:
            r.resourceRef === ORDERS_CLUSTER_ARN
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const res = await request(server).get(
      '/api/streaming/v1/scaffolder/clusters',
    );
    expect(res.status).toBe(200);
    expect(res.body.clusters).toEqual([]);
  });
});
