import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DeferredEntity,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  streamingEntityName,
  streamingEntityRef,
} from '@backstage-streaming/plugin-streaming-common';
import {
  ACCOUNT_2,
  ENRICHER_APP,
  FakeFeed,
  FULFILMENT_GROUP,
  LEGACY_CLUSTER,
  LEGACY_TOPIC,
  ORDERS_CLUSTER,
  ORDERS_TOPIC,
  SHIPPED_TOPIC,
} from '../__testUtils__/fakeFeed';
import {
  StreamingEntityProvider,
  StreamingEntityTransform,
} from './StreamingEntityProvider';

function setup(
  providerConfig: object = {},
  transforms: StreamingEntityTransform[] = [],
) {
  const feed = new FakeFeed();
  const mutations: EntityProviderMutation[] = [];
  const refreshedKeys: string[][] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      mutations.push(mutation);
    },
    refresh: async ({ keys }) => {
      refreshedKeys.push(keys);
    },
  };
  const scheduledTasks: string[] = [];
  const scheduler = mockServices.scheduler.mock({
    createScheduledTaskRunner: () => ({ run: async () => {} }),
    scheduleTask: async task => {
      scheduledTasks.push(task.id);
    },
  });
  const provider = StreamingEntityProvider.fromConfig(
    new ConfigReader({
      catalog: { providers: { streaming: { pageSize: 2, ...providerConfig } } },
    }),
    {
      logger: mockServices.logger.mock(),
      scheduler,
      discovery: mockServices.discovery.mock(),
      auth: mockServices.auth.mock(),
      transforms,
      feed,
    },
  )!;
  return {
    provider,
    feed,
    mutations,
    connection,
    scheduledTasks,
    refreshedKeys,
  };
}

const names = (entities: DeferredEntity[]) =>
  entities.map(e => e.entity.metadata.name).sort();
const nameOf = (...arns: string[]) => arns.map(streamingEntityName).sort();

