import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_FLINK_APPLICATION_ARN,
  autoscalingEvents,
  ANNOTATION_FLINK_TAGS,
  ANNOTATION_MSK_CLUSTER_ARN,
  ANNOTATION_MSK_CONSUMER_GROUPS,
  ANNOTATION_MSK_TAGS,
  ANNOTATION_MSK_TOPICS,
  ConsumerGroupAsset,
  consumerGroupArnFor,
  EntityStreamingResponse,
  FlinkApplicationAsset,
  KafkaClusterAsset,
  KafkaTopicAsset,
  matchesTagSelector,
  parseStreamingArn,
  parseTagSelector,
  splitAnnotationValue,
  StreamingAsset,
  StreamingProblem,
} from '@backstage-streaming/plugin-streaming-common';
import {
  redactPropertyGroups,
  type StreamingAwsConfig,
} from '@backstage-streaming/plugin-streaming-node';
import { CostCalculator } from '../cost/CostCalculator';
import type { AssetDecisions } from './AssetAccess';
import {
  InventoryStore,
  RefreshStatusRecord,
} from '../database/InventoryStore';

const EXPECTED = {
  'kafka-cluster':
    'an MSK cluster ARN such as arn:aws:kafka:us-east-1:123456789012:cluster/<name>/<uuid>',
  'flink-application':
    'a Managed Flink application ARN such as arn:aws:kinesisanalytics:us-east-1:123456789012:application/<name>',
  'kafka-topic':
    'a topic ARN (arn:aws:kafka:<region>:<account>:topic/<cluster>/<uuid>/<topic>), <cluster-name>/<topic>, or <cluster-name>/<prefix>*',
  'consumer-group':
    '<cluster-name>/<group> or a consumer-group ARN (arn:aws:kafka:<region>:<account>:group/<cluster>/<uuid>/<group>)',
};

/**
 * What one annotation entry resolved to, and the problem it gets when none of
 * those assets can be shown (absent, or not readable by the caller).
 */
interface Resolution {
  assets: StreamingAsset[];
  ifNone?: StreamingProblem;
  /**
   * The cluster an entry named by `<cluster-name>/...` was found through, and
   * the problem it gets when the caller may not read that cluster either, so
   * the cluster's existence is not revealed.
   */
  via?: { cluster: StreamingAsset; ifHidden: StreamingProblem };
}

/** An entry already reported as a problem (malformed, ambiguous): nothing more to add. */
const NOTHING: Resolution = { assets: [] };

