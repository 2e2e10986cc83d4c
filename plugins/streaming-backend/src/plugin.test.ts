import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { consumerGroupArnFor } from '@backstage-streaming/plugin-streaming-common';
import { Knex } from 'knex';
import {
  createStreamingAssetConditionalDecision,
  streamingAssetConditions,
  streamingAwsServiceRef,
} from '@backstage-streaming/plugin-streaming-node';
import {
  streamingAssetReadPermission,
  streamingCostReadPermission,
} from '@backstage-streaming/plugin-streaming-common';
import request from 'supertest';
import {
  ENRICHER_ARN,
  account1Snapshot,
  account2Snapshot,
  FakeStreamingAwsService,
  ORDERS_CLUSTER_ARN,
  ORDERS_TOPIC_ARN,
  SHARED_NAME_ARN_1,
  SHARED_NAME_ARN_2,
} from './__fixtures__/snapshots';
import { COST_HISTORY_TASK_ID, streamingPlugin } from './plugin';

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
  component('broken', {
    'aws.amazon.com/amazon-msk-cluster-arn': `orders-standard, ${ORDERS_CLUSTER_ARN}`,
    'aws.amazon.com/amazon-msk-topics': `shared/t1,orders-standard/nope,no-slash,missing-cluster/t,${ORDERS_TOPIC_ARN}`,
    'aws.amazon.com/amazon-managed-flink-application-arn': [
      'arn:aws:kinesisanalytics:us-east-1:111111111111:application/gone-app',
      'arn:aws:kinesisanalytics:eu-central-1:333333333333:application/elsewhere',
    ].join(','),
  }),
  component('plain', {}),
  component('fulfilment', {
    'aws.amazon.com/amazon-msk-consumer-groups': consumerGroupArnFor(
      ORDERS_CLUSTER_ARN,
      'orders-fulfilment',
    )!,
  }),
  component('by-tags', {
    'aws.amazon.com/amazon-msk-tags': 'owner=team-orders',
    'aws.amazon.com/amazon-managed-flink-tags': 'owner=team-orders, nokey',
    'aws.amazon.com/amazon-msk-topics':
      'orders-standard/orders.*,orders-standard/zzz*',
  }),
  {
    ...component('serverless-user', {
      'aws.amazon.com/amazon-msk-cluster-arn': SHARED_NAME_ARN_1,
    }),
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-platform',
    },
  },
  // Two teams attach the untagged cluster in account 2: neither owns it.
  component(
    'shared-analytics',
    { 'aws.amazon.com/amazon-msk-cluster-arn': SHARED_NAME_ARN_2 },
    'team-analytics',
  ),
  component(
    'shared-platform',
    { 'aws.amazon.com/amazon-msk-cluster-arn': SHARED_NAME_ARN_2 },
    'team-platform',
  ),
  // One entity, two clusters: one tagged for team-orders, one untagged.
  component(
    'mixed',
    {
      'aws.amazon.com/amazon-msk-cluster-arn': `${ORDERS_CLUSTER_ARN},${SHARED_NAME_ARN_1}`,
    },
    'team-platform',
  ),
  // Another team annotates the orders cluster, which its tags give to team-orders.
  component(
    'orders-claimer',
    {
      'aws.amazon.com/amazon-msk-cluster-arn': ORDERS_CLUSTER_ARN,
      'aws.amazon.com/amazon-msk-topics': 'orders-standard/orders.created',
    },
    'team-analytics',
  ),
];

/** Conditional decisions on assets for a caller owning these groups, as the recommended policy gives them. */
function ownerOrClaimant(
  permission: typeof streamingAssetReadPermission,
  claims: string[],
): PolicyDecision {
  return createStreamingAssetConditionalDecision(permission, {
    anyOf: [
      streamingAssetConditions.isAssetOwner({ claims }),
      streamingAssetConditions.isClaimedBy({ claims }),
    ],
  });
}

