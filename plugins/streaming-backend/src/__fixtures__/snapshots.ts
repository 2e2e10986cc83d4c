import type {
  AccountRegionSnapshot,
  AwsCallError,
  ConsumerGroupRecord,
  ListedMetric,
  MetricPoint,
  MetricSeriesQuery,
  PreviousInventory,
  ReadAccountRegionOptions,
  ServerlessTopicDiscovery,
  StreamingAwsConfig,
  StreamingAwsService,
  SeriesBudget,
} from '@backstage-streaming/plugin-streaming-node';
import { AwsReadError } from '@backstage-streaming/plugin-streaming-node';

export const ORDERS_CLUSTER_ARN =
  'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/uuid-1';
export const ORDERS_TOPIC_ARN =
  'arn:aws:kafka:us-east-1:111111111111:topic/orders-standard/uuid-1/orders.created';
export const ENRICHER_ARN =
  'arn:aws:kinesisanalytics:us-east-1:111111111111:application/orders-enricher';
export const SHARED_NAME_ARN_1 =
  'arn:aws:kafka:us-east-1:111111111111:cluster/shared/uuid-2';
export const SHARED_NAME_ARN_2 =
  'arn:aws:kafka:us-east-1:222222222222:cluster/shared/uuid-3';

export const awsConfig: StreamingAwsConfig = {
  accounts: [
    { accountId: '111111111111', regions: ['us-east-1'] },
    { accountId: '222222222222', regions: ['us-east-1'] },
  ],
  maxConcurrency: 2,
  requestTimeoutMs: 1000,
  maxAttempts: 1,
  secretKeyPatterns: ['password'],
  requestsPerSecond: {},
};

/** Values of a healthy estate; metrics not listed read 0 (no offline partitions, no downtime, …). */
export const HEALTHY_METRIC_VALUES: Record<string, number> = {
  CpuSystem: 1,
  ActiveControllerCount: 1,
  KafkaDataLogsDiskUsed: 40,
  HeapMemoryAfterGC: 30,
  PartitionCount: 100,
  BytesInPerSec: 1_000_000,
  BytesOutPerSec: 2_000_000,
  lastCheckpointDuration: 1_000,
  heapMemoryUtilization: 40,
  containerMemoryUtilization: 50,
  cpuUtilization: 30,
  containerCPUUtilization: 30,
  KPUs: 3,
};

export const ORDERS_CLUSTER_DETAILS = {
  currentVersion: 'K1',
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
    atRestKmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k',
  },
  clientAuthentication: {
    iam: true,
    scram: false,
    tls: false,
    unauthenticated: false,
  },
  enhancedMonitoring: 'PER_BROKER',
  publicAccess: 'DISABLED',
  activeOperationArn: null,
  rebalancingStatus: null,
  customerActionStatus: 'NONE',
};

export const ENRICHER_DETAILS = {
  serviceExecutionRole: 'arn:aws:iam::111111111111:role/enricher',
  lastUpdateTimestamp: '2026-11-20T10:05:00.000Z',
  parallelism: {
    configurationType: 'CUSTOM',
    parallelism: 2,
    parallelismPerKpu: 1,
    currentParallelism: 2,
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
    metricsLevel: 'TASK',
    logLevel: 'INFO',
  },
  snapshotsEnabled: true,
  rollbackEnabled: true,
  propertyGroups: [
    {
      id: 'app',
      properties: {
        'db.password': '<redacted>',
        'input.topic': 'orders.created',
      },
    },
  ],
};

