import {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeClusterV2Command,
  DescribeTopicCommand,
  KafkaClient,
  ListClustersV2Command,
  ListNodesCommand,
  ListTopicsCommand,
} from '@aws-sdk/client-kafka';
import {
  DescribeApplicationCommand,
  KinesisAnalyticsV2Client,
  ListApplicationOperationsCommand,
  ListApplicationsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsClientFactory } from './clients';
import {
  AccountRegionSnapshot,
  DefaultStreamingAwsService,
  PreviousInventory,
} from './inventory';
import { AwsReadError } from './readers/errors';
import { topicFingerprint } from './topicDescribes';

const kafka = mockClient(KafkaClient);
const flink = mockClient(KinesisAnalyticsV2Client);
const cloudwatch = mockClient(CloudWatchClient);

const config = {
  accounts: [{ accountId: '111111111111', regions: ['us-east-1'] }],
  maxConcurrency: 2,
  requestTimeoutMs: 1000,
  maxAttempts: 1,
  secretKeyPatterns: ['password'],
  requestsPerSecond: {},
};
const credentialsManager = {
  getCredentialProvider: async () => ({
    sdkCredentialProvider: async () => ({
      accessKeyId: 'AKIA',
      secretAccessKey: 's',
    }),
  }),
};
const service = new DefaultStreamingAwsService(
  config,
  new AwsClientFactory(credentialsManager, config),
);

const cluster = {
  ClusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/c/u-1',
  ClusterName: 'c',
  ClusterType: 'PROVISIONED' as const,
  State: 'ACTIVE' as const,
  CurrentVersion: 'K1',
  Tags: { owner: 'team-a' },
  Provisioned: {
    NumberOfBrokerNodes: 3,
    BrokerNodeGroupInfo: {
      InstanceType: 'kafka.m7g.large',
      ClientSubnets: ['a', 'b', 'c'],
    },
    CurrentBrokerSoftwareInfo: { KafkaVersion: '3.6.0' },
  },
};
const appArn =
  'arn:aws:kinesisanalytics:us-east-1:111111111111:application/app';

beforeEach(() => {
  kafka.reset();
  flink.reset();
  cloudwatch.reset();
  kafka.on(ListClustersV2Command).resolves({ ClusterInfoList: [cluster] });
  kafka.on(DescribeClusterV2Command).resolves({ ClusterInfo: cluster });
  kafka.on(ListNodesCommand).resolves({
    NodeInfoList: [1, 2, 3].map(id => ({
      InstanceType: 'kafka.m7g.large',
      BrokerNodeInfo: { BrokerId: id },
    })),
  });
  kafka.on(ListTopicsCommand).resolves({
    Topics: [
      {
        TopicArn: 'arn:t',
        TopicName: 't',
        PartitionCount: 3,
        ReplicationFactor: 3,
        OutOfSyncReplicaCount: 0,
      },
    ],
  });
  kafka.on(DescribeTopicCommand).resolves({
    Configs: Buffer.from('{"retention.ms":"1000"}').toString('base64'),
  });
  flink.on(ListApplicationsCommand).resolves({
    ApplicationSummaries: [
      {
        ApplicationName: 'app',
        ApplicationARN: appArn,
        ApplicationStatus: 'RUNNING',
        ApplicationVersionId: 4,
        RuntimeEnvironment: 'FLINK-1_20',
      },
    ],
  });
  flink.on(DescribeApplicationCommand).resolves({
    ApplicationDetail: {
      ApplicationName: 'app',
      ApplicationARN: appArn,
      ApplicationStatus: 'RUNNING',
      ApplicationVersionId: 4,
      RuntimeEnvironment: 'FLINK-1_20',
      ApplicationConfigurationDescription: {
        EnvironmentPropertyDescriptions: {
          PropertyGroupDescriptions: [
            {
              PropertyGroupId: 'db',
              PropertyMap: { 'db.password': 'hunter2', 'db.host': 'h' },
            },
          ],
        },
        FlinkApplicationConfigurationDescription: {
          ParallelismConfigurationDescription: {
            Parallelism: 2,
            ParallelismPerKPU: 1,
            CurrentParallelism: 4,
            AutoScalingEnabled: false,
          },
        },
      },
    },
  });
  flink
    .on(ListTagsForResourceCommand)
    .resolves({ Tags: [{ Key: 'owner', Value: 'team-a' }] });
  flink.on(ListApplicationOperationsCommand).resolves({
    ApplicationOperationInfoList: [
      {
        Operation: 'UpdateApplication',
        OperationId: 'o1',
        OperationStatus: 'FAILED',
        StartTime: new Date('2026-11-20T10:00:00Z'),
      },
      {
        Operation: 'StartApplication',
        OperationId: 'o2',
        OperationStatus: 'SUCCESSFUL',
        StartTime: new Date('2026-11-21T10:00:00Z'),
      },
    ],
  });
  // CpuUser is 20 + broker id, CpuSystem 5, downtime 0.
  const fakeValue = (metric: any) => {
    if (metric.MetricName === 'CpuUser')
      return 20 + Number(metric.Dimensions[1].Value);
    return metric.MetricName === 'CpuSystem' ? 5 : 0;
  };
  cloudwatch.on(GetMetricDataCommand).callsFake(input => ({
    MetricDataResults: input.MetricDataQueries.map((q: any) => ({
      Id: q.Id,
      Timestamps: [new Date()],
      Values: [fakeValue(q.MetricStat.Metric)],
    })),
  }));
});

