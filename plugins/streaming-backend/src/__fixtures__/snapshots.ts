import type {
  AccountRegionSnapshot,
  PreviousInventory,
  StreamingAwsConfig,
  StreamingAwsService,
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
        details: null,
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
        configs: { 'retention.ms': '604800000' },
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
        details: null,
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
    clusterCpuPercent: { [ORDERS_CLUSTER_ARN]: 41.5 },
    flinkDowntimeMs: { [ENRICHER_ARN]: 0 },
    problems: [],
    calls: { ListClustersV2: 1, ListTopics: 1, ListApplications: 1 },
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
    clusterCpuPercent: {},
    flinkDowntimeMs: {},
    problems: [],
    calls: { ListClustersV2: 1, ListApplications: 1 },
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

  async readAccountRegion(
    accountId: string,
    _region: string,
    previous?: PreviousInventory,
  ): Promise<AccountRegionSnapshot> {
    this.reads++;
    if (previous) this.previousSeen.push(previous);
    const failure = this.failures.get(accountId);
    if (failure) throw new AwsReadError(failure);
    const snapshot = this.snapshots.get(accountId);
    if (!snapshot) throw new Error(`no fixture for ${accountId}`);
    return snapshot();
  }
}