export function account1Snapshot(): AccountRegionSnapshot {
  return {
    accountId: '111111111111',
    region: 'us-east-1',
    clusters: [
      {
        arn: ORDERS_CLUSTER_ARN,
        name: 'orders-standard',
        clusterType: 'standard',
        state: 'ACTIVE',
        stateInfo: null,
        currentVersion: 'K1',
        kafkaVersion: '3.6.0',
        brokerCount: 3,
        instanceType: 'kafka.m7g.large',
        tags: { owner: 'team-orders' },
        details: ORDERS_CLUSTER_DETAILS,
        brokers: [
          {
            brokerId: 1,
            instanceType: 'kafka.m7g.large',
            clientSubnet: 'subnet-1',
            endpoints: [],
            kafkaVersion: '3.6.0',
          },
        ],
      },
      {
        arn: SHARED_NAME_ARN_1,
        name: 'shared',
        clusterType: 'serverless',
        state: 'ACTIVE',
        stateInfo: null,
        currentVersion: 'K1',
        kafkaVersion: null,
        brokerCount: null,
        instanceType: null,
        tags: {},
        details: null,
        brokers: null,
      },
    ],
    topics: [
      {
        arn: ORDERS_TOPIC_ARN,
        name: 'orders.created',
        clusterArn: ORDERS_CLUSTER_ARN,
        clusterName: 'orders-standard',
        partitionCount: 12,
        replicationFactor: 3,
        outOfSyncReplicaCount: 0,
        configs: { 'retention.ms': '604800000', 'min.insync.replicas': '2' },
      },
      {
        arn: `${ORDERS_TOPIC_ARN.replace(
          'orders.created',
          'payments.settled',
        )}`,
        name: 'payments.settled',
        clusterArn: ORDERS_CLUSTER_ARN,
        clusterName: 'orders-standard',
        partitionCount: 6,
        replicationFactor: 2,
        outOfSyncReplicaCount: 0,
        configs: { 'retention.ms': '604800000' },
      },
    ],
    topicsListedFor: [ORDERS_CLUSTER_ARN],
    topicApisUnavailableFor: [],
    applications: [
      {
        arn: ENRICHER_ARN,
        name: 'orders-enricher',
        status: 'RUNNING',
        runtimeEnvironment: 'FLINK-1_20',
        applicationMode: 'STREAMING',
        versionId: 7,
        tags: { owner: 'team-orders' },
        details: ENRICHER_DETAILS,
        operations: [
          {
            operation: 'UpdateApplication',
            operationId: 'op-1',
            status: 'SUCCESSFUL',
            startTime: '2026-11-20T10:00:00.000Z',
            endTime: '2026-11-20T10:05:00.000Z',
          },
        ],
      },
    ],
    problems: [],
    calls: { ListClustersV2: 1, ListTopics: 1, ListApplications: 1 },
    topicsDeferred: 0,
    topicsAwaitingDescribe: 0,
  };
}

export function account2Snapshot(): AccountRegionSnapshot {
  return {
    accountId: '222222222222',
    region: 'us-east-1',
    clusters: [
      {
        arn: SHARED_NAME_ARN_2,
        name: 'shared',
        clusterType: 'serverless',
        state: 'ACTIVE',
        stateInfo: null,
        currentVersion: 'K1',
        kafkaVersion: null,
        brokerCount: null,
        instanceType: null,
        tags: {},
        details: null,
        brokers: null,
      },
    ],
    topics: [],
    topicsListedFor: [],
    topicApisUnavailableFor: [],
    applications: [],
    problems: [],
    calls: { ListClustersV2: 1, ListApplications: 1 },
    topicsDeferred: 0,
    topicsAwaitingDescribe: 0,
  };
}

/** A fake AWS service whose answers and failures a test controls per account. */
export class FakeStreamingAwsService implements StreamingAwsService {
  readonly config = awsConfig;
  snapshots = new Map<string, () => AccountRegionSnapshot>([
    ['111111111111', account1Snapshot],
    ['222222222222', account2Snapshot],
  ]);
  failures = new Map<
    string,
    { code: string; operation: string; message: string }
  >();
  reads = 0;

  previousSeen: PreviousInventory[] = [];
  /** Series answers by metric name; a test sets `seriesFailure` to make CloudWatch fail. */
  seriesValue = (
    metricName: string,
    dimensions: Record<string, string>,
    _periodSeconds?: number,
  ) =>
    metricName === 'CpuUser'
      ? 30 + Number(dimensions['Broker ID'] ?? 0)
      : HEALTHY_METRIC_VALUES[metricName] ?? 0;
  seriesFailure: Error | undefined;
  seriesReads = 0;
  consumerGroups: ConsumerGroupRecord[] = [
    {
      clusterName: 'orders-standard',
      groupName: 'orders-fulfilment',
      topics: [
        {
          topic: 'orders.created',
          maxOffsetLag: 12,
          sumOffsetLag: 40,
          estimatedMaxTimeLagSeconds: 3,
        },
      ],
    },
  ];

