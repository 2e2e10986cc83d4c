import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createStreamingAssetConditionalDecision,
  streamingAssetConditions,
  streamingAwsServiceRef,
} from '@backstage-streaming/plugin-streaming-node';
import {
  streamingAssetReadPermission,
  streamingCostReadPermission,
} from '@backstage-streaming/plugin-streaming-common';
import { Knex } from 'knex';
import request from 'supertest';
import { FakeStreamingAwsService } from '../__fixtures__/snapshots';
import {
  ACCOUNT_2,
  buildEstate,
  insertEstate,
  ORDERS_CLUSTER,
  SHARED_CLUSTER,
  TEAM_A,
  TEAM_ORDERS,
} from '../__fixtures__/estate';
import { streamingPlugin } from '../plugin';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const TOPICS = 30_000;

jest.setTimeout(120_000);

let knex: Knex;
const estate = buildEstate(TOPICS);

beforeAll(async () => {
  knex = await databases.init('SQLITE_3');
});

/** The real plugin on a database holding the stored estate; decisions by permission name. */
async function startBackend(
  decisions:
    | Record<string, PolicyDecision>
    | ((userEntityRef: string) => Record<string, PolicyDecision>) = {},
) {
  const permissionCalls: string[][] = [];
  const { server } = await startTestBackend({
    features: [
      streamingPlugin,
      mockServices.rootConfig.factory({ data: {} }),
      catalogServiceMock.factory({ entities: [] }),
      mockServices.database.factory({ knex }),
      createServiceFactory({
        service: streamingAwsServiceRef,
        deps: {},
        factory: () => new FakeStreamingAwsService(),
      }),
      // No refresh: the views hold exactly the fixture.
      mockServices.scheduler.mock({ scheduleTask: async () => {} }).factory,
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async (requests, { credentials }) => {
          permissionCalls.push(requests.map(r => r.permission.name));
          const principal = credentials.principal as { userEntityRef?: string };
          const decided =
            typeof decisions === 'function'
              ? decisions(principal.userEntityRef ?? '')
              : decisions;
          return requests.map(
            r =>
              decided[r.permission.name] ?? {
                result: AuthorizeResult.ALLOW,
              },
          );
        },
      }).factory,
    ],
  });
  if ((await knex('streaming_asset_views').count({ n: '*' }))[0].n === 0) {
    await insertEstate(knex, estate);
  }
  return { server, permissionCalls };
}

const topics = estate.views.filter(v => v.asset_type === 'kafka-topic');

