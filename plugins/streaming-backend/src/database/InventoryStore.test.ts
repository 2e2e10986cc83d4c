import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { StreamingAsset } from '@backstage-streaming/plugin-streaming-common';
import { ORDERS_CLUSTER_DETAILS } from '../__fixtures__/snapshots';
import { InventoryStore } from './InventoryStore';

// SQLite always; PostgreSQL where a server is configured (npm test points at the local one).
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15'],
});

function cluster(
  arn: string,
  name: string,
  accountId = '111111111111',
): StreamingAsset {
  return {
    assetType: 'kafka-cluster',
    arn,
    name,
    accountId,
    region: 'us-east-1',
    owner: null,
    tags: {},
    health: { status: 'healthy', findings: [] },
    refreshedAt: '2026-11-25T10:00:00.000Z',
    stale: false,
    clusterType: 'standard',
    state: 'ACTIVE',
    kafkaVersion: '3.6.0',
    brokerCount: 3,
    instanceType: 'kafka.m7g.large',
    cpuPercent: 20,
  };
}

function topic(clusterArn: string, name: string): StreamingAsset {
  return {
    assetType: 'kafka-topic',
    arn: `${clusterArn}/topic/${name}`,
    name,
    accountId: '111111111111',
    region: 'us-east-1',
    owner: null,
    tags: {},
    health: { status: 'healthy', findings: [] },
    refreshedAt: '2026-11-25T10:00:00.000Z',
    stale: false,
    clusterArn,
    clusterName: 'c',
    partitionCount: 3,
    replicationFactor: 3,
    outOfSyncReplicaCount: 0,
  };
}

