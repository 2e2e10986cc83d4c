import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  autoscalingEvents,
  ChargebackModel,
  FlinkApplicationAsset,
  KafkaClusterAsset,
  KafkaTopicAsset,
  resolveHealthThresholds,
  resolvePricing,
} from '@backstage-streaming/plugin-streaming-common';
import {
  account1Snapshot,
  ENRICHER_ARN,
  FakeStreamingAwsService,
  ORDERS_CLUSTER_ARN,
  ORDERS_TOPIC_ARN,
  SHARED_NAME_ARN_1,
  SHARED_NAME_ARN_2,
} from '../__fixtures__/snapshots';
import { CostCalculator } from '../cost/CostCalculator';
import { AssetView, AssetViewStore } from '../database/AssetViewStore';
import { InventoryStore } from '../database/InventoryStore';
import { EntityAssetResolver } from '../service/EntityAssetResolver';
import { InventoryRefresher } from '../service/InventoryRefresher';
import { ViewDeriver } from './ViewDeriver';

// SQLite always; PostgreSQL where a server is configured (npm test points at the local one).
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15'],
});

const PAYMENTS_TOPIC_ARN = ORDERS_TOPIC_ARN.replace(
  'orders.created',
  'payments.settled',
);
const ACCOUNT_1 = '111111111111';
const ACCOUNT_2 = '222222222222';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'shared-analytics',
      namespace: 'default',
      annotations: {
        'aws.amazon.com/amazon-msk-cluster-arn': SHARED_NAME_ARN_2,
        'aws.amazon.com/amazon-managed-flink-application-arn': ENRICHER_ARN,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-analytics' },
  },
];