describe('estate lists', () => {
  it('pages topics with a total count, cost visibility and coverage, one permission call per request', async () => {
    const { server, permissionCalls } = await startBackend();
    const first = await request(server).get(
      '/api/streaming/v1/topics?limit=500&orderBy=partitions:desc&clusterType=express',
    );
    expect(first.status).toBe(200);
    expect(first.body.totalCount).toBe(TOPICS / 3);
    expect(first.body.items).toHaveLength(500);
    expect(first.body.items[0]).toEqual(
      expect.objectContaining({
        assetType: 'kafka-topic',
        clusterType: 'express',
        clusterName: 'shared',
        partitions: Math.max(
          ...topics
            .filter(t => t.cluster_arn === SHARED_CLUSTER)
            .map(t => Number(t.partitions)),
        ),
        monthlyUsd: expect.any(Number),
      }),
    );
    expect(first.body.cost).toEqual({ shown: 'all' });
    expect(first.body.coverage).toEqual({
      restricted: false,
      failedAccountRegions: [],
      refreshedAt: null,
    });
    expect(permissionCalls).toEqual([
      ['streaming.asset.read', 'streaming.cost.read'],
    ]);
    const second = await request(server).get('/api/streaming/v1/topics').query({
      limit: 500,
      orderBy: 'partitions:desc',
      clusterType: 'express',
      cursor: first.body.nextCursor,
    });
    expect(second.status).toBe(200);
    const seen = new Set(first.body.items.map((i: any) => i.arn));
    expect(second.body.items.some((i: any) => seen.has(i.arn))).toBe(false);
    expect(second.body.items[0].partitions).toBeLessThanOrEqual(
      first.body.items[499].partitions,
    );
  });

  it('serves clusters, consumer groups and applications with owners and attaching entities', async () => {
    const { server } = await startBackend();
    const clusters = await request(server).get(
      '/api/streaming/v1/clusters?orderBy=monthlyUsd:desc',
    );
    expect(clusters.body.items.map((i: any) => [i.name, i.monthlyUsd])).toEqual(
      [
        ['orders', 1000],
        ['shared', 600],
        ['analytics', 400],
      ],
    );
    expect(clusters.body.items[0].entityRefs).toEqual([
      'component:default/orders-service',
    ]);
    const groups = await request(server).get(
      '/api/streaming/v1/consumer-groups?orderBy=lag:desc',
    );
    expect(groups.body.items.map((i: any) => i.name)).toEqual([
      'fulfilment',
      'reporting',
    ]);
    const apps = await request(server).get(
      '/api/streaming/v1/applications?orderBy=kpus:desc&unowned=true',
    );
    expect(apps.body.items.map((i: any) => i.name)).toEqual(['scorer']);
    const mine = await request(server).get(
      `/api/streaming/v1/topics?owner=${encodeURIComponent(
        'team-a',
      )}&q=TOPIC-000`,
    );
    expect(mine.body.totalCount).toBe(
      topics.filter(
        t => t.owner === TEAM_A && String(t.name).startsWith('topic-000'),
      ).length,
    );
  });

  it.each([
    ['limit=0', 'limit accepts a whole number from 1 to 500'],
    ['limit=501', 'limit accepts a whole number from 1 to 500'],
    ['limit=ten', 'limit accepts a whole number from 1 to 500'],
    ['limit=1&limit=2', 'limit must be given once'],
    ['orderBy=size:asc', 'orderBy accepts <field>:asc or <field>:desc'],
    ['orderBy=name', 'orderBy accepts <field>:asc or <field>:desc'],
    ['accountId=1234', 'accountId accepts a 12-digit AWS account id'],
    ['region=Mars', 'region accepts an AWS region, e.g. eu-west-1'],
    ['clusterType=big', 'clusterType accepts standard, express or serverless'],
    ['owner=group:default/', 'owner accepts an entity ref'],
    [
      'healthStatus=ok',
      'healthStatus accepts healthy, warning, critical or unknown',
    ],
    ['unowned=yes', 'unowned accepts true or false'],
    ['q=', 'q accepts a name search of 1 to 200 characters'],
    ['format=xml', 'format accepts json or csv'],
    ['cursor=garbage', 'cursor accepts only the nextCursor of the page before'],
    ['sort=name', 'Unknown parameter sort'],
  ])('answers 400 for %s, naming the parameter', async (query, message) => {
    const { server } = await startBackend();
    const res = await request(server).get(`/api/streaming/v1/topics?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
  });

  it('refuses a cursor made for another sort', async () => {
    const { server } = await startBackend();
    const first = await request(server).get(
      '/api/streaming/v1/topics?limit=2&orderBy=name:asc',
    );
    const res = await request(server)
      .get('/api/streaming/v1/topics')
      .query({ orderBy: 'kpus:desc', cursor: first.body.nextCursor });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'cursor was made for orderBy=name:asc',
    );
  });

  it('answers 401 without credentials on every route', async () => {
    const { server } = await startBackend();
    for (const path of [
      'clusters',
      'topics',
      'consumer-groups',
      'applications',
      'summary',
      'chargeback',
      'savings',
      'history',
    ]) {
      const res = await request(server)
        .get(`/api/streaming/v1/${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect([path, res.status]).toEqual([path, 401]);
    }
  });
});

describe('estate permissions', () => {
  it('denied outright: 403 with a message naming the permission, on every estate route', async () => {
    const { server } = await startBackend({
      'streaming.asset.read': { result: AuthorizeResult.DENY },
      'streaming.cost.read': { result: AuthorizeResult.DENY },
    });
    for (const path of [
      'clusters',
      'topics',
      'consumer-groups',
      'applications',
      'summary',
      'chargeback?groupBy=owner',
      'savings',
      'history',
      'topics?format=csv',
    ]) {
      const res = await request(server).get(`/api/streaming/v1/${path}`);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.body.error.message).toContain('streaming.asset.read');
    }
  });

  it('cost denied, read allowed: rows without cost and the reason', async () => {
    const { server } = await startBackend({
      'streaming.asset.read': { result: AuthorizeResult.ALLOW },
      'streaming.cost.read': { result: AuthorizeResult.DENY },
    });
    const res = await request(server).get('/api/streaming/v1/topics');
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBeGreaterThan(0);
    expect(res.body.cost.shown).toBe('none');
    expect(
      res.body.items.every(
        (i: any) => i.monthlyUsd === undefined || i.monthlyUsd === null,
      ),
    ).toBe(true);
    const summary = await request(server).get('/api/streaming/v1/summary');
    expect(summary.body.monthlyUsd).toBe(0);
  });

  it('conditional by owner or claim: lists and totals cover only permitted rows', async () => {
    const claims = [TEAM_A];
    const decision = (permission: typeof streamingAssetReadPermission) =>
      createStreamingAssetConditionalDecision(permission, {
        anyOf: [
          streamingAssetConditions.isAssetOwner({ claims }),
          streamingAssetConditions.isClaimedBy({ claims }),
        ],
      });
    const { server } = await startBackend({
      'streaming.asset.read': decision(streamingAssetReadPermission),
      'streaming.cost.read': decision(streamingCostReadPermission),
    });
    const res = await request(server).get('/api/streaming/v1/topics?limit=500');
    const claimed = topics.filter(t => t.owner === TEAM_A);
    expect(res.body.totalCount).toBe(claimed.length);
    expect(res.body.items.every((i: any) => i.owner === TEAM_A)).toBe(true);
    expect(res.body.coverage.restricted).toBe(true);
    const clusters = await request(server).get('/api/streaming/v1/clusters');
    expect(clusters.body.items).toEqual([]);
    const summary = await request(server).get('/api/streaming/v1/summary');
    expect(summary.body.assetCounts).toEqual({
      'kafka-cluster': 0,
      'kafka-topic': claimed.length,
      'consumer-group': 0,
      'flink-application': 0,
    });
  });

  it('conditional by account and by tag', async () => {
    const byAccount = await startBackend({
      'streaming.asset.read': createStreamingAssetConditionalDecision(
        streamingAssetReadPermission,
        streamingAssetConditions.hasAccount({ accountIds: [ACCOUNT_2] }),
      ),
    });
    const clusters = await request(byAccount.server).get(
      '/api/streaming/v1/clusters',
    );
    expect(clusters.body.items.map((i: any) => i.name)).toEqual(['analytics']);
    const byTag = await startBackend({
      'streaming.asset.read': createStreamingAssetConditionalDecision(
        streamingAssetReadPermission,
        streamingAssetConditions.hasTag({ key: 'env', value: 'prod' }),
      ),
    });
    const tagged = await request(byTag.server).get(
      '/api/streaming/v1/topics?limit=1',
    );
    expect(tagged.body.totalCount).toBe(TOPICS / 3);
    expect(tagged.body.items[0].clusterArn).toBe(ORDERS_CLUSTER);
  });

  it('keeps decisions and counts per caller: one never gets what only another may see', async () => {
    const { server, permissionCalls } = await startBackend(
      (user): Record<string, PolicyDecision> =>
        user === 'user:default/ada'
          ? {}
          : {
              'streaming.asset.read': createStreamingAssetConditionalDecision(
                streamingAssetReadPermission,
                streamingAssetConditions.hasAccount({
                  accountIds: [ACCOUNT_2],
                }),
              ),
              'streaming.cost.read': { result: AuthorizeResult.DENY },
            },
    );
    const as = (user: string) =>
      request(server)
        .get('/api/streaming/v1/clusters')
        .set('Authorization', mockCredentials.user.header(user));
    const ada = await as('user:default/ada');
    const bob = await as('user:default/bob');
    expect(ada.body.totalCount).toBeGreaterThan(1);
    expect(ada.body.items[0].monthlyUsd).toEqual(expect.any(Number));
    expect(bob.body.items.map((i: any) => i.name)).toEqual(['analytics']);
    expect(bob.body.totalCount).toBe(1);
    expect(bob.body.items[0].monthlyUsd).toBeUndefined();
    // Again, each from its own cache entries: the policy asked once per caller.
    expect((await as('user:default/ada')).body).toEqual(ada.body);
    expect((await as('user:default/bob')).body).toEqual(bob.body);
    expect(permissionCalls).toHaveLength(2);
  });

  it('cost conditional: cost fields only where allowed, totals over those and saying so', async () => {
    const { server } = await startBackend({
      'streaming.cost.read': createStreamingAssetConditionalDecision(
        streamingCostReadPermission,
        streamingAssetConditions.isAssetOwner({ claims: [TEAM_ORDERS] }),
      ),
    });
    const clusters = await request(server).get(
      '/api/streaming/v1/clusters?orderBy=name:asc',
    );
    const byName = Object.fromEntries(
      clusters.body.items.map((i: any) => [i.name, i]),
    );
    expect(byName.orders.monthlyUsd).toBe(1000);
    expect(byName.shared).not.toHaveProperty('monthlyUsd');
    expect(byName.analytics).not.toHaveProperty('monthlyUsd');
    expect(clusters.body.cost.shown).toBe('some');
    expect(clusters.body.cost.reason).toContain('streaming.cost.read');
    const summary = await request(server).get('/api/streaming/v1/summary');
    // The orders cluster and the enricher application: team-orders' by tags.
    expect(summary.body.monthlyUsd).toBe(1250.5);
    expect(summary.body.cost.shown).toBe('some');
    expect(summary.body.assetCounts['kafka-cluster']).toBe(3);
  });
});

