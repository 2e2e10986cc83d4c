import {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  KafkaClient,
  ListClustersV2Command,
  ListTopicsCommand,
} from '@aws-sdk/client-kafka';
import {
  KinesisAnalyticsV2Client,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsReadError, classifyAwsError } from './errors';
import { listFlinkTags } from './flink';
import { readLatestMetricValues } from './metrics';
import {
  decodeTopicConfigs,
  listMskClusters,
  listMskTopics,
  supportsTopicApis,
  toClusterDetails,
} from './msk';
import { redactProperties } from './redaction';

const kafkaMock = mockClient(KafkaClient);
const flinkMock = mockClient(KinesisAnalyticsV2Client);
const cloudwatchMock = mockClient(CloudWatchClient);
const region = 'us-east-1';

afterEach(() => {
  kafkaMock.reset();
  flinkMock.reset();
  cloudwatchMock.reset();
});

function accessDenied(message: string) {
  return Object.assign(new Error(message), { name: 'AccessDeniedException' });
}

describe('MSK readers', () => {
  it('lists clusters over every page and tells the three types apart', async () => {
    kafkaMock
      .on(ListClustersV2Command)
      .resolvesOnce({
        NextToken: 'page-2',
        ClusterInfoList: [
          {
            ClusterArn: 'arn:std',
            ClusterName: 'std',
            ClusterType: 'PROVISIONED',
            State: 'ACTIVE',
            CurrentVersion: 'K1',
            Tags: { owner: 'team-a' },
            Provisioned: {
              NumberOfBrokerNodes: 3,
              BrokerNodeGroupInfo: {
                InstanceType: 'kafka.m7g.large',
                ClientSubnets: [],
              },
              CurrentBrokerSoftwareInfo: { KafkaVersion: '3.6.0' },
            },
          },
        ],
      })
      .resolvesOnce({
        ClusterInfoList: [
          {
            ClusterArn: 'arn:exp',
            ClusterName: 'exp',
            ClusterType: 'PROVISIONED',
            State: 'ACTIVE',
            Provisioned: {
              NumberOfBrokerNodes: 3,
              BrokerNodeGroupInfo: {
                InstanceType: 'express.m7g.large',
                ClientSubnets: [],
              },
              CurrentBrokerSoftwareInfo: { KafkaVersion: '3.6.0' },
            },
          },
          {
            ClusterArn: 'arn:sls',
            ClusterName: 'sls',
            ClusterType: 'SERVERLESS',
            State: 'ACTIVE',
          },
        ],
      });

    const clusters = await listMskClusters(new KafkaClient({ region }));

    expect(clusters.map(c => [c.name, c.clusterType])).toEqual([
      ['std', 'standard'],
      ['exp', 'express'],
      ['sls', 'serverless'],
    ]);
    expect(clusters[0]).toMatchObject({
      kafkaVersion: '3.6.0',
      brokerCount: 3,
      instanceType: 'kafka.m7g.large',
      currentVersion: 'K1',
      tags: { owner: 'team-a' },
    });
    expect(
      kafkaMock.commandCalls(ListClustersV2Command)[1].args[0].input.NextToken,
    ).toBe('page-2');
  });

  it('offers topic APIs only on provisioned clusters from Kafka 3.6', () => {
    const cluster = (clusterType: any, kafkaVersion: string | null) =>
      ({ clusterType, kafkaVersion } as any);
    expect(supportsTopicApis(cluster('standard', '3.6.0'))).toBe(true);
    expect(supportsTopicApis(cluster('express', '3.8.x'))).toBe(true);
    expect(supportsTopicApis(cluster('standard', '4.0.x.kraft'))).toBe(true);
    expect(supportsTopicApis(cluster('standard', '3.5.1'))).toBe(false);
    expect(supportsTopicApis(cluster('standard', '2.8.1'))).toBe(false);
    expect(supportsTopicApis(cluster('serverless', null))).toBe(false);
  });

  it('lists topics over every page', async () => {
    kafkaMock
      .on(ListTopicsCommand)
      .resolvesOnce({
        NextToken: 't2',
        Topics: [
          {
            TopicArn: 'arn:t1',
            TopicName: 't1',
            PartitionCount: 3,
            ReplicationFactor: 3,
            OutOfSyncReplicaCount: 0,
          },
        ],
      })
      .resolvesOnce({
        Topics: [
          {
            TopicArn: 'arn:t2',
            TopicName: 't2',
            PartitionCount: 6,
            ReplicationFactor: 2,
          },
        ],
      });
    const topics = await listMskTopics(new KafkaClient({ region }), {
      arn: 'arn:c',
      name: 'c',
    });
    expect(topics).toEqual([
      {
        arn: 'arn:t1',
        name: 't1',
        clusterArn: 'arn:c',
        clusterName: 'c',
        partitionCount: 3,
        replicationFactor: 3,
        outOfSyncReplicaCount: 0,
        configs: null,
      },
      {
        arn: 'arn:t2',
        name: 't2',
        clusterArn: 'arn:c',
        clusterName: 'c',
        partitionCount: 6,
        replicationFactor: 2,
        outOfSyncReplicaCount: null,
        configs: null,
      },
    ]);
  });

  it('names the refused IAM action when access is denied', async () => {
    kafkaMock
      .on(ListClustersV2Command)
      .rejects(accessDenied('User: x is not authorized'));
    const error = await listMskClusters(
      new KafkaClient({ region, maxAttempts: 1 }),
    ).catch(e => e);
    expect(error).toBeInstanceOf(AwsReadError);
    expect(error.detail).toMatchObject({
      operation: 'ListClustersV2',
      code: 'AccessDeniedException',
      iamAction: 'kafka:ListClustersV2',
    });
    expect(error.detail.message).toContain(
      'needs the IAM action kafka:ListClustersV2',
    );
  });
});

