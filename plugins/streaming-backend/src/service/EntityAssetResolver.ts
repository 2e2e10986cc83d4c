import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_FLINK_APPLICATION_ARN,
  ANNOTATION_FLINK_TAGS,
  ANNOTATION_MSK_CLUSTER_ARN,
  ANNOTATION_MSK_CONSUMER_GROUPS,
  ANNOTATION_MSK_TAGS,
  ANNOTATION_MSK_TOPICS,
  ANNOTATION_STREAMING_ARN,
  ConsumerGroupAsset,
  consumerGroupArnFor,
  FlinkApplicationAsset,
  KafkaClusterAsset,
  KafkaTopicAsset,
  parseStreamingArn,
  parseTagSelector,
  splitAnnotationValue,
  StreamingAsset,
  StreamingProblem,
  streamingAssetArnOf,
} from '@backstage-streaming/plugin-streaming-common';
import type { StreamingAwsConfig } from '@backstage-streaming/plugin-streaming-node';
import { AssetViewStore } from '../database/AssetViewStore';
import {
  InventoryStore,
  RefreshStatusRecord,
} from '../database/InventoryStore';
import {
  EXPECTED,
  malformed,
  noClusterNamed,
  notFound,
  notRefreshed,
} from './attachmentProblems';
import { InventoryLookup } from './InventoryLookup';

/**
 * What one annotation entry resolved to (by ARN, so it can be cached while
 * the assets are re-read), and the problem it gets when none of those assets
 * can be shown (absent, or not readable by the caller).
 */
export interface Resolution {
  arns: string[];
  ifNone?: StreamingProblem;
  /**
   * The cluster an entry named by `<cluster-name>/...` was found through, and
   * the problem it gets when the caller may not read that cluster either, so
   * the cluster's existence is not revealed.
   */
  via?: { clusterArn: string; ifHidden: StreamingProblem };
}

/** An entity's annotations resolved to ARNs: each entry with its place among the problems. */
export interface ResolvedAnnotations {
  problems: StreamingProblem[];
  entries: Array<{ at: number; resolution: Resolution }>;
}

/** An entry already reported as a problem (malformed, ambiguous): nothing more to add. */
const NOTHING: Resolution = { arns: [] };

function found(
  assets: StreamingAsset[],
  ifNone: StreamingProblem,
  via?: { cluster: StreamingAsset; ifHidden: StreamingProblem },
): Resolution {
  return {
    arns: assets.map(a => a.arn),
    ifNone,
    ...(via
      ? { via: { clusterArn: via.cluster.arn, ifHidden: via.ifHidden } }
      : {}),
  };
}

/** The assets an entity's annotations attach, and what could not be resolved. */
export interface EntityAttachments {
  clusters: KafkaClusterAsset[];
  topics: KafkaTopicAsset[];
  applications: FlinkApplicationAsset[];
  consumerGroups: ConsumerGroupAsset[];
  problems: StreamingProblem[];
}

/**
 * Resolves an entity's annotations against the stored inventory (attachments
 * only: no cost, no authorization). Every entry that cannot be resolved
 * becomes a problem naming the annotation, the value and what to do; the
 * entries that can be resolved are still served. The lookups are batched:
 * one statement per kind of lookup, whatever the number of values.
 */
export class EntityAssetResolver {
  constructor(
    private readonly store: InventoryStore,
    private readonly awsConfig: StreamingAwsConfig,
    private readonly views: AssetViewStore,
  ) {}

  /**
   * The assets the entity's annotations attach. With `readable`, asked once
   * with every resolved asset, only the assets it returns are kept; an entry
   * left with none gets the problem it would get if they did not exist.
   */
  async resolveAttachments(
    entity: Entity,
    statuses?: RefreshStatusRecord[],
    options: {
      readable?: (assets: StreamingAsset[]) => Promise<Set<string>>;
    } = {},
  ): Promise<EntityAttachments> {
    const known = statuses ?? (await this.store.listRefreshStatus());
    return this.attach(await this.resolveAnnotations(entity, known), options);
  }