describe('DefaultStreamingAwsService.readAccountRegion', () => {
  it('reads clusters with brokers and CPU, topics with configs, applications with redacted details', async () => {
    const snapshot = await service.readAccountRegion(
      '111111111111',
      'us-east-1',
    );

    expect(snapshot.clusters[0].brokers?.map(b => b.brokerId)).toEqual([
      1, 2, 3,
    ]);
    expect(snapshot.topics[0].configs).toEqual({ 'retention.ms': '1000' });
    expect(snapshot.topicsListedFor).toEqual([cluster.ClusterArn]);
    const [app] = snapshot.applications;
    expect(app.details?.propertyGroups).toEqual([
      { id: 'db', properties: { 'db.password': '<redacted>', 'db.host': 'h' } },
    ]);
    expect(app.details?.parallelism.currentParallelism).toBe(4);
    expect(app.operations?.map(o => o.status)).toEqual([
      'SUCCESSFUL',
      'FAILED',
    ]);
    expect(snapshot.problems).toEqual([]);
  });

  it('makes no describe call for assets unchanged since the previous refresh', async () => {
    const first = await service.readAccountRegion('111111111111', 'us-east-1');
    const previous: PreviousInventory = {
      clusters: new Map(
        first.clusters.map(c => [
          c.arn,
          { currentVersion: c.currentVersion, details: c.details },
        ]),
      ),
      topics: new Map(
        first.topics.map(t => [
          t.arn,
          { fingerprint: '3|3|0', configs: t.configs },
        ]),
      ),
      applications: new Map(
        first.applications.map(a => [
          a.arn,
          {
            versionId: a.versionId,
            details: a.details,
            status: a.status,
            operations: a.operations,
          },
        ]),
      ),
    };
    kafka.resetHistory();
    flink.resetHistory();

    const second = await service.readAccountRegion(
      '111111111111',
      'us-east-1',
      previous,
    );

    expect(kafka.commandCalls(DescribeClusterV2Command)).toHaveLength(0);
    expect(kafka.commandCalls(DescribeTopicCommand)).toHaveLength(0);
    expect(flink.commandCalls(DescribeApplicationCommand)).toHaveLength(0);
    expect(flink.commandCalls(ListApplicationOperationsCommand)).toHaveLength(
      0,
    );
    expect(second.calls.ListApplicationOperations).toBeUndefined();
    expect(second.topics[0].configs).toEqual({ 'retention.ms': '1000' });
    expect(second.applications[0].details).toEqual(
      first.applications[0].details,
    );
    // The stored operations are kept, so their health rules still apply.
    expect(second.applications[0].operations).toEqual(
      first.applications[0].operations,
    );
  });

  describe('lists the operations of an application again', () => {
    const storedOperations = [
      {
        operation: 'StartApplication',
        operationId: 'o0',
        status: 'SUCCESSFUL',
        startTime: '2026-11-19T10:00:00.000Z',
        endTime: null,
      },
    ];
    const known = (changes: Record<string, unknown>): PreviousInventory => ({
      clusters: new Map(),
      topics: new Map(),
      applications: new Map([
        [
          appArn,
          {
            versionId: 4,
            details: null,
            status: 'RUNNING',
            operations: storedOperations,
            ...changes,
          },
        ],
      ]),
    });

    it.each([
      ['its version id moved', { versionId: 3 }],
      ['its status changed', { status: 'STARTING' }],
      ['its operations were never listed', { operations: null }],
      [
        'an operation was still in progress',
        { operations: [{ ...storedOperations[0], status: 'IN_PROGRESS' }] },
      ],
    ])('when %s', async (_, changes) => {
      const snapshot = await service.readAccountRegion(
        '111111111111',
        'us-east-1',
        known(changes),
      );
      expect(flink.commandCalls(ListApplicationOperationsCommand)).toHaveLength(
        1,
      );
      expect(
        snapshot.applications[0].operations?.map(o => o.operationId),
      ).toEqual(['o2', 'o1']);
    });

    it('and keeps the stored ones when that listing fails', async () => {
      flink.on(ListApplicationOperationsCommand).rejects(
        Object.assign(new Error('slow down'), {
          name: 'ThrottlingException',
        }),
      );
      const snapshot = await service.readAccountRegion(
        '111111111111',
        'us-east-1',
        known({ versionId: 3 }),
      );
      expect(snapshot.applications[0].operations).toEqual(storedOperations);
      expect(snapshot.problems).toEqual([
        {
          assetArn: appArn,
          error: expect.objectContaining({
            operation: 'ListApplicationOperations',
          }),
        },
      ]);
    });
  });

  it('describes an application with autoscaling enabled, or autoscaling, on every refresh', async () => {
    const describedApp = (
      status: 'RUNNING' | 'AUTOSCALING',
      autoScalingEnabled: boolean,
      currentParallelism: number,
    ) => ({
      ApplicationDetail: {
        ApplicationName: 'app',
        ApplicationARN: appArn,
        ApplicationStatus: status,
        ApplicationVersionId: 4,
        RuntimeEnvironment: 'FLINK-1_20' as const,
        ApplicationConfigurationDescription: {
          FlinkApplicationConfigurationDescription: {
            ParallelismConfigurationDescription: {
              Parallelism: 2,
              ParallelismPerKPU: 1,
              CurrentParallelism: currentParallelism,
              AutoScalingEnabled: autoScalingEnabled,
            },
          },
        },
      },
    });
    const previousOf = (
      snapshot: Awaited<ReturnType<typeof service.readAccountRegion>>,
    ): PreviousInventory => ({
      clusters: new Map(),
      topics: new Map(),
      applications: new Map(
        snapshot.applications.map(a => [
          a.arn,
          { versionId: a.versionId, details: a.details },
        ]),
      ),
    });

    flink
      .on(DescribeApplicationCommand)
      .resolves(describedApp('RUNNING', true, 2));
    const first = await service.readAccountRegion('111111111111', 'us-east-1');
    // Autoscaling doubled the parallelism; the version id did not move.
    flink
      .on(DescribeApplicationCommand)
      .resolves(describedApp('RUNNING', true, 4));
    flink.resetHistory();
    const second = await service.readAccountRegion(
      '111111111111',
      'us-east-1',
      previousOf(first),
    );
    expect(flink.commandCalls(DescribeApplicationCommand)).toHaveLength(1);
    expect(second.applications[0].details?.parallelism.currentParallelism).toBe(
      4,
    );

    // Autoscaling off but the application is scaling right now (status from ListApplications).
    flink
      .on(DescribeApplicationCommand)
      .resolves(describedApp('RUNNING', false, 4));
    const third = await service.readAccountRegion(
      '111111111111',
      'us-east-1',
      previousOf(second),
    );
    flink.on(ListApplicationsCommand).resolves({
      ApplicationSummaries: [
        {
          ApplicationName: 'app',
          ApplicationARN: appArn,
          ApplicationStatus: 'AUTOSCALING',
          ApplicationVersionId: 4,
          RuntimeEnvironment: 'FLINK-1_20',
        },
      ],
    });
    flink
      .on(DescribeApplicationCommand)
      .resolves(describedApp('AUTOSCALING', false, 8));
    flink.resetHistory();
    const fourth = await service.readAccountRegion(
      '111111111111',
      'us-east-1',
      previousOf(third),
    );
    expect(flink.commandCalls(DescribeApplicationCommand)).toHaveLength(1);
    expect(fourth.applications[0].details?.parallelism.currentParallelism).toBe(
      8,
    );
  });

  it('redacts secrets by value in runtime properties, also in details a previous refresh stored', async () => {
    const properties = {
      'sasl.jaas.config':
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="orders" password="s3cr3t-jaas";',
      'schema.registry.basic.auth.user.info': 'orders:s3cr3t-basic',
      'sink.url': 'https://orders:s3cr3t-url@es.example.com:9200/index',
      'jdbc.url':
        'jdbc:postgresql://db.example.com:5432/orders?user=orders&password=s3cr3t-jdbc',
      'bootstrap.servers': 'b-1.example.com:9096',
    };
    flink.on(DescribeApplicationCommand).resolves({
      ApplicationDetail: {
        ApplicationName: 'app',
        ApplicationARN: appArn,
        ApplicationStatus: 'RUNNING',
        ApplicationVersionId: 4,
        RuntimeEnvironment: 'FLINK-1_20',
        ApplicationConfigurationDescription: {
          EnvironmentPropertyDescriptions: {
            PropertyGroupDescriptions: [
              { PropertyGroupId: 'kafka', PropertyMap: properties },
            ],
          },
        },
      },
    });
    const expected = [
      {
        id: 'kafka',
        properties: {
          'sasl.jaas.config': '<redacted>',
          'schema.registry.basic.auth.user.info': '<redacted>',
          'sink.url': 'https://orders:<redacted>@es.example.com:9200/index',
          'jdbc.url': '<redacted>',
          'bootstrap.servers': 'b-1.example.com:9096',
        },
      },
    ];
    const described = await service.readAccountRegion(
      '111111111111',
      'us-east-1',
    );
    expect(described.applications[0].details?.propertyGroups).toEqual(expected);
    expect(JSON.stringify(described)).not.toMatch(/s3cr3t/);

    // Details an older version stored unredacted are redacted without a describe call.
    flink.resetHistory();
    const reused = await service.readAccountRegion(
      '111111111111',
      'us-east-1',
      {
        clusters: new Map(),
        topics: new Map(),
        applications: new Map([
          [
            appArn,
            {
              versionId: 4,
              details: {
                ...described.applications[0].details!,
                propertyGroups: [{ id: 'kafka', properties }],
              },
            },
          ],
        ]),
      },
    );
    expect(flink.commandCalls(DescribeApplicationCommand)).toHaveLength(0);
    expect(reused.applications[0].details?.propertyGroups).toEqual(expected);
    expect(JSON.stringify(reused)).not.toMatch(/s3cr3t/);
  });

  it('describes again when the version changed', async () => {
    const previous: PreviousInventory = {
      clusters: new Map([
        [cluster.ClusterArn, { currentVersion: 'K0', details: null }],
      ]),
      topics: new Map([['arn:t', { fingerprint: '1|3|0', configs: {} }]]),
      applications: new Map([[appArn, { versionId: 3, details: null }]]),
    };
    await service.readAccountRegion('111111111111', 'us-east-1', previous);
    expect(kafka.commandCalls(DescribeClusterV2Command)).toHaveLength(1);
    expect(kafka.commandCalls(DescribeTopicCommand)).toHaveLength(1);
    expect(flink.commandCalls(DescribeApplicationCommand)).toHaveLength(1);
  });

  describe('with a DescribeTopic budget', () => {
    const topicsListed = (names: string[], partitions: (n: string) => number) =>
      kafka.on(ListTopicsCommand).resolves({
        Topics: names.map(name => ({
          TopicArn: `arn:topic/${name}`,
          TopicName: name,
          PartitionCount: partitions(name),
          ReplicationFactor: 3,
          OutOfSyncReplicaCount: 0,
        })),
      });
    const configsOf = (name: string) => ({ 'retention.ms': `${name}-ms` });
    beforeEach(() => {
      kafka.on(DescribeTopicCommand).callsFake(input => ({
        Configs: Buffer.from(
          JSON.stringify(configsOf(input.TopicName)),
        ).toString('base64'),
      }));
    });
    /** What the store passes to the next read (InventoryStore.previousInventory). */
    const stored = (snapshot: AccountRegionSnapshot): PreviousInventory => ({
      clusters: new Map(),
      applications: new Map(),
      topics: new Map(
        snapshot.topics.map(t => [
          t.arn,
          {
            fingerprint: t.configsFingerprint ?? topicFingerprint(t),
            configs: t.configs,
            ...(t.describeFailed ? { describeFailed: true } : {}),
          },
        ]),
      ),
    });
    const read = (previous?: PreviousInventory, maxTopicDescribes = 2) =>
      service.readAccountRegion('111111111111', 'us-east-1', previous, {
        maxTopicDescribes,
      });
    const describedNames = () =>
      kafka
        .commandCalls(DescribeTopicCommand)
        .map(c => c.args[0].input.TopicName);

    it('describes at most the budget per read, working through the backlog by ARN', async () => {
      topicsListed(['t5', 't3', 't1', 't4', 't2'], () => 3);
      const first = await read();
      expect(describedNames().sort()).toEqual(['t1', 't2']);
      expect(first).toMatchObject({
        topicsDeferred: 3,
        topicsAwaitingDescribe: 3,
      });
      // Every topic is listed, the deferred ones with partitions but no configs yet.
      expect(
        first.topics.map(t => [t.name, t.partitionCount, t.configs]),
      ).toEqual([
        ['t5', 3, null],
        ['t3', 3, null],
        ['t1', 3, configsOf('t1')],
        ['t4', 3, null],
        ['t2', 3, configsOf('t2')],
      ]);

      kafka.resetHistory();
      const second = await read(stored(first));
      expect(describedNames().sort()).toEqual(['t3', 't4']);
      expect(second.topicsAwaitingDescribe).toBe(1);

      kafka.resetHistory();
      const third = await read(stored(second));
      expect(describedNames()).toEqual(['t5']);
      expect(third.topicsAwaitingDescribe).toBe(0);
      expect(third.topics.every(t => t.configs !== null)).toBe(true);

      kafka.resetHistory();
      const fourth = await read(stored(third));
      expect(describedNames()).toEqual([]);
      expect(fourth).toMatchObject({
        topicsDeferred: 0,
        topicsAwaitingDescribe: 0,
      });
    });

    it('describes every topic that needs it with a budget of 0', async () => {
      topicsListed(['t1', 't2', 't3'], () => 3);
      const snapshot = await read(undefined, 0);
      expect(describedNames()).toHaveLength(3);
      expect(snapshot.topicsDeferred).toBe(0);
    });

    it('describes a changed topic whose describe was deferred on a later read, not taking its stored configs as current', async () => {
      topicsListed(['grown'], () => 3);
      const before = await read();
      expect(before.topics[0].configsFingerprint).toBe('3|3|0');

      // The topic grew to 6 partitions; a new topic takes the only describe.
      topicsListed(['grown', 'new'], n => (n === 'grown' ? 6 : 3));
      kafka.resetHistory();
      const deferred = await read(stored(before), 1);
      expect(describedNames()).toEqual(['new']);
      const grown = deferred.topics.find(t => t.name === 'grown')!;
      // The listing is current; the configs are the stored ones, marked as read at 3 partitions.
      expect(grown).toMatchObject({
        partitionCount: 6,
        configs: configsOf('grown'),
        configsFingerprint: '3|3|0',
      });
      expect(deferred.topicsAwaitingDescribe).toBe(1);

      kafka.resetHistory();
      const later = await read(stored(deferred), 1);
      expect(describedNames()).toEqual(['grown']);
      expect(later.topics.find(t => t.name === 'grown')).toMatchObject({
        configsFingerprint: '6|3|0',
      });
      expect(later.topicsAwaitingDescribe).toBe(0);
    });

    it('retries a failed describe on a later read, after the topics never described', async () => {
      topicsListed(['flaky'], () => 3);
      kafka.on(DescribeTopicCommand, { TopicName: 'flaky' }).rejects(
        Object.assign(new Error('slow down'), {
          name: 'ThrottlingException',
        }),
      );
      const failed = await read();
      expect(failed.topics[0]).toMatchObject({
        configs: null,
        configsFingerprint: null,
        describeFailed: true,
      });
      expect(failed.problems).toEqual([
        {
          assetArn: 'arn:topic/flaky',
          error: expect.objectContaining({ operation: 'DescribeTopic' }),
        },
      ]);
      expect(failed).toMatchObject({
        topicsDeferred: 0,
        topicsAwaitingDescribe: 1,
      });

      // A new topic comes first; the failed one waits for budget left over.
      topicsListed(['flaky', 'new'], () => 3);
      kafka.resetHistory();
      const waiting = await read(stored(failed), 1);
      expect(describedNames()).toEqual(['new']);
      expect(waiting.topics.find(t => t.name === 'flaky')?.describeFailed).toBe(
        true,
      );

      kafka.on(DescribeTopicCommand, { TopicName: 'flaky' }).resolves({
        Configs: Buffer.from(JSON.stringify(configsOf('flaky'))).toString(
          'base64',
        ),
      });
      kafka.resetHistory();
      const retried = await read(stored(waiting), 1);
      expect(describedNames()).toEqual(['flaky']);
      const flaky = retried.topics.find(t => t.name === 'flaky')!;
      expect(flaky).toMatchObject({
        configs: configsOf('flaky'),
        configsFingerprint: '3|3|0',
      });
      expect(flaky.describeFailed).toBeUndefined();
      expect(retried.topicsAwaitingDescribe).toBe(0);
    });
  });

  it('records a failed topic listing for that cluster only', async () => {
    kafka
      .on(ListTopicsCommand)
      .rejects(
        Object.assign(new Error('denied'), { name: 'AccessDeniedException' }),
      );
    const snapshot = await service.readAccountRegion(
      '111111111111',
      'us-east-1',
    );
    expect(snapshot.topicsListedFor).toEqual([]);
    expect(snapshot.clusters).toHaveLength(1);
    expect(snapshot.problems).toEqual([
      {
        assetArn: cluster.ClusterArn,
        error: expect.objectContaining({
          operation: 'ListTopics',
          code: 'AccessDeniedException',
          iamAction: 'kafka-cluster:DescribeTopic',
        }),
      },
    ]);
  });

  it('throws an AwsReadError when a listing fails, so nothing known is replaced', async () => {
    flink
      .on(ListApplicationsCommand)
      .rejects(
        Object.assign(new Error('slow down'), { name: 'ThrottlingException' }),
      );
    const error = await service
      .readAccountRegion('111111111111', 'us-east-1')
      .catch(e => e);
    expect(error).toBeInstanceOf(AwsReadError);
    expect(error.detail).toMatchObject({
      operation: 'ListApplications',
      code: 'ThrottlingException',
    });
  });

  it('reads chart series with the account credentials and names a CloudWatch failure', async () => {
    const series = await service.readMetricSeries(
      '111111111111',
      'us-east-1',
      [
        {
          key: 'cpu3',
          namespace: 'AWS/Kafka',
          metricName: 'CpuUser',
          dimensions: { 'Cluster Name': 'c', 'Broker ID': '3' },
          stat: 'Average',
          periodSeconds: 60,
        },
      ],
      { start: new Date(Date.now() - 600_000), end: new Date() },
    );
    expect(series.get('cpu3')?.map(p => p.value)).toEqual([23]);

    cloudwatch
      .on(GetMetricDataCommand)
      .rejects(
        Object.assign(new Error('no'), { name: 'AccessDeniedException' }),
      );
    const error = await service
      .readMetricSeries(
        '111111111111',
        'us-east-1',
        [
          {
            key: 'x',
            namespace: 'AWS/Kafka',
            metricName: 'CpuUser',
            dimensions: {},
            stat: 'Average',
            periodSeconds: 60,
          },
        ],
        { start: new Date(Date.now() - 600_000), end: new Date() },
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(AwsReadError);
    expect(error.detail).toMatchObject({
      operation: 'GetMetricData',
      iamAction: 'cloudwatch:GetMetricData',
    });
  });
});