describe('Flink readers', () => {
  it('normalises the tag list to a map', async () => {
    flinkMock.on(ListTagsForResourceCommand).resolves({
      Tags: [
        { Key: 'owner', Value: 'team-a' },
        { Key: 'env', Value: undefined as any },
      ],
    });
    expect(
      await listFlinkTags(new KinesisAnalyticsV2Client({ region }), 'arn:app'),
    ).toEqual({
      owner: 'team-a',
      env: '',
    });
  });

  it('names the Flink tagging action on denial', async () => {
    flinkMock.on(ListTagsForResourceCommand).rejects(accessDenied('denied'));
    const error = await listFlinkTags(
      new KinesisAnalyticsV2Client({ region, maxAttempts: 1 }),
      'arn:app',
    ).catch(e => e);
    expect(error.detail.iamAction).toBe('kinesisanalytics:ListTagsForResource');
  });
});

describe('readLatestMetricValues', () => {
  it('batches 500 queries per call and keeps the newest datapoint of each series', async () => {
    cloudwatchMock.on(GetMetricDataCommand).callsFake(input => ({
      MetricDataResults: input.MetricDataQueries.map((query: any) => ({
        Id: query.Id,
        Timestamps: [new Date(1000), new Date(3000), new Date(2000)],
        Values: [1, Number(query.Id.slice(1)), 2],
      })),
    }));
    const queries = Array.from({ length: 1200 }, (_, i) => ({
      key: `k${i}`,
      namespace: 'AWS/Kafka',
      metricName: 'CpuUser',
      dimensions: { 'Cluster Name': 'c', 'Broker ID': String(i) },
      stat: 'Average',
      periodSeconds: 60,
    }));
    const values = await readLatestMetricValues(
      new CloudWatchClient({ region }),
      queries,
    );

    const calls = cloudwatchMock.commandCalls(GetMetricDataCommand);
    expect(calls.map(c => c.args[0].input.MetricDataQueries!.length)).toEqual([
      500, 500, 200,
    ]);
    // The newest timestamp (3000) carries the query's own index within its batch.
    expect(values.get('k0')).toBe(0);
    expect(values.get('k501')).toBe(1);
    expect(values.get('k1199')).toBe(199);
  });

  it('gives null for a series without datapoints', async () => {
    cloudwatchMock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: 'm0', Timestamps: [], Values: [] }],
    });
    const values = await readLatestMetricValues(
      new CloudWatchClient({ region }),
      [
        {
          key: 'a',
          namespace: 'n',
          metricName: 'm',
          dimensions: {},
          stat: 'Maximum',
          periodSeconds: 60,
        },
      ],
    );
    expect(values.get('a')).toBeNull();
  });
});

describe('classifyAwsError', () => {
  it.each([
    ['AccessDeniedException', 'access-denied'],
    ['TooManyRequestsException', 'throttled'],
    ['ThrottlingException', 'throttled'],
    ['TimeoutError', 'timeout'],
    ['NotFoundException', 'not-found'],
    ['BadRequestException', 'other'],
  ])('%s is %s', (code, kind) => {
    expect(classifyAwsError(code)).toBe(kind);
  });
});

describe('decodeTopicConfigs', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  it('reads the JSON object encoding', () => {
    expect(
      decodeTopicConfigs(
        b64('{"retention.ms":"604800000","min.insync.replicas":2}'),
      ),
    ).toEqual({
      'retention.ms': '604800000',
      'min.insync.replicas': '2',
    });
  });

  it('reads the properties-lines encoding', () => {
    expect(
      decodeTopicConfigs(
        b64('compression.type=producer\n# comment\nretention.ms=604800000\n'),
      ),
    ).toEqual({
      'compression.type': 'producer',
      'retention.ms': '604800000',
    });
  });

  it('gives an empty map for nothing', () => {
    expect(decodeTopicConfigs(undefined)).toEqual({});
  });
});