async function startBackend(
  options: {
    aws?: FakeStreamingAwsService;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    /** Permission names to deny while allowing the rest. */
    deny?: string[];
    /** Decisions by permission name (the others allowed), e.g. conditional ones. */
    decisions?: Record<string, PolicyDecision>;
    runRefresh?: boolean;
    debounceSeconds?: number;
    rateLimit?: { requests: number; perSeconds: number };
    /**
     * Run the scheduled tasks one after another in the order the plugin
     * schedules them (inventory, then slow metrics), as their start delays do in
     * production, instead of all at once.
     */
    tasksInOrder?: boolean;
    /** The plugin's database, for a test that edits stored rows. */
    knex?: Knex;
  } = {},
) {
  const aws = options.aws ?? new FakeStreamingAwsService();
  const scheduledTasks: Array<() => Promise<void>> = [];
  const scheduledTaskScopes: Record<string, string | undefined> = {};
  const decisionOf = (name: string): PolicyDecision =>
    options.decisions?.[name] ?? {
      result: options.deny?.includes(name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    };
  const { server } = await startTestBackend({
    features: [
      streamingPlugin,
      mockServices.rootConfig.factory({
        data: {
          streaming: {
            refresh: {
              frequency: { minutes: 10 },
              timeout: { minutes: 1 },
              debounceSeconds: options.debounceSeconds ?? 0,
            },
            ...(options.rateLimit
              ? { metrics: { rateLimit: options.rateLimit } }
              : {}),
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      createServiceFactory({
        service: streamingAwsServiceRef,
        deps: {},
        factory: () => aws,
      }),
      options.tasksInOrder
        ? mockServices.scheduler.mock({
            scheduleTask: async task => {
              scheduledTaskScopes[task.id] = task.scope;
              scheduledTasks.push(() =>
                Promise.resolve(task.fn(new AbortController().signal)),
              );
            },
          }).factory
        : mockServices.scheduler.factory({
            skipTaskRunOnStartup: options.runRefresh === false,
            includeInitialDelayedTasksOnStartup: true,
          }),
      options.deny || options.decisions
        ? mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(r => {
                const decision = decisionOf(r.permission.name);
                if (decision.result === AuthorizeResult.CONDITIONAL) {
                  throw new Error(`${r.permission.name} asked unconditionally`);
                }
                return decision;
              }),
            authorizeConditional: async requests =>
              requests.map(r => decisionOf(r.permission.name)),
          }).factory
        : mockServices.permissions.factory({
            result: options.permission ?? AuthorizeResult.ALLOW,
          }),
    ],
  });
  const runScheduledTasks = async () => {
    for (const task of scheduledTasks) await task();
  };
  await runScheduledTasks();
  return { server, aws, runScheduledTasks, scheduledTaskScopes };
}

describe('the cost history task', () => {
  it('is scheduled for one replica at a time, and records today once the refresh has derived the estate', async () => {
    const knex = await databases.init('SQLITE_3');
    // Tasks run in the order they were scheduled: the inventory refresh
    // (which derives the views), the slow metrics, then the cost history.
    // The unit tests cover a history run before anything was derived.
    const { scheduledTaskScopes } = await startBackend({
      knex,
      tasksInOrder: true,
    });
    expect(scheduledTaskScopes[COST_HISTORY_TASK_ID]).toBe('global');
    const today = new Date().toISOString().slice(0, 10);
    const estate = await knex('streaming_cost_history').where({
      scope: 'estate',
      day: today,
    });
    expect(estate).toHaveLength(1);
    expect(Boolean(estate[0].backfilled)).toBe(false);
    expect(Number(estate[0].monthly_usd)).toBeGreaterThan(0);
  });
});

describe('GET /api/streaming/v1/entity/:namespace/:kind/:name', () => {
  it('serves the attached clusters, topics and applications with health and owner', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );

    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/orders-service');
    expect(res.body.problems).toEqual([]);
    expect(res.body.inventoryRefreshedAt).toEqual(expect.any(String));
    expect(res.body.clusters).toEqual([
      expect.objectContaining({
        arn: ORDERS_CLUSTER_ARN,
        clusterType: 'standard',
        owner: 'group:default/team-orders',
        // Busiest broker: CpuUser 30 + broker id 1, CpuSystem 1.
        cpuPercent: 32,
        stale: false,
        health: { status: 'healthy', findings: [] },
      }),
    ]);
    expect(res.body.topics).toEqual([
      expect.objectContaining({
        arn: ORDERS_TOPIC_ARN,
        partitionCount: 12,
        owner: 'group:default/team-orders',
      }),
    ]);
    expect(res.body.applications).toEqual([
      expect.objectContaining({
        arn: ENRICHER_ARN,
        status: 'RUNNING',
        health: { status: 'healthy', findings: [] },
      }),
    ]);
  });

  it('reports each bad annotation entry as a problem and still serves the good ones', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/broken',
    );

    expect(res.status).toBe(200);
    expect(res.body.clusters.map((c: any) => c.arn)).toEqual([
      ORDERS_CLUSTER_ARN,
    ]);
    expect(res.body.topics.map((t: any) => t.arn)).toEqual([ORDERS_TOPIC_ARN]);
    const problems = res.body.problems.map((p: any) => [p.kind, p.value]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['annotation-malformed', 'orders-standard'],
        ['annotation-ambiguous', 'shared/t1'],
        ['asset-not-found', 'orders-standard/nope'],
        ['annotation-malformed', 'no-slash'],
        ['asset-not-found', 'missing-cluster/t'],
        [
          'asset-not-found',
          'arn:aws:kinesisanalytics:us-east-1:111111111111:application/gone-app',
        ],
        [
          'asset-not-found',
          'arn:aws:kinesisanalytics:eu-central-1:333333333333:application/elsewhere',
        ],
      ]),
    );
    expect(problems).toHaveLength(7);
    const ambiguous = res.body.problems.find(
      (p: any) => p.kind === 'annotation-ambiguous',
    );
    expect(ambiguous.annotation).toBe('aws.amazon.com/amazon-msk-topics');
    expect(ambiguous.message).toContain('Use the topic ARN instead');
    const elsewhere = res.body.problems.find((p: any) =>
      p.value.includes('elsewhere'),
    );
    expect(elsewhere.message).toContain('not read by Backstage Streaming');
  });

  it('says the inventory is not refreshed yet rather than not found', async () => {
    const { server } = await startBackend({ runRefresh: false });
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(res.status).toBe(200);
    expect(res.body.inventoryRefreshedAt).toBeNull();
    expect(res.body.problems.map((p: any) => p.kind)).toEqual([
      'not-refreshed',
      'not-refreshed',
      'not-refreshed',
    ]);
  });

  it('answers an entity without annotations with an empty result', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/plain',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      clusters: [],
      topics: [],
      applications: [],
      problems: [],
    });
  });

  it('serves no secret from Flink properties, even ones an older version stored', async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startBackend({ knex, tasksInOrder: true });
    const row = await knex('streaming_assets')
      .where({ arn: ENRICHER_ARN })
      .first();
    const stored = JSON.parse(row.data);
    stored.details.propertyGroups = [
      {
        id: 'kafka',
        properties: {
          'sasl.jaas.config':
            'org.apache.kafka.common.security.scram.ScramLoginModule required username="enricher" password="s3cr3t-jaas";',
          'basic.auth.user.info': 'enricher:s3cr3t-basic',
          'sink.url': 'https://enricher:s3cr3t-url@search.example.com/index',
          'bootstrap.servers': 'b-1.example.com:9096',
        },
      },
    ];
    await knex('streaming_assets')
      .where({ arn: ENRICHER_ARN })
      .update({ data: JSON.stringify(stored) });

    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/s3cr3t/);
    expect(res.body.applications[0].details.propertyGroups).toEqual([
      {
        id: 'kafka',
        properties: {
          'sasl.jaas.config': '<redacted>',
          'basic.auth.user.info': '<redacted>',
          'sink.url': 'https://enricher:<redacted>@search.example.com/index',
          'bootstrap.servers': 'b-1.example.com:9096',
        },
      },
    ]);
  });

  it('attaches clusters and applications by tags, and topics by prefix', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/by-tags',
    );
    expect(res.status).toBe(200);
    expect(res.body.clusters.map((c: any) => c.arn)).toEqual([
      ORDERS_CLUSTER_ARN,
    ]);
    expect(res.body.applications.map((a: any) => a.arn)).toEqual([
      ENRICHER_ARN,
    ]);
    expect(res.body.topics.map((t: any) => t.name)).toEqual(['orders.created']);
    expect(res.body.problems.map((p: any) => [p.kind, p.value])).toEqual([
      ['asset-not-found', 'orders-standard/zzz*'],
      ['annotation-malformed', 'nokey'],
    ]);
  });

  it('owns an untagged asset by the owner of the one entity attaching it', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/serverless-user',
    );
    expect(res.body.clusters).toEqual([
      expect.objectContaining({
        arn: SHARED_NAME_ARN_1,
        owner: 'group:default/team-platform',
      }),
    ]);
  });

  it('serves details, configs and operations from the inventory', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(res.body.clusters[0].brokers).toHaveLength(1);
    expect(res.body.clusters[0].topicListing).toBe('listed');
    expect(res.body.topics[0].configs).toEqual({
      'retention.ms': '604800000',
      'min.insync.replicas': '2',
    });
    expect(res.body.applications[0].operations[0]).toMatchObject({
      status: 'SUCCESSFUL',
    });
  });

  it('answers 401 without credentials', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/streaming/v1/entity/default/component/orders-service')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('answers 404 for an unknown entity', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/nobody',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('component:default/nobody');
  });

  it('answers 400 for a malformed path', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/bad%20name',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('name may only contain');
  });

  it('answers assets the caller may not read exactly as assets that do not exist', async () => {
    const { server } = await startBackend({
      deny: ['streaming.asset.read'],
    });
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      clusters: [],
      topics: [],
      applications: [],
    });
    // The same entries an unknown ARN and an unknown cluster name get.
    expect(res.body.problems).toEqual([
      {
        kind: 'asset-not-found',
        annotation: 'aws.amazon.com/amazon-msk-cluster-arn',
        value: ORDERS_CLUSTER_ARN,
        accountId: '111111111111',
        region: 'us-east-1',
        message: `'${ORDERS_CLUSTER_ARN}' was not found in account 111111111111 in us-east-1 at the last refresh. Check the ARN; the asset may have been deleted.`,
      },
      {
        kind: 'asset-not-found',
        annotation: 'aws.amazon.com/amazon-managed-flink-application-arn',
        value: ENRICHER_ARN,
        accountId: '111111111111',
        region: 'us-east-1',
        message: `'${ENRICHER_ARN}' was not found in account 111111111111 in us-east-1 at the last refresh. Check the ARN; the asset may have been deleted.`,
      },
      {
        kind: 'asset-not-found',
        annotation: 'aws.amazon.com/amazon-msk-topics',
        value: 'orders-standard/orders.created',
        message:
          "No cluster named 'orders-standard' was found in the configured accounts and regions. Check the cluster name, or use the topic ARN.",
      },
    ]);
    const unknown = await request(server).get(
      '/api/streaming/v1/entity/default/component/broken',
    );
    const gone = unknown.body.problems.find((p: any) =>
      p.value.endsWith('gone-app'),
    );
    expect(gone.message).toMatch(
      /was not found in account .* at the last refresh/,
    );
  });

  it('shows each asset by its own permission: owners see theirs, claimants see unowned ones', async () => {
    const { server } = await startBackend({
      decisions: {
        'streaming.asset.read': ownerOrClaimant(streamingAssetReadPermission, [
          'user:default/ada',
          'group:default/team-analytics',
        ]),
      },
    });
    // team-analytics annotates team-orders' tagged cluster: the claim gives nothing.
    const claimer = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-claimer',
    );
    expect(claimer.status).toBe(200);
    expect(claimer.body.clusters).toEqual([]);
    expect(claimer.body.topics).toEqual([]);
    expect(claimer.body.problems.map((p: any) => [p.kind, p.value])).toEqual([
      ['asset-not-found', ORDERS_CLUSTER_ARN],
      ['asset-not-found', 'orders-standard/orders.created'],
    ]);
    // The untagged cluster two teams attach: team-analytics is one claimant.
    const shared = await request(server).get(
      '/api/streaming/v1/entity/default/component/shared-analytics',
    );
    expect(shared.body.clusters).toEqual([
      expect.objectContaining({
        arn: SHARED_NAME_ARN_2,
        owner: null,
        claimedBy: [
          'group:default/team-analytics',
          'group:default/team-platform',
        ],
      }),
    ]);
    expect(shared.body.problems).toEqual([]);
    // The untagged cluster only team-platform attaches.
    const platforms = await request(server).get(
      '/api/streaming/v1/entity/default/component/serverless-user',
    );
    expect(platforms.body.clusters).toEqual([]);
  });

  it('lets the tag owner read its assets whoever annotates them', async () => {
    const { server } = await startBackend({
      decisions: {
        'streaming.asset.read': ownerOrClaimant(streamingAssetReadPermission, [
          'group:default/team-orders',
        ]),
      },
    });
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-claimer',
    );
    expect(res.body.clusters.map((c: any) => c.arn)).toEqual([
      ORDERS_CLUSTER_ARN,
    ]);
    expect(res.body.topics.map((t: any) => t.arn)).toEqual([ORDERS_TOPIC_ARN]);
    expect(res.body.problems).toEqual([]);
  });
});

