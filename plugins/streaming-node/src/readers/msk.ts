import {
  Cluster,
  KafkaClient,
  paginateListClustersV2,
  paginateListNodes,
  paginateListTopics,
} from '@aws-sdk/client-kafka';
import type { ClusterType } from '@backstage-streaming/plugin-streaming-common';
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
}

export interface MskTopicRecord {
  arn: string;
  name: string;
  clusterArn: string;
  clusterName: string;
  partitionCount: number | null;
  replicationFactor: number | null;
  outOfSyncReplicaCount: number | null;
}

/** Express brokers are provisioned clusters whose instance type starts with `express.`. */
export function toClusterType(cluster: Cluster): ClusterType {
  if (cluster.ClusterType === 'SERVERLESS') return 'serverless';
  const instanceType = cluster.Provisioned?.BrokerNodeGroupInfo?.InstanceType ?? '';
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
  };
}

/**
 * The MSK topic APIs exist for provisioned clusters running Kafka 3.6.0 or
 * later (MSK developer guide, topic operations).
 */
export function supportsTopicApis(cluster: MskClusterRecord): boolean {
  if (cluster.clusterType === 'serverless' || !cluster.kafkaVersion) return false;
  const match = /^(\d+)\.(\d+)/.exec(cluster.kafkaVersion);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 3 || (major === 3 && minor >= 6);
}

/** Every cluster of the account and region; ListClustersV2 already includes tags. */
export async function listMskClusters(kafka: KafkaClient): Promise<MskClusterRecord[]> {
  return awsCall('ListClustersV2', async () => {
    const clusters: MskClusterRecord[] = [];
    for await (const page of paginateListClustersV2({ client: kafka }, {})) {
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
      { client: kafka },
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
        });
      }
    }
    return topics;
  });
}

/** Broker ids of a provisioned cluster, for per-broker metrics. */
export async function listMskBrokerIds(kafka: KafkaClient, clusterArn: string): Promise<number[]> {
  return awsCall('ListNodes', async () => {
    const ids: number[] = [];
    for await (const page of paginateListNodes({ client: kafka }, { ClusterArn: clusterArn })) {
      for (const node of page.NodeInfoList ?? []) {
        const id = node.BrokerNodeInfo?.BrokerId;
        if (id !== undefined) ids.push(id);
      }
    }
    return ids.sort((a, b) => a - b);
  });
}