describe('CSV export', () => {
  it('streams all 30,000 topics chunked, with a header and quoted fields', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/streaming/v1/topics?orderBy=name:asc')
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        let chunks = 0;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          chunks++;
          text += chunk;
        });
        response.on('end', () => callback(null, { text, chunks }));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    // Streamed: no length known up front, sent in many chunks.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.body.chunks).toBeGreaterThan(10);
    const lines = res.body.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(TOPICS + 1);
    expect(lines[0]).toBe(
      'arn,assetType,name,accountId,region,clusterType,clusterName,clusterArn,owner,unowned,claimedBy,healthStatus,bytesInPerSec,bytesOutPerSec,maxLag,kpus,kpuLimitUsage,partitions,stale,entityRefs,monthlyUsd,costComplete,usdPerGbIn,savingUsd',
    );
    expect(
      new Set(lines.slice(1).map((l: string) => l.split(',')[0])).size,
    ).toBe(TOPICS);
  });

  it('leaves cost columns out when cost is denied, and honours format=csv', async () => {
    const { server } = await startBackend({
      'streaming.cost.read': { result: AuthorizeResult.DENY },
    });
    const res = await request(server).get(
      '/api/streaming/v1/clusters?format=csv&q=shared',
    );
    expect(res.status).toBe(200);
    const [header, row] = res.text.trimEnd().split('\r\n');
    expect(header).not.toContain('monthlyUsd');
    expect(header).not.toContain('savingUsd');
    expect(row.startsWith(`${SHARED_CLUSTER},kafka-cluster,shared,`)).toBe(
      true,
    );
  });

  it('leaves the cost cells of rows whose cost is hidden empty', async () => {
    const { server } = await startBackend({
      'streaming.cost.read': createStreamingAssetConditionalDecision(
        streamingCostReadPermission,
        streamingAssetConditions.isAssetOwner({ claims: [TEAM_ORDERS] }),
      ),
    });
    const res = await request(server)
      .get('/api/streaming/v1/clusters?orderBy=name:asc')
      .set('Accept', 'text/csv');
    const [header, ...rows] = res.text.trimEnd().split('\r\n');
    expect(
      header.endsWith(',monthlyUsd,costComplete,usdPerGbIn,savingUsd'),
    ).toBe(true);
    const byName = Object.fromEntries(
      rows.map((r: string) => [r.split(',')[2], r]),
    );
    expect(byName.orders.endsWith(',1000,true,0.5,300')).toBe(true);
    expect(byName.shared.endsWith(',,,,')).toBe(true);
  });

  it('exports the chargeback with the unowned and platform overhead lines', async () => {
    const { server } = await startBackend();
    const res = await request(server).get(
      '/api/streaming/v1/chargeback?groupBy=owner&format=csv',
    );
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'key,monthlyUsd,complete,dedicatedUsd,sharedFixedUsd,usageUsd,assetCount,basis',
    );
    expect(lines.some((l: string) => l.startsWith('unowned,'))).toBe(true);
    expect(lines.some((l: string) => l.startsWith('platform-overhead,'))).toBe(
      true,
    );
    // key, monthlyUsd, complete (the shared cluster's estimate is a lower
    // bound), no dedicated assets, shared fixed and usage parts, topics, and
    // the model's words (quoted: they hold commas).
    expect(lines.find((l: string) => l.startsWith(`${TEAM_A},`))).toMatch(
      /^group:default\/team-a,[\d.]+,false,0,[\d.]+,[\d.]+,\d+,"Shared fixed cost \(brokers, provisioned storage and throughput\) split 30% by partitions and 70% by bytes in and out;/,
    );
    const [, , , , fixed, usage] = lines
      .find((l: string) => l.startsWith(`${TEAM_A},`))!
      .split(',');
    expect(Number(fixed)).toBeGreaterThan(0);
    expect(Number(usage)).toBeGreaterThan(0);
  });
});