describe('the streaming-asset resource type', () => {
  const wellKnown = '/api/streaming/.well-known/backstage/permissions';

  it('lists its permissions and rules, with their parameters, for policy tooling', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(`${wellKnown}/metadata`)
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.permissions.map((p: any) => p.name).sort()).toEqual([
      'streaming.asset.read',
      'streaming.cost.read',
      'streaming.refresh',
      'streaming.status.read',
    ]);
    expect(
      Object.fromEntries(
        res.body.rules.map((r: any) => [r.name, r.resourceType]),
      ),
    ).toEqual({
      IS_ASSET_OWNER: 'streaming-asset',
      IS_CLAIMED_BY: 'streaming-asset',
      HAS_ACCOUNT: 'streaming-asset',
      HAS_TAG: 'streaming-asset',
    });
    const owner = res.body.rules.find((r: any) => r.name === 'IS_ASSET_OWNER');
    expect(owner.paramsSchema).toMatchObject({
      properties: { claims: { type: 'array' } },
    });
  });

  it('decides conditions on stored assets by ARN, for the permission backend', async () => {
    const { server } = await startBackend();
    const owner = (claims: string[]) => ({
      rule: 'IS_ASSET_OWNER',
      resourceType: 'streaming-asset',
      params: { claims },
    });
    const claimed = (claims: string[]) => ({
      rule: 'IS_CLAIMED_BY',
      resourceType: 'streaming-asset',
      params: { claims },
    });
    const res = await request(server)
      .post(`${wellKnown}/apply-conditions`)
      .set('Authorization', mockCredentials.service.header())
      .send({
        items: [
          // The topic has the tag owner of its cluster.
          ['1', ORDERS_TOPIC_ARN, owner(['group:default/team-orders'])],
          ['2', ORDERS_CLUSTER_ARN, owner(['group:default/team-analytics'])],
          // Annotated by team-analytics, but tagged for team-orders.
          ['3', ORDERS_CLUSTER_ARN, claimed(['group:default/team-analytics'])],
          ['4', SHARED_NAME_ARN_2, claimed(['group:default/team-analytics'])],
          ['5', SHARED_NAME_ARN_1, claimed(['group:default/team-analytics'])],
          ['6', `${ORDERS_CLUSTER_ARN}x`, owner(['group:default/team-orders'])],
        ].map(([id, resourceRef, conditions]) => ({
          id,
          resourceRef,
          resourceType: 'streaming-asset',
          conditions,
        })),
      });
    expect(res.status).toBe(200);
    expect(
      Object.fromEntries(res.body.items.map((i: any) => [i.id, i.result])),
    ).toEqual({
      '1': AuthorizeResult.ALLOW,
      '2': AuthorizeResult.DENY,
      '3': AuthorizeResult.DENY,
      '4': AuthorizeResult.ALLOW,
      '5': AuthorizeResult.DENY,
      '6': AuthorizeResult.DENY,
    });
  });
});