describe.each(databases.eachSupportedId())('ViewDeriver on %s', databaseId => {
  async function setUp(id: TestDatabaseId, chargebackModel?: ChargebackModel) {
    const knex = await databases.init(id);
    const store = await InventoryStore.create(mockServices.database({ knex }));
    const views = new AssetViewStore(knex);
    const aws = new FakeStreamingAwsService();
    const costs = new CostCalculator(resolvePricing({}), 64, {
      chargebackModel,
    });
    const ownership = { tagKeys: ['owner'], groupMapping: {} };
    let clock = Date.parse('2026-11-30T10:00:00.000Z');
    const now = () => new Date(clock);
    const tick = () => {
      clock += 60_000;
    };
    const deriver = new ViewDeriver({ store, views, costs, ownership, now });
    const refresher = new InventoryRefresher({
      aws,
      store,
      resolver: new EntityAssetResolver(store, aws.config, views),
      deriver,
      views,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      thresholds: resolveHealthThresholds({}),
      ownership,
      purgeGoneAfterDays: 1,
      maxSeriesPerRefresh: 5000,
      frequencySeconds: 900,
      now,
    });
    return {
      knex,
      store,
      views,
      aws,
      costs,
      deriver,
      refresher,
      tick,
      now,
      advanceDays: (days: number) => {
        clock += days * 86_400_000;
      },
    };
  }

  it('awaits beforeDerive (e.g. prices stored by another replica) before it writes views', async () => {
    const { store, views, costs, refresher } = await setUp(databaseId);
    await refresher.refreshAll();
    const events: string[] = [];
    const deriver = new ViewDeriver({
      store,
      views,
      costs,
      ownership: { tagKeys: ['owner'], groupMapping: {} },
      beforeDerive: async () => {
        await new Promise(resolve => setTimeout(resolve, 20));
        events.push('before');
      },
      onDerived: () => events.push('derived'),
    });
    await deriver.deriveAccountRegion(ACCOUNT_1, 'us-east-1');
    expect(events).toEqual(['before', 'derived']);
  });

  it('round-trips views, tags and claims, replacing one account-region at once', async () => {
    const { knex, views } = await setUp(databaseId);
    const view = (arn: string, accountId: string): AssetView => ({
      arn,
      assetType: 'kafka-cluster',
      accountId,
      region: 'us-east-1',
      name: arn.split('/')[1],
      clusterArn: null,
      clusterType: 'standard',
      owner: null,
      tagOwner: null,
      healthStatus: 'warning',
      monthlyUsd: 123.456,
      costComplete: false,
      usdPerGbIn: 0.25,
      bytesInPerSec: 1000,
      bytesOutPerSec: 2000,
      maxLag: 5,
      kpus: null,
      kpuLimitUsage: null,
      partitions: 36,
      savingUsd: 40.5,
      stale: false,
      gone: false,
      cost: null,
      kpu: null,
      derivedAt: '2026-11-30T10:00:00.000Z',
    });
    const a = view('arn:c/alpha', ACCOUNT_1);
    const b = {
      ...view('arn:c/beta', ACCOUNT_2),
      owner: 'group:default/Team-Y',
    };
    await views.replaceAccountRegion(ACCOUNT_1, 'us-east-1', {
      views: [a],
      tags: [{ arn: a.arn, key: 'team', value: 'x' }],
      claims: [{ arn: a.arn, owner: 'group:default/x' }],
    });
    await views.replaceAccountRegion(ACCOUNT_2, 'us-east-1', {
      views: [b],
      tags: [{ arn: b.arn, key: 'team', value: 'y' }],
      claims: [],
    });
    expect(await views.getViews([a.arn, b.arn, 'arn:none'])).toEqual(
      new Map([
        [a.arn, a],
        [b.arn, b],
      ]),
    );
    const [row] = await knex('streaming_asset_views').where({ arn: a.arn });
    expect(row).toMatchObject({ name_lower: 'alpha', health_rank: 2 });
    expect(Boolean(row.unowned)).toBe(true);
    expect(row.owner_lower).toBeNull();
    // The owner filter's column: the owner lower-cased, the owner as it was.
    const [owned] = await knex('streaming_asset_views').where({ arn: b.arn });
    expect(owned).toMatchObject({
      owner: 'group:default/Team-Y',
      owner_lower: 'group:default/team-y',
    });
    expect(await views.arnsWithTags('kafka-cluster', { team: 'x' })).toEqual([
      a.arn,
    ]);
    expect(await views.listClaims(a.arn)).toEqual(['group:default/x']);

    // Replacing account 1 drops its old rows, tags and claims, and leaves account 2 alone.
    await views.replaceAccountRegion(ACCOUNT_1, 'us-east-1', {
      views: [],
      tags: [],
      claims: [],
    });
    expect([...(await views.getViews([a.arn, b.arn])).keys()]).toEqual([b.arn]);
    expect(await views.listTags(a.arn)).toEqual([]);
    expect(await views.listClaims(a.arn)).toEqual([]);
    expect(await views.listTags(b.arn)).toEqual([{ key: 'team', value: 'y' }]);
  });

  it('derives each cluster once after a refresh: its cost, its topics’ shares and the figures the lists sort on', async () => {
    const { store, views, costs, refresher, deriver } = await setUp(databaseId);
    await refresher.refreshAll();
    const clusterCost = jest.spyOn(costs, 'clusterCost');
    await deriver.deriveAccountRegion(ACCOUNT_1, 'us-east-1');
    // Once per cluster (two in account 1), never per topic.
    expect(clusterCost.mock.calls.map(([c]) => c.arn).sort()).toEqual([
      ORDERS_CLUSTER_ARN,
      SHARED_NAME_ARN_1,
    ]);

    const [cluster, orders, payments, application] =
      (await store.getAssetsByArns([
        ORDERS_CLUSTER_ARN,
        ORDERS_TOPIC_ARN,
        PAYMENTS_TOPIC_ARN,
        ENRICHER_ARN,
      ])) as [
        KafkaClusterAsset,
        KafkaTopicAsset,
        KafkaTopicAsset,
        FlinkApplicationAsset,
      ];
    const expected = costs.clusterCost(cluster, [orders, payments]);
    const stored = await views.getViews([
      ORDERS_CLUSTER_ARN,
      ORDERS_TOPIC_ARN,
      PAYMENTS_TOPIC_ARN,
      ENRICHER_ARN,
    ]);
    expect(stored.get(ORDERS_CLUSTER_ARN)).toMatchObject({
      assetType: 'kafka-cluster',
      clusterType: 'standard',
      owner: 'group:default/team-orders',
      tagOwner: 'group:default/team-orders',
      monthlyUsd: expected.estimate.monthlyUsd,
      costComplete: expected.estimate.complete,
      usdPerGbIn: expected.usdPerGbIn,
      // 12 partitions × 3 replicas + 6 × 2.
      partitions: 48,
      cost: expected,
    });
    const share = costs.topicShare(orders, expected)!;
    expect(stored.get(ORDERS_TOPIC_ARN)).toMatchObject({
      assetType: 'kafka-topic',
      clusterArn: ORDERS_CLUSTER_ARN,
      partitions: 12,
      monthlyUsd: share.usd,
      cost: {
        estimate: expected.estimate,
        lowerBound: expected.lowerBound,
        missing: expected.missing,
        usdPerGbIn: null,
        usdPerGbOut: null,
        share,
      },
    });
    const { cost: flinkCost, kpus } = costs.flinkCost(application);
    expect(stored.get(ENRICHER_ARN)).toMatchObject({
      monthlyUsd: flinkCost.estimate.monthlyUsd,
      kpus: kpus.inUse,
      kpuLimitUsage: kpus.inUse! / 64,
      cost: flinkCost,
      kpu: {
        ...kpus,
        autoscalingEvents: autoscalingEvents(
          await store.parallelismHistory(ENRICHER_ARN, '2000-01-01'),
        ),
      },
    });
    // A topic's tags are its cluster's.
    expect(await views.listTags(ORDERS_TOPIC_ARN)).toEqual([
      { key: 'owner', value: 'team-orders' },
    ]);
  });

  it('stores each topic’s share by the configured chargeback model, with its fixed and usage parts and their basis', async () => {
    // orders-standard: $746.76, all shared fixed cost (Standard has no
    // usage-priced part); 12 and 6 partitions, equal bytes in and out.
    const expected = {
      // 30% by partitions (224.028 × 12/18, × 6/18), 70% by bytes (261.366 each).
      default: [410.72, 336.04],
      // 50% by partitions (373.38 × 12/18, × 6/18), 50% by bytes (186.69 each).
      halves: [435.61, 311.15],
    };
    for (const [name, model] of [
      ['default', undefined],
      ['halves', { partitionsShare: 0.5, bytesShare: 0.5 }],
    ] as const) {
      const { aws, store, views, refresher, deriver } = await setUp(
        databaseId,
        model,
      );
      // Per-topic throughput (PER_TOPIC_PER_BROKER), so bytes can be weighed.
      aws.snapshots.set(ACCOUNT_1, () => {
        const snapshot = account1Snapshot();
        snapshot.clusters[0].details = {
          ...snapshot.clusters[0].details!,
          enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
        };
        return snapshot;
      });
      await refresher.refreshAll();
      const bytes = { 'msk.topic.bytesIn': 1000, 'msk.topic.bytesOut': 2000 };
      await store.setSlowMetrics(
        new Map([
          [ORDERS_TOPIC_ARN, bytes],
          [PAYMENTS_TOPIC_ARN, bytes],
        ]),
      );
      await deriver.deriveAccountRegion(ACCOUNT_1, 'us-east-1');
      const stored = await views.getViews([
        ORDERS_TOPIC_ARN,
        PAYMENTS_TOPIC_ARN,
      ]);
      const shares = [ORDERS_TOPIC_ARN, PAYMENTS_TOPIC_ARN].map(
        arn => stored.get(arn)!.cost!.share!,
      );
      expect(shares.map(s => s.usd)).toEqual(expected[name]);
      expect(
        [ORDERS_TOPIC_ARN, PAYMENTS_TOPIC_ARN].map(
          arn => stored.get(arn)!.monthlyUsd,
        ),
      ).toEqual(expected[name]);
      for (const share of shares) {
        expect(share).toMatchObject({
          basis: 'bytes-in',
          fixedUsd: share.usd,
          usageUsd: 0,
        });
      }
      expect(shares[0].basisDescription).toBe(
        name === 'default'
          ? '30% of the shared fixed cost by partitions (12 of 18 partitions); 70% of the shared fixed cost by bytes in and out (50% of the bytes in and out)'
          : '50% of the shared fixed cost by partitions (12 of 18 partitions); 50% of the shared fixed cost by bytes in and out (50% of the bytes in and out)',
      );
    }
  });

  it('records attachments and claims from the owner pass', async () => {
    const { views, refresher } = await setUp(databaseId);
    await refresher.refreshAll();
    expect(await views.listAttachments()).toEqual([
      {
        arn: SHARED_NAME_ARN_2,
        entityRef: 'component:default/shared-analytics',
        entityOwner: 'group:default/team-analytics',
      },
      {
        arn: ENRICHER_ARN,
        entityRef: 'component:default/shared-analytics',
        entityOwner: 'group:default/team-analytics',
      },
    ]);
    // The untagged cluster is claimed by its one attaching entity's owner, derived after the owner pass.
    expect(await views.listClaims(SHARED_NAME_ARN_2)).toEqual([
      'group:default/team-analytics',
    ]);
    expect(
      (await views.getViews([SHARED_NAME_ARN_2])).get(SHARED_NAME_ARN_2),
    ).toMatchObject({ owner: 'group:default/team-analytics', tagOwner: null });
  });

  it('keeps the rows of an account-region whose refresh failed, marked stale', async () => {
    const { views, refresher, aws, tick } = await setUp(databaseId);
    await refresher.refreshAll();
    const before = await views.getViews([
      ORDERS_CLUSTER_ARN,
      SHARED_NAME_ARN_2,
    ]);
    tick();
    aws.failures.set(ACCOUNT_1, {
      operation: 'ListClustersV2',
      code: 'AccessDeniedException',
      message: 'not authorized',
    });
    await refresher.refreshAll();
    const after = await views.getViews([ORDERS_CLUSTER_ARN, SHARED_NAME_ARN_2]);
    expect(after.get(ORDERS_CLUSTER_ARN)).toEqual({
      ...before.get(ORDERS_CLUSTER_ARN),
      stale: true,
    });
    // The account that refreshed is derived again.
    expect(after.get(SHARED_NAME_ARN_2)!.derivedAt).not.toBe(
      before.get(SHARED_NAME_ARN_2)!.derivedAt,
    );
  });

  it('derives only the account-region asked for', async () => {
    const { views, refresher, deriver, tick } = await setUp(databaseId);
    await refresher.refreshAll();
    const before = await views.getViews([
      ORDERS_CLUSTER_ARN,
      SHARED_NAME_ARN_2,
    ]);
    tick();
    await deriver.deriveAccountRegion(ACCOUNT_2, 'us-east-1');
    const after = await views.getViews([ORDERS_CLUSTER_ARN, SHARED_NAME_ARN_2]);
    expect(after.get(ORDERS_CLUSTER_ARN)).toEqual(
      before.get(ORDERS_CLUSTER_ARN),
    );
    expect(after.get(SHARED_NAME_ARN_2)!.derivedAt).toBe(
      '2026-11-30T10:01:00.000Z',
    );
  });

  it('keeps a gone topic’s row, marked gone and without a share, until it is purged', async () => {
    const { views, refresher, aws, advanceDays } = await setUp(databaseId);
    await refresher.refreshAll();
    aws.snapshots.set(ACCOUNT_1, () => {
      const snapshot = account1Snapshot();
      snapshot.topics = snapshot.topics.filter(
        t => t.arn !== PAYMENTS_TOPIC_ARN,
      );
      return snapshot;
    });
    await refresher.refreshAll();
    const gone = (await views.getViews([PAYMENTS_TOPIC_ARN])).get(
      PAYMENTS_TOPIC_ARN,
    );
    expect(gone).toMatchObject({ gone: true, cost: null, monthlyUsd: null });
    expect(
      (await views.getViews([ORDERS_CLUSTER_ARN])).get(ORDERS_CLUSTER_ARN)!
        .partitions,
    ).toBe(36);

    advanceDays(2);
    await refresher.refreshAll();
    expect((await views.getViews([PAYMENTS_TOPIC_ARN])).size).toBe(0);
    expect(await views.listTags(PAYMENTS_TOPIC_ARN)).toEqual([]);
  });

  it('derives an inventory stored before views existed once, at start-up', async () => {
    const { knex, views, refresher, deriver, tick } = await setUp(databaseId);
    const targets = [
      { accountId: ACCOUNT_1, region: 'us-east-1' },
      { accountId: ACCOUNT_2, region: 'us-east-1' },
    ];
    expect(await deriver.deriveIfNeverDerived(targets)).toBe(false);
    await refresher.refreshAll();
    await knex('streaming_asset_views').delete();
    expect(await deriver.deriveIfNeverDerived(targets)).toBe(true);
    const derived = await views.getViews([ORDERS_CLUSTER_ARN]);
    expect(derived.get(ORDERS_CLUSTER_ARN)!.monthlyUsd).toEqual(
      expect.any(Number),
    );
    tick();
    expect(await deriver.deriveIfNeverDerived(targets)).toBe(false);
    expect(await views.getViews([ORDERS_CLUSTER_ARN])).toEqual(derived);
  });
});

