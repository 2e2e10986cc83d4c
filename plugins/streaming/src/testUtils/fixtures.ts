import type {
  EntityStreamingResponse,
  FlinkApplicationAsset,
  KafkaClusterAsset,
  KafkaTopicAsset,
} from '@backstage-streaming/plugin-streaming-common';
import type { Entity } from '@backstage/catalog-model';

/** The demo estate's orders-service, as the catalog holds it. */
export const ordersServiceEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-msk-cluster-arn':
        'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1',
      'aws.amazon.com/amazon-msk-topics':
        'orders-standard/orders.created,orders-standard/payments.settled',
      'aws.amazon.com/amazon-managed-flink-application-arn':
        'arn:aws:kinesisanalytics:us-east-1:111111111111:application/orders-enricher',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
};

export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'plain-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
};

const refreshedAt = '2026-11-02T10:00:00.000Z';

export const ordersCluster: KafkaClusterAsset = {
  assetType: 'kafka-cluster',
  arn: 'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1',
  name: 'orders-standard',
  accountId: '111111111111',
  region: 'us-east-1',
  owner: 'group:default/team-orders',
  tags: { owner: 'team-orders', env: 'prod' },
  health: { status: 'healthy', findings: [] },
  refreshedAt,
  stale: false,
  clusterType: 'standard',
  state: 'ACTIVE',
  kafkaVersion: '3.6.0',
  brokerCount: 3,
  instanceType: 'kafka.m7g.large',
  cpuPercent: 22,
};

export const paymentsTopic: KafkaTopicAsset = {
  assetType: 'kafka-topic',
  arn: 'arn:aws:kafka:us-east-1:111111111111:topic/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1/payments.settled',
  name: 'payments.settled',
  accountId: '111111111111',
  region: 'us-east-1',
  owner: 'group:default/team-orders',
  tags: {},
  health: {
    status: 'warning',
    findings: [
      {
        ruleId: 'msk.topic.replication-factor',
        severity: 'warning',
        value: 2,
        threshold: 3,
        message:
          'Replication factor 2 is below 3: losing one broker or Availability Zone can make partitions unavailable. Recreate the topic with a replication factor of 3.',
      },
    ],
  },
  refreshedAt,
  stale: true,
  clusterArn: ordersCluster.arn,
  clusterName: 'orders-standard',
  partitionCount: 6,
  replicationFactor: 2,
  outOfSyncReplicaCount: 0,
};

export const enricherApplication: FlinkApplicationAsset = {
  assetType: 'flink-application',
  arn: 'arn:aws:kinesisanalytics:us-east-1:111111111111:application/orders-enricher',
  name: 'orders-enricher',
  accountId: '111111111111',
  region: 'us-east-1',
  owner: 'group:default/team-orders',
  tags: { owner: 'team-orders' },
  health: {
    status: 'critical',
    findings: [
      {
        ruleId: 'flink.application.status',
        severity: 'critical',
        value: 'ROLLED_BACK',
        threshold: 'RUNNING',
        message:
          'The last update failed and the application was rolled back to its previous version. Look at the failed operation and the application logs before deploying again.',
      },
    ],
  },
  refreshedAt,
  stale: false,
  status: 'ROLLED_BACK',
  runtimeEnvironment: 'FLINK-1_20',
  applicationMode: 'STREAMING',
  versionId: 7,
  downtimeMs: 0,
};

export const ordersServiceResponse: EntityStreamingResponse = {
  entityRef: 'component:default/orders-service',
  clusters: [ordersCluster],
  topics: [paymentsTopic],
  applications: [enricherApplication],
  problems: [],
  inventoryRefreshedAt: refreshedAt,
};
