import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  estimateClusterMonthlyCost,
  estimateFlinkMonthlyCost,
  resolvePricing,
  streamingAssetReadPermission,
} from '@backstage-streaming/plugin-streaming-common';
import {
  createStreamingAssetConditionalDecision,
  streamingAssetConditions,
  streamingAwsServiceRef,
} from '@backstage-streaming/plugin-streaming-node';
import request from 'supertest';
import {
  account2Snapshot,
  FakeStreamingAwsService,
  ORDERS_CLUSTER_ARN,
} from './__fixtures__/snapshots';
import { streamingPlugin } from './plugin';

const PAYMENTS_CLUSTER_ARN =
  'arn:aws:kafka:us-east-1:222222222222:cluster/payments-standard/uuid-9';

/** The fixture estate plus a provisioned cluster whose tags give it to team-payments. */
function withPaymentsCluster(): FakeStreamingAwsService {
  const aws = new FakeStreamingAwsService();
  aws.snapshots.set('222222222222', () => {
    const snapshot = account2Snapshot();
    return {
      ...snapshot,
      clusters: [
        ...snapshot.clusters,
        {
          arn: PAYMENTS_CLUSTER_ARN,
          name: 'payments-standard',
          clusterType: 'standard',
          state: 'ACTIVE',
          stateInfo: null,
          currentVersion: 'K1',
          kafkaVersion: '3.7.x',
          brokerCount: 3,
          instanceType: 'kafka.m7g.large',
          tags: { owner: 'team-payments' },
          details: null,
          brokers: null,
        },
      ],
      topicsListedFor: [PAYMENTS_CLUSTER_ARN],
    };
  });
  return aws;
}

async function startBackend(
  options: {
    pricing?: unknown;
    aws?: FakeStreamingAwsService;
    /** The decision on streaming.asset.read (the other permissions are allowed). */
    assetRead?: PolicyDecision;
  } = {},
) {
  const decisionOf = (name: string): PolicyDecision =>
    name === streamingAssetReadPermission.name && options.assetRead
      ? options.assetRead
      : { result: AuthorizeResult.ALLOW };
  const authorizeConditional = jest.fn(async (requests: any[]) =>
    requests.map(r => decisionOf(r.permission.name)),
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
        factory: () => options.aws ?? new FakeStreamingAwsService(),
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => {
            const decision = decisionOf(r.permission.name);
            if (decision.result === AuthorizeResult.CONDITIONAL) {
              throw new Error(`${r.permission.name} asked unconditionally`);
            }
            return decision;
          }),
        authorizeConditional,
      }).factory,
    ],
  });
  return { server, authorizeConditional };
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
  it('lists readable clusters with the topic APIs and their partition budget, asking the policy once', async () => {
    const { server, authorizeConditional } = await startBackend();
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
    // streaming.asset.read once for the request (with streaming.cost.read), not once per cluster.
    const reads = authorizeConditional.mock.calls.filter(([requests]) =>
      requests.some(
        (r: any) => r.permission.name === streamingAssetReadPermission.name,
      ),
    );
    expect(reads).toHaveLength(1);
    expect(reads[0][0]).toContainEqual({
      permission: expect.objectContaining({ name: 'streaming.asset.read' }),
    });
  });

  it("applies a conditional decision to each cluster: the caller team's cluster stays, another team's is left out", async () => {
    const claims = ['user:default/ada', 'group:default/team-orders'];
    const { server } = await startBackend({
      aws: withPaymentsCluster(),
      assetRead: createStreamingAssetConditionalDecision(
        streamingAssetReadPermission,
        streamingAssetConditions.isAssetOwner({ claims }),
      ),
    });
    const res = await request(server).get(
      '/api/streaming/v1/scaffolder/clusters',
    );
    expect(res.status).toBe(200);
    expect(res.body.clusters.map((c: any) => c.arn)).toEqual([
      ORDERS_CLUSTER_ARN,
    ]);
  });

  it("lists both teams' clusters when the policy allows every asset", async () => {
    const { server } = await startBackend({ aws: withPaymentsCluster() });
    const res = await request(server).get(
      '/api/streaming/v1/scaffolder/clusters',
    );
    expect(res.status).toBe(200);
    expect(res.body.clusters.map((c: any) => c.name)).toEqual([
      'orders-standard',
      'payments-standard',
    ]);
  });

  it('lists nothing when streaming.asset.read is denied', async () => {
    const { server } = await startBackend({
      aws: withPaymentsCluster(),
      assetRead: { result: AuthorizeResult.DENY },
    });
    const res = await request(server).get(
      '/api/streaming/v1/scaffolder/clusters',
    );
    expect(res.status).toBe(200);
    expect(res.body.clusters).toEqual([]);
  });
});