describe('ViewDeriver with account-region tasks finishing together', () => {
  it('derives one account-region at a time, and goes on after one fails', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const read: string[] = [];
    const written: string[] = [];
    const store = {
      listAccountRegionAssets: async (accountId: string) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        read.push(accountId);
        // A read that yields, as the database's does: others could start meanwhile.
        await new Promise(resolve => setTimeout(resolve, 5));
        running -= 1;
        if (accountId === 'broken') throw new Error('database gone');
        return [];
      },
      parallelismHistories: async () => new Map(),
    } as unknown as InventoryStore;
    const views = {
      replaceAccountRegion: async (accountId: string) => {
        written.push(accountId);
      },
    } as unknown as AssetViewStore;
    const deriver = new ViewDeriver({
      store,
      views,
      costs: new CostCalculator(resolvePricing({}), 64),
      ownership: { tagKeys: ['owner'], groupMapping: {} },
    });

    const outcomes = await Promise.allSettled(
      ['a', 'broken', 'b', 'c'].map(accountId =>
        deriver.deriveAccountRegion(accountId, 'us-east-1'),
      ),
    );

    expect(mostAtOnce).toBe(1);
    expect(read).toEqual(['a', 'broken', 'b', 'c']);
    expect(written).toEqual(['a', 'b', 'c']);
    expect(outcomes.map(o => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
  });
});
