import type {
  AssetCost,
  EntityStreamingResponse,
  FlinkApplicationAsset,
  KafkaClusterAsset,
  KafkaTopicAsset,
  MetricSeriesResponse,
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

/** orders-standard as the backend serves it once described, measured and costed. */
export const detailedCluster: KafkaClusterAsset = {
  ...ordersCluster,
  cpuPercent: 41.5,
  topicListing: 'listed',
  details: {
    currentVersion: 'K3AEGXETSR30VB',
    stateInfo: null,
    zoneIds: ['use1-az1', 'use1-az2', 'use1-az4'],
    subnetCount: 3,
    storage: {
      volumeSizeGiB: 1000,
      provisionedThroughputMiBps: null,
      mode: 'LOCAL',
    },
    encryption: {
      clientBroker: 'TLS',
      inCluster: true,
      atRestKmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/orders',
    },
    clientAuthentication: {
      iam: true,
      scram: false,
      tls: false,
      unauthenticated: true,
    },
    enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
    publicAccess: 'DISABLED',
    activeOperationArn: null,
    rebalancingStatus: null,
    customerActionStatus: null,
  },
  brokers: [1, 2, 3].map(brokerId => ({
    brokerId,
    instanceType: 'kafka.m7g.large',
    clientSubnet: `subnet-${brokerId}`,
    endpoints: [`b-${brokerId}.orders-standard.kafka.us-east-1.amazonaws.com`],
    kafkaVersion: '3.6.0',
  })),
  metrics: {
    'msk.broker.cpuUser': 35,
    'msk.broker.bytesIn': 2_500_000,
    'msk.broker.bytesOut': 5_000_000,
    'msk.broker.diskUsed': 62,
    'msk.broker.partitionCount': 1200,
  },
  health: {
    status: 'warning',
    findings: [
      {
        ruleId: 'msk.cluster.partitions-per-broker',
        severity: 'warning',
        value: 1200,
        threshold: 1000,
        message:
          'The busiest broker holds 1200 partitions (replicas included); AWS recommends at most 1000 on kafka.m7g.large (MSK refuses updates above 1500). Move to a larger size, add brokers or delete unused topics.',
      },
    ],
  },
  cost: {
    estimate: {
      region: 'us-east-1',
      monthlyUsd: 746.76,
      complete: true,
      parts: [
        {
          item: 'brokerHours',
          description: 'Broker hours (3 × kafka.m7g.large)',
          quantity: 2190,
          unit: 'broker-hour',
          unitUsd: 0.204,
          monthlyUsd: 446.76,
          source: 'AWS MSK skill msk_sizing.py (2026-06-23)',
        },
        {
          item: 'standardStorageGbMonth',
          description: 'Broker storage (3 × 1000 GiB)',
          quantity: 3000,
          unit: 'GB-month',
          unitUsd: 0.1,
          monthlyUsd: 300,
          source: 'AWS MSK skill msk_sizing.py (2026-06-23)',
        },
      ],
      unknownParts: [],
      hoursPerMonth: 730,
      gbUnit: 'GB (10^9 bytes)',
      notes: [],
    },
    usdPerGbIn: 0.0432,
    usdPerGbOut: 0.0216,
    chargeback: {
      basis: 'bytes-in',
      basisDescription:
        'Split by each topic’s share of the average bytes in over the window (per-topic metrics).',
      totalUsd: 746.76,
      platformOverhead: { usd: 0, pattern: '^__', topics: [] },
      unallocatedUsd: 0,
      lowerBound: false,
      missing: [],
      shares: [],
      byOwner: [
        { owner: 'group:default/team-orders', usd: 600.5, topicCount: 3 },
        { owner: 'unowned', usd: 146.26, topicCount: 30 },
      ],
    },
    rightsizing: {
      recommendations: [
        {
          ruleId: 'msk.rightsizing.partitions',
          kind: 'upsize',
          message:
            'Partitions per broker exceed the recommended 1000: add brokers or move to a larger size.',
          value: 1200,
          threshold: 1000,
          options: [
            {
              change: '3 → 6 brokers',
              brokerCount: 6,
              monthlyUsdDelta: 746.76,
            },
            {
              change: 'kafka.m7g.large → kafka.m7g.2xlarge',
              instanceType: 'kafka.m7g.2xlarge',
              monthlyUsdDelta: null,
            },
          ],
        },
        {
          ruleId: 'msk.rightsizing.cpu-low',
          kind: 'downsize',
          message: 'CPU stays low: a smaller broker would do.',
          value: 12,
          threshold: 30,
          options: [
            {
              change: 'kafka.m7g.xlarge → kafka.m7g.large',
              monthlyUsdDelta: -446.76,
            },
          ],
        },
      ],
      notes: [],
    },
  },
};

export const detailedTopic: KafkaTopicAsset = {
  ...paymentsTopic,
  stale: false,
  configs: { 'retention.ms': '604800000', 'min.insync.replicas': '2' },
  metrics: { 'msk.topic.bytesIn': 1_200_000, 'msk.topic.bytesOut': 2_400_000 },
  consumers: [
    {
      groupName: 'settlement-reconciler',
      groupArn:
        'arn:aws:kafka:us-east-1:111111111111:group/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1/settlement-reconciler',
      maxOffsetLag: 1520,
      sumOffsetLag: 4100,
      estimatedMaxTimeLagSeconds: 95,
    },
  ],
  cost: {
    estimate: detailedCluster.cost!.estimate,
    usdPerGbIn: null,
    usdPerGbOut: null,
    share: {
      usd: 120.25,
      basis: 'bytes-in',
      clusterArn: ordersCluster.arn,
      lowerBound: false,
      missing: [],
    },
  },
};

export const detailedApplication: FlinkApplicationAsset = {
  ...enricherApplication,
  status: 'RUNNING',
  health: { status: 'healthy', findings: [] },
  details: {
    serviceExecutionRole: 'arn:aws:iam::111111111111:role/orders-enricher',
    lastUpdateTimestamp: '2026-11-01T09:00:00.000Z',
    parallelism: {
      configurationType: 'CUSTOM',
      parallelism: 4,
      parallelismPerKpu: 1,
      currentParallelism: 4,
      autoScalingEnabled: true,
    },
    checkpointing: {
      configurationType: 'DEFAULT',
      enabled: true,
      intervalMs: 60_000,
      minPauseBetweenCheckpointsMs: 5_000,
    },
    monitoring: {
      configurationType: 'CUSTOM',
      metricsLevel: 'APPLICATION',
      logLevel: 'INFO',
    },
    snapshotsEnabled: true,
    rollbackEnabled: true,
    propertyGroups: [],
  },
  operations: [
    {
      operation: 'UpdateApplication',
      operationId: 'op-3',
      status: 'FAILED',
      startTime: '2026-11-01T09:00:00.000Z',
      endTime: '2026-11-01T09:05:00.000Z',
    },
    {
      operation: 'RollbackApplication',
      operationId: 'op-4',
      status: 'SUCCESSFUL',
      startTime: '2026-11-01T09:06:00.000Z',
      endTime: '2026-11-01T09:08:00.000Z',
    },
  ],
  metrics: {
    'flink.fullRestarts': 2,
    'flink.numberOfFailedCheckpoints': 0,
    'flink.lastCheckpointDuration': 1_800,
  },
  kpus: {
    inUse: 5,
    processing: 4,
    overhead: 1,
    parallelism: 4,
    parallelismPerKpu: 1,
    basis: 'ceil(4 / 1) + 1 orchestration KPU',
    crossCheck: {
      status: 'agree',
      metric: 5,
      message: 'The KPUs metric agrees.',
    },
    limit: 64,
    percentOfLimit: 7.8,
  },
  cost: {
    estimate: {
      region: 'us-east-1',
      monthlyUsd: 421.5,
      complete: false,
      parts: [
        {
          item: 'flinkKpuHour',
          description: 'KPU hours (5 KPUs)',
          quantity: 3650,
          unit: 'KPU-hour',
          unitUsd: 0.11,
          monthlyUsd: 401.5,
          source: 'AWS Managed Flink skill pricing-calculator.md (2026-06-12)',
        },
        {
          item: 'flinkBackupGbMonth',
          description: 'Durable backups',
          quantity: null,
          unit: 'GB-month',
          unitUsd: 0.023,
          monthlyUsd: null,
          source: null,
          reason:
            'No API gives the backup size: set streaming.pricing.assumptions backupGB for this application.',
        },
      ],
      unknownParts: [
        {
          item: 'flinkBackupGbMonth',
          reason:
            'No API gives the backup size: set streaming.pricing.assumptions backupGB for this application.',
        },
      ],
      hoursPerMonth: 730,
      gbUnit: 'GB (10^9 bytes)',
      notes: [],
    },
    usdPerGbIn: null,
    usdPerGbOut: null,
    usdPerMillionRecords: 0.16,
  },
};

/** orders-service with everything the tab can show, and cost permitted. */
export const detailedResponse: EntityStreamingResponse = {
  entityRef: 'component:default/orders-service',
  clusters: [detailedCluster],
  topics: [detailedTopic],
  applications: [detailedApplication],
  problems: [],
  inventoryRefreshedAt: refreshedAt,
  cost: { permitted: true },
};

/** A chart's answer: one line of `values`, a minute apart. */
export function seriesResponse(
  overrides: Partial<MetricSeriesResponse> & { values?: number[] } = {},
): MetricSeriesResponse {
  const { values = [10, 30, 20], ...rest } = overrides;
  const start = Date.parse('2026-11-02T09:00:00.000Z');
  return {
    arn: ordersCluster.arn,
    metricId: 'msk.broker.cpuUser',
    label: 'CPU (user)',
    unit: 'percent',
    stat: 'Average',
    range: '24h',
    periodSeconds: 300,
    series: [
      {
        label: 'Broker 1',
        points: values.map((v, index) => ({ t: start + index * 60_000, v })),
      },
    ],
    fetchedAt: refreshedAt,
    stale: false,
    ...rest,
  };
}

/** orders-standard with tiered storage but no tiered price configured: its estimate is a lower bound. */
const incompleteClusterEstimate: AssetCost['estimate'] = {
  ...detailedCluster.cost!.estimate,
  monthlyUsd: 746.76,
  complete: false,
  parts: [
    ...detailedCluster.cost!.estimate.parts,
    {
      item: 'standardTieredStorageGbMonth',
      description: 'Tiered storage',
      quantity: 5000,
      unit: 'GB-month',
      unitUsd: null,
      monthlyUsd: null,
      source: null,
      reason:
        'no built-in price for standardTieredStorageGbMonth; configure streaming.pricing.items.standardTieredStorageGbMonth',
    },
  ],
  unknownParts: [
    {
      item: 'standardTieredStorageGbMonth',
      reason:
        'no built-in price for standardTieredStorageGbMonth; configure streaming.pricing.items.standardTieredStorageGbMonth',
    },
  ],
};

/** The cluster and a silent topic when the cluster's estimate is incomplete; internal topics carry the overhead. */
export const incompleteCostResponse: EntityStreamingResponse = {
  ...detailedResponse,
  applications: [],
  clusters: [
    {
      ...detailedCluster,
      cost: {
        ...detailedCluster.cost!,
        estimate: incompleteClusterEstimate,
        lowerBound: true,
        missing: ['Tiered storage'],
        chargeback: {
          ...detailedCluster.cost!.chargeback!,
          lowerBound: true,
          missing: ['Tiered storage'],
          platformOverhead: {
            usd: 46.26,
            pattern: '^__',
            topics: [
              { arn: `${ordersCluster.arn}/__consumer_offsets`, usd: 46.26 },
            ],
          },
          byOwner: [
            { owner: 'group:default/team-orders', usd: 600.5, topicCount: 3 },
            { owner: 'unowned', usd: 100, topicCount: 29 },
          ],
        },
      },
    },
  ],
  topics: [
    {
      ...detailedTopic,
      cost: {
        estimate: incompleteClusterEstimate,
        lowerBound: true,
        missing: ['Tiered storage'],
        usdPerGbIn: null,
        usdPerGbOut: null,
        share: {
          usd: 0,
          basis: 'bytes-in',
          clusterArn: ordersCluster.arn,
          lowerBound: true,
          missing: ['Tiered storage'],
        },
      },
    },
  ],
};
