import {
  CatalogFeedAsset,
  FlinkApplicationAsset,
  KafkaTopicAsset,
  splitAnnotationValue,
  StreamingAsset,
  topicArnFor,
} from '@backstage-streaming/plugin-streaming-common';
import { InventoryStore } from '../database/InventoryStore';

/**
 * Property keys whose values name Kafka topics in a Flink application's
 * property groups, when the caller gives none: the names the demo and the
 * common Flink Kafka connectors' examples use.
 */
export const DEFAULT_FLINK_TOPIC_KEYS = [
  'topic',
  'topics',
  'input.topic',
  'output.topic',
  'source.topic',
  'sink.topic',
];

/**
 * A page of stored assets as the catalog provider reads them, each with the
 * ARNs it depends on. Dependencies are resolved here, against the whole
 * stored inventory, because a page of the provider's reads never holds every
 * topic a Flink application may name.
 */
export async function toCatalogFeed(
  store: InventoryStore,
  assets: StreamingAsset[],
  flinkTopicKeys: string[],
): Promise<CatalogFeedAsset[]> {
  const flinkTopics = await resolveFlinkTopics(
    store,
    assets.filter(
      (a): a is FlinkApplicationAsset => a.assetType === 'flink-application',
    ),
    flinkTopicKeys,
  );
  return assets.map(asset => ({
    arn: asset.arn,
    assetType: asset.assetType,
    name: asset.name,
    accountId: asset.accountId,
    region: asset.region,
    clusterArn: 'clusterArn' in asset ? asset.clusterArn : null,
    clusterName: 'clusterName' in asset ? asset.clusterName : null,
    clusterType: asset.assetType === 'kafka-cluster' ? asset.clusterType : null,
    owner: asset.owner,
    tags: asset.tags,
    gone: Boolean(asset.gone),
    stale: asset.stale,
    dependsOn: dependenciesOf(asset, flinkTopics),
  }));
}

function dependenciesOf(
  asset: StreamingAsset,
  flinkTopics: Map<string, string[]>,
): string[] {
  switch (asset.assetType) {
    case 'kafka-topic':
      return [asset.clusterArn];
    case 'consumer-group':
      return [
        ...new Set(
          asset.topics.flatMap(
            t => topicArnFor(asset.clusterArn, t.topic) ?? [],
          ),
        ),
      ].sort();
    case 'flink-application':
      return flinkTopics.get(asset.arn) ?? [];
    default:
      return [];
  }
}

/** The topic names each property group of an application gives under the keys (comma-separated values split). */
export function topicNamesByGroup(
  application: FlinkApplicationAsset,
  keys: string[],
): Array<{ names: string[]; values: string[] }> {
  const wanted = new Set(keys.map(k => k.toLocaleLowerCase('en-US')));
  return (application.details?.propertyGroups ?? []).map(group => {
    const entries = Object.entries(group.properties);
    return {
      names: entries
        .filter(([key]) => wanted.has(key.toLocaleLowerCase('en-US')))
        .flatMap(([, value]) => splitAnnotationValue(value)),
      values: entries.map(([, value]) => value),
    };
  });
}

/**
 * The topics each application's property groups name, on clusters of its own
 * account-region. A name found on several clusters counts only for the
 * cluster whose name appears in the same group's values (its bootstrap
 * servers, `b-1.<cluster>.…`); when that does not single one out, the
 * dependency is left out rather than guessed.
 */
async function resolveFlinkTopics(
  store: InventoryStore,
  applications: FlinkApplicationAsset[],
  keys: string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const application of applications) {
    const groups = topicNamesByGroup(application, keys);
    const names = groups.flatMap(g => g.names);
    if (names.length === 0) continue;
    const topics = (await store.findLiveTopicsByNames(
      application.accountId,
      application.region,
      names,
    )) as KafkaTopicAsset[];
    const arns = new Set<string>();
    for (const group of groups) {
      for (const name of group.names) {
        const candidates = topics.filter(t => t.name === name);
        const named = candidates.filter(t =>
          group.values.some(value =>
            new RegExp(
              `(^|[^A-Za-z0-9-])${escape(t.clusterName)}([^A-Za-z0-9-]|$)`,
            ).test(value),
          ),
        );
        let chosen: KafkaTopicAsset[] = [];
        if (candidates.length === 1) chosen = candidates;
        else if (named.length === 1) chosen = named;
        for (const topic of chosen) arns.add(topic.arn);
      }
    }
    result.set(application.arn, [...arns].sort());
  }
  return result;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
