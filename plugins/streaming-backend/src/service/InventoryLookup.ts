import {
  consumerGroupArnFor,
  parseStreamingArn,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import { AssetViewStore } from '../database/AssetViewStore';
import { InventoryStore } from '../database/InventoryStore';

type TaggedType = 'kafka-cluster' | 'flink-application';

/**
 * Everything an entity's annotations name, read in a few batched statements
 * (clusters by name, tag selectors, assets by ARN, topics by name or prefix),
 * so resolving an entity costs the same few queries however many values its
 * annotations hold.
 */
export class InventoryLookup {
  private constructor(
    private readonly assets: Map<string, StreamingAsset>,
    private readonly clustersByName: Map<string, StreamingAsset[]>,
    private readonly topics: StreamingAsset[],
    private readonly taggedArns: Map<TaggedType, string[]>,
  ) {}

  /** `<cluster-name>/<topic>` or `<cluster-name>/<prefix>*`; undefined when malformed. */
  static parseTopicEntry(
    value: string,
  ): { clusterName: string; topicName: string; prefix?: string } | undefined {
    const slash = value.indexOf('/');
    const clusterName = slash > 0 ? value.slice(0, slash) : '';
    const topicName = slash > 0 ? value.slice(slash + 1) : '';
    if (!clusterName || !topicName || topicName.slice(0, -1).includes('*')) {
      return undefined;
    }
    return topicName.endsWith('*')
      ? { clusterName, topicName, prefix: topicName.slice(0, -1) }
      : { clusterName, topicName };
  }

  static async load(
    store: InventoryStore,
    views: AssetViewStore,
    needs: {
      arns: string[];
      topicsByName: string[];
      groupsByName: string[];
      tagSelectors: Array<{
        assetType: TaggedType;
        tags: Record<string, string>;
      }>;
    },
  ): Promise<InventoryLookup> {
    const topicEntries = needs.topicsByName.flatMap(value => {
      const parsed = InventoryLookup.parseTopicEntry(value);
      return parsed ? [parsed] : [];
    });
    const groupEntries = needs.groupsByName.flatMap(value => {
      const slash = value.indexOf('/');
      return slash > 0 && slash < value.length - 1
        ? [
            {
              clusterName: value.slice(0, slash),
              groupName: value.slice(slash + 1),
            },
          ]
        : [];
    });
    const clusters = await store.findClustersByNames([
      ...topicEntries.map(e => e.clusterName),
      ...groupEntries.map(e => e.clusterName),
    ]);
    const clustersByName = new Map<string, StreamingAsset[]>();
    for (const cluster of clusters) {
      clustersByName.set(cluster.name, [
        ...(clustersByName.get(cluster.name) ?? []),
        cluster,
      ]);
    }
    const candidates = (name: string) => clustersByName.get(name) ?? [];

    const taggedArns = new Map<TaggedType, string[]>();
    for (const { assetType, tags } of needs.tagSelectors) {
      if (Object.keys(tags).length === 0) continue;
      taggedArns.set(assetType, await views.arnsWithTags(assetType, tags));
    }

    const arns = [
      ...needs.arns.flatMap(value => {
        const parsed = parseStreamingArn(value);
        return parsed ? [parsed.arn] : [];
      }),
      ...groupEntries.flatMap(({ clusterName, groupName }) =>
        candidates(clusterName).flatMap(cluster => {
          const arn = consumerGroupArnFor(cluster.arn, groupName);
          return arn ? [arn] : [];
        }),
      ),
      ...[...taggedArns.values()].flat(),
    ];
    const [assets, topics] = await Promise.all([
      store.getAssetsByArns(arns),
      store.findTopicsByNamesAndPrefixes(
        topicEntries.flatMap(entry =>
          candidates(entry.clusterName).map(cluster =>
            entry.prefix !== undefined
              ? { clusterArn: cluster.arn, prefix: entry.prefix }
              : { clusterArn: cluster.arn, name: entry.topicName },
          ),
        ),
      ),
    ]);
    return new InventoryLookup(
      new Map([...clusters, ...assets].map(a => [a.arn, a])),
      clustersByName,
      topics,
      taggedArns,
    );
  }

  byArn(arn: string): StreamingAsset | undefined {
    return this.assets.get(arn);
  }

  /** Clusters with that name; live ones first, gone ones only when no live one exists. */
  clustersNamed(name: string): StreamingAsset[] {
    const all = this.clustersByName.get(name) ?? [];
    const live = all.filter(c => !c.gone);
    return live.length > 0 ? live : all;
  }

  topic(clusterArn: string, name: string): StreamingAsset | undefined {
    return this.topics.find(
      t =>
        t.assetType === 'kafka-topic' &&
        t.clusterArn === clusterArn &&
        t.name === name,
    );
  }

  /** Topics of a cluster whose name starts with the prefix, by name. */
  topicsByPrefix(clusterArn: string, prefix: string): StreamingAsset[] {
    return this.topics.filter(
      t =>
        t.assetType === 'kafka-topic' &&
        t.clusterArn === clusterArn &&
        t.name.startsWith(prefix),
    );
  }

  /** Live assets of the type carrying every tag of the entity's selector. */
  tagged(assetType: TaggedType): StreamingAsset[] {
    return (this.taggedArns.get(assetType) ?? []).flatMap(arn => {
      const asset = this.assets.get(arn);
      return asset && asset.assetType === assetType && !asset.gone
        ? [asset]
        : [];
    });
  }
}
