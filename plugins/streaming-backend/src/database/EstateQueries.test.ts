import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  AssetCost,
  CHARGEBACK_GROUP_BY,
  DEFAULT_CHARGEBACK_MODEL,
} from '@backstage-streaming/plugin-streaming-common';
import {
  ACCOUNT_1,
  ACCOUNT_2,
  ANALYTICS_CLUSTER,
  APP_COSTS,
  buildEstate,
  CLUSTER_COSTS,
  EstateFixture,
  insertEstate,
  INTERNAL_TOPIC,
  ORDERS_CLUSTER,
  SCORER_APP,
  SHARED_BREAKDOWN,
  SHARED_CLUSTER,
  TEAM_A,
  TEAM_ANALYTICS,
  TEAM_B,
  TEAM_ORDERS,
} from '../__fixtures__/estate';
import { AssetViewStore } from './AssetViewStore';
import { CostHistoryStore } from './CostHistoryStore';
import { InventoryStore } from './InventoryStore';
import {
  decodeEstateCursor,
  encodeEstateCursor,
  EstateAccess,
  EstateListParams,
  EstateQueries,
} from './EstateQueries';

// SQLite always; PostgreSQL where a server is configured (npm test points at the local one).
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15'],
});

const TOPICS = 30_000;
const ALL: EstateAccess = { read: { kind: 'all' }, cost: { kind: 'all' } };
const ESTATE_USD =
  Object.values(CLUSTER_COSTS).reduce((a, b) => a + b, 0) +
  Object.values(APP_COSTS).reduce((a, b) => a + b, 0);

jest.setTimeout(180_000);