  async readMetricSeries(
    _accountId: string,
    _region: string,
    queries: MetricSeriesQuery[],
    range: { start: Date; end: Date },
  ): Promise<Map<string, MetricPoint[]>> {
    this.seriesReads++;
    if (this.seriesFailure) throw this.seriesFailure;
    const result = new Map<string, MetricPoint[]>();
    for (const query of queries) {
      const points: MetricPoint[] = [];
      for (
        let t = range.start.getTime();
        t < range.end.getTime();
        t += query.periodSeconds * 1000
      ) {
        points.push({
          timestamp: t,
          value: this.seriesValue(
            query.metricName,
            query.dimensions,
            query.periodSeconds,
          ),
        });
      }
      result.set(query.key, points);
    }
    return result;
  }

  /** Topics CloudWatch knows per MSK Serverless cluster name; a test sets `serverlessTopicsFailure` to fail discovery. */
  serverlessTopics = new Map<string, string[]>();
  serverlessTopicsFailure: AwsCallError | undefined;

  /** Series ListMetrics finds: a Serverless cluster's topics, and two tasks per application. */
  async listMetricSeries(
    _accountId: string,
    _region: string,
    filter: {
      namespace: string;
      metricName: string;
      dimensions: Record<string, string>;
    },
  ): Promise<ListedMetric[]> {
    const clusterName = filter.dimensions['Cluster Name'];
    if (filter.namespace === 'AWS/Kafka' && clusterName) {
      return (this.serverlessTopics.get(clusterName) ?? []).map(topic => ({
        metricName: filter.metricName,
        dimensions: { 'Cluster Name': clusterName, Topic: topic },
      }));
    }
    return ['source', 'sink'].map(task => ({
      metricName: filter.metricName,
      dimensions: { ...filter.dimensions, Task: task },
    }));
  }

  /** Draws three lag series per group and topic from the budget, as the real reader does. */
  async readConsumerGroups(
    _accountId: string,
    _region: string,
    clusterNames: string[],
    options: { budget?: SeriesBudget } = {},
  ): Promise<ConsumerGroupRecord[]> {
    return this.consumerGroups
      .filter(g => clusterNames.includes(g.clusterName))
      .map(g =>
        !options.budget || options.budget.take(g.topics.length * 3)
          ? g
          : {
              ...g,
              topics: g.topics.map(t => ({
                ...t,
                maxOffsetLag: null,
                sumOffsetLag: null,
                estimatedMaxTimeLagSeconds: null,
              })),
            },
      );
  }

  async readServerlessTopics(
    _accountId: string,
    _region: string,
    clusterNames: string[],
  ): Promise<ServerlessTopicDiscovery[]> {
    return clusterNames.map(clusterName =>
      this.serverlessTopicsFailure
        ? { clusterName, error: this.serverlessTopicsFailure }
        : { clusterName, topics: this.serverlessTopics.get(clusterName) ?? [] },
    );
  }

  /** The options of each read, in order (e.g. the DescribeTopic budget). */
  optionsSeen: ReadAccountRegionOptions[] = [];

  async readAccountRegion(
    accountId: string,
    _region: string,
    previous?: PreviousInventory,
    options: ReadAccountRegionOptions = {},
  ): Promise<AccountRegionSnapshot> {
    this.reads++;
    if (previous) this.previousSeen.push(previous);
    this.optionsSeen.push(options);
    const failure = this.failures.get(accountId);
    if (failure) throw new AwsReadError(failure);
    const snapshot = this.snapshots.get(accountId);
    if (!snapshot) throw new Error(`no fixture for ${accountId}`);
    return snapshot();
  }
}