  /**
   * The resolved entries with their assets as stored now: one batch read by
   * ARN. Denied looks exactly like absent: the same problem, no other trace.
   */
  async attach(
    resolved: ResolvedAnnotations,
    options: {
      readable?: (assets: StreamingAsset[]) => Promise<Set<string>>;
    } = {},
  ): Promise<EntityAttachments> {
    const { entries } = resolved;
    const problems = [...resolved.problems];
    const byArn = new Map(
      (
        await this.store.getAssetsByArns(
          entries.flatMap(({ resolution }) => [
            ...resolution.arns,
            ...(resolution.via ? [resolution.via.clusterArn] : []),
          ]),
        )
      ).map(asset => [asset.arn, asset]),
    );
    // One decision for every asset found, and the clusters named on the way.
    const readable = options.readable
      ? await options.readable([...byArn.values()])
      : new Set(byArn.keys());
    const clusters = new Map<string, KafkaClusterAsset>();
    const topics = new Map<string, KafkaTopicAsset>();
    const applications = new Map<string, FlinkApplicationAsset>();
    const consumerGroups = new Map<string, ConsumerGroupAsset>();
    // From the last entry back, so the earlier places stay valid.
    for (const { at, resolution } of [...entries].reverse()) {
      const shown = resolution.arns.flatMap(arn => {
        const asset = byArn.get(arn);
        return asset && readable.has(arn) ? [asset] : [];
      });
      if (shown.length === 0) {
        const via = resolution.via;
        const problem =
          via && !(byArn.has(via.clusterArn) && readable.has(via.clusterArn))
            ? via.ifHidden
            : resolution.ifNone;
        if (problem) problems.splice(at, 0, problem);
      }
      for (const asset of shown) {
        if (asset.assetType === 'kafka-cluster') clusters.set(asset.arn, asset);
        if (asset.assetType === 'kafka-topic') topics.set(asset.arn, asset);
        if (asset.assetType === 'flink-application')
          applications.set(asset.arn, asset);
        if (asset.assetType === 'consumer-group')
          consumerGroups.set(asset.arn, asset);
      }
    }

    const byName = <T extends StreamingAsset>(map: Map<string, T>) =>
      [...map.values()].sort((a, b) => a.name.localeCompare(b.name));
    return {
      clusters: byName(clusters),
      topics: byName(topics),
      applications: byName(applications),
      consumerGroups: byName(consumerGroups),
      problems,
    };
  }

