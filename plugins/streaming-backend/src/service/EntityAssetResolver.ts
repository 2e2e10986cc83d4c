import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_FLINK_APPLICATION_ARN,
  ANNOTATION_MSK_CLUSTER_ARN,
  ANNOTATION_MSK_TOPICS,
  EntityStreamingResponse,
  FlinkApplicationAsset,
  KafkaClusterAsset,
  KafkaTopicAsset,
  parseStreamingArn,
  splitAnnotationValue,
  StreamingAsset,
  StreamingProblem,
} from '@backstage-streaming/plugin-streaming-common';
import type { StreamingAwsConfig } from '@backstage-streaming/plugin-streaming-node';
import { InventoryStore } from '../database/InventoryStore';

const EXPECTED = {
  'kafka-cluster': 'an MSK cluster ARN such as arn:aws:kafka:us-east-1:123456789012:cluster/<name>/<uuid>',
  'flink-application':
    'a Managed Flink application ARN such as arn:aws:kinesisanalytics:us-east-1:123456789012:application/<name>',
  'kafka-topic':
    'a topic ARN (arn:aws:kafka:<region>:<account>:topic/<cluster>/<uuid>/<topic>) or <cluster-name>/<topic>',
};

/**
 * Resolves an entity's annotations against the stored inventory. Every entry
 * that cannot be resolved becomes a problem naming the annotation, the value
 * and what to do; the entries that can be resolved are still served.
 */
export class EntityAssetResolver {
  constructor(
    private readonly store: InventoryStore,
    private readonly awsConfig: StreamingAwsConfig,
  ) {}

  async resolve(entity: Entity): Promise<EntityStreamingResponse> {
    const annotations = entity.metadata.annotations ?? {};
    const problems: StreamingProblem[] = [];
    const clusters = new Map<string, KafkaClusterAsset>();
    const topics = new Map<string, KafkaTopicAsset>();
    const applications = new Map<string, FlinkApplicationAsset>();

    for (const value of splitAnnotationValue(annotations[ANNOTATION_MSK_CLUSTER_ARN])) {
      const asset = await this.resolveArn(ANNOTATION_MSK_CLUSTER_ARN, value, 'kafka-cluster', problems);
      if (asset?.assetType === 'kafka-cluster') clusters.set(asset.arn, asset);
    }
    for (const value of splitAnnotationValue(annotations[ANNOTATION_FLINK_APPLICATION_ARN])) {
      const asset = await this.resolveArn(
        ANNOTATION_FLINK_APPLICATION_ARN,
        value,
        'flink-application',
        problems,
      );
      if (asset?.assetType === 'flink-application') applications.set(asset.arn, asset);
    }
    for (const value of splitAnnotationValue(annotations[ANNOTATION_MSK_TOPICS])) {
      const asset = value.startsWith('arn:')
        ? await this.resolveArn(ANNOTATION_MSK_TOPICS, value, 'kafka-topic', problems)
        : await this.resolveTopicByClusterName(value, problems);
      if (asset?.assetType === 'kafka-topic') topics.set(asset.arn, asset);
    }

    const statuses = await this.store.listRefreshStatus();
    const attempts = statuses.map(s => s.lastAttemptAt).sort();
    return {
      entityRef: stringifyEntityRef(entity),
      clusters: [...clusters.values()],
      topics: [...topics.values()],
      applications: [...applications.values()],
      problems,
      inventoryRefreshedAt: attempts.length ? attempts[attempts.length - 1] : null,
    };
  }

  private async resolveArn(
    annotation: string,
    value: string,
    expected: 'kafka-cluster' | 'kafka-topic' | 'flink-application',
    problems: StreamingProblem[],
  ): Promise<StreamingAsset | undefined> {
    const parsed = parseStreamingArn(value);
    if (!parsed || parsed.kind !== expected) {
      problems.push({
        kind: 'annotation-malformed',
        annotation,
        value,
        message: `'${value}' in ${annotation} is not ${EXPECTED[expected]}. Correct the annotation in the entity's catalog-info.yaml.`,
      });
      return undefined;
    }
    const [asset] = await this.store.getAssetsByArns([parsed.arn]);
    if (asset) return asset;
    problems.push(await this.notFound(annotation, value, parsed.accountId, parsed.region));
    return undefined;
  }

  private async resolveTopicByClusterName(
    value: string,
    problems: StreamingProblem[],
  ): Promise<StreamingAsset | undefined> {
    const slash = value.indexOf('/');
    const clusterName = slash > 0 ? value.slice(0, slash) : '';
    const topicName = slash > 0 ? value.slice(slash + 1) : '';
    if (!clusterName || !topicName) {
      problems.push({
        kind: 'annotation-malformed',
        annotation: ANNOTATION_MSK_TOPICS,
        value,
        message: `'${value}' in ${ANNOTATION_MSK_TOPICS} is not ${EXPECTED['kafka-topic']}. Correct the annotation in the entity's catalog-info.yaml.`,
      });
      return undefined;
    }
    const candidates = await this.store.findByTypeAndName('kafka-cluster', clusterName);
    if (candidates.length > 1) {
      problems.push({
        kind: 'annotation-ambiguous',
        annotation: ANNOTATION_MSK_TOPICS,
        value,
        message: `More than one cluster is named '${clusterName}' (${candidates
          .map(c => `${c.accountId}/${c.region}`)
          .join(', ')}). Use the topic ARN instead of '${value}' so it names exactly one topic.`,
      });
      return undefined;
    }
    if (candidates.length === 0) {
      const statuses = await this.store.listRefreshStatus();
      problems.push(
        statuses.length === 0
          ? notRefreshed(ANNOTATION_MSK_TOPICS, value)
          : {
              kind: 'asset-not-found',
              annotation: ANNOTATION_MSK_TOPICS,
              value,
              message: `No cluster named '${clusterName}' was found in the configured accounts and regions. Check the cluster name, or use the topic ARN.`,
            },
      );
      return undefined;
    }
    const topic = await this.store.findTopic(candidates[0].arn, topicName);
    if (topic) return topic;
    problems.push({
      kind: 'asset-not-found',
      annotation: ANNOTATION_MSK_TOPICS,
      value,
      accountId: candidates[0].accountId,
      region: candidates[0].region,
      message: `Cluster '${clusterName}' has no topic named '${topicName}' in the latest inventory. Check the topic name; topics are listed only on provisioned clusters running Kafka 3.6 or later.`,
    });
    return undefined;
  }

  private async notFound(
    annotation: string,
    value: string,
    accountId: string,
    region: string,
  ): Promise<StreamingProblem> {
    const configured = this.awsConfig.accounts.some(
      account => account.accountId === accountId && account.regions.includes(region),
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
    const status = await this.store.getRefreshStatus(accountId, region);
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
    message: 'The streaming inventory has not been refreshed yet; this entry resolves after the first refresh completes.',
  };
}