describe.each(databases.eachSupportedId())('EstateQueries on %s', id => {
  let knex: Knex;
  let queries: EstateQueries;
  let estate: EstateFixture;
  const topics = () => estate.views.filter(v => v.asset_type === 'kafka-topic');

  beforeAll(async () => {
    knex = await databases.init(id as TestDatabaseId);
    await InventoryStore.create(mockServices.database({ knex }));
    estate = buildEstate(TOPICS);
    await insertEstate(knex, estate);
    if (knex.client.config.client === 'pg') {
      await knex.raw('analyze');
    }
    queries = new EstateQueries(knex);
  });

  const params = (
    overrides: Partial<EstateListParams> = {},
  ): EstateListParams => ({
    assetType: 'kafka-topic',
    limit: 500,
    sort: { field: 'name', direction: 'asc' },
    filters: {},
    ...overrides,
  });

  /** Every row of a list, page by page through the cursors. */
  async function pageThrough(p: EstateListParams, access: EstateAccess = ALL) {
    const arns: string[] = [];
    const values: Array<number | null> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await queries.listPage(
        { ...p, cursor: cursor ? decodeEstateCursor(cursor) : undefined },
        access,
      );
      arns.push(...page.items.map(i => i.arn));
      values.push(...page.items.map(i => i.partitions));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 1000);
    return { arns, values, pages };
  }

  /** The same rows in one unpaged query with the same order. */
  async function unpaged(
    column: string,
    direction: 'asc' | 'desc',
    where: Record<string, unknown> = {},
  ) {
    const rows = await knex('streaming_asset_views')
      .where({ asset_type: 'kafka-topic', gone: false, ...where })
      .orderByRaw(`?? ${direction} nulls last`, [column])
      .orderBy('arn', direction)
      .select('arn');
    return rows.map(r => r.arn);
  }

  it('pages through 30,000 topics by name with the keyset cursor: every row once, in order', async () => {
    const { arns, pages } = await pageThrough(params());
    expect(pages).toBe(60);
    expect(new Set(arns).size).toBe(TOPICS);
    expect(arns).toEqual(await unpaged('name_lower', 'asc'));
    expect(await queries.count('kafka-topic', {}, ALL)).toBe(TOPICS);
  });

  it('sorts by partitions descending with nulls last, page after page', async () => {
    const { arns, values } = await pageThrough(
      params({ sort: { field: 'partitions', direction: 'desc' } }),
    );
    expect(arns).toEqual(await unpaged('partitions', 'desc'));
    const firstNull = values.indexOf(null);
    expect(firstNull).toBe(topics().filter(t => t.partitions !== null).length);
    expect(values.slice(firstNull).every(v => v === null)).toBe(true);
    const numbers = values.slice(0, firstNull) as number[];
    expect(numbers.every((v, i) => i === 0 || numbers[i - 1] >= v)).toBe(true);
  });

  it('sorts by monthly cost ascending with nulls last, and by health worst first', async () => {
    const byCost = await pageThrough(
      params({ sort: { field: 'monthlyUsd', direction: 'asc' } }),
    );
    expect(byCost.arns).toEqual(await unpaged('monthly_usd', 'asc'));
    const page = await queries.listPage(
      params({ limit: 5, sort: { field: 'health', direction: 'desc' } }),
      ALL,
    );
    expect(page.items.map(i => i.healthStatus)).toEqual(
      Array(5).fill('critical'),
    );
  });

  it('keeps its place when rows are added before the cursor', async () => {
    const first = await queries.listPage(params({ limit: 100 }), ALL);
    const expectedNext = await queries.listPage(
      params({ limit: 100, cursor: decodeEstateCursor(first.nextCursor!) }),
      ALL,
    );
    await knex('streaming_asset_views').insert({
      ...estate.views.find(v => v.asset_type === 'kafka-topic'),
      arn: `${ORDERS_CLUSTER}/topic/aaaa-new`,
      name: 'aaaa-new',
      name_lower: 'aaaa-new',
    });
    try {
      const next = await queries.listPage(
        params({ limit: 100, cursor: decodeEstateCursor(first.nextCursor!) }),
        ALL,
      );
      expect(next.items.map(i => i.arn)).toEqual(
        expectedNext.items.map(i => i.arn),
      );
    } finally {
      await knex('streaming_asset_views')
        .where('arn', `${ORDERS_CLUSTER}/topic/aaaa-new`)
        .delete();
    }
  });

  it('filters by account, region, cluster type, owner, health, unowned and a name search', async () => {
    const count = (filters: Parameters<EstateQueries['count']>[1]) =>
      queries.count('kafka-topic', filters, ALL);
    const expected = (pred: (v: (typeof estate.views)[number]) => boolean) =>
      topics().filter(pred).length;
    expect(await count({ accountId: ACCOUNT_2 })).toBe(
      expected(v => v.account_id === ACCOUNT_2),
    );
    expect(await count({ region: 'us-east-1' })).toBe(
      expected(v => v.region === 'us-east-1'),
    );
    expect(await count({ clusterType: 'express' })).toBe(TOPICS / 3);
    expect(await count({ owner: 'group:default/TEAM-A' })).toBe(
      expected(v => v.owner === TEAM_A),
    );
    expect(await count({ healthStatus: 'warning' })).toBe(
      expected(v => v.health_status === 'warning'),
    );
    expect(await count({ unowned: true })).toBe(expected(v => !!v.unowned));
    expect(await count({ unowned: false })).toBe(expected(v => !v.unowned));
    // Case-insensitive; % and _ are literal.
    expect(await count({ q: 'ORDERS.cr' })).toBe(1);
    expect(await count({ q: 'pay%ments_' })).toBe(1);
    expect(await count({ q: 'payments_50' })).toBe(1);
    expect(await count({ q: 'topic-0001' })).toBe(10);
    const page = await queries.listPage(
      params({ filters: { q: 'orders.created' } }),
      ALL,
    );
    expect(page.items).toEqual([
      expect.objectContaining({
        name: 'Orders.Created',
        clusterName: 'orders',
        owner: TEAM_ORDERS,
        monthlyUsd: null,
      }),
    ]);
  });

  it('applies conditional read decisions in the query: owner, claim, account, tag and their combinations', async () => {
    const countFor = (read: EstateAccess['read']) =>
      queries.count('kafka-topic', {}, { read, cost: { kind: 'all' } });
    expect(
      await countFor({
        kind: 'some',
        criteria: {
          rule: 'isAssetOwner',
          claims: ['GROUP:default/team-orders'],
        },
      }),
    ).toBe(TOPICS / 3);
    const claimedByA = topics().filter(v => v.owner === TEAM_A).length;
    expect(
      await countFor({
        kind: 'some',
        criteria: { rule: 'isClaimedBy', claims: [TEAM_A] },
      }),
    ).toBe(claimedByA);
    // A claim never counts against a tag owner.
    expect(
      await countFor({
        kind: 'some',
        criteria: { rule: 'isClaimedBy', claims: [TEAM_ORDERS] },
      }),
    ).toBe(0);
    expect(
      await countFor({
        kind: 'some',
        criteria: { rule: 'hasAccount', accountIds: [ACCOUNT_2] },
      }),
    ).toBe(TOPICS / 3);
    expect(
      await countFor({
        kind: 'some',
        criteria: { rule: 'hasTag', key: 'env', value: 'prod' },
      }),
    ).toBe(TOPICS / 3);
    expect(
      await countFor({
        kind: 'some',
        criteria: { rule: 'hasTag', key: 'env' },
      }),
    ).toBe((2 * TOPICS) / 3);
    expect(
      await countFor({
        kind: 'some',
        criteria: {
          anyOf: [
            { rule: 'isAssetOwner', claims: [TEAM_ORDERS] },
            { rule: 'isClaimedBy', claims: [TEAM_A] },
          ],
        },
      }),
    ).toBe(TOPICS / 3 + claimedByA);
    expect(
      await countFor({
        kind: 'some',
        criteria: {
          allOf: [
            { rule: 'hasAccount', accountIds: [ACCOUNT_1] },
            { not: { rule: 'hasTag', key: 'env' } },
          ],
        },
      }),
    ).toBe(TOPICS / 3);
    expect(await countFor({ kind: 'none' })).toBe(0);
    // Paging stays exact under conditions: pages hold only permitted rows.
    const { arns } = await pageThrough(params(), {
      read: {
        kind: 'some',
        criteria: { rule: 'isClaimedBy', claims: [TEAM_A] },
      },
      cost: { kind: 'all' },
    });
    expect(arns).toHaveLength(claimedByA);
    expect(arns.every(arn => arn.includes('/shared/'))).toBe(true);
  });

  it('withholds cost fields where the cost decision does not allow them, and sorts those as unpriced', async () => {
    const access: EstateAccess = {
      read: { kind: 'all' },
      cost: {
        kind: 'some',
        criteria: { rule: 'isAssetOwner', claims: [TEAM_ANALYTICS] },
      },
    };
    const page = await queries.listPage(
      params({
        assetType: 'kafka-cluster',
        sort: { field: 'monthlyUsd', direction: 'desc' },
      }),
      access,
    );
    expect(page.items.map(i => [i.name, i.monthlyUsd])).toEqual([
      ['analytics', 400],
      // Hidden costs sort as unpriced: last, by ARN in the sort's direction.
      ['shared', undefined],
      ['orders', undefined],
    ]);
    expect(page.items[1]).not.toHaveProperty('monthlyUsd');
    expect(page.items[1]).not.toHaveProperty('savingUsd');
  });

  it("summarises one owner's assets, whatever the case of the ref", async () => {
    const owned = estate.views.filter(v => v.owner === TEAM_ORDERS);
    const summary = await queries.summary(
      ALL,
      TEAM_ORDERS.toLocaleUpperCase('en-US'),
    );
    expect(Object.values(summary.health).reduce((a, b) => a + b, 0)).toBe(
      owned.length,
    );
    for (const status of ['healthy', 'warning', 'critical', 'unknown']) {
      expect(summary.health[status as 'healthy']).toBe(
        owned.filter(v => v.health_status === status).length,
      );
    }
    expect(summary.assetCounts['kafka-topic']).toBe(
      owned.filter(v => v.asset_type === 'kafka-topic').length,
    );
    const pricedUsd = owned
      .filter(v =>
        ['kafka-cluster', 'flink-application'].includes(v.asset_type as string),
      )
      .reduce((sum, v) => sum + Number(v.monthly_usd ?? 0), 0);
    expect(pricedUsd).toBeGreaterThan(0);
    expect(summary.monthlyUsd).toBeCloseTo(pricedUsd, 2);
    expect(summary.byOwner.map(g => g.key)).toEqual([TEAM_ORDERS]);
    expect(summary.unowned.assetCount).toBe(0);
  });

  it('summarises the estate with SQL aggregates, and only cost-visible rows under a cost condition', async () => {
    const summary = await queries.summary(ALL);
    expect(summary.monthlyUsd).toBeCloseTo(ESTATE_USD, 2);
    expect(summary.complete).toBe(false);
    expect(summary.completeMonthlyUsd).toBeCloseTo(
      ESTATE_USD - CLUSTER_COSTS[SHARED_CLUSTER],
      2,
    );
    expect(summary.byClusterType).toEqual(
      expect.arrayContaining([
        { key: 'standard', monthlyUsd: 1000, complete: true, assetCount: 1 },
        { key: 'express', monthlyUsd: 600, complete: false, assetCount: 1 },
        {
          key: 'flink-application',
          monthlyUsd: 370.75,
          complete: true,
          assetCount: 2,
        },
      ]),
    );
    expect(summary.byOwner[0]).toEqual({
      key: TEAM_ORDERS,
      monthlyUsd: 1250.5,
      complete: true,
      assetCount: 2,
    });
    expect(summary.byAccount.map(g => g.key).sort()).toEqual([
      ACCOUNT_1,
      ACCOUNT_2,
    ]);
    expect(summary.unowned).toEqual({
      assetCount: estate.views.filter(v => v.unowned).length,
      monthlyUsd: 720.25,
      complete: false,
    });
    expect(summary.assetCounts).toEqual({
      'kafka-cluster': 3,
      'kafka-topic': TOPICS,
      'consumer-group': 2,
      'flink-application': 2,
    });
    const healthTotal = Object.values(summary.health).reduce((a, b) => a + b);
    expect(healthTotal).toBe(estate.views.length);
    expect(summary.kpusByAccountRegion).toEqual([
      { accountId: ACCOUNT_1, region: 'us-east-1', kpus: 9 },
      { accountId: ACCOUNT_2, region: 'eu-west-1', kpus: 24 },
    ]);
    expect(summary.nearestKpuLimit[0]).toEqual(
      expect.objectContaining({ name: 'scorer', kpuLimit: 32, usage: 0.75 }),
    );
    // $/GB in: the clusters with throughput, $1,600 over 3 MB/s for a month.
    expect(summary.usdPerGbIn).toBeCloseTo(
      1600 / ((3e6 * 730 * 3600) / 1e9),
      6,
    );

    const partial = await queries.summary({
      read: { kind: 'all' },
      cost: {
        kind: 'some',
        criteria: { rule: 'hasAccount', accountIds: [ACCOUNT_2] },
      },
    });
    expect(partial.monthlyUsd).toBe(520.25);
    expect(partial.assetCounts['kafka-topic']).toBe(TOPICS);

    const restricted = await queries.summary({
      read: {
        kind: 'some',
        criteria: { rule: 'isAssetOwner', claims: [TEAM_ORDERS] },
      },
      cost: { kind: 'all' },
    });
    expect(restricted.monthlyUsd).toBe(1250.5);
    expect(restricted.assetCounts).toEqual({
      'kafka-cluster': 1,
      'kafka-topic': TOPICS / 3,
      'consumer-group': 1,
      'flink-application': 1,
    });
  });

  /** The shared cluster's stored split over its topics, as the fixture derived it. */
  const sharedSplit = () => {
    const row = estate.views.find(v => v.arn === SHARED_CLUSTER)!;
    return JSON.parse(row.cost as string).chargeback as NonNullable<
      AssetCost['chargeback']
    >;
  };
  const centsOf = (usd: number) => Math.round(usd * 100);
  const sharesOf = (owner: string | null) =>
    sharedSplit().shares.filter(s => s.owner === owner);

  it.each(CHARGEBACK_GROUP_BY)(
    'charges back by %s with the model: rows, unowned and platform overhead add up to the estate cost to the cent',
    async groupBy => {
      const [chargeback, summary] = await Promise.all([
        queries.chargeback(groupBy, ALL, DEFAULT_CHARGEBACK_MODEL),
        queries.summary(ALL),
      ]);
      expect(chargeback.groupBy).toBe(groupBy);
      expect(chargeback.model).toEqual({
        ...DEFAULT_CHARGEBACK_MODEL,
        description: expect.stringContaining('30% by partitions'),
      });
      expect(chargeback.monthlyUsd).toBe(summary.monthlyUsd);
      expect(chargeback.monthlyUsd).toBe(ESTATE_USD);
      const lines = [
        ...chargeback.rows,
        chargeback.unowned,
        chargeback.platformOverhead,
      ];
      expect(lines.reduce((a, l) => a + centsOf(l.monthlyUsd), 0)).toBe(
        centsOf(ESTATE_USD),
      );
      // Each line's parts add up to it.
      for (const line of lines) {
        expect(
          centsOf(line.dedicatedUsd) +
            centsOf(line.sharedFixedUsd) +
            centsOf(line.usageUsd),
        ).toBe(centsOf(line.monthlyUsd));
      }
      // The internal topic's share and the unallocated rest of the shared
      // cluster, whatever the grouping.
      const split = sharedSplit();
      const sharesCents = split.shares.reduce((a, t) => a + centsOf(t.usd), 0);
      expect(split.platformOverhead.topics.map(t => t.arn)).toEqual([
        INTERNAL_TOPIC,
      ]);
      expect(centsOf(chargeback.platformOverhead.monthlyUsd)).toBe(
        centsOf(CLUSTER_COSTS[SHARED_CLUSTER]) - sharesCents,
      );
      expect(chargeback.platformOverhead.monthlyUsd).toBeGreaterThan(0);
      // The scorer application and the unclaimed topics' shares.
      expect(centsOf(chargeback.unowned.monthlyUsd)).toBe(
        centsOf(APP_COSTS[SCORER_APP]) +
          sharesOf(null).reduce((a, t) => a + centsOf(t.usd), 0),
      );
      expect(chargeback.unowned.usageUsd).toBeGreaterThan(0);
      expect(chargeback.complete).toBe(false);
    },
  );

  it('charges back by owner: dedicated assets at full cost, shares of the shared cluster with their usage-priced parts', async () => {
    const chargeback = await queries.chargeback(
      'owner',
      ALL,
      DEFAULT_CHARGEBACK_MODEL,
    );
    const byKey = Object.fromEntries(chargeback.rows.map(r => [r.key, r]));
    expect(Object.keys(byKey).sort()).toEqual(
      [TEAM_A, TEAM_ANALYTICS, TEAM_B, TEAM_ORDERS].sort(),
    );
    expect(byKey[TEAM_ORDERS]).toMatchObject({
      monthlyUsd: 1250.5,
      dedicatedUsd: 1250.5,
      sharedFixedUsd: 0,
      usageUsd: 0,
      complete: true,
      assetCount: 2,
    });
    expect(byKey[TEAM_ANALYTICS]).toMatchObject({
      monthlyUsd: 400,
      dedicatedUsd: 400,
      usageUsd: 0,
    });
    const teamA = sharesOf(TEAM_A);
    expect(byKey[TEAM_A]).toMatchObject({
      monthlyUsd: teamA.reduce((a, t) => a + centsOf(t.usd), 0) / 100,
      dedicatedUsd: 0,
      usageUsd: teamA.reduce((a, t) => a + centsOf(t.usageUsd!), 0) / 100,
      assetCount: teamA.length,
      complete: false,
    });
    // Data in is usage-priced on Express: it goes to the topics that wrote it.
    expect(byKey[TEAM_A].usageUsd).toBeGreaterThan(0);
    expect(byKey[TEAM_A].sharedFixedUsd).toBeGreaterThan(0);
    expect(byKey[TEAM_A].basis[0]).toContain(
      'split 30% by partitions and 70% by bytes in and out',
    );
    // The teams' usage parts are the cluster's data in, less what the
    // internal topic wrote (overhead).
    const usageCents = chargeback.rows.reduce(
      (a, r) => a + centsOf(r.usageUsd),
      centsOf(chargeback.unowned.usageUsd),
    );
    expect(usageCents).toBeLessThan(centsOf(SHARED_BREAKDOWN.dataInUsd));
    expect(usageCents).toBeGreaterThan(
      centsOf(SHARED_BREAKDOWN.dataInUsd) * 0.99,
    );

    const byType = await queries.chargeback(
      'clusterType',
      ALL,
      DEFAULT_CHARGEBACK_MODEL,
    );
    const types = Object.fromEntries(
      byType.rows.map(r => [r.key, r.monthlyUsd]),
    );
    expect(types).toMatchObject({
      standard: 1000,
      serverless: 400,
      // The enricher; the scorer is unowned.
      flink: 250.5,
    });
    expect(types.express).toBeCloseTo(
      (sharesOf(TEAM_A).reduce((a, t) => a + centsOf(t.usd), 0) +
        sharesOf(TEAM_B).reduce((a, t) => a + centsOf(t.usd), 0)) /
        100,
      2,
    );

    // The configured model is the one the response names.
    const halves = { partitionsShare: 0.5, bytesShare: 0.5 };
    expect(
      (await queries.chargeback('owner', ALL, halves)).model,
    ).toMatchObject(halves);
  });

  it('charges back only what the caller may read and see the cost of, saying nothing of the rest', async () => {
    const account2 = await queries.chargeback(
      'owner',
      {
        read: { kind: 'all' },
        cost: {
          kind: 'some',
          criteria: { rule: 'hasAccount', accountIds: [ACCOUNT_2] },
        },
      },
      DEFAULT_CHARGEBACK_MODEL,
    );
    expect(account2.monthlyUsd).toBe(520.25);
    expect(account2.rows.map(r => [r.key, r.monthlyUsd])).toEqual([
      [TEAM_ANALYTICS, 400],
    ]);
    expect(account2.unowned.monthlyUsd).toBe(120.25);
    expect(account2.platformOverhead.monthlyUsd).toBe(0);

    const readOrders = await queries.chargeback(
      'account',
      {
        read: {
          kind: 'some',
          criteria: { rule: 'isAssetOwner', claims: [TEAM_ORDERS] },
        },
        cost: { kind: 'all' },
      },
      DEFAULT_CHARGEBACK_MODEL,
    );
    expect(readOrders.monthlyUsd).toBe(1250.5);
    expect(readOrders.rows.map(r => [r.key, r.monthlyUsd])).toEqual([
      [ACCOUNT_1, 1250.5],
    ]);

    const noCost = await queries.chargeback(
      'owner',
      { read: { kind: 'all' }, cost: { kind: 'none' } },
      DEFAULT_CHARGEBACK_MODEL,
    );
    expect(noCost.monthlyUsd).toBe(0);
    expect(noCost.rows).toEqual([]);
  });

  it('ranks savings by monthly saving with the change that gives it', async () => {
    const savings = await queries.savings({ limit: 1 }, ALL);
    expect(savings.totalCount).toBe(2);
    expect(savings.totalMonthlySavingUsd).toBe(350);
    expect(savings.items).toEqual([
      expect.objectContaining({
        arn: ORDERS_CLUSTER,
        monthlySavingUsd: 300,
        change: 'kafka.m7g.large × 3',
        message: 'Brokers idle',
      }),
    ]);
    const next = await queries.savings(
      { limit: 1, cursor: decodeEstateCursor(savings.nextCursor!) },
      ALL,
    );
    expect(next.items.map(i => i.arn)).toEqual([ANALYTICS_CLUSTER]);
    expect(next.nextCursor).toBeNull();
    const hidden = await queries.savings(
      { limit: 10 },
      { read: { kind: 'all' }, cost: { kind: 'none' } },
    );
    expect(hidden.items).toEqual([]);
  });

  it('limits the cost history’s largest changes to the assets whose cost the caller may see', async () => {
    const rows = [];
    for (const [day, estateUsd, ordersUsd, analyticsUsd] of [
      ['2026-11-28', 1800, 900, 400],
      ['2026-11-29', 1900, 950, 420],
      ['2026-11-30', 2370.75, 1000, 300],
    ] as const) {
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
          monthly_usd: ordersUsd,
          complete: true,
        },
        {
          day,
          scope: 'cluster',
          key: ANALYTICS_CLUSTER,
          name: 'analytics',
          monthly_usd: analyticsUsd,
          complete: true,
        },
      );
    }
    await knex('streaming_cost_history').insert(rows);
    try {
      // One implementation: the route reads CostHistoryStore, limited to the
      // clusters and applications whose cost the caller may see.
      const history = new CostHistoryStore(knex);
      const now = new Date('2026-11-30T12:00:00Z');
      const days = await history.series({
        scope: 'estate',
        key: '*',
        days: 30,
        now,
      });
      expect(days.map(d => [d.day, d.monthlyUsd])).toEqual([
        ['2026-11-28', 1800],
        ['2026-11-29', 1900],
        ['2026-11-30', 2370.75],
      ]);
      // Largest by size either way; equal ones by key.
      const all = await history.largestChanges({ days: 30, now });
      expect(all).toEqual([
        {
          scope: 'cluster',
          key: ANALYTICS_CLUSTER,
          name: 'analytics',
          fromUsd: 400,
          toUsd: 300,
          deltaUsd: -100,
        },
        {
          scope: 'cluster',
          key: ORDERS_CLUSTER,
          name: 'orders',
          fromUsd: 900,
          toUsd: 1000,
          deltaUsd: 100,
        },
      ]);
      expect(
        await history.series({ scope: 'estate', key: '*', days: 2, now }),
      ).toHaveLength(2);
      // Conditional cost: changes of visible clusters only.
      const mine = await history.largestChanges({
        days: 30,
        now,
        assets: queries.costVisibleAssetArns({
          read: { kind: 'all' },
          cost: {
            kind: 'some',
            criteria: { rule: 'hasAccount', accountIds: [ACCOUNT_2] },
          },
        }),
      });
      expect(mine.map(c => c.key)).toEqual([ANALYTICS_CLUSTER]);
      const none = await history.largestChanges({
        days: 30,
        now,
        assets: queries.costVisibleAssetArns({
          read: { kind: 'all' },
          cost: { kind: 'none' },
        }),
      });
      expect(none).toEqual([]);
    } finally {
      await knex('streaming_cost_history').delete();
    }
  });

  it('reports failed account-regions and the latest refresh', async () => {
    await knex('streaming_refresh_status').insert([
      {
        account_id: ACCOUNT_1,
        region: 'us-east-1',
        last_attempt_at: '2026-11-30T10:00:00.000Z',
        last_success_at: '2026-11-30T10:00:00.000Z',
      },
      {
        account_id: ACCOUNT_2,
        region: 'eu-west-1',
        last_attempt_at: '2026-11-30T10:05:00.000Z',
        last_success_at: '2026-11-29T10:00:00.000Z',
        last_error_code: 'AccessDenied',
      },
    ]);
    try {
      expect(await queries.coverage(ALL)).toEqual({
        restricted: false,
        failedAccountRegions: [
          {
            accountId: ACCOUNT_2,
            region: 'eu-west-1',
            lastErrorCode: 'AccessDenied',
            lastSuccessAt: '2026-11-29T10:00:00.000Z',
          },
        ],
        refreshedAt: '2026-11-30T10:05:00.000Z',
      });
    } finally {
      await knex('streaming_refresh_status').delete();
    }
  });

  it('counts the summary from an index on SQLite, under an account or owner condition too', async () => {
    if (knex.client.config.client === 'pg') return;
    for (const access of [
      ALL,
      {
        read: {
          kind: 'some',
          criteria: {
            anyOf: [
              { rule: 'hasAccount', accountIds: [ACCOUNT_1] },
              { rule: 'isAssetOwner', claims: [TEAM_A] },
            ],
          },
        },
        cost: { kind: 'all' },
      } as EstateAccess,
    ]) {
      const sql = queries.summaryCountsQuery(access).toSQL();
      const rows: any[] = await knex.raw(
        `explain query plan ${sql.sql}`,
        sql.bindings as any,
      );
      expect(rows.map(r => r.detail).join('\n')).toMatch(
        /USING COVERING INDEX streaming_asset_views_counts_idx/,
      );
    }
  });

  it('filters by owner through the stored lower-cased owner and its index on SQLite', async () => {
    if (knex.client.config.client === 'pg') return;
    // What a derivation's write does after it.
    await new AssetViewStore(knex).updatePlannerStatistics();
    const sql = queries
      .listQuery(
        params({
          limit: 50,
          sort: { field: 'partitions', direction: 'desc' },
          filters: { owner: 'group:default/TEAM-B' },
        }),
        ALL,
      )
      .toSQL();
    const rows: any[] = await knex.raw(
      `explain query plan ${sql.sql}`,
      sql.bindings as any,
    );
    expect(rows.map(r => r.detail).join('\n')).toMatch(
      /SEARCH v USING INDEX streaming_asset_views_type_owner_lower_idx/,
    );
  });

  it('uses an index for the sorted, filtered first page on PostgreSQL', async () => {
    if (knex.client.config.client !== 'pg') return;
    for (const p of [
      params({ limit: 50 }),
      params({
        limit: 50,
        sort: { field: 'health', direction: 'desc' },
        filters: { accountId: ACCOUNT_2, region: 'eu-west-1' },
      }),
      params({
        limit: 50,
        sort: { field: 'monthlyUsd', direction: 'asc' },
        filters: { healthStatus: 'critical' },
      }),
      params({
        limit: 50,
        sort: { field: 'partitions', direction: 'desc' },
        filters: { owner: 'group:default/TEAM-B' },
      }),
    ]) {
      const sql = queries.listQuery(p, ALL).toSQL();
      const result = await knex.raw(`explain ${sql.sql}`, sql.bindings as any);
      const plan = result.rows.map((r: any) => r['QUERY PLAN']).join('\n');
      // The views themselves (alias v) are read through an index, not scanned whole.
      expect(plan).toMatch(
        /(Index Scan|Index Only Scan) using \w+ on streaming_asset_views v\b|Bitmap Heap Scan on streaming_asset_views v\b/,
      );
      expect(plan).not.toMatch(/Seq Scan on streaming_asset_views v\b/);
    }
  });
});

describe('estate cursors', () => {
  it('round-trips and refuses what it did not make', () => {
    const cursor = { orderBy: 'name:asc', value: 'orders', arn: 'arn:x' };
    expect(decodeEstateCursor(encodeEstateCursor(cursor))).toEqual(cursor);
    expect(decodeEstateCursor('not-a-cursor')).toBeUndefined();
    expect(
      decodeEstateCursor(
        Buffer.from(
          JSON.stringify({ v: 2, o: 'name:asc', s: 'a', a: 'b' }),
        ).toString('base64url'),
      ),
    ).toBeUndefined();
  });
});