  /** The entity's annotation entries resolved to ARNs, in annotation order. */
  async resolveAnnotations(
    entity: Entity,
    statuses: RefreshStatusRecord[],
  ): Promise<ResolvedAnnotations> {
    const annotations = entity.metadata.annotations ?? {};
    const values = (annotation: string) =>
      splitAnnotationValue(annotations[annotation]);
    // A Resource entity of the catalog provider stands for one asset: its ARN annotation attaches it.
    const ownArn = streamingAssetArnOf(entity);
    const lookup = await InventoryLookup.load(this.store, this.views, {
      arns: [
        ...(ownArn ? [ownArn] : []),
        ...values(ANNOTATION_MSK_CLUSTER_ARN),
        ...values(ANNOTATION_FLINK_APPLICATION_ARN),
        ...values(ANNOTATION_MSK_TOPICS),
        ...values(ANNOTATION_MSK_CONSUMER_GROUPS),
      ].filter(value => value.startsWith('arn:')),
      topicsByName: values(ANNOTATION_MSK_TOPICS).filter(
        value => !value.startsWith('arn:'),
      ),
      groupsByName: values(ANNOTATION_MSK_CONSUMER_GROUPS).filter(
        value => !value.startsWith('arn:'),
      ),
      tagSelectors: [
        {
          assetType: 'kafka-cluster',
          tags: parseTagSelector(annotations[ANNOTATION_MSK_TAGS]).tags,
        },
        {
          assetType: 'flink-application',
          tags: parseTagSelector(annotations[ANNOTATION_FLINK_TAGS]).tags,
        },
      ],
    });

    const problems: StreamingProblem[] = [];
    const entries: ResolvedAnnotations['entries'] = [];
    const collect = (resolution: Resolution) => {
      entries.push({ at: problems.length, resolution });
    };
    const ownKind = ownArn ? parseStreamingArn(ownArn)?.kind : undefined;
    if (ownArn && ownKind) {
      collect(
        this.resolveArn(
          lookup,
          ANNOTATION_STREAMING_ARN,
          ownArn,
          ownKind,
          problems,
          statuses,
        ),
      );
    }
    for (const value of values(ANNOTATION_MSK_CLUSTER_ARN)) {
      collect(
        this.resolveArn(
          lookup,
          ANNOTATION_MSK_CLUSTER_ARN,
          value,
          'kafka-cluster',
          problems,
          statuses,
        ),
      );
    }
    for (const value of values(ANNOTATION_FLINK_APPLICATION_ARN)) {
      collect(
        this.resolveArn(
          lookup,
          ANNOTATION_FLINK_APPLICATION_ARN,
          value,
          'flink-application',
          problems,
          statuses,
        ),
      );
    }
    for (const value of values(ANNOTATION_MSK_TOPICS)) {
      collect(
        value.startsWith('arn:')
          ? this.resolveArn(
              lookup,
              ANNOTATION_MSK_TOPICS,
              value,
              'kafka-topic',
              problems,
              statuses,
            )
          : resolveTopicsByClusterName(lookup, value, problems, statuses),
      );
    }
    for (const value of values(ANNOTATION_MSK_CONSUMER_GROUPS)) {
      collect(this.resolveConsumerGroup(lookup, value, problems, statuses));
    }
    for (const [annotation, assetType] of [
      [ANNOTATION_MSK_TAGS, 'kafka-cluster'],
      [ANNOTATION_FLINK_TAGS, 'flink-application'],
    ] as const) {
      collect(
        resolveTagSelector(
          lookup,
          annotation,
          annotations[annotation],
          assetType,
          problems,
          statuses,
        ),
      );
    }
    return { problems, entries };
  }

  /** `<cluster-name>/<group>` (split on the first `/`) or a consumer-group ARN. */
  private resolveConsumerGroup(
    lookup: InventoryLookup,
    value: string,
    problems: StreamingProblem[],
    statuses: RefreshStatusRecord[],
  ): Resolution {
    const annotation = ANNOTATION_MSK_CONSUMER_GROUPS;
    if (value.startsWith('arn:')) {
      return this.resolveArn(
        lookup,
        annotation,
        value,
        'consumer-group',
        problems,
        statuses,
      );
    }
    const slash = value.indexOf('/');
    const clusterName = slash > 0 ? value.slice(0, slash) : '';
    const groupName = slash > 0 ? value.slice(slash + 1) : '';
    if (!clusterName || !groupName) {
      problems.push(malformed(annotation, value, EXPECTED['consumer-group']));
      return NOTHING;
    }
    const cluster = clusterNamed(
      lookup,
      clusterName,
      annotation,
      value,
      'consumer-group ARN',
      problems,
      statuses,
    );
    if (!cluster) return NOTHING;
    const groupArn = consumerGroupArnFor(cluster.arn, groupName);
    const group = groupArn ? lookup.byArn(groupArn) : undefined;
    return found(
      group ? [group] : [],
      {
        kind: 'asset-not-found',
        annotation,
        value,
        accountId: cluster.accountId,
        region: cluster.region,
        message: `No lag metrics were found for consumer group '${groupName}' on '${clusterName}'. MSK publishes them only for groups that commit offsets and have ASCII names; they appear after the next metrics refresh.`,
      },
      {
        cluster,
        ifHidden: noClusterNamed(
          clusterName,
          annotation,
          value,
          'consumer-group ARN',
          statuses,
        ),
      },
    );
  }

  private resolveArn(
    lookup: InventoryLookup,
    annotation: string,
    value: string,
    expected:
      | 'kafka-cluster'
      | 'kafka-topic'
      | 'flink-application'
      | 'consumer-group',
    problems: StreamingProblem[],
    statuses: RefreshStatusRecord[],
  ): Resolution {
    const parsed = parseStreamingArn(value);
    if (!parsed || parsed.kind !== expected) {
      problems.push(malformed(annotation, value, EXPECTED[expected]));
      return NOTHING;
    }
    const asset = lookup.byArn(parsed.arn);
    return found(
      asset ? [asset] : [],
      notFound(
        this.awsConfig,
        annotation,
        value,
        parsed.accountId,
        parsed.region,
        statuses,
      ),
    );
  }
}