describe('serialised answers', () => {
  it('computes a summary once for concurrent and repeated requests, and again when a refresh changed the coverage', async () => {
    const { server } = await startBackend();
    const aggregates: string[] = [];
    const onQuery = (q: { sql: string }) => {
      if (/sum\(/i.test(q.sql)) aggregates.push(q.sql);
    };
    knex.on('query', onQuery);
    try {
      const get = () => request(server).get('/api/streaming/v1/summary');
      const [a, b] = await Promise.all([get(), get()]);
      const once = aggregates.length;
      expect(once).toBeGreaterThan(0);
      expect(b.text).toBe(a.text);
      const again = await get();
      expect(again.text).toBe(a.text);
      expect(aggregates).toHaveLength(once);

      // Another replica's refresh: stored rows and the refresh status change.
      await knex('streaming_refresh_status').insert({
        account_id: ACCOUNT_2,
        region: 'eu-west-1',
        last_attempt_at: '2026-11-30T06:00:00.000Z',
        last_success_at: '2026-11-30T06:00:00.000Z',
      });
      const after = await get();
      expect(aggregates.length).toBeGreaterThan(once);
      expect(after.body.coverage.refreshedAt).toBe('2026-11-30T06:00:00.000Z');
      expect(after.body.monthlyUsd).toBe(a.body.monthlyUsd);
    } finally {
      knex.removeListener('query', onQuery);
      await knex('streaming_refresh_status').delete();
    }
  });
});

describe('summary, chargeback, savings, history', () => {
  it('answers each with its shape', async () => {
    const { server } = await startBackend();
    const summary = await request(server).get('/api/streaming/v1/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.monthlyUsd).toBe(2370.75);
    for (const groupBy of ['owner', 'account', 'region', 'clusterType']) {
      const chargeback = await request(server).get(
        `/api/streaming/v1/chargeback?groupBy=${groupBy}`,
      );
      expect(chargeback.body).toMatchObject({
        groupBy,
        monthlyUsd: 2370.75,
        complete: false,
        model: {
          partitionsShare: 0.3,
          bytesShare: 0.7,
          description: expect.stringContaining('30% by partitions'),
        },
        cost: { shown: 'all' },
      });
      const lines = [
        ...chargeback.body.rows,
        chargeback.body.unowned,
        chargeback.body.platformOverhead,
      ];
      // Rows, unowned and overhead: the estate's cost to the cent.
      expect(
        lines.reduce(
          (a: number, l: any) => a + Math.round(l.monthlyUsd * 100),
          0,
        ),
      ).toBe(237075);
      expect(chargeback.body.platformOverhead.monthlyUsd).toBeGreaterThan(0);
      expect(
        lines.some((l: any) => l.key !== 'platform-overhead' && l.usageUsd > 0),
      ).toBe(true);
    }
    const bad = await request(server).get(
      '/api/streaming/v1/chargeback?groupBy=team',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'groupBy accepts owner, account, region, clusterType',
    );
    const savings = await request(server).get('/api/streaming/v1/savings');
    expect(savings.body.items.map((i: any) => i.monthlySavingUsd)).toEqual([
      300, 50,
    ]);
    const history = await request(server).get(
      '/api/streaming/v1/history?days=90',
    );
    expect(history.status).toBe(200);
    expect(history.body).toEqual(
      expect.objectContaining({ scope: 'estate', key: '*', days: [] }),
    );
    const noKey = await request(server).get(
      '/api/streaming/v1/history?scope=owner',
    );
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.message).toContain('key is required');
    const unknown = await request(server).get(
      '/api/streaming/v1/summary?team=team-a',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('Unknown parameter team');
    const badOwner = await request(server).get(
      '/api/streaming/v1/summary?owner=group:default/',
    );
    expect(badOwner.status).toBe(400);
    expect(badOwner.body.error.message).toContain(
      'owner accepts an entity ref',
    );
    const tooLong = await request(server).get(
      '/api/streaming/v1/history?days=500',
    );
    expect(tooLong.body.error.message).toBe(
      'days accepts a whole number of days from 1 to 400',
    );
  });
});

describe('history', () => {
  const dayBefore = (days: number) =>
    new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

  it('serves the estate and an owner per day and the largest changes from the stored history', async () => {
    const rows = [];
    for (const [ago, estateUsd, ordersUsd, sharedUsd, ownerUsd] of [
      [2, 1800, 900, 500, 1100],
      [1, 1900, 950, 520, 1150],
      [0, 2370.75, 1000, 600, 1250.5],
    ] as const) {
      const day = dayBefore(ago);
      rows.push(
        {
          day,
          scope: 'estate',
          key: '*',
          monthly_usd: estateUsd,
          complete: true,
        },
        {
          day,
          scope: 'cluster',
          key: ORDERS_CLUSTER,
          name: 'orders',
          owner: TEAM_ORDERS,
          monthly_usd: ordersUsd,
          complete: true,
        },
        {
          day,
          scope: 'cluster',
          key: SHARED_CLUSTER,
          name: 'shared',
          monthly_usd: sharedUsd,
          complete: false,
        },
        {
          day,
          scope: 'owner',
          key: TEAM_ORDERS,
          name: TEAM_ORDERS,
          owner: TEAM_ORDERS,
          monthly_usd: ownerUsd,
          complete: true,
        },
      );
    }
    await knex('streaming_cost_history').insert(rows);
    try {
      const { server } = await startBackend();
      const estateHistory = await request(server).get(
        '/api/streaming/v1/history?days=30',
      );
      expect(estateHistory.body.days.map((d: any) => d.monthlyUsd)).toEqual([
        1800, 1900, 2370.75,
      ]);
      expect(estateHistory.body.cost).toEqual({ shown: 'all' });
      expect(
        estateHistory.body.largestChanges.map((c: any) => [c.key, c.deltaUsd]),
      ).toEqual([
        [TEAM_ORDERS, 150.5],
        [ORDERS_CLUSTER, 100],
        [SHARED_CLUSTER, 100],
      ]);
      const owner = await request(server).get(
        '/api/streaming/v1/history?scope=owner&key=team-orders&days=2',
      );
      expect(owner.body.key).toBe(TEAM_ORDERS);
      expect(owner.body.days.map((d: any) => d.monthlyUsd)).toEqual([
        1150, 1250.5,
      ]);
      // That owner's clusters and its own row only.
      expect(owner.body.largestChanges.map((c: any) => c.key)).toEqual([
        TEAM_ORDERS,
        ORDERS_CLUSTER,
      ]);

      const partial = await startBackend({
        'streaming.cost.read': createStreamingAssetConditionalDecision(
          streamingCostReadPermission,
          streamingAssetConditions.isAssetOwner({ claims: [TEAM_ORDERS] }),
        ),
      });
      const mine = await request(partial.server).get(
        '/api/streaming/v1/history?days=30',
      );
      expect(mine.body.days).toEqual([]);
      expect(mine.body.cost.shown).toBe('some');
      expect(mine.body.largestChanges.map((c: any) => c.key)).toEqual([
        ORDERS_CLUSTER,
      ]);
    } finally {
      await knex('streaming_cost_history').delete();
    }
  });
});
