import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  KubernetesValidatorFunctions,
} from '@backstage/catalog-model';
import {
  ANNOTATION_STREAMING_ACCOUNT_ID,
  ANNOTATION_STREAMING_ARN,
  ANNOTATION_STREAMING_CLUSTER_TYPE,
  ANNOTATION_STREAMING_REGION,
  ANNOTATION_STREAMING_UNOWNED,
  AssetType,
  CatalogFeedAsset,
  consoleUrls,
  parseStreamingArn,
  STREAMING_PROVIDER_LOCATION,
  streamingEntityName,
  streamingEntityRef,
} from '@backstage-streaming/plugin-streaming-common';
import { SPEC_TYPES } from './config';

export interface EntityShaping {
  defaultOwner: string;
  systemTagKey: string;
  /** Asset types with Resource entities: dependencies on others are left out, not left dangling. */
  assetTypes: AssetType[];
}

const CLUSTER_TYPE_NAMES: Record<string, string> = {
  standard: 'Standard',
  express: 'Express',
  serverless: 'Serverless',
};

/**
 * The Resource entity of one asset. `clusterTags` are the tags of a topic's or
 * consumer group's cluster (those carry none of their own), for spec.system.
 */
export function assetToEntity(
  asset: CatalogFeedAsset,
  shaping: EntityShaping,
  clusterTags: Record<string, string> = {},
): Entity {
  const unowned = !asset.owner;
  const system = systemOf(
    asset.tags[shaping.systemTagKey] ?? clusterTags[shaping.systemTagKey],
  );
  const dependsOn = asset.dependsOn
    .filter(arn => {
      const kind = parseStreamingArn(arn)?.kind;
      return kind !== undefined && shaping.assetTypes.includes(kind);
    })
    .map(arn => streamingEntityRef(arn));
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: streamingEntityName(asset.arn),
      namespace: 'default',
      title: titleOf(asset),
      description: descriptionOf(asset),
      annotations: {
        [ANNOTATION_LOCATION]: STREAMING_PROVIDER_LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: STREAMING_PROVIDER_LOCATION,
        [ANNOTATION_STREAMING_ARN]: asset.arn,
        [ANNOTATION_STREAMING_ACCOUNT_ID]: asset.accountId,
        [ANNOTATION_STREAMING_REGION]: asset.region,
        ...(asset.clusterType
          ? { [ANNOTATION_STREAMING_CLUSTER_TYPE]: asset.clusterType }
          : {}),
        ...(unowned ? { [ANNOTATION_STREAMING_UNOWNED]: 'true' } : {}),
      },
      tags:
        asset.assetType === 'flink-application'
          ? ['aws', 'flink']
          : ['aws', 'kafka', 'msk'],
      links: [
        { url: consoleUrlOf(asset), title: 'AWS console', icon: 'cloud' },
      ],
    },
    spec: {
      type: SPEC_TYPES[asset.assetType],
      owner: asset.owner ?? shaping.defaultOwner,
      ...(system ? { system } : {}),
      ...(dependsOn.length ? { dependsOn } : {}),
    },
  };
}

function titleOf(asset: CatalogFeedAsset): string {
  switch (asset.assetType) {
    case 'kafka-topic':
      return `${asset.name} (topic on ${asset.clusterName})`;
    case 'consumer-group':
      return `${asset.name} (consumer group on ${asset.clusterName})`;
    default:
      return asset.name;
  }
}

function descriptionOf(asset: CatalogFeedAsset): string {
  const where = `account ${asset.accountId}, ${asset.region}`;
  switch (asset.assetType) {
    case 'kafka-cluster': {
      const type = CLUSTER_TYPE_NAMES[asset.clusterType ?? ''];
      return `Amazon MSK ${type ? `${type} ` : ''}cluster in ${where}.`;
    }
    case 'kafka-topic':
      return `Kafka topic on the MSK cluster ${asset.clusterName} in ${where}.`;
    case 'consumer-group':
      return `Kafka consumer group on the MSK cluster ${
        asset.clusterName
      } in ${where}, reading ${asset.dependsOn.length} topic${
        asset.dependsOn.length === 1 ? '' : 's'
      }.`;
    default:
      return `Amazon Managed Service for Apache Flink application in ${where}.`;
  }
}

function consoleUrlOf(asset: CatalogFeedAsset): string {
  switch (asset.assetType) {
    case 'kafka-cluster':
      return consoleUrls.mskCluster(asset.region, asset.arn);
    case 'kafka-topic':
      return consoleUrls.mskTopic(
        asset.region,
        asset.clusterArn ?? '',
        asset.name,
      );
    case 'consumer-group':
      return consoleUrls.consumerGroupMetrics(
        asset.region,
        asset.clusterName ?? '',
        asset.name,
      );
    default:
      return consoleUrls.flinkApplication(asset.region, asset.name);
  }
}

/**
 * A tag value usable as spec.system: an entity name or a full system ref.
 * Anything else is left out, as an invalid value would make the catalog
 * reject the whole entity.
 */
function systemOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = /^(?:system:)?(?:([^/:]+)\/)?([^/:]+)$/.exec(value.trim());
  if (!match) return undefined;
  const [, namespace, name] = match;
  if (!KubernetesValidatorFunctions.isValidObjectName(name)) return undefined;
  if (namespace && !KubernetesValidatorFunctions.isValidNamespace(namespace))
    return undefined;
  return namespace ? `system:${namespace}/${name}` : name;
}
