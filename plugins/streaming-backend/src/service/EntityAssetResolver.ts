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
   * The entity's streaming answer. Cost is added only with `includeCost`
   * (the caller holds streaming.cost.read); KPU usage is not cost and always comes.
   */
  async resolve(
    entity: Entity,
    options: { includeCost?: boolean; costDeniedReason?: string } = {},
  ): Promise<EntityStreamingResponse> {
    const statuses = await this.store.listRefreshStatus();
    const resolved = await this.resolveAttachments(entity, statuses);
    const attachments = await this.withCostAndKpus(
      resolved,
      options.includeCost ?? false,
    );
    const problems = [
      ...attachments.problems,
      ...staleAccountProblems(attachments, statuses),
    ];
    const attempts = statuses.map(s => s.lastAttemptAt).sort();
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
      cost: options.includeCost
        ? { permitted: true }
        : {
            permitted: false,
            reason:
              options.costDeniedReason ??
              'Cost is shown to those allowed streaming.cost.read on this entity.',
          },
    };
  }

  private async withCostAndKpus(
    attachments: EntityAttachments,
    includeCost: boolean,
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
        ...(includeCost ? { cost } : {}),
      });
    }
    if (!includeCost) return { ...attachments, applications };

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
      const cost = await costOfCluster(cluster.arn);
      clusters.push(cost ? { ...cluster, cost } : cluster);
    }
    const topics = [];
    for (const topic of attachments.topics) {
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

  async resolveAttachments(
    entity: Entity,
    statuses?: RefreshStatusRecord[],
  ): Promise<EntityAttachments> {
    const annotations = entity.metadata.annotations ?? {};
    const problems: StreamingProblem[] = [];
    const clusters = new Map<string, KafkaClusterAsset>();
    const topics = new Map<string, KafkaTopicAsset>();
    const applications = new Map<string, FlinkApplicationAsset>();
    const consumerGroups = new Map<string, ConsumerGroupAsset>();
    const knownStatuses = statuses ?? (await this.store.listRefreshStatus());
    const add = (asset: StreamingAsset | undefined) => {
      if (asset?.assetType === 'kafka-cluster') clusters.set(asset.arn, asset);
      if (asset?.assetType === 'kafka-topic') topics.set(asset.arn, asset);
      if (asset?.assetType === 'flink-application')
        applications.set(asset.arn, asset);
      if (asset?.assetType === 'consumer-group')
        consumerGroups.set(asset.arn, asset);
    };

    for (const value of splitAnnotationValue(
      annotations[ANNOTATION_MSK_CLUSTER_ARN],
    )) {
      add(
        await this.resolveArn(
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
      add(
        await this.resolveArn(
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
      if (value.startsWith('arn:')) {
        add(
          await this.resolveArn(
            ANNOTATION_MSK_TOPICS,
            value,
            'kafka-topic',
            problems,
            knownStatuses,
          ),
        );
      } else {
        for (const topic of await this.resolveTopicsByClusterName(
          value,
          problems,
          knownStatuses,
        )) {
          add(topic);
        }
      }
    }
    for (const value of splitAnnotationValue(
      annotations[ANNOTATION_MSK_CONSUMER_GROUPS],
    )) {
      add(await this.resolveConsumerGroup(value, problems, knownStatuses));
    }
    for (const [annotation, assetType] of [
      [ANNOTATION_MSK_TAGS, 'kafka-cluster'],
      [ANNOTATION_FLINK_TAGS, 'flink-application'],
    ] as const) {
      for (const asset of await this.resolveTagSelector(
        annotation,
        annotations[annotation],
        assetType,
        problems,
        knownStatuses,
      )) {
        add(asset);
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
  ): Promise<StreamingAsset | undefined> {
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
      return undefined;
    }
    const cluster = await this.clusterNamed(
      clusterName,
      annotation,
      value,
      'consumer-group ARN',
      problems,
      statuses,
    );
    if (!cluster) return undefined;
    const groupArn = consumerGroupArnFor(cluster.arn, groupName);
    const [group] = groupArn
      ? await this.store.getAssetsByArns([groupArn])
      : [];
    if (group) return group;
    problems.push({
      kind: 'asset-not-found',
      annotation,
      value,
      accountId: cluster.accountId,
      region: cluster.region,
      message: `No lag metrics were found for consumer group '${groupName}' on '${clusterName}'. MSK publishes them only for groups that commit offsets and have ASCII names; they appear after the next metrics refresh.`,
    });
    return undefined;
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
        statuses.length === 0
          ? notRefreshed(annotation, value)
          : {
              kind: 'asset-not-found',
              annotation,
              value,
              message: `No cluster named '${clusterName}' was found in the configured accounts and regions. Check the cluster name, or use the ${arnKind}.`,
            },
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
  ): Promise<StreamingAsset | undefined> {
    const parsed = parseStreamingArn(value);
    if (!parsed || parsed.kind !== expected) {
      problems.push(malformed(annotation, value, EXPECTED[expected]));
      return undefined;
    }
    const [asset] = await this.store.getAssetsByArns([parsed.arn]);
    if (asset) return asset;
    problems.push(
      this.notFound(
        annotation,
        value,
        parsed.accountId,
        parsed.region,
        statuses,
      ),
    );
    return undefined;
  }

  private async resolveTopicsByClusterName(
    value: string,
    problems: StreamingProblem[],
    statuses: RefreshStatusRecord[],
  ): Promise<StreamingAsset[]> {
    const annotation = ANNOTATION_MSK_TOPICS;
    const slash = value.indexOf('/');
    const clusterName = slash > 0 ? value.slice(0, slash) : '';
    const topicName = slash > 0 ? value.slice(slash + 1) : '';
    const isPrefix = topicName.endsWith('*');
    if (!clusterName || !topicName || topicName.slice(0, -1).includes('*')) {
      problems.push(malformed(annotation, value, EXPECTED['kafka-topic']));
      return [];
    }
    const cluster = await this.clusterNamed(
      clusterName,
      annotation,
      value,
      'topic ARN',
      problems,
      statuses,
    );
    if (!cluster) return [];
    if (isPrefix) {
      const matched = await this.store.findTopicsByPrefix(
        cluster.arn,
        topicName.slice(0, -1),
      );
      if (matched.length === 0) {
        problems.push({
          kind: 'asset-not-found',
          annotation,
          value,
          accountId: cluster.accountId,
          region: cluster.region,
          message: `Cluster '${clusterName}' has no topic starting with '${topicName.slice(
            0,
            -1,
          )}' in the latest inventory.`,
        });
      }
      return matched;
    }
    const topic = await this.store.findTopic(cluster.arn, topicName);
    if (topic) return [topic];
    problems.push({
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
    });
    return [];
  }

  private async resolveTagSelector(
    annotation: string,
    value: string | undefined,
    assetType: 'kafka-cluster' | 'flink-application',
    problems: StreamingProblem[],
    statuses: RefreshStatusRecord[],
  ): Promise<StreamingAsset[]> {
    if (!value || !value.trim()) return [];
    const { tags, malformed: bad } = parseTagSelector(value);
    for (const entry of bad) {
      problems.push(malformed(annotation, entry, 'a tag as key=value'));
    }
    if (Object.keys(tags).length === 0) return [];
    const matched = (await this.store.listAssets({ assetType })).filter(
      asset => !asset.gone && matchesTagSelector(asset.tags, tags),
    );
    if (matched.length === 0) {
      problems.push(
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
    return matched;
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
