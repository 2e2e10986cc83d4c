import {
  FlinkApplicationAsset,
  KafkaTopicAsset,
  topicArnFor,
} from '@backstage-streaming/plugin-streaming-common';
import { InventoryStore } from '../database/InventoryStore';
import { toCatalogFeed } from './catalogFeed';

const ACCOUNT = '111111111111';
const clusterArn = (name: string) =>
  `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/${name}/u-${name}`;

function topic(cluster: string, name: string): KafkaTopicAsset {
  return {
    assetType: 'kafka-topic',
    arn: topicArnFor(clusterArn(cluster), name)!,
    name,
    accountId: ACCOUNT,
    region: 'us-east-1',
    owner: null,
    tags: {},
    health: { status: 'healthy', findings: [] } as any,
    refreshedAt: '2026-11-30T00:00:00Z',
    stale: false,
    clusterArn: clusterArn(cluster),
    clusterName: cluster,
    partitionCount: 3,
    replicationFactor: 3,
    outOfSyncReplicaCount: 0,
  };
}

function application(
  propertyGroups: Array<Record<string, string>>,
): FlinkApplicationAsset {
  return {
    assetType: 'flink-application',
    arn: `arn:aws:kinesisanalytics:us-east-1:${ACCOUNT}:application/app`,
    name: 'app',
    accountId: ACCOUNT,
    region: 'us-east-1',
    owner: 'group:default/team-orders',
    tags: {},
    health: { status: 'healthy', findings: [] } as any,
    refreshedAt: '2026-11-30T00:00:00Z',
    stale: false,
    status: 'RUNNING',
    runtimeEnvironment: 'FLINK-1_20',
    applicationMode: 'STREAMING',
    versionId: 1,
    downtimeMs: 0,
    details: {
      propertyGroups: propertyGroups.map((properties, i) => ({
        id: `g${i}`,
        properties,
      })),
    } as any,
  };
}

/** A store holding these live topics, answering the one query the feed makes. */
function storeWith(topics: KafkaTopicAsset[]): InventoryStore {
  return {
    findLiveTopicsByNames: async (
      accountId: string,
      region: string,
      names: string[],
    ) =>
      topics.filter(
        t =>
          t.accountId === accountId &&
          t.region === region &&
          names.includes(t.name),
      ),
  } as unknown as InventoryStore;
}

describe('toCatalogFeed', () => {
  const keys = ['topic', 'input.topic', 'output.topic'];

  it('gives a Flink application the topics its property keys name, comma-separated values split', async () => {
    const [feed] = await toCatalogFeed(
      storeWith([
        topic('orders', 'a'),
        topic('orders', 'b'),
        topic('orders', 'c'),
      ]),
      [application([{ 'Input.Topic': 'a, b', other: 'c' }])],
      keys,
    );
    expect(feed.dependsOn).toEqual(
      [
        topicArnFor(clusterArn('orders'), 'a'),
        topicArnFor(clusterArn('orders'), 'b'),
      ].sort(),
    );
  });

  it('picks the cluster named in the same property group when a topic name is on several clusters, and guesses none otherwise', async () => {
    const store = storeWith([
      topic('orders', 'events'),
      topic('payments', 'events'),
    ]);
    const [withBootstrap] = await toCatalogFeed(
      store,
      [
        application([
          {
            topic: 'events',
            'bootstrap.servers':
              'b-1.payments.x1.c2.kafka.us-east-1.amazonaws.com:9098',
          },
        ]),
      ],
      keys,
    );
    expect(withBootstrap.dependsOn).toEqual([
      topicArnFor(clusterArn('payments'), 'events'),
    ]);
    const [ambiguous] = await toCatalogFeed(
      store,
      [application([{ topic: 'events' }])],
      keys,
    );
    expect(ambiguous.dependsOn).toEqual([]);
  });

  it('gives a topic its cluster and a cluster nothing', async () => {
    const [feed] = await toCatalogFeed(
      storeWith([]),
      [topic('orders', 'a')],
      keys,
    );
    expect(feed).toMatchObject({
      assetType: 'kafka-topic',
      clusterName: 'orders',
      clusterType: null,
      gone: false,
      dependsOn: [clusterArn('orders')],
    });
  });
});
