import {
  Cluster,
  DescribeClusterV2Command,
  DescribeTopicCommand,
  KafkaClient,
  paginateListClustersV2,
  paginateListNodes,
  paginateListTopics,
} from '@aws-sdk/client-kafka';
import type {
  ClusterType,
  KafkaBroker,
  KafkaClusterDetails,
} from '@backstage-streaming/plugin-streaming-common';
import { awsCall } from './errors';

/** An MSK cluster as the inventory needs it, normalised across the three cluster types. */
export interface MskClusterRecord {
  arn: string;
  name: string;
  clusterType: ClusterType;
  state: string;
  stateInfo: { code?: string; message?: string } | null;
  /** Changes on every cluster update; lets a refresh skip describe calls for unchanged clusters. */
  currentVersion: string | null;
  kafkaVersion: string | null;
  brokerCount: number | null;
  instanceType: string | null;
  tags: Record<string, string>;
  /** From the cluster description; null until described. */
  details: KafkaClusterDetails | null;
  /** From ListNodes; null when not listed (Serverless, or the call failed). */
  brokers: KafkaBroker[] | null;
}

export interface MskTopicRecord {
  arn: string;
  name: string;
  clusterArn: string;
  clusterName: string;
  partitionCount: number | null;
  replicationFactor: number | null;
  outOfSyncReplicaCount: number | null;
  /** From DescribeTopic; null until described. */
  configs: Record<string, string> | null;
  /**
   * The listing fingerprint (topicFingerprint) `configs` were read at, which
   * lags the listing while a describe is deferred or failing; null when never
   * described. Absent means: read at this listing.
   */
  configsFingerprint?: string | null;
  /** True when this refresh's DescribeTopic of it failed, or a failed one was not retried yet. */
  describeFailed?: boolean;
}

/** Express brokers are provisioned clusters whose instance type starts with `express.`. */
export function toClusterType(cluster: Cluster): ClusterType {
  if (cluster.ClusterType === 'SERVERLESS') return 'serverless';
  const instanceType =
    cluster.Provisioned?.BrokerNodeGroupInfo?.InstanceType ?? '';
  return instanceType.startsWith('express.') ? 'express' : 'standard';
}

export function toMskClusterRecord(cluster: Cluster): MskClusterRecord {
  const provisioned = cluster.Provisioned;
  return {
    arn: cluster.ClusterArn ?? '',
    name: cluster.ClusterName ?? '',
    clusterType: toClusterType(cluster),
    state: cluster.State ?? 'UNKNOWN',
    stateInfo: cluster.StateInfo
      ? { code: cluster.StateInfo.Code, message: cluster.StateInfo.Message }
      : null,
    currentVersion: cluster.CurrentVersion ?? null,
    kafkaVersion: provisioned?.CurrentBrokerSoftwareInfo?.KafkaVersion ?? null,
    brokerCount: provisioned?.NumberOfBrokerNodes ?? null,
    instanceType: provisioned?.BrokerNodeGroupInfo?.InstanceType ?? null,
    tags: cluster.Tags ?? {},
    details: toClusterDetails(cluster),
    brokers: null,
  };
}

/** The configuration and security facts of a cluster, for either cluster type. */
export function toClusterDetails(cluster: Cluster): KafkaClusterDetails {
  const provisioned = cluster.Provisioned;
  const serverless = cluster.Serverless;
  const nodes = provisioned?.BrokerNodeGroupInfo;
  const ebs = nodes?.StorageInfo?.EbsStorageInfo;
  const auth = provisioned?.ClientAuthentication;
  const serverlessSubnets = (serverless?.VpcConfigs ?? []).flatMap(
    v => v.SubnetIds ?? [],
  );
  return {
    currentVersion: cluster.CurrentVersion ?? null,
    stateInfo: cluster.StateInfo
      ? {
          code: cluster.StateInfo.Code ?? null,
          message: cluster.StateInfo.Message ?? null,
        }
      : null,
    zoneIds: nodes?.ZoneIds ?? [],
    subnetCount: provisioned
      ? new Set(nodes?.ClientSubnets ?? []).size
      : new Set(serverlessSubnets).size,
    storage: provisioned
      ? {
          volumeSizeGiB: ebs?.VolumeSize ?? null,
          provisionedThroughputMiBps: ebs?.ProvisionedThroughput?.Enabled
            ? ebs.ProvisionedThroughput.VolumeThroughput ?? null
            : null,
          mode: provisioned.StorageMode ?? null,
        }
      : null,
    encryption: serverless
      ? // Serverless always encrypts in transit and at rest with a service key.
        { clientBroker: 'TLS', inCluster: true, atRestKmsKeyId: null }
      : {
          clientBroker:
            provisioned?.EncryptionInfo?.EncryptionInTransit?.ClientBroker ??
            null,
          inCluster:
            provisioned?.EncryptionInfo?.EncryptionInTransit?.InCluster ?? null,
          atRestKmsKeyId:
            provisioned?.EncryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId ??
            null,
        },
    clientAuthentication: serverless
      ? {
          iam: serverless.ClientAuthentication?.Sasl?.Iam?.Enabled ?? true,
          scram: false,
          tls: false,
          unauthenticated: false,
        }
      : {
          iam: auth?.Sasl?.Iam?.Enabled ?? false,
          scram: auth?.Sasl?.Scram?.Enabled ?? false,
          tls: auth?.Tls?.Enabled ?? false,
          unauthenticated: auth?.Unauthenticated?.Enabled ?? false,
        },
    enhancedMonitoring: provisioned?.EnhancedMonitoring ?? null,
    publicAccess: nodes?.ConnectivityInfo?.PublicAccess?.Type ?? null,
    activeOperationArn: cluster.ActiveOperationArn ?? null,
    rebalancingStatus: provisioned?.Rebalancing?.Status ?? null,
    customerActionStatus: provisioned?.CustomerActionStatus ?? null,
  };
}