function found(
  assets: StreamingAsset[],
  ifNone: StreamingProblem,
  via?: Resolution['via'],
): Resolution {
  return { assets, ifNone, via };
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
 * Resolves an entity's annotations against the stored inventory. Every entry
 * that cannot be resolved becomes a problem naming the annotation, the value
 * and what to do; the entries that can be resolved are still served.
 */
export class EntityAssetResolver {
  constructor(
    private readonly store: InventoryStore,
    private readonly awsConfig: StreamingAwsConfig,
    private readonly costs?: CostCalculator,
  ) {}

  /**
   * The entity's streaming answer for one caller. `decide` says which assets
   * the caller may read and see the cost of; an asset it may not read is
   * answered as the same problem an unknown one gets, so its existence is not
   * revealed. KPU usage is not cost and comes with every readable application.
   */
  async resolve(
    entity: Entity,
    decide: (assets: StreamingAsset[]) => Promise<AssetDecisions>,
  ): Promise<EntityStreamingResponse> {
    const statuses = await this.store.listRefreshStatus();
    let decisions: AssetDecisions = { read: new Set(), cost: new Set() };
    const resolved = await this.resolveAttachments(entity, statuses, {
      readable: async assets => {
        decisions = await decide(assets);
        return decisions.read;
      },
    });
    const attachments = await this.withCostAndKpus(resolved, decisions.cost);
    const problems = [
      ...attachments.problems,
      ...staleAccountProblems(attachments, statuses),
    ];
    const attempts = statuses.map(s => s.lastAttemptAt).sort();
    const served = [
      ...attachments.clusters,
      ...attachments.topics,
      ...attachments.applications,
      ...attachments.consumerGroups,
    ];
    const withoutCost = served.filter(a => !decisions.cost.has(a.arn)).length;
    return {
      entityRef: stringifyEntityRef(entity),
      clusters: attachments.clusters,
      topics: await this.withConsumers(attachments.topics),
      // Redacted again when served: a row stored by an older version, whose
      // account no longer refreshes, must not serve a secret either.
      applications: attachments.applications.map(application =>
        application.details
          ? {
              ...application,
              details: {
                ...application.details,
                propertyGroups: redactPropertyGroups(
                  application.details.propertyGroups,
                  this.awsConfig.secretKeyPatterns,
                ),
              },
            }
          : application,
      ),
      consumerGroups: attachments.consumerGroups,
      problems,
      inventoryRefreshedAt: attempts.length
        ? attempts[attempts.length - 1]
        : null,
      cost: costPermission(served.length, withoutCost),
    };
  }

  private async withCostAndKpus(
    attachments: EntityAttachments,
    costOf: Set<string>,
  ): Promise<EntityAttachments> {
    const costs = this.costs;
    if (!costs) return attachments;
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const applications = [];
    for (const application of attachments.applications) {
      const { cost, kpus } = costs.flinkCost(application);
      const history = await this.store.parallelismHistory(
        application.arn,
        since,
      );
      applications.push({
        ...application,
        kpus: { ...kpus, autoscalingEvents: autoscalingEvents(history) },
        ...(costOf.has(application.arn) ? { cost } : {}),
      });
    }
    if (costOf.size === 0) return { ...attachments, applications };

    // Each cluster's cost once, with all its topics, for the clusters and topics shown.
    const clusterCosts = new Map<
      string,
      ReturnType<CostCalculator['clusterCost']>
    >();
    const costOfCluster = async (clusterArn: string) => {
      if (!clusterCosts.has(clusterArn)) {
        const [cluster] = await this.store.getAssetsByArns([clusterArn]);
        if (cluster?.assetType !== 'kafka-cluster') return undefined;
        const topics = (
          await this.store.findTopicsByPrefix(clusterArn, '')
        ).filter(
          (t): t is KafkaTopicAsset => t.assetType === 'kafka-topic' && !t.gone,
        );
        clusterCosts.set(clusterArn, costs.clusterCost(cluster, topics));
      }
      return clusterCosts.get(clusterArn);
    };
    const clusters = [];
    for (const cluster of attachments.clusters) {
      if (!costOf.has(cluster.arn)) {
        clusters.push(cluster);
        continue;
      }
      const cost = await costOfCluster(cluster.arn);
      clusters.push(cost ? { ...cluster, cost } : cluster);
    }
    const topics = [];
    for (const topic of attachments.topics) {
      if (!costOf.has(topic.arn)) {
        topics.push(topic);
        continue;
      }
      const clusterCost = await costOfCluster(topic.clusterArn);
      const share = clusterCost && costs.topicShare(topic, clusterCost);
      topics.push(
        share && clusterCost
          ? {
              ...topic,
              cost: {
                estimate: clusterCost.estimate,
                lowerBound: clusterCost.lowerBound,
                missing: clusterCost.missing,
                usdPerGbIn: null,
                usdPerGbOut: null,
                share,
              },
            }
          : topic,
      );
    }
    return { ...attachments, clusters, topics, applications };
  }

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
    const annotations = entity.metadata.annotations ?? {};
    const problems: StreamingProblem[] = [];
    const knownStatuses = statuses ?? (await this.store.listRefreshStatus());
    // Each entry with its place among the problems, so they stay in annotation order.
    const entries: Array<{ at: number; resolution: Resolution }> = [];
    const collect = async (pending: Promise<Resolution>) => {
      const resolution = await pending;
      entries.push({ at: problems.length, resolution });
    };

    for (const value of splitAnnotationValue(
      annotations[ANNOTATION_MSK_CLUSTER_ARN],
    )) {
      await collect(
        this.resolveArn(
          ANNOTATION_MSK_CLUSTER_ARN,
          value,
          'kafka-cluster',
          problems,
          knownStatuses,
        ),
      );
    }
    for (const value of splitAnnotationValue(
      annotations[ANNOTATION_FLINK_APPLICATION_ARN],
    )) {
      await collect(
        this.resolveArn(
          ANNOTATION_FLINK_APPLICATION_ARN,
          value,
          'flink-application',
          problems,
          knownStatuses,
        ),
      );
    }
    for (const value of splitAnnotationValue(
      annotations[ANNOTATION_MSK_TOPICS],
    )) {
      await collect(
        value.startsWith('arn:')
          ? this.resolveArn(
              ANNOTATION_MSK_TOPICS,
              value,
              'kafka-topic',
              problems,
              knownStatuses,
            )
          : this.resolveTopicsByClusterName(value, problems, knownStatuses),
      );
    }
    for (const value of splitAnnotationValue(
      annotations[ANNOTATION_MSK_CONSUMER_GROUPS],
    )) {
      await collect(this.resolveConsumerGroup(value, problems, knownStatuses));
    }
    for (const [annotation, assetType] of [
      [ANNOTATION_MSK_TAGS, 'kafka-cluster'],
      [ANNOTATION_FLINK_TAGS, 'flink-application'],
    ] as const) {
      await collect(
        this.resolveTagSelector(
          annotation,
          annotations[annotation],
          assetType,
          problems,
          knownStatuses,
        ),
      );
    }

    // One decision for every asset found, and the clusters named on the way.
    const all = new Map(
      entries
        .flatMap(({ resolution }) => [
          ...resolution.assets,
          ...(resolution.via ? [resolution.via.cluster] : []),
        ])
        .map(asset => [asset.arn, asset]),
    );
    const readable = options.readable
      ? await options.readable([...all.values()])
      : new Set(all.keys());
    const clusters = new Map<string, KafkaClusterAsset>();
    const topics = new Map<string, KafkaTopicAsset>();
    const applications = new Map<string, FlinkApplicationAsset>();
    const consumerGroups = new Map<string, ConsumerGroupAsset>();
    // From the last entry back, so the earlier places stay valid.
    for (const { at, resolution } of [...entries].reverse()) {
      const shown = resolution.assets.filter(asset => readable.has(asset.arn));
      // Denied looks exactly like absent: the same problem, no other trace.
      if (shown.length === 0) {
        const problem =
          resolution.via && !readable.has(resolution.via.cluster.arn)
            ? resolution.via.ifHidden
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

  /** Each topic with the consumer groups reading it and their lag on it. */
  private async withConsumers(
    topics: KafkaTopicAsset[],
  ): Promise<KafkaTopicAsset[]> {
    const groupsByCluster = new Map<string, ConsumerGroupAsset[]>();
    for (const clusterArn of new Set(topics.map(t => t.clusterArn))) {
      const groups = await this.store.findConsumerGroupsOfCluster(clusterArn);
      groupsByCluster.set(
        clusterArn,
        groups.filter(
          (g): g is ConsumerGroupAsset => g.assetType === 'consumer-group',
        ),
      );
    }
    return topics.map(topic => {
      const consumers = (groupsByCluster.get(topic.clusterArn) ?? []).flatMap(
        group =>
          group.topics
            .filter(lag => lag.topic === topic.name)
            .map(lag => ({
              groupName: group.name,
              groupArn: group.arn,
              maxOffsetLag: lag.maxOffsetLag,
              sumOffsetLag: lag.sumOffsetLag,
              estimatedMaxTimeLagSeconds: lag.estimatedMaxTimeLagSeconds,
            })),
      );
      return { ...topic, consumers };
    });
  }

  /** `<cluster-name>/<group>` (split on the first `/`) or a consumer-group ARN. */
  private async resolveConsumerGroup(
    value: string,
    problems: StreamingProblem[],
    statuses: RefreshStatusRecord[],
  ): Promise<Resolution> {
    const annotation = ANNOTATION_MSK_CONSUMER_GROUPS;
    if (value.startsWith('arn:')) {
      return this.resolveArn(
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
    const cluster = await this.clusterNamed(
      clusterName,
      annotation,
      value,
      'consumer-group ARN',
      problems,
      statuses,
    );
    if (!cluster) return NOTHING;
    const groupArn = consumerGroupArnFor(cluster.arn, groupName);
    const [group] = groupArn
      ? await this.store.getAssetsByArns([groupArn])
      : [];
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

  /**
   * The one cluster with that name across the configured accounts and
   * regions; none or several is a problem that says to use an ARN instead.
   */
  private async clusterNamed(
    clusterName: string,
    annotation: string,
    value: string,
    arnKind: string,
    problems: StreamingProblem[],
    statuses: RefreshStatusRecord[],
  ): Promise<StreamingAsset | undefined> {
    const candidates = await this.store.findByTypeAndName(
      'kafka-cluster',
      clusterName,
    );
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

  private async resolveArn(
    annotation: string,
    value: string,
    expected:
      | 'kafka-cluster'
      | 'kafka-topic'
      | 'flink-application'
      | 'consumer-group',
    problems: StreamingProblem[],
    statuses: RefreshStatusRecord[],
  ): Promise<Resolution> {
    const parsed = parseStreamingArn(value);
    if (!parsed || parsed.kind !== expected) {
      problems.push(malformed(annotation, value, EXPECTED[expected]));
      return NOTHING;
    }
    const [asset] = await this.store.getAssetsByArns([parsed.arn]);
    return found(
      asset ? [asset] : [],
      this.notFound(
        annotation,
        value,
        parsed.accountId,
        parsed.region,
        statuses,
      ),
    );
  }

  private async resolveTopicsByClusterName(
    value: string,
    problems: StreamingProblem[],
    statuses: RefreshStatusRecord[],
  ): Promise<Resolution> {
    const annotation = ANNOTATION_MSK_TOPICS;
    const slash = value.indexOf('/');
    const clusterName = slash > 0 ? value.slice(0, slash) : '';
    const topicName = slash > 0 ? value.slice(slash + 1) : '';
    const isPrefix = topicName.endsWith('*');
    if (!clusterName || !topicName || topicName.slice(0, -1).includes('*')) {
      problems.push(malformed(annotation, value, EXPECTED['kafka-topic']));
      return NOTHING;
    }
    const cluster = await this.clusterNamed(
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
    if (isPrefix) {
      const matched = await this.store.findTopicsByPrefix(
        cluster.arn,
        topicName.slice(0, -1),
      );
      return found(
        matched,
        {
          kind: 'asset-not-found',
          annotation,
          value,
          accountId: cluster.accountId,
          region: cluster.region,
          message: `Cluster '${clusterName}' has no topic starting with '${topicName.slice(
            0,
            -1,
          )}' in the latest inventory.`,
        },
        via,
      );
    }
    const topic = await this.store.findTopic(cluster.arn, topicName);
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

  private async resolveTagSelector(
    annotation: string,
    value: string | undefined,
    assetType: 'kafka-cluster' | 'flink-application',
    problems: StreamingProblem[],
    statuses: RefreshStatusRecord[],
  ): Promise<Resolution> {
    if (!value || !value.trim()) return NOTHING;
    const { tags, malformed: bad } = parseTagSelector(value);
    for (const entry of bad) {
      problems.push(malformed(annotation, entry, 'a tag as key=value'));
    }
    if (Object.keys(tags).length === 0) return NOTHING;
    const matched = (await this.store.listAssets({ assetType })).filter(
      asset => !asset.gone && matchesTagSelector(asset.tags, tags),
    );
    return found(
      matched,
      statuses.length === 0
        ? notRefreshed(annotation, value)
        : {
            kind: 'asset-not-found',
            annotation,
            value,
            message: `No ${
              assetType === 'kafka-cluster'
                ? 'MSK cluster'
                : 'Flink application'
            } carries all of the tags ${value.trim()}. Check the tag keys and values (they are case-sensitive).`,
          },
    );
  }

  private notFound(
    annotation: string,
    value: string,
    accountId: string,
    region: string,
    statuses: RefreshStatusRecord[],
  ): StreamingProblem {
    const configured = this.awsConfig.accounts.some(
      account =>
        account.accountId === accountId && account.regions.includes(region),
    );
    if (!configured) {
      return {
        kind: 'asset-not-found',
        annotation,
        value,
        accountId,
        region,
        message: `Account ${accountId} in ${region} is not read by Backstage Streaming. Ask the platform team to add it to streaming.aws.accounts, or fix the ARN.`,
      };
    }
    const status = statuses.find(
      s => s.accountId === accountId && s.region === region,
    );
    if (!status) return notRefreshed(annotation, value, accountId, region);
    if (!status.lastSuccessAt) {
      return {
        kind: 'account-error',
        annotation,
        value,
        accountId,
        region,
        message: `Account ${accountId} in ${region} could not be read yet (${status.lastErrorCode}: ${status.lastErrorMessage}).`,
      };
    }
    return {
      kind: 'asset-not-found',
      annotation,
      value,
      accountId,
      region,
      message: `'${value}' was not found in account ${accountId} in ${region} at the last refresh. Check the ARN; the asset may have been deleted.`,
    };
  }
}

/** One problem per account-region whose latest refresh failed, for the stale assets it affects. */
function staleAccountProblems(
  attachments: EntityAttachments,
  statuses: RefreshStatusRecord[],
): StreamingProblem[] {
  const stale = [
    ...attachments.clusters,
    ...attachments.topics,
    ...attachments.applications,
  ].filter(asset => asset.stale);
  const seen = new Set<string>();
  const problems: StreamingProblem[] = [];
  for (const asset of stale) {
    const key = `${asset.accountId}/${asset.region}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const status = statuses.find(
      s => s.accountId === asset.accountId && s.region === asset.region,
    );
    problems.push({
      kind: 'account-error',
      accountId: asset.accountId,
      region: asset.region,
      message: status?.lastErrorCode
        ? `The latest refresh of account ${asset.accountId} in ${
            asset.region
          } failed (${status.lastErrorCode}: ${
            status.lastErrorMessage
          }); its assets show what was known at ${
            status.lastSuccessAt ?? 'an earlier refresh'
          }.`
        : `Some assets of account ${asset.accountId} in ${asset.region} could not be re-read; they show what was known at ${asset.refreshedAt}.`,
    });
  }
  return problems;
}

/** Whether the cost fields are there, and why some or all are absent. */
function costPermission(
  served: number,
  withoutCost: number,
): EntityStreamingResponse['cost'] {
  if (withoutCost === 0) return { permitted: true };
  if (withoutCost === served) {
    return {
      permitted: false,
      reason:
        'Cost is shown to those allowed streaming.cost.read on the asset.',
    };
  }
  return {
    permitted: true,
    reason: `Cost is shown only for the assets you may see the cost of (streaming.cost.read); ${withoutCost} of the ${served} assets here have none.`,
  };
}

function noClusterNamed(
  clusterName: string,
  annotation: string,
  value: string,
  arnKind: string,
  statuses: RefreshStatusRecord[],
): StreamingProblem {
  return statuses.length === 0
    ? notRefreshed(annotation, value)
    : {
        kind: 'asset-not-found',
        annotation,
        value,
        message: `No cluster named '${clusterName}' was found in the configured accounts and regions. Check the cluster name, or use the ${arnKind}.`,
      };
}

function malformed(
  annotation: string,
  value: string,
  expected: string,
): StreamingProblem {
  return {
    kind: 'annotation-malformed',
    annotation,
    value,
    message: `'${value}' in ${annotation} is not ${expected}. Correct the annotation in the entity's catalog-info.yaml.`,
  };
}

function notRefreshed(
  annotation: string,
  value: string,
  accountId?: string,
  region?: string,
): StreamingProblem {
  return {
    kind: 'not-refreshed',
    annotation,
    value,
    accountId,
    region,
    message:
      'The streaming inventory has not been refreshed yet; this entry resolves after the first refresh completes.',
  };
}