describe.each(databases.eachSupportedId())(
  'InventoryStore on %s',
  databaseId => {
    async function createStore(id: TestDatabaseId) {
      const knex = await databases.init(id);
      const store = await InventoryStore.create(
        mockServices.database({ knex }),
      );
      return { knex, store };
    }

    it('finds topics by exact name and by prefix for several clusters in one statement, wildcards literal', async () => {
      const { knex, store } = await createStore(databaseId);
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [
          cluster('arn:a', 'a'),
          cluster('arn:b', 'b'),
          topic('arn:a', 'orders_v1.created'),
          topic('arn:a', 'ordersXv1.created'),
          topic('arn:a', 'Orders_v1.upper'),
          topic('arn:a', 'orders%.x'),
          topic('arn:a', 'payments'),
          topic('arn:b', 'orders_v1.other'),
          topic('arn:b', 'payments'),
        ],
        keepTopicsOfClusters: [],
      });
      let statements = 0;
      const count = () => {
        statements++;
      };
      knex.on('query', count);
      const found = await store.findTopicsByNamesAndPrefixes([
        { clusterArn: 'arn:a', prefix: 'orders_v1.' },
        { clusterArn: 'arn:a', prefix: 'orders%' },
        { clusterArn: 'arn:b', name: 'payments' },
      ]);
      knex.removeListener('query', count);
      expect(statements).toBe(1);
      expect(found.map(t => t.arn).sort()).toEqual([
        'arn:a/topic/orders%.x',
        'arn:a/topic/orders_v1.created',
        'arn:b/topic/payments',
      ]);
      expect(
        (await store.findClustersByNames(['b', 'nope'])).map(c => c.arn),
      ).toEqual(['arn:b']);
    });

    it('marks gone what a successful listing no longer has, and purges it later', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [
          cluster('arn:a', 'a'),
          cluster('arn:b', 'b'),
          topic('arn:a', 't1'),
        ],
        keepTopicsOfClusters: [],
      });
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [cluster('arn:a', 'a')],
        keepTopicsOfClusters: [],
      });
      const assets = await store.getAssetsByArns([
        'arn:a',
        'arn:b',
        'arn:a/topic/t1',
      ]);
      expect(Object.fromEntries(assets.map(a => [a.arn, a.gone]))).toEqual({
        'arn:a': false,
        'arn:b': true,
        'arn:a/topic/t1': true,
      });
      expect(await store.purgeGone('2026-11-25T09:00:00.000Z')).toBe(0);
      expect(await store.purgeGone('2026-11-26T00:00:00.000Z')).toBe(2);
      expect(await store.countAssets()).toBe(1);
    });

    it('keeps an owner derived from entities when the tags name none', async () => {
      const { store } = await createStore(databaseId);
      const write = () =>
        store.replaceAccountRegion({
          accountId: '111111111111',
          region: 'us-east-1',
          assets: [
            cluster('arn:a', 'a'),
            { ...cluster('arn:b', 'b'), owner: 'group:default/tagged' },
          ],
          keepTopicsOfClusters: [],
        });
      await write();
      await store.setOwners(
        new Map([
          [
            'arn:a',
            {
              owner: 'group:default/from-entity',
              claimedBy: ['group:default/from-entity'],
            },
          ],
        ]),
      );
      await write();
      const owners = Object.fromEntries(
        (await store.getAssetsByArns(['arn:a', 'arn:b'])).map(a => [
          a.arn,
          a.owner,
        ]),
      );
      expect(owners).toEqual({
        'arn:a': 'group:default/from-entity',
        'arn:b': 'group:default/tagged',
      });
    });

    it('keeps the claimants of an asset, unowned when they differ', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [cluster('arn:a', 'a'), cluster('arn:b', 'b')],
        keepTopicsOfClusters: [],
      });
      await store.setOwners(
        new Map([
          [
            'arn:a',
            {
              owner: null,
              claimedBy: ['group:default/team-a', 'group:default/team-b'],
            },
          ],
          ['arn:b', { owner: 'group:default/team-a', claimedBy: [] }],
        ]),
      );
      const [a, b] = (await store.getAssetsByArns(['arn:a', 'arn:b'])).sort(
        (x, y) => x.arn.localeCompare(y.arn),
      );
      expect([a.arn, a.owner, a.claimedBy]).toEqual([
        'arn:a',
        null,
        ['group:default/team-a', 'group:default/team-b'],
      ]);
      expect(b.claimedBy).toBeUndefined();
    });

    it('gives back what it stored as the previous inventory', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [
          {
            ...cluster('arn:a', 'a'),
            details: { ...ORDERS_CLUSTER_DETAILS, currentVersion: 'K7' },
          } as StreamingAsset,
          {
            ...topic('arn:a', 't1'),
            configs: { 'retention.ms': '1' },
          } as StreamingAsset,
        ],
        keepTopicsOfClusters: [],
      });
      const previous = await store.previousInventory(
        '111111111111',
        'us-east-1',
      );
      expect(previous.clusters.get('arn:a')?.currentVersion).toBe('K7');
      expect(previous.topics.get('arn:a/topic/t1')).toEqual({
        fingerprint: '3|3|0',
        configs: { 'retention.ms': '1' },
      });
    });

    it('keeps, stale, the topics of a cluster whose topic listing failed', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [cluster('arn:a', 'a'), topic('arn:a', 't1')],
        keepTopicsOfClusters: [],
      });
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [cluster('arn:a', 'a')],
        keepTopicsOfClusters: ['arn:a'],
      });
      const [kept] = await store.getAssetsByArns(['arn:a/topic/t1']);
      expect(kept).toMatchObject({ name: 't1', stale: true });
      expect(await store.findTopic('arn:a', 't1')).toMatchObject({
        stale: true,
      });
    });

    it('marks an account-region stale without touching another', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [cluster('arn:a', 'a')],
        keepTopicsOfClusters: [],
      });
      await store.replaceAccountRegion({
        accountId: '222222222222',
        region: 'us-east-1',
        assets: [cluster('arn:z', 'z', '222222222222')],
        keepTopicsOfClusters: [],
      });
      expect(
        await store.markAccountRegionStale('111111111111', 'us-east-1'),
      ).toBe(1);
      const assets = await store.getAssetsByArns(['arn:a', 'arn:z']);
      expect(Object.fromEntries(assets.map(a => [a.arn, a.stale]))).toEqual({
        'arn:a': true,
        'arn:z': false,
      });
    });

    it('finds clusters by name and stores many assets in chunks', async () => {
      const { store } = await createStore(databaseId);
      const many = Array.from({ length: 250 }, (_, i) =>
        topic('arn:a', `t${i}`),
      );
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [cluster('arn:a', 'same'), ...many],
        keepTopicsOfClusters: [],
      });
      expect(await store.countAssets()).toBe(251);
      expect(
        (await store.findByTypeAndName('kafka-cluster', 'same')).map(
          a => a.arn,
        ),
      ).toEqual(['arn:a']);
      expect(await store.getAssetsByArns(many.map(t => t.arn))).toHaveLength(
        250,
      );
    });

    it('skips a stored row that no longer fits the schema, logging it once and counting it', async () => {
      const knex = await databases.init(databaseId);
      const logger = mockServices.logger.mock();
      const store = await InventoryStore.create(
        mockServices.database({ knex }),
        { logger },
      );
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [
          cluster('arn:a', 'a'),
          cluster('arn:b', 'b'),
          topic('arn:a', 't1'),
        ],
        keepTopicsOfClusters: [],
      });
      // As an older version (or a hand edit) could have left them.
      await knex('streaming_assets')
        .where({ arn: 'arn:b' })
        .update({
          data: JSON.stringify({
            ...cluster('arn:b', 'b'),
            clusterType: 'mystery',
            cpuPercent: 'high',
          }),
        });
      await knex('streaming_assets')
        .where({ arn: 'arn:a/topic/t1' })
        .update({ data: '{not json' });

      for (let read = 0; read < 2; read++) {
        expect((await store.listAssets()).map(a => a.arn)).toEqual(['arn:a']);
        expect(
          (await store.getAssetsByArns(['arn:a', 'arn:b'])).map(a => a.arn),
        ).toEqual(['arn:a']);
        expect(await store.findTopic('arn:a', 't1')).toBeUndefined();
        const previous = await store.previousInventory(
          '111111111111',
          'us-east-1',
        );
        expect([...previous.clusters.keys()]).toEqual(['arn:a']);
      }
      expect(store.skippedRowCount()).toBe(2);
      expect(logger.warn).toHaveBeenCalledTimes(2);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'Skipped the stored streaming asset arn:b (kafka-cluster): it does not fit the current schema (clusterType: invalid_enum_value, cpuPercent: invalid_type)',
        ),
      );
      expect(logger.warn).not.toHaveBeenCalledWith(
        expect.stringContaining('mystery'),
      );

      // A refresh that stores it again makes it readable, and it is no longer counted.
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [cluster('arn:a', 'a'), cluster('arn:b', 'b')],
        keepTopicsOfClusters: [],
      });
      expect((await store.listAssets()).map(a => a.arn)).toContain('arn:b');
      expect(store.skippedRowCount()).toBe(1);
    });

    it('lists the account-regions that have assets, and each one’s assets alone', async () => {
      const { store } = await createStore(databaseId);
      await store.replaceAccountRegion({
        accountId: '222222222222',
        region: 'us-east-1',
        assets: [cluster('arn:z', 'z', '222222222222')],
        keepTopicsOfClusters: [],
      });
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [cluster('arn:a', 'a'), topic('arn:a', 't1')],
        keepTopicsOfClusters: [],
      });
      expect(await store.listAssetAccountRegions()).toEqual([
        { accountId: '111111111111', region: 'us-east-1' },
        { accountId: '222222222222', region: 'us-east-1' },
      ]);
      expect(
        (await store.listAccountRegionAssets('111111111111', 'us-east-1')).map(
          a => a.arn,
        ),
      ).toEqual(['arn:a', 'arn:a/topic/t1']);
    });

    it('passes on the listing each topic’s configs were read at, and a failed describe', async () => {
      const { store } = await createStore(databaseId);
      const read = { 'retention.ms': '1000' };
      await store.replaceAccountRegion({
        accountId: '111111111111',
        region: 'us-east-1',
        assets: [
          cluster('arn:a', 'a'),
          // Listed with 6 partitions now; its configs were read at 3 (the describe deferred).
          {
            ...topic('arn:a', 'grown'),
            partitionCount: 6,
            configs: read,
            configsFingerprint: '3|3|0',
          } as StreamingAsset,
          {
            ...topic('arn:a', 'failing'),
            configs: read,
            configsFingerprint: '3|3|0',
            describeFailed: true,
          } as StreamingAsset,
          // Stored before the fingerprint was kept: compared with its own listing, as then.
          { ...topic('arn:a', 'older'), configs: read } as StreamingAsset,
          topic('arn:a', 'never'),
        ],
        keepTopicsOfClusters: [],
      });
      const previous = await store.previousInventory(
        '111111111111',
        'us-east-1',
      );
      expect(Object.fromEntries(previous.topics)).toEqual({
        'arn:a/topic/grown': { fingerprint: '3|3|0', configs: read },
        'arn:a/topic/failing': {
          fingerprint: '3|3|0',
          configs: read,
          describeFailed: true,
        },
        'arn:a/topic/older': { fingerprint: '3|3|0', configs: read },
        'arn:a/topic/never': { fingerprint: '3|3|0', configs: null },
      });
    });

    it('records refresh status per account-region', async () => {
      const { store } = await createStore(databaseId);
      const status = {
        accountId: '111111111111',
        region: 'us-east-1',
        lastAttemptAt: '2026-11-25T10:00:00.000Z',
        lastSuccessAt: null,
        lastErrorCode: 'AccessDeniedException',
        lastErrorMessage: 'ListClustersV2: denied',
        assetsSeen: 0,
        topicsAwaitingDescribe: 1100,
        calls: { ListClustersV2: 1 },
      };
      await store.upsertRefreshStatus(status);
      await store.upsertRefreshStatus({
        ...status,
        lastAttemptAt: '2026-11-25T10:05:00.000Z',
      });
      expect(await store.listRefreshStatus()).toEqual([
        { ...status, lastAttemptAt: '2026-11-25T10:05:00.000Z' },
      ]);
    });

    it('runs migrations idempotently, as a second replica starting would', async () => {
      const knex = await databases.init(databaseId);
      await InventoryStore.create(mockServices.database({ knex }));
      await expect(
        InventoryStore.create(mockServices.database({ knex })),
      ).resolves.toBeInstanceOf(InventoryStore);
    });
  },
);