describe('GET /api/streaming/v1/metrics', () => {
  const url = (params: Record<string, string>) =>
    `/api/streaming/v1/metrics?${new URLSearchParams(params).toString()}`;
  const orders = {
    arn: ORDERS_CLUSTER_ARN,
    entityRef: 'component:default/orders-service',
  };

  it('answers a chart series per broker', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      url({ ...orders, metric: 'msk.broker.cpuUser', range: '1h' }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      metricId: 'msk.broker.cpuUser',
      unit: 'percent',
      range: '1h',
      stale: false,
    });
    expect(res.body.series.map((s: any) => s.label)).toEqual(['Broker 1']);
  });

  it('finds a Flink task metric with ListMetrics', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      url({
        ...orders,
        arn: ENRICHER_ARN,
        metric: 'flink.backPressuredTimeMsPerSecond',
        range: '24h',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.series.map((s: any) => s.label)).toEqual([
      'source',
      'sink',
    ]);
  });

  it('answers a consumer-group chart by the group ARN, one series per topic it reads', async () => {
    // Consumer groups are discovered by the slow refresh, from the clusters the inventory stored.
    const { server } = await startBackend({ tasksInOrder: true });
    const groupArn = consumerGroupArnFor(
      ORDERS_CLUSTER_ARN,
      'orders-fulfilment',
    )!;
    const entity = await request(server).get(
      '/api/streaming/v1/entity/default/component/fulfilment',
    );
    expect(entity.status).toBe(200);
    expect(entity.body.problems).toEqual([]);
    expect(entity.body.consumerGroups.map((g: any) => g.arn)).toEqual([
      groupArn,
    ]);

    const res = await request(server).get(
      url({
        arn: groupArn,
        entityRef: 'component:default/fulfilment',
        metric: 'msk.consumerGroup.maxOffsetLag',
        range: '1h',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.metricId).toBe('msk.consumerGroup.maxOffsetLag');
    expect(res.body.series.map((s: any) => s.label)).toEqual([
      'orders.created',
    ]);
  });

  it.each([
    [{ metric: 'msk.broker.cpuUser' }, 'entityRef is required'],
    [{ ...orders }, 'metric is required'],
    [{ ...orders, metric: 'nope' }, "Unknown metric 'nope'"],
    [
      { ...orders, metric: 'msk.broker.cpuUser', range: '2h' },
      'range must be one of 1h, 24h, 7d, 30d',
    ],
    [
      { ...orders, arn: 'not-an-arn', metric: 'msk.broker.cpuUser' },
      'is not an MSK cluster',
    ],
    [{ ...orders, metric: 'msk.topic.bytesIn' }, 'ask with the ARN of a topic'],
  ])('answers 400 for %j', async (params, message) => {
    const { server } = await startBackend();
    const res = await request(server).get(
      url(params as Record<string, string>),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('answers 400 for a metric the asset does not publish', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      url({
        arn: SHARED_NAME_ARN_1,
        entityRef: 'component:default/serverless-user',
        metric: 'msk.broker.cpuUser',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('is not published for shared');
  });

  it('answers the same 404 for an unknown asset, one the entity does not attach, and one the caller may not read', async () => {
    const { server } = await startBackend();
    const missing = await request(server).get(
      url({
        ...orders,
        arn: `${ORDERS_CLUSTER_ARN}x`,
        metric: 'msk.broker.cpuUser',
      }),
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      `component:default/orders-service attaches no streaming asset ${ORDERS_CLUSTER_ARN}x that you may read`,
    );
    const foreign = await request(server).get(
      url({
        ...orders,
        arn: SHARED_NAME_ARN_1,
        metric: 'msk.cluster.activeControllerCount',
      }),
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe(
      `component:default/orders-service attaches no streaming asset ${SHARED_NAME_ARN_1} that you may read`,
    );

    const { server: denied } = await startBackend({
      decisions: {
        'streaming.asset.read': ownerOrClaimant(streamingAssetReadPermission, [
          'group:default/team-analytics',
        ]),
      },
    });
    const unreadable = await request(denied).get(
      url({ ...orders, metric: 'msk.broker.cpuUser' }),
    );
    const unknown = await request(denied).get(
      url({
        ...orders,
        arn: `${ORDERS_CLUSTER_ARN}x`,
        metric: 'msk.broker.cpuUser',
      }),
    );
    expect(unreadable.status).toBe(404);
    expect(unreadable.body.error.message).toBe(
      unknown.body.error.message.replace(
        `${ORDERS_CLUSTER_ARN}x`,
        ORDERS_CLUSTER_ARN,
      ),
    );
  });

  it('answers 401 without credentials', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get(url({ ...orders, metric: 'msk.broker.cpuUser' }))
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('limits chart requests per user with 429 and Retry-After', async () => {
    const { server } = await startBackend({
      rateLimit: { requests: 2, perSeconds: 60 },
    });
    const call = () =>
      request(server).get(
        url({ ...orders, metric: 'msk.broker.cpuUser', range: '1h' }),
      );
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error.message).toContain('Too many chart requests');
  });
});

describe('cost', () => {
  it('serves cost, chargeback share and KPUs to those allowed streaming.cost.read', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(res.body.cost).toEqual({ permitted: true });
    const [cluster] = res.body.clusters;
    // 3 brokers × $0.204 (kafka.m7g.large) × 730 h = $446.76; 3 × 1,000 GiB × $0.10 = $300.
    expect(cluster.cost.estimate.monthlyUsd).toBeCloseTo(746.76, 2);
    expect(cluster.cost.estimate.complete).toBe(true);
    // PER_BROKER monitoring has no per-topic bytes: the split is by partitions (12 + 6).
    expect(cluster.cost.chargeback.basis).toBe('partitions');
    const shares = cluster.cost.chargeback.shares.map((s: any) => s.usd);
    expect(shares.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(
      746.76,
      2,
    );
    const [topic] = res.body.topics;
    expect(topic.cost.share).toEqual({
      usd: 497.84, // 746.76 × 12/18
      basis: 'partitions',
      clusterArn: ORDERS_CLUSTER_ARN,
      lowerBound: false,
      missing: [],
      fixedUsd: 497.84,
      usageUsd: 0,
      basisDescription:
        'the shared fixed cost by partitions (12 of 18 partitions)',
    });
    const [application] = res.body.applications;
    // ceil(CurrentParallelism 2 / ParallelismPerKPU 1) + 1 orchestration KPU.
    expect(application.kpus).toMatchObject({
      inUse: 3,
      limit: 64,
      autoscalingEvents: [],
    });
    // 3 KPUs × $0.11 × 730 h = $240.90, plus running storage of the 2 processing KPUs.
    expect(application.cost.estimate.parts[0].monthlyUsd).toBeCloseTo(240.9, 2);
  });

  it('leaves cost out, with the reason, without streaming.cost.read', async () => {
    const { server } = await startBackend({ deny: ['streaming.cost.read'] });
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(res.status).toBe(200);
    expect(res.body.cost).toEqual({
      permitted: false,
      reason: expect.stringContaining('streaming.cost.read'),
    });
    expect(res.body.clusters[0].cost).toBeUndefined();
    expect(res.body.topics[0].cost).toBeUndefined();
    expect(res.body.applications[0].cost).toBeUndefined();
    expect(res.body.applications[0].kpus.inUse).toBe(3);
  });

  it('shows the cost of each asset by its own streaming.cost.read', async () => {
    const { server } = await startBackend({
      decisions: {
        'streaming.cost.read': createStreamingAssetConditionalDecision(
          streamingCostReadPermission,
          streamingAssetConditions.hasTag({
            key: 'owner',
            value: 'team-orders',
          }),
        ),
      },
    });
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/mixed',
    );
    const byArn = Object.fromEntries(
      res.body.clusters.map((c: any) => [c.arn, c]),
    );
    expect(byArn[ORDERS_CLUSTER_ARN].cost.estimate.monthlyUsd).toBeCloseTo(
      746.76,
      2,
    );
    expect(byArn[SHARED_NAME_ARN_1]).toBeDefined();
    expect(byArn[SHARED_NAME_ARN_1].cost).toBeUndefined();
    expect(res.body.cost).toEqual({
      permitted: true,
      reason: expect.stringContaining('1 of the 2 assets here have none'),
    });

    const { server: none } = await startBackend({
      decisions: {
        'streaming.cost.read': createStreamingAssetConditionalDecision(
          streamingCostReadPermission,
          streamingAssetConditions.hasAccount({ accountIds: ['999999999999'] }),
        ),
      },
    });
    const denied = await request(none).get(
      '/api/streaming/v1/entity/default/component/mixed',
    );
    expect(denied.body.clusters).toHaveLength(2);
    expect(denied.body.clusters.every((c: any) => !c.cost)).toBe(true);
    expect(denied.body.cost).toEqual({
      permitted: false,
      reason: expect.stringContaining('streaming.cost.read'),
    });
  });
});

describe('the per-caller entity caches', () => {
  const ADA = 'user:default/ada';
  const BOB = 'user:default/bob';
  const CAROL = 'user:default/carol';
  const as = (user: string) => mockCredentials.user.header(user);

  /**
   * Ada may read everything and its cost; Bob may read but not see cost;
   * Carol may read nothing. Only Ada and Bob may read `orders-service` in
   * the catalog. Its annotations can change between requests.
   */
  async function startCachingBackend() {
    const catalogEntities = new Map(
      entities.map(e => [`component:default/${e.metadata.name}`, e]),
    );
    const catalog = catalogServiceMock({ entities });
    const getEntityByRef = jest
      .spyOn(catalog, 'getEntityByRef')
      .mockImplementation(async (ref, options) => {
        const principal = (options as any)?.credentials?.principal;
        const key =
          typeof ref === 'string' ? ref : `component:default/${ref.name}`;
        const user = principal?.type === 'user' ? principal.userEntityRef : '';
        if (key.endsWith('/orders-service') && ![ADA, BOB].includes(user)) {
          return undefined;
        }
        return catalogEntities.get(key);
      });
    const authorizeConditional = jest.fn(
      async (requests: any[], { credentials }: any) =>
        requests.map(r => {
          const user = credentials.principal.userEntityRef;
          if (user === ADA) return { result: AuthorizeResult.ALLOW };
          if (user === BOB && r.permission.name === 'streaming.asset.read') {
            return { result: AuthorizeResult.ALLOW };
          }
          return { result: AuthorizeResult.DENY };
        }),
    );
    const scheduledTasks: Array<() => Promise<void>> = [];
    const { server } = await startTestBackend({
      features: [
        streamingPlugin,
        mockServices.rootConfig.factory({
          data: {
            streaming: {
              refresh: { frequency: { minutes: 10 }, timeout: { minutes: 1 } },
            },
          },
        }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        createServiceFactory({
          service: streamingAwsServiceRef,
          deps: {},
          factory: () => new FakeStreamingAwsService(),
        }),
        mockServices.scheduler.mock({
          scheduleTask: async task => {
            scheduledTasks.push(() =>
              Promise.resolve(task.fn(new AbortController().signal)),
            );
          },
        }).factory,
        mockServices.permissions.mock({
          authorizeConditional: authorizeConditional as any,
        }).factory,
      ],
    });
    const refresh = async () => {
      for (const task of scheduledTasks) await task();
    };
    await refresh();
    const setAnnotations = (
      name: string,
      annotations: Record<string, string>,
    ) => {
      const ref = `component:default/${name}`;
      const entity = catalogEntities.get(ref)!;
      catalogEntities.set(ref, {
        ...entity,
        metadata: { ...entity.metadata, annotations },
      });
    };
    return {
      server,
      getEntityByRef,
      authorizeConditional,
      refresh,
      setAnnotations,
    };
  }

  const ORDERS = '/api/streaming/v1/entity/default/component/orders-service';

  it('never serves one caller what only another may see', async () => {
    const { server, getEntityByRef, authorizeConditional } =
      await startCachingBackend();
    const ada = await request(server).get(ORDERS).set('Authorization', as(ADA));
    expect(ada.status).toBe(200);
    expect(ada.body.clusters[0].cost).toBeDefined();
    // Bob may read the same assets but not their cost: not Ada's cached answer.
    const bob = await request(server).get(ORDERS).set('Authorization', as(BOB));
    expect(bob.status).toBe(200);
    expect(bob.body.clusters).toHaveLength(1);
    expect(bob.body.clusters[0].cost).toBeUndefined();
    expect(bob.body.cost.permitted).toBe(false);
    // Carol may not read the entity in the catalog: not Ada's cached entity.
    const carol = await request(server)
      .get(ORDERS)
      .set('Authorization', as(CAROL));
    expect(carol.status).toBe(404);
    // Each again: each still gets its own answer, from its own cache entries.
    const again = await Promise.all(
      [ADA, BOB, CAROL].map(user =>
        request(server).get(ORDERS).set('Authorization', as(user)),
      ),
    );
    expect(again.map(r => r.status)).toEqual([200, 200, 404]);
    expect(again[0].text).toBe(ada.text);
    expect(again[1].text).toBe(bob.text);
    // Served from the cache as res.json serves it: same type, same ETag.
    expect(again[0].headers['content-type']).toBe(
      'application/json; charset=utf-8',
    );
    expect(again[0].headers.etag).toBe(ada.headers.etag);
    expect(ada.headers.etag).toMatch(/^W\/"/);
    expect(bob.headers.etag).not.toBe(ada.headers.etag);
    // One catalog read and one permission round trip per caller within the TTL.
    const callsOf = (mock: jest.Mock, user: string) =>
      mock.mock.calls.filter(call =>
        JSON.stringify(call).includes(`"userEntityRef":"${user}"`),
      ).length;
    expect(callsOf(getEntityByRef as any, ADA)).toBe(1);
    expect(callsOf(getEntityByRef as any, BOB)).toBe(1);
    // Carol's "not found" is not kept: asked each time.
    expect(callsOf(getEntityByRef as any, CAROL)).toBe(2);
    expect(callsOf(authorizeConditional, ADA)).toBe(1);
    expect(callsOf(authorizeConditional, BOB)).toBe(1);
  });

  it('serves a changed annotation at once to a caller reading the changed entity, and to all after a refresh', async () => {
    const { server, refresh, setAnnotations } = await startCachingBackend();
    const before = await request(server)
      .get(ORDERS)
      .set('Authorization', as(ADA));
    expect(before.body.applications).toHaveLength(1);
    setAnnotations('orders-service', {
      'aws.amazon.com/amazon-msk-cluster-arn': ORDERS_CLUSTER_ARN,
    });
    // Bob has not read the entity before: he reads the new annotations, and
    // the answer cached for the old ones (his decisions differ anyway) is not his.
    const bob = await request(server).get(ORDERS).set('Authorization', as(BOB));
    expect(bob.body.applications).toEqual([]);
    expect(bob.body.topics).toEqual([]);
    // Ada's catalog read is cached (at most the TTL) until a refresh completes.
    await refresh();
    const after = await request(server)
      .get(ORDERS)
      .set('Authorization', as(ADA));
    expect(after.body.applications).toEqual([]);
    expect(after.body.clusters.map((c: any) => c.arn)).toEqual([
      ORDERS_CLUSTER_ARN,
    ]);
  });
});

describe('refresh and status', () => {
  it('keeps a failed account stale and reports it in /status, the other account unaffected', async () => {
    const aws = new FakeStreamingAwsService();
    const { server } = await startBackend({ aws });
    aws.failures.set('111111111111', {
      operation: 'ListClustersV2',
      code: 'AccessDeniedException',
      message:
        'not authorized (the call needs the IAM action kafka:ListClustersV2)',
    });
    const readsBefore = aws.reads;
    const refresh = await request(server).post('/api/streaming/v1/refresh');
    expect(refresh.status).toBe(202);
    // The mock scheduler runs a triggered task in the background; wait for both reads.
    await waitFor(() => aws.reads >= readsBefore + 2);
    await waitFor(async () => {
      const status = await request(server).get('/api/streaming/v1/status');
      return status.body.accountRegions.some(
        (s: any) => s.lastErrorCode === 'AccessDeniedException',
      );
    });

    const status = await request(server).get('/api/streaming/v1/status');
    const byAccount = Object.fromEntries(
      status.body.accountRegions.map((s: any) => [s.accountId, s]),
    );
    expect(byAccount['111111111111']).toMatchObject({
      lastErrorCode: 'AccessDeniedException',
      lastSuccessAt: expect.any(String),
    });
    expect(byAccount['111111111111'].lastErrorMessage).toContain(
      'kafka:ListClustersV2',
    );
    expect(byAccount['222222222222']).toMatchObject({
      lastErrorCode: null,
      assetsSeen: 1,
    });

    const entity = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(entity.body.clusters[0]).toMatchObject({
      arn: ORDERS_CLUSTER_ARN,
      stale: true,
    });
    expect(entity.body.problems).toEqual([
      expect.objectContaining({
        kind: 'account-error',
        accountId: '111111111111',
        region: 'us-east-1',
        message: expect.stringContaining('AccessDeniedException'),
      }),
    ]);
  });

  it('passes what it stored to the next read, so unchanged assets are not described again', async () => {
    const aws = new FakeStreamingAwsService();
    const { server } = await startBackend({ aws });
    await request(server).post('/api/streaming/v1/refresh').expect(202);
    await waitFor(() => aws.previousSeen.length >= 4);
    const previous = aws.previousSeen[aws.previousSeen.length - 1];
    const account1 = aws.previousSeen
      .slice(2)
      .find(p => p.applications.has(ENRICHER_ARN))!;
    expect(account1.applications.get(ENRICHER_ARN)).toMatchObject({
      versionId: 7,
    });
    expect(account1.topics.get(ORDERS_TOPIC_ARN)).toEqual({
      fingerprint: '12|3|0',
      configs: { 'retention.ms': '604800000', 'min.insync.replicas': '2' },
    });
    expect(previous).toBeDefined();
  });

  it('marks an asset gone when a successful listing no longer has it', async () => {
    const aws = new FakeStreamingAwsService();
    const { server } = await startBackend({ aws });
    aws.snapshots.set('111111111111', () => ({
      ...account1Snapshot(),
      applications: [],
    }));
    await request(server).post('/api/streaming/v1/refresh').expect(202);
    await waitFor(async () => {
      const res = await request(server).get(
        '/api/streaming/v1/entity/default/component/orders-service',
      );
      return res.body.applications[0]?.gone === true;
    });
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(res.body.applications[0]).toMatchObject({
      arn: ENRICHER_ARN,
      gone: true,
      stale: false,
    });
  });

  it('gives a claimed asset to the team its new tag names, dropping the claims', async () => {
    const aws = new FakeStreamingAwsService();
    const { server } = await startBackend({ aws });
    const shared = () =>
      request(server).get(
        '/api/streaming/v1/entity/default/component/shared-analytics',
      );
    expect((await shared()).body.clusters[0]).toMatchObject({
      owner: null,
      claimedBy: [
        'group:default/team-analytics',
        'group:default/team-platform',
      ],
    });
    aws.snapshots.set('222222222222', () => {
      const snapshot = account2Snapshot();
      snapshot.clusters[0].tags = { owner: 'team-streams' };
      return snapshot;
    });
    await request(server).post('/api/streaming/v1/refresh').expect(202);
    // The refresh stores the tag owner, then its owner pass drops the claims.
    await waitFor(async () => {
      const [cluster] = (await shared()).body.clusters;
      return (
        cluster?.owner === 'group:default/team-streams' &&
        cluster.claimedBy === undefined
      );
    });
  });

  it('derives autoscaling events from the CurrentParallelism each refresh saw', async () => {
    const aws = new FakeStreamingAwsService();
    const { server } = await startBackend({ aws });
    aws.snapshots.set('111111111111', () => {
      const snapshot = account1Snapshot();
      snapshot.applications[0].details!.parallelism.currentParallelism = 4;
      return snapshot;
    });
    await request(server).post('/api/streaming/v1/refresh').expect(202);
    await waitFor(async () => {
      const res = await request(server).get(
        '/api/streaming/v1/entity/default/component/orders-service',
      );
      return res.body.applications[0]?.kpus?.autoscalingEvents?.length === 1;
    });
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(res.body.applications[0].kpus.autoscalingEvents[0]).toMatchObject({
      direction: 'up',
      fromParallelism: 2,
      toParallelism: 4,
      pattern: 'autoscale-up',
    });
    // ceil(4 / 1) + 1
    expect(res.body.applications[0].kpus.inUse).toBe(5);
  });

  it('debounces a manual refresh that follows another closely', async () => {
    const { server } = await startBackend({ debounceSeconds: 3600 });
    const res = await request(server).post('/api/streaming/v1/refresh');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      state: 'recently-refreshed',
      lastRefreshAt: expect.any(String),
    });
  });

  it('skips a stored row that no longer fits the schema in the answer, the refresh and the owner pass, and counts it in /status', async () => {
    const knex = await databases.init('SQLITE_3');
    const aws = new FakeStreamingAwsService();
    const { server, runScheduledTasks } = await startBackend({
      aws,
      knex,
      tasksInOrder: true,
    });
    await knex('streaming_assets')
      .where({ arn: ORDERS_TOPIC_ARN })
      .update({ data: JSON.stringify({ assetType: 'kafka-topic' }) });

    const entity = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(entity.status).toBe(200);
    expect(entity.body.clusters.map((c: any) => c.arn)).toEqual([
      ORDERS_CLUSTER_ARN,
    ]);
    const status = await request(server).get('/api/streaming/v1/status');
    expect(status.status).toBe(200);
    expect(status.body.skippedRows).toBe(1);

    // The next refreshes (inventory with its owner pass, then slow metrics) run past the row and store it again.
    await runScheduledTasks();
    const after = await request(server).get(
      '/api/streaming/v1/entity/default/component/orders-service',
    );
    expect(after.body.topics.map((t: any) => t.arn)).toEqual([
      ORDERS_TOPIC_ARN,
    ]);
    expect(after.body.topics[0].owner).toBe('group:default/team-orders');
    const statusAfter = await request(server).get('/api/streaming/v1/status');
    expect(statusAfter.body.skippedRows).toBe(0);
    expect(statusAfter.body.accountRegions[0].state).toBe('ok');
  });

  it('lists every configured account-region in /status, pending before its first refresh', async () => {
    const { server } = await startBackend({ runRefresh: false });
    const res = await request(server).get('/api/streaming/v1/status');
    expect(res.body.accountRegions).toEqual([
      { accountId: '111111111111', region: 'us-east-1', state: 'pending' },
      { accountId: '222222222222', region: 'us-east-1', state: 'pending' },
    ]);
  });

  it('refuses a refresh without the streaming.refresh permission', async () => {
    const { server } = await startBackend({ permission: AuthorizeResult.DENY });
    expect(
      (await request(server).post('/api/streaming/v1/refresh')).status,
    ).toBe(403);
  });

  it('refuses /status without streaming.status.read', async () => {
    const { server } = await startBackend({
      deny: ['streaming.status.read'],
    });
    const res = await request(server).get('/api/streaming/v1/status');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('streaming.status.read');
    expect(JSON.stringify(res.body)).not.toContain('111111111111');
  });

  it('requires credentials for /status', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/streaming/v1/status')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
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