/**
 * The one cluster with that name across the configured accounts and
 * regions; none or several is a problem that says to use an ARN instead.
 */
function clusterNamed(
  lookup: InventoryLookup,
  clusterName: string,
  annotation: string,
  value: string,
  arnKind: string,
  problems: StreamingProblem[],
  statuses: RefreshStatusRecord[],
): StreamingAsset | undefined {
  const candidates = lookup.clustersNamed(clusterName);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    problems.push({
      kind: 'annotation-ambiguous',
      annotation,
      value,
      message: `More than one cluster is named '${clusterName}' (${candidates
        .map(c => `${c.accountId}/${c.region}`)
        .join(
          ', ',
        )}). Use the ${arnKind} instead of '${value}' so it names exactly one cluster.`,
    });
  } else {
    problems.push(
      noClusterNamed(clusterName, annotation, value, arnKind, statuses),
    );
  }
  return undefined;
}

function resolveTopicsByClusterName(
  lookup: InventoryLookup,
  value: string,
  problems: StreamingProblem[],
  statuses: RefreshStatusRecord[],
): Resolution {
  const annotation = ANNOTATION_MSK_TOPICS;
  const parsed = InventoryLookup.parseTopicEntry(value);
  if (!parsed) {
    problems.push(malformed(annotation, value, EXPECTED['kafka-topic']));
    return NOTHING;
  }
  const { clusterName, topicName, prefix } = parsed;
  const cluster = clusterNamed(
    lookup,
    clusterName,
    annotation,
    value,
    'topic ARN',
    problems,
    statuses,
  );
  if (!cluster) return NOTHING;
  const via = {
    cluster,
    ifHidden: noClusterNamed(
      clusterName,
      annotation,
      value,
      'topic ARN',
      statuses,
    ),
  };
  if (prefix !== undefined) {
    return found(
      lookup.topicsByPrefix(cluster.arn, prefix),
      {
        kind: 'asset-not-found',
        annotation,
        value,
        accountId: cluster.accountId,
        region: cluster.region,
        message: `Cluster '${clusterName}' has no topic starting with '${prefix}' in the latest inventory.`,
      },
      via,
    );
  }
  const topic = lookup.topic(cluster.arn, topicName);
  return found(
    topic ? [topic] : [],
    {
      kind: 'asset-not-found',
      annotation,
      value,
      accountId: cluster.accountId,
      region: cluster.region,
      message:
        cluster.assetType === 'kafka-cluster' &&
        cluster.clusterType === 'serverless'
          ? `Serverless cluster '${clusterName}' has no topic named '${topicName}' in the latest inventory. Check the topic name; Serverless topics are found in CloudWatch, so a topic appears once a producer writes to it and one idle for 14 days is not listed.`
          : `Cluster '${clusterName}' has no topic named '${topicName}' in the latest inventory. Check the topic name; topics are listed only on provisioned clusters running Kafka 3.6 or later.`,
    },
    via,
  );
}

function resolveTagSelector(
  lookup: InventoryLookup,
  annotation: string,
  value: string | undefined,
  assetType: 'kafka-cluster' | 'flink-application',
  problems: StreamingProblem[],
  statuses: RefreshStatusRecord[],
): Resolution {
  if (!value || !value.trim()) return NOTHING;
  const { tags, malformed: bad } = parseTagSelector(value);
  for (const entry of bad) {
    problems.push(malformed(annotation, entry, 'a tag as key=value'));
  }
  if (Object.keys(tags).length === 0) return NOTHING;
  return found(
    lookup.tagged(assetType),
    statuses.length === 0
      ? notRefreshed(annotation, value)
      : {
          kind: 'asset-not-found',
          annotation,
          value,
          message: `No ${
            assetType === 'kafka-cluster' ? 'MSK cluster' : 'Flink application'
          } carries all of the tags ${value.trim()}. Check the tag keys and values (they are case-sensitive).`,
        },
  );
}