describe('redactProperties', () => {
  it('redacts values whose key contains a secret pattern, case-insensitively', () => {
    expect(
      redactProperties(
        {
          'db.Password': 'hunter2',
          'api.token': 't',
          'aws.secretKey': 's',
          'input.stream': 'orders',
        },
        ['password', 'token', 'key'],
      ),
    ).toEqual({
      'db.Password': '<redacted>',
      'api.token': '<redacted>',
      'aws.secretKey': '<redacted>',
      'input.stream': 'orders',
    });
  });
});

describe('redactProperties by value', () => {
  it.each([
    [
      'a JAAS line with a password',
      'sasl.jaas.config',
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p@ss";',
      '<redacted>',
    ],
    [
      'a JAAS line under another prefix',
      'producer.sasl.jaas.config',
      "ScramLoginModule required username='u' password='p';",
      '<redacted>',
    ],
    [
      'basic auth user info',
      'basic.auth.user.info',
      'svc-orders:p4ss',
      '<redacted>',
    ],
    [
      'a connection string with a password option',
      'connection',
      'Server=db;Database=orders;User Id=u;Password=p4ss;',
      '<redacted>',
    ],
    [
      'inline JSON with a secret',
      'opts',
      '{"clientId":"c","clientSecret":"x"}',
      '<redacted>',
    ],
    [
      'a URL with user:password@',
      'sink.endpoint',
      'https://u:p4ss@search.example.com:443/orders',
      'https://u:<redacted>@search.example.com:443/orders',
    ],
    [
      'a URL whose password contains @',
      'broker',
      'amqp://u:p@ss@mq.example.com/vhost',
      'amqp://u:<redacted>@mq.example.com/vhost',
    ],
    [
      'a URL with a user only',
      'repo',
      'https://u@git.example.com/repo',
      'https://u@git.example.com/repo',
    ],
    [
      'a plain value',
      'bootstrap.servers',
      'b-1.example.com:9096,b-2.example.com:9096',
      'b-1.example.com:9096,b-2.example.com:9096',
    ],
  ])('handles %s', (_name, key, value, expected) => {
    expect(redactProperties({ [key]: value }, [])).toEqual({
      [key]: expected,
    });
  });
});

describe('toClusterDetails', () => {
  it('reads encryption, authentication, storage and monitoring of a provisioned cluster', () => {
    expect(
      toClusterDetails({
        ClusterType: 'PROVISIONED',
        CurrentVersion: 'K3',
        Provisioned: {
          BrokerNodeGroupInfo: {
            InstanceType: 'kafka.m7g.large',
            ClientSubnets: ['s1', 's2', 's3', 's1'],
            ZoneIds: ['use1-az1', 'use1-az2', 'use1-az4'],
            StorageInfo: {
              EbsStorageInfo: {
                VolumeSize: 1000,
                ProvisionedThroughput: { Enabled: true, VolumeThroughput: 250 },
              },
            },
            ConnectivityInfo: { PublicAccess: { Type: 'DISABLED' } },
          },
          EncryptionInfo: {
            EncryptionInTransit: {
              ClientBroker: 'TLS_PLAINTEXT',
              InCluster: true,
            },
          },
          ClientAuthentication: {
            Sasl: { Iam: { Enabled: true } },
            Unauthenticated: { Enabled: true },
          },
          EnhancedMonitoring: 'PER_BROKER',
          StorageMode: 'TIERED',
          NumberOfBrokerNodes: 3,
        },
      }),
    ).toEqual({
      currentVersion: 'K3',
      stateInfo: null,
      zoneIds: ['use1-az1', 'use1-az2', 'use1-az4'],
      subnetCount: 3,
      storage: {
        volumeSizeGiB: 1000,
        provisionedThroughputMiBps: 250,
        mode: 'TIERED',
      },
      encryption: {
        clientBroker: 'TLS_PLAINTEXT',
        inCluster: true,
        atRestKmsKeyId: null,
      },
      clientAuthentication: {
        iam: true,
        scram: false,
        tls: false,
        unauthenticated: true,
      },
      enhancedMonitoring: 'PER_BROKER',
      publicAccess: 'DISABLED',
      activeOperationArn: null,
      rebalancingStatus: null,
      customerActionStatus: null,
    });
  });

  it('knows Serverless is IAM-only and always encrypted', () => {
    const details = toClusterDetails({
      ClusterType: 'SERVERLESS',
      Serverless: {
        VpcConfigs: [{ SubnetIds: ['a', 'b'] }, { SubnetIds: ['c'] }],
      },
    });
    expect(details.clientAuthentication).toEqual({
      iam: true,
      scram: false,
      tls: false,
      unauthenticated: false,
    });
    expect(details.encryption.clientBroker).toBe('TLS');
    expect(details.subnetCount).toBe(3);
    expect(details.storage).toBeNull();
  });
});
