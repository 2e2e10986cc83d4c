import {
  CreateTopicCommand,
  DescribeClusterV2Command,
  DescribeTopicCommand,
  GetBootstrapBrokersCommand,
  KafkaClient,
  ListTopicsCommand,
  NotFoundException,
} from '@aws-sdk/client-kafka';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  actionContext,
  REGION,
  testEnvironment,
} from '../__testUtils__/environment';
import { createMskTopicCreateAction } from './mskTopicCreate';

const kafka = mockClient(KafkaClient);
const CLUSTER_ARN = `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/orders/abc-1`;
const TOPIC_ARN = `arn:aws:kafka:${REGION}:${ACCOUNT}:topic/orders/abc-1/payments.events`;
const base = { clusterArn: CLUSTER_ARN, topicName: 'payments.events' };

const activeCluster = {
  ClusterName: 'orders',
  ClusterArn: CLUSTER_ARN,
  ClusterType: 'PROVISIONED',
  State: 'ACTIVE',
  Provisioned: {
    NumberOfBrokerNodes: 3,
    CurrentBrokerSoftwareInfo: { KafkaVersion: '3.6.0' },
    BrokerNodeGroupInfo: { InstanceType: 'kafka.m7g.large' },
  },
};

function happyPath(replicasInUse = 0) {
  kafka
    .on(DescribeClusterV2Command)
    .resolves({ ClusterInfo: activeCluster as any });
  // m7g.large × 3 brokers: 3000 replicas recommended (facts §5).
  kafka.on(ListTopicsCommand).resolves({
    Topics: replicasInUse
      ? [
          {
            TopicName: 'existing',
            PartitionCount: replicasInUse / 3,
            ReplicationFactor: 3,
          },
        ]
      : [],
  });
  kafka
    .on(DescribeTopicCommand)
    .rejects(new NotFoundException({ message: 'no topic', $metadata: {} }));
  kafka
    .on(CreateTopicCommand)
    .resolves({ TopicArn: TOPIC_ARN, Status: 'CREATING' });
  kafka
    .on(GetBootstrapBrokersCommand)
    .resolves({ BootstrapBrokerStringSaslIam: 'b-1.orders:9098' });
}

describe('aws:msk:topic:create', () => {
  beforeEach(() => kafka.reset());

  it('creates the topic with RF 3, min ISR 2, retention and cleanup as base64 JSON configs', async () => {
    happyPath(300);
    const { env } = testEnvironment();
    const { ctx, outputs } = actionContext(base);
    await createMskTopicCreateAction(env).handler(ctx as any);
    const input = kafka.commandCalls(CreateTopicCommand)[0].args[0].input;
    expect(input).toMatchObject({
      ClusterArn: CLUSTER_ARN,
      TopicName: 'payments.events',
      PartitionCount: 6,
      ReplicationFactor: 3,
    });
    expect(
      JSON.parse(Buffer.from(input.Configs!, 'base64').toString()),
    ).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': '604800000',
      'min.insync.replicas': '2',
    });
    expect(outputs()).toMatchObject({
      arn: TOPIC_ARN,
      bootstrapBrokers: 'b-1.orders:9098',
      // 3000 recommended − (300 in use + 6 × 3 new)
      partitionBudgetRemaining: 2682,
      estimatedMonthlyUsd: 0,
    });
  });

  it('refuses a topic over the brokers’ recommended partition budget', async () => {
    happyPath(2991);
    const { env } = testEnvironment();
    const { ctx } = actionContext(base);
    const error = await createMskTopicCreateAction(env)
      .handler(ctx as any)
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /guardrail 'partition-budget': the cluster would hold 3009 partition replicas, 1003 per broker, above the 1000 AWS recommends for kafka.m7g.large.*Fix: use at most 3 partitions/,
    );
    expect(kafka.commandCalls(CreateTopicCommand)).toHaveLength(0);
  });

  it.each([
    [
      { replicationFactor: 2, minInsyncReplicas: 1 },
      /guardrail 'replication-factor'.*guardrail 'min-insync-replicas'/,
    ],
    [
      { minInsyncReplicas: 1 },
      /guardrail 'min-insync-replicas'.*Fix: set minInsyncReplicas to 2/,
    ],
  ])('refuses %j', async (unsafe, message) => {
    happyPath();
    const { env } = testEnvironment();
    await expect(
      createMskTopicCreateAction(env).handler(
        actionContext({ ...base, ...unsafe }).ctx as any,
      ),
    ).rejects.toThrow(message);
    expect(kafka.commandCalls(CreateTopicCommand)).toHaveLength(0);
  });

  it('enforces streaming.scaffolder.topicNamePattern', async () => {
    const { env } = testEnvironment({
      scaffolder: { topicNamePattern: '^[a-z]+\\.[a-z-]+\\.v\\d+$' },
    });
    await expect(
      createMskTopicCreateAction(env).handler(actionContext(base).ctx as any),
    ).rejects.toThrow(
      /breaks the naming rule .*streaming.scaffolder.topicNamePattern/,
    );
    expect(kafka.calls()).toHaveLength(0);
  });

  it('refuses clusters without the topic APIs', async () => {
    const { env } = testEnvironment();
    kafka.on(DescribeClusterV2Command).resolves({
      ClusterInfo: {
        ...activeCluster,
        Provisioned: {
          ...activeCluster.Provisioned,
          CurrentBrokerSoftwareInfo: { KafkaVersion: '3.5.1' },
        },
      } as any,
    });
    await expect(
      createMskTopicCreateAction(env).handler(actionContext(base).ctx as any),
    ).rejects.toThrow(
      /runs Kafka 3.5.1; the MSK topic APIs need 3.6.0 or later/,
    );
    kafka.on(DescribeClusterV2Command).resolves({
      ClusterInfo: { ...activeCluster, State: 'CREATING' } as any,
    });
    await expect(
      createMskTopicCreateAction(env).handler(actionContext(base).ctx as any),
    ).rejects.toThrow(/is CREATING; the MSK topic APIs need it ACTIVE/);
  });

  it('makes no AWS call in a dry run', async () => {
    const { env } = testEnvironment();
    const { ctx, outputs } = actionContext(base, { isDryRun: true });
    await createMskTopicCreateAction(env).handler(ctx as any);
    expect(kafka.calls()).toHaveLength(0);
    expect(outputs()).toMatchObject({
      arn: TOPIC_ARN,
      name: 'payments.events',
    });
  });

  it('reuses a topic with the same settings on retry and refuses a different one', async () => {
    happyPath();
    kafka.on(DescribeTopicCommand).resolves({
      TopicArn: TOPIC_ARN,
      PartitionCount: 6,
      ReplicationFactor: 3,
    });
    const { env } = testEnvironment();
    const retry = actionContext(base);
    await createMskTopicCreateAction(env).handler(retry.ctx as any);
    expect(kafka.commandCalls(CreateTopicCommand)).toHaveLength(0);
    expect(retry.outputs().arn).toBe(TOPIC_ARN);

    const error = await createMskTopicCreateAction(env)
      .handler(actionContext({ ...base, partitions: 12 }).ctx as any)
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toMatch(/6 partitions .* \(asked: 12 and 3\)/);
  });

  it('checks streaming.scaffold', async () => {
    const { env } = testEnvironment({ decision: AuthorizeResult.DENY });
    await expect(
      createMskTopicCreateAction(env).handler(actionContext(base).ctx as any),
    ).rejects.toThrow(/needs the streaming.scaffold permission/);
    expect(kafka.calls()).toHaveLength(0);
  });
});
