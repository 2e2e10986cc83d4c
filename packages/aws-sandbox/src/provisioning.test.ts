import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  ValidationException,
} from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  BadRequestException,
  ConflictException,
  CreateClusterV2Command,
  CreateConfigurationCommand,
  CreateTopicCommand,
  DescribeClusterV2Command,
  DescribeTopicCommand,
  GetBootstrapBrokersCommand,
  ListClustersV2Command,
  ListConfigurationsCommand,
} from '@aws-sdk/client-kafka';
import {
  CreateApplicationCommand,
  DescribeApplicationCommand,
  InvalidArgumentException,
  ListApplicationsCommand,
  ResourceInUseException,
} from '@aws-sdk/client-kinesis-analytics-v2';
import type { Sandbox } from './server';
import {
  ACCOUNT_1,
  cloudWatchClient,
  failure,
  flinkClient,
  kafkaClient,
  ORDERS_ARN,
  startDemoSandbox,
} from './__testUtils__/sandbox';

const SUBNETS = ['subnet-0a', 'subnet-0b', 'subnet-0c'];
const T0 = Date.parse('2026-06-01T12:00:00Z');

describe('creating resources against the real SDK clients', () => {
  let sandbox: Sandbox;
  let now = T0;
  const config = () => ({
    endpoint: sandbox.url,
    region: 'us-east-1',
    credentials: ACCOUNT_1,
    maxAttempts: 1,
  });
  beforeEach(async () => {
    now = T0;
    sandbox = await startDemoSandbox({
      clock: () => now,
      createDelayMs: 10_000,
    });
  });
  afterEach(() => sandbox.close());

  it('creates a Standard cluster that is CREATING, then ACTIVE after the delay, and listed', async () => {
    const kafka = kafkaClient(sandbox);
    const configuration = await kafka.send(
      new CreateConfigurationCommand({
        Name: 'payments-config',
        KafkaVersions: ['3.6.0'],
        ServerProperties: new TextEncoder().encode(
          'auto.create.topics.enable=false\nmin.insync.replicas=2\n',
        ),
      }),
    );
    expect(configuration.Arn).toMatch(
      /^arn:aws:kafka:us-east-1:111111111111:configuration\/payments-config\//,
    );
    const { Configurations } = await kafka.send(
      new ListConfigurationsCommand({}),
    );
    expect(Configurations).toEqual([
      expect.objectContaining({
        Name: 'payments-config',
        Arn: configuration.Arn,
      }),
    ]);
    const created = await kafka.send(
      new CreateClusterV2Command({
        ClusterName: 'payments',
        Tags: { owner: 'team-payments' },
        Provisioned: {
          KafkaVersion: '3.6.0',
          NumberOfBrokerNodes: 3,
          BrokerNodeGroupInfo: {
            InstanceType: 'kafka.m7g.large',
            ClientSubnets: SUBNETS,
            SecurityGroups: ['sg-1'],
            StorageInfo: { EbsStorageInfo: { VolumeSize: 500 } },
          },
          ConfigurationInfo: { Arn: configuration.Arn!, Revision: 1 },
          EncryptionInfo: {
            EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
          },
          ClientAuthentication: {
            Sasl: { Iam: { Enabled: true } },
            Unauthenticated: { Enabled: false },
          },
          EnhancedMonitoring: 'PER_BROKER',
        },
      }),
    );
    expect(created).toMatchObject({
      ClusterName: 'payments',
      State: 'CREATING',
      ClusterType: 'PROVISIONED',
    });
    const described = await kafka.send(
      new DescribeClusterV2Command({ ClusterArn: created.ClusterArn }),
    );
    expect(described.ClusterInfo).toMatchObject({
      State: 'CREATING',
      Tags: { owner: 'team-payments' },
      Provisioned: {
        EnhancedMonitoring: 'PER_BROKER',
        BrokerNodeGroupInfo: {
          StorageInfo: { EbsStorageInfo: { VolumeSize: 500 } },
        },
        EncryptionInfo: { EncryptionInTransit: { ClientBroker: 'TLS' } },
      },
    });
    now = T0 + 10_000;
    const listed = await kafka.send(
      new ListClustersV2Command({ ClusterNameFilter: 'payments' }),
    );
    expect(listed.ClusterInfoList).toHaveLength(1);
    expect(listed.ClusterInfoList![0].State).toBe('ACTIVE');
    const brokers = await kafka.send(
      new GetBootstrapBrokersCommand({ ClusterArn: created.ClusterArn }),
    );
    expect(brokers.BootstrapBrokerStringSaslIam).toMatch(
      /^b-1\.payments\.[^,]+:9098,b-2\./,
    );
    expect(brokers.BootstrapBrokerString).toBeUndefined();
  });

  it('answers AWS-shaped validation errors and conflicts for CreateClusterV2', async () => {
    const kafka = kafkaClient(sandbox);
    const express = await failure(
      kafka.send(
        new CreateClusterV2Command({
          ClusterName: 'fast',
          Provisioned: {
            KafkaVersion: '3.6.0',
            NumberOfBrokerNodes: 2,
            BrokerNodeGroupInfo: {
              InstanceType: 'express.m7g.large',
              ClientSubnets: SUBNETS.slice(0, 2),
            },
          },
        }),
      ),
    );
    expect(express).toBeInstanceOf(BadRequestException);
    expect(express.message).toMatch(/exactly 3 client subnets/);
    expect(express.InvalidParameter).toBe('clientSubnets');

    const duplicate = await failure(
      kafka.send(
        new CreateClusterV2Command({
          ClusterName: 'orders-standard',
          Serverless: {
            VpcConfigs: [{ SubnetIds: SUBNETS }],
            ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
          },
        }),
      ),
    );
    expect(duplicate).toBeInstanceOf(ConflictException);
    expect(duplicate.$metadata.httpStatusCode).toBe(409);
  });

  it('creates a topic on an ACTIVE cluster and refuses a second one with the same name', async () => {
    const kafka = kafkaClient(sandbox);
    const configs = Buffer.from(
      JSON.stringify({
        'retention.ms': '86400000',
        'min.insync.replicas': '2',
      }),
    ).toString('base64');
    const created = await kafka.send(
      new CreateTopicCommand({
        ClusterArn: ORDERS_ARN,
        TopicName: 'payments.events',
        PartitionCount: 6,
        ReplicationFactor: 3,
        Configs: configs,
      }),
    );
    expect(created).toMatchObject({
      TopicName: 'payments.events',
      Status: 'CREATING',
    });
    const described = await kafka.send(
      new DescribeTopicCommand({
        ClusterArn: ORDERS_ARN,
        TopicName: 'payments.events',
      }),
    );
    expect(described.PartitionCount).toBe(6);
    expect(
      JSON.parse(Buffer.from(described.Configs!, 'base64').toString()),
    ).toEqual({ 'retention.ms': '86400000', 'min.insync.replicas': '2' });

    const again = await failure(
      kafka.send(
        new CreateTopicCommand({
          ClusterArn: ORDERS_ARN,
          TopicName: 'payments.events',
          PartitionCount: 6,
          ReplicationFactor: 3,
        }),
      ),
    );
    expect(again).toBeInstanceOf(ConflictException);
    const tooManyReplicas = await failure(
      kafka.send(
        new CreateTopicCommand({
          ClusterArn: ORDERS_ARN,
          TopicName: 'x',
          PartitionCount: 1,
          ReplicationFactor: 4,
        }),
      ),
    );
    expect(tooManyReplicas).toBeInstanceOf(BadRequestException);
    expect(tooManyReplicas.message).toMatch(
      /more than the cluster's 3 brokers/,
    );
  });

  it('creates a Flink application with a log stream and lists it as READY', async () => {
    const logs = new CloudWatchLogsClient(config());
    await logs.send(
      new CreateLogGroupCommand({
        logGroupName: '/aws/kinesis-analytics/enricher',
      }),
    );
    await logs.send(
      new CreateLogStreamCommand({
        logGroupName: '/aws/kinesis-analytics/enricher',
        logStreamName: 'kinesis-analytics-log-stream',
      }),
    );
    const again = await failure(
      logs.send(
        new CreateLogGroupCommand({
          logGroupName: '/aws/kinesis-analytics/enricher',
        }),
      ),
    );
    expect(again).toBeInstanceOf(ResourceAlreadyExistsException);

    const flink = flinkClient(sandbox);
    const request = {
      ApplicationName: 'enricher',
      RuntimeEnvironment: 'FLINK-1_20' as const,
      ServiceExecutionRole: 'arn:aws:iam::111111111111:role/flink-enricher',
      ApplicationConfiguration: {
        ApplicationCodeConfiguration: {
          CodeContentType: 'ZIPFILE' as const,
          CodeContent: {
            S3ContentLocation: {
              BucketARN: 'arn:aws:s3:::flink-code',
              FileKey: 'enricher.jar',
            },
          },
        },
        FlinkApplicationConfiguration: {
          ParallelismConfiguration: {
            ConfigurationType: 'CUSTOM' as const,
            Parallelism: 4,
            ParallelismPerKPU: 2,
            AutoScalingEnabled: true,
          },
        },
        ApplicationSnapshotConfiguration: { SnapshotsEnabled: true },
      },
      CloudWatchLoggingOptions: [
        {
          LogStreamARN:
            'arn:aws:logs:us-east-1:111111111111:log-group:/aws/kinesis-analytics/enricher:log-stream:kinesis-analytics-log-stream',
        },
      ],
      Tags: [{ Key: 'owner', Value: 'team-payments' }],
    };
    const created = await flink.send(new CreateApplicationCommand(request));
    expect(created.ApplicationDetail).toMatchObject({
      ApplicationName: 'enricher',
      ApplicationStatus: 'READY',
      RuntimeEnvironment: 'FLINK-1_20',
    });
    const described = await flink.send(
      new DescribeApplicationCommand({ ApplicationName: 'enricher' }),
    );
    expect(
      described.ApplicationDetail!.ApplicationConfigurationDescription!
        .FlinkApplicationConfigurationDescription!
        .ParallelismConfigurationDescription,
    ).toMatchObject({ Parallelism: 4, ParallelismPerKPU: 2 });
    const listed = await flink.send(new ListApplicationsCommand({}));
    expect(listed.ApplicationSummaries!.map(a => a.ApplicationName)).toContain(
      'enricher',
    );

    const inUse = await failure(
      flink.send(new CreateApplicationCommand(request)),
    );
    expect(inUse).toBeInstanceOf(ResourceInUseException);
    const noStream = await failure(
      flink.send(
        new CreateApplicationCommand({
          ...request,
          ApplicationName: 'other',
          CloudWatchLoggingOptions: [
            {
              LogStreamARN:
                'arn:aws:logs:us-east-1:111111111111:log-group:/missing:log-stream:x',
            },
          ],
        }),
      ),
    );
    expect(noStream).toBeInstanceOf(InvalidArgumentException);
    expect(noStream.message).toMatch(/does not exist/);
  });

  it('puts and describes metric alarms, replacing one with the same name', async () => {
    const cloudwatch = cloudWatchClient(sandbox);
    const alarm = {
      AlarmName: 'msk-orders-standard-OfflinePartitionsCount',
      Namespace: 'AWS/Kafka',
      MetricName: 'OfflinePartitionsCount',
      Dimensions: [{ Name: 'Cluster Name', Value: 'orders-standard' }],
      Statistic: 'Sum' as const,
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold' as const,
      AlarmActions: ['arn:aws:sns:us-east-1:111111111111:streaming-alarms'],
    };
    await cloudwatch.send(new PutMetricAlarmCommand(alarm));
    await cloudwatch.send(
      new PutMetricAlarmCommand({ ...alarm, EvaluationPeriods: 3 }),
    );
    const { MetricAlarms } = await cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'msk-orders-standard-' }),
    );
    expect(MetricAlarms).toHaveLength(1);
    expect(MetricAlarms![0]).toMatchObject({
      AlarmName: alarm.AlarmName,
      EvaluationPeriods: 3,
      StateValue: 'INSUFFICIENT_DATA',
    });
    const bad = await failure(
      cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, Period: 45 })),
    );
    expect(bad.name).toBe('ValidationException');
    expect(bad.message).toMatch(/Period/);
  });

  it('registers MSK storage autoscaling and refuses a policy without a target', async () => {
    const autoscaling = new ApplicationAutoScalingClient(config());
    const target = {
      ServiceNamespace: 'kafka' as const,
      ResourceId: ORDERS_ARN,
      ScalableDimension: 'kafka:broker-storage:VolumeSize' as const,
    };
    const missing = await failure(
      autoscaling.send(
        new PutScalingPolicyCommand({
          ...target,
          PolicyName: 'storage',
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: { TargetValue: 55 },
        }),
      ),
    );
    expect(missing).toBeInstanceOf(ObjectNotFoundException);
    await autoscaling.send(
      new RegisterScalableTargetCommand({
        ...target,
        MinCapacity: 1,
        MaxCapacity: 4000,
      }),
    );
    const policy = await autoscaling.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: 'storage',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 55,
          PredefinedMetricSpecification: {
            PredefinedMetricType: 'KafkaBrokerStorageUtilization',
          },
          DisableScaleIn: true,
        },
      }),
    );
    expect(policy.PolicyARN).toContain('resource/kafka/storage');
    const { ScalableTargets } = await autoscaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'kafka' }),
    );
    expect(ScalableTargets).toEqual([
      expect.objectContaining({ ResourceId: ORDERS_ARN, MaxCapacity: 4000 }),
    ]);
    const tooHigh = await failure(
      autoscaling.send(
        new RegisterScalableTargetCommand({
          ...target,
          MinCapacity: 1,
          MaxCapacity: 20000,
        }),
      ),
    );
    expect(tooHigh).toBeInstanceOf(ValidationException);
    expect(tooHigh.message).toMatch(/16384/);
  });
});