/** The authoritative description of one cluster. */
export async function describeMskCluster(
  kafka: KafkaClient,
  clusterArn: string,
): Promise<MskClusterRecord> {
  return awsCall('DescribeClusterV2', async () => {
    const response = await kafka.send(
      new DescribeClusterV2Command({ ClusterArn: clusterArn }),
    );
    if (!response.ClusterInfo) {
      throw Object.assign(
        new Error(
          `DescribeClusterV2 returned no ClusterInfo for ${clusterArn}`,
        ),
        {
          name: 'EmptyResponse',
        },
      );
    }
    return toMskClusterRecord(response.ClusterInfo);
  });
}

/**
 * The MSK topic APIs exist for provisioned clusters running Kafka 3.6.0 or
 * later (MSK developer guide, topic operations).
 */
export function supportsTopicApis(cluster: MskClusterRecord): boolean {
  if (cluster.clusterType === 'serverless' || !cluster.kafkaVersion)
    return false;
  const match = /^(\d+)\.(\d+)/.exec(cluster.kafkaVersion);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 3 || (major === 3 && minor >= 6);
}

/**
 * MSK's listings return 100 items a page at most (MaxResults); without it the
 * default page is small, and a 1,500-topic cluster costs 10 times the calls.
 */
const MSK_MAX_PAGE = 100;

/** Every cluster of the account and region; ListClustersV2 already includes tags. */
export async function listMskClusters(
  kafka: KafkaClient,
): Promise<MskClusterRecord[]> {
  return awsCall('ListClustersV2', async () => {
    const clusters: MskClusterRecord[] = [];
    for await (const page of paginateListClustersV2(
      { client: kafka, pageSize: MSK_MAX_PAGE },
      {},
    )) {
      for (const cluster of page.ClusterInfoList ?? []) {
        clusters.push(toMskClusterRecord(cluster));
      }
    }
    return clusters;
  });
}

/** Every topic of a provisioned cluster. */
export async function listMskTopics(
  kafka: KafkaClient,
  cluster: Pick<MskClusterRecord, 'arn' | 'name'>,
): Promise<MskTopicRecord[]> {
  return awsCall('ListTopics', async () => {
    const topics: MskTopicRecord[] = [];
    for await (const page of paginateListTopics(
      { client: kafka, pageSize: MSK_MAX_PAGE },
      { ClusterArn: cluster.arn },
    )) {
      for (const topic of page.Topics ?? []) {
        topics.push({
          arn: topic.TopicArn ?? '',
          name: topic.TopicName ?? '',
          clusterArn: cluster.arn,
          clusterName: cluster.name,
          partitionCount: topic.PartitionCount ?? null,
          replicationFactor: topic.ReplicationFactor ?? null,
          outOfSyncReplicaCount: topic.OutOfSyncReplicaCount ?? null,
          configs: null,
        });
      }
    }
    return topics;
  });
}

/** Brokers of a provisioned cluster; their ids also name the per-broker metrics. */
export async function listMskBrokers(
  kafka: KafkaClient,
  clusterArn: string,
): Promise<KafkaBroker[]> {
  return awsCall('ListNodes', async () => {
    const brokers: KafkaBroker[] = [];
    for await (const page of paginateListNodes(
      { client: kafka, pageSize: MSK_MAX_PAGE },
      { ClusterArn: clusterArn },
    )) {
      for (const node of page.NodeInfoList ?? []) {
        const info = node.BrokerNodeInfo;
        // Controller nodes (KRaft) have no BrokerNodeInfo and carry no client traffic.
        if (info?.BrokerId === undefined) continue;
        brokers.push({
          brokerId: info.BrokerId,
          instanceType: node.InstanceType ?? null,
          clientSubnet: info.ClientSubnet ?? null,
          endpoints: info.Endpoints ?? [],
          kafkaVersion: info.CurrentBrokerSoftwareInfo?.KafkaVersion ?? null,
        });
      }
    }
    return brokers.sort((a, b) => a.brokerId - b.brokerId);
  });
}

/**
 * Topic `Configs` is documented only as "a Base64 string". AWS's CLI example
 * decodes to properties lines (`retention.ms=604800000`), while the Terraform
 * provider writes and reads a JSON object of strings; both are accepted.
 */
export function decodeTopicConfigs(
  encoded: string | undefined,
): Record<string, string> {
  if (!encoded) return {};
  const text = Buffer.from(encoded, 'base64').toString('utf8').trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return Object.fromEntries(
          Object.entries(parsed).map(([k, v]) => [k, String(v)]),
        );
      }
    } catch {
      // Not JSON after all: fall through to properties lines.
    }
  }
  const configs: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) continue;
    configs[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  return configs;
}

/** A topic's configuration from DescribeTopic. */
export async function describeMskTopicConfigs(
  kafka: KafkaClient,
  clusterArn: string,
  topicName: string,
): Promise<Record<string, string>> {
  return awsCall('DescribeTopic', async () => {
    const response = await kafka.send(
      new DescribeTopicCommand({
        ClusterArn: clusterArn,
        TopicName: topicName,
      }),
    );
    return decodeTopicConfigs(response.Configs);
  });
}