describe('StreamingEntityProvider', () => {
  it('is not created without catalog.providers.streaming', () => {
    expect(
      StreamingEntityProvider.fromConfig(new ConfigReader({}), {
        logger: mockServices.logger.mock(),
        scheduler: mockServices.scheduler.mock(),
        discovery: mockServices.discovery.mock(),
        auth: mockServices.auth.mock(),
      }),
    ).toBeUndefined();
  });

  it('applies a full mutation of every asset, read a page at a time, when every account-region refreshed', async () => {
    const { provider, feed, mutations, connection, scheduledTasks } = setup();
    await provider.connect(connection);
    expect(scheduledTasks).toEqual(['streaming-provider:default:change-check']);
    const run = await provider.refresh();
    expect(run).toEqual({ mutation: 'full', entities: 7, removed: 0 });
    expect(mutations).toHaveLength(1);
    const mutation = mutations[0];
    if (mutation.type !== 'full') throw new Error('expected a full mutation');
    expect(names(mutation.entities)).toEqual(
      nameOf(...feed.assets.map(a => a.arn)),
    );
    expect(
      mutation.entities.every(
        e => e.locationKey === 'streaming-provider:default',
      ),
    ).toBe(true);
    expect(feed.pageRequests.length).toBe(4);
    expect(feed.pageRequests.every(r => r.limit === 2)).toBe(true);
  });

  it('with one account failing, upserts the other and deletes nothing', async () => {
    const { provider, feed, mutations, connection } = setup();
    await provider.connect(connection);
    feed.state.accountRegions[1].state = 'error';
    // What the failed account last held stays stored, flagged stale.
    feed.assets = feed.assets.map(a =>
      a.accountId === ACCOUNT_2 ? { ...a, stale: true } : a,
    );
    expect(await provider.refresh()).toEqual({
      mutation: 'delta',
      entities: 5,
      removed: 0,
    });
    const mutation = mutations[0];
    if (mutation.type !== 'delta') throw new Error('expected a delta');
    expect(names(mutation.added)).toEqual(
      nameOf(
        ORDERS_CLUSTER,
        ORDERS_TOPIC,
        SHIPPED_TOPIC,
        FULFILMENT_GROUP,
        ENRICHER_APP,
      ),
    );
    expect(mutation.removed).toEqual([]);
  });

  it('treats pending account-regions like failed ones, and never applies a full mutation of nothing', async () => {
    const { provider, feed, mutations, connection } = setup();
    await provider.connect(connection);
    feed.state.accountRegions[0].state = 'pending';
    await provider.refresh();
    expect(mutations[0].type).toBe('delta');
    feed.state.accountRegions = [];
    feed.assets = [];
    await provider.refresh();
    expect(mutations[1]).toEqual({ type: 'delta', added: [], removed: [] });
  });

  it('removes an asset gone from AWS: by leaving it out of a full mutation, or as a removal in a delta', async () => {
    const { provider, feed, mutations, connection } = setup();
    await provider.connect(connection);
    feed.assets = feed.assets.map(a =>
      a.arn === SHIPPED_TOPIC ? { ...a, gone: true } : a,
    );
    await provider.refresh();
    const full = mutations[0];
    if (full.type !== 'full') throw new Error('expected a full mutation');
    expect(names(full.entities)).not.toContain(
      streamingEntityName(SHIPPED_TOPIC),
    );
    expect(full.entities).toHaveLength(6);

    feed.state.accountRegions[1].state = 'error';
    await provider.refresh();
    const delta = mutations[1];
    if (delta.type !== 'delta') throw new Error('expected a delta');
    expect(delta.removed).toEqual([
      {
        entityRef: streamingEntityRef(SHIPPED_TOPIC),
        locationKey: 'streaming-provider:default',
      },
    ]);
  });

  it('logs a feed failure and leaves the catalog as it was', async () => {
    const { provider, feed, mutations, connection } = setup();
    await provider.connect(connection);
    feed.failure = new Error('connect ECONNREFUSED');
    expect(await provider.refresh()).toBeUndefined();
    expect(mutations).toEqual([]);
  });

  it('re-reads only when the inventory changed since the last run, and has the attaching entities re-processed', async () => {
    const { provider, feed, mutations, connection, refreshedKeys } = setup();
    await provider.connect(connection);
    await provider.refreshIfChanged();
    await provider.refreshIfChanged();
    expect(mutations).toHaveLength(1);
    expect(refreshedKeys).toEqual([['streaming:attachments']]);
    feed.state = { ...feed.state, generation: 'g2' };
    await provider.refreshIfChanged();
    expect(mutations).toHaveLength(2);
    expect(refreshedKeys).toHaveLength(2);
  });

  it('ingests clusters and applications only when topics and consumer groups are switched off', async () => {
    const { provider, feed, mutations, connection } = setup({
      ingestTopics: false,
      ingestConsumerGroups: false,
    });
    await provider.connect(connection);
    await provider.refresh();
    const mutation = mutations[0];
    if (mutation.type !== 'full') throw new Error('expected a full mutation');
    expect(names(mutation.entities)).toEqual(
      nameOf(ORDERS_CLUSTER, LEGACY_CLUSTER, ENRICHER_APP),
    );
    // Topics are not even read, and the application's dependencies on them are left out.
    expect(feed.pageRequests[0].assetTypes).toEqual([
      'kafka-cluster',
      'flink-application',
    ]);
    const enricher = mutation.entities.find(
      e => e.entity.metadata.name === streamingEntityName(ENRICHER_APP),
    );
    expect(enricher?.entity.spec).not.toHaveProperty('dependsOn');
  });

  it('filters by account, region, kind, name pattern and tags (topics by their cluster)', async () => {
    const byAccount = setup({ filters: { accounts: [ACCOUNT_2] } });
    await byAccount.provider.connect(byAccount.connection);
    await byAccount.provider.refresh();
    const accountOnly = byAccount.mutations[0];
    if (accountOnly.type !== 'full') throw new Error('expected full');
    expect(names(accountOnly.entities)).toEqual(
      nameOf(LEGACY_CLUSTER, LEGACY_TOPIC),
    );
    expect(byAccount.feed.pageRequests[0].accountIds).toEqual([ACCOUNT_2]);

    const byTags = setup({
      filters: { tags: { owner: 'team-orders' }, kinds: ['kafka-topic'] },
    });
    await byTags.provider.connect(byTags.connection);
    await byTags.provider.refresh();
    const tagged = byTags.mutations[0];
    if (tagged.type !== 'full') throw new Error('expected full');
    expect(names(tagged.entities)).toEqual(nameOf(ORDERS_TOPIC, SHIPPED_TOPIC));

    const byName = setup({ filters: { names: ['orders.*', 'legacy'] } });
    await byName.provider.connect(byName.connection);
    await byName.provider.refresh();
    const named = byName.mutations[0];
    if (named.type !== 'full') throw new Error('expected full');
    expect(names(named.entities)).toEqual(
      nameOf(ORDERS_TOPIC, SHIPPED_TOPIC, LEGACY_CLUSTER),
    );
  });

  it("runs adopters' transforms in order, and leaves out what one drops", async () => {
    const { provider, mutations, connection } = setup({}, [
      entity => ({
        ...entity,
        metadata: { ...entity.metadata, labels: { team: 'streaming' } },
      }),
      (entity, asset) => (asset.accountId === ACCOUNT_2 ? undefined : entity),
    ]);
    await provider.connect(connection);
    await provider.refresh();
    const mutation = mutations[0];
    if (mutation.type !== 'full') throw new Error('expected full');
    expect(mutation.entities).toHaveLength(5);
    expect(
      mutation.entities.every(
        e => e.entity.metadata.labels?.team === 'streaming',
      ),
    ).toBe(true);
  });

  it('refuses a misconfiguration at startup with what to fix', () => {
    const create = (streaming: object) => () =>
      StreamingEntityProvider.fromConfig(
        new ConfigReader({ catalog: { providers: { streaming } } }),
        {
          logger: mockServices.logger.mock(),
          scheduler: mockServices.scheduler.mock(),
          discovery: mockServices.discovery.mock(),
          auth: mockServices.auth.mock(),
        },
      );
    expect(create({ filters: { kinds: ['kafka-queue'] } })).toThrow(
      /filters.kinds: 'kafka-queue' is not one of/,
    );
    expect(create({ pageSize: 5000 })).toThrow(/pageSize must be/);
    expect(create({ defaultOwner: 'group:' })).toThrow(/defaultOwner/);
  });
});
