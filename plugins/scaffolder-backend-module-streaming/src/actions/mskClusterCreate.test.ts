import {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterV2Command,
  CreateConfigurationCommand,
  DescribeClusterV2Command,
  GetBootstrapBrokersCommand,
  KafkaClient,
  ListClustersV2Command,
  ListConfigurationsCommand,
} from '@aws-sdk/client-kafka';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  actionContext,
  OWNER,
  REGION,
  SUBNETS,
  testEnvironment,
} from '../__testUtils__/environment';
import { createMskClusterCreateAction } from './mskClusterCreate';

const kafka = mockClient(KafkaClient);
const autoscaling = mockClient(ApplicationAutoScalingClient);
const CLUSTER_ARN = `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/payments/abc-1`;
const CONFIG_ARN = `arn:aws:kafka:${REGION}:${ACCOUNT}:configuration/payments-config/def-2`;

const base = {
  accountId: ACCOUNT,
  region: REGION,
  name: 'payments',
  owner: OWNER,
};

function happyPath() {
  kafka.on(ListClustersV2Command).resolves({ ClusterInfoList: [] });
  kafka.on(ListConfigurationsCommand).resolves({ Configurations: [] });
  kafka.on(CreateConfigurationCommand).resolves({ Arn: CONFIG_ARN });
  kafka
    .on(CreateClusterV2Command)
    .resolves({ ClusterArn: CLUSTER_ARN, State: 'CREATING' });
  kafka
    .on(DescribeClusterV2Command)
    .resolvesOnce({ ClusterInfo: { State: 'CREATING' } })
    .resolves({ ClusterInfo: { State: 'ACTIVE' } });
  kafka
    .on(GetBootstrapBrokersCommand)
    .resolves({ BootstrapBrokerStringSaslIam: 'b-1.payments:9098' });
  autoscaling.on(RegisterScalableTargetCommand).resolves({});
  autoscaling.on(PutScalingPolicyCommand).resolves({});
}

describe('aws:msk:cluster:create', () => {
  beforeEach(() => {
    kafka.reset();
    autoscaling.reset();
  });

  it('creates a Standard cluster with the recommended defaults, configuration and storage autoscaling', async () => {
    happyPath();
    const { env } = testEnvironment();
    const { ctx, outputs } = actionContext(base);
    await createMskClusterCreateAction(env).handler(ctx as any);

    const [configuration] = kafka.commandCalls(CreateConfigurationCommand);
    expect(
      new TextDecoder().decode(configuration.args[0].input.ServerProperties),
    ).toBe(
      'auto.create.topics.enable=false\ndefault.replication.factor=3\nmin.insync.replicas=2\nunclean.leader.election.enable=false\n',
    );
    const [create] = kafka.commandCalls(CreateClusterV2Command);
    expect(create.args[0].input).toEqual({
      ClusterName: 'payments',
      Tags: { owner: 'team-payments', 'cost-center': 'team-payments' },
      Provisioned: {
        KafkaVersion: '3.6.0',
        NumberOfBrokerNodes: 3,
        BrokerNodeGroupInfo: {
          InstanceType: 'kafka.m7g.large',
          ClientSubnets: SUBNETS,
          SecurityGroups: ['sg-0123'],
          StorageInfo: { EbsStorageInfo: { VolumeSize: 1000 } },
        },
        EncryptionInfo: {
          EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
        },
        ClientAuthentication: {
          Sasl: { Iam: { Enabled: true } },
          Unauthenticated: { Enabled: false },
        },
        EnhancedMonitoring: 'PER_BROKER',
        ConfigurationInfo: { Arn: CONFIG_ARN, Revision: 1 },
      },
    });
    expect(
      autoscaling.commandCalls(RegisterScalableTargetCommand)[0].args[0].input,
    ).toMatchObject({
      ServiceNamespace: 'kafka',
      ScalableDimension: 'kafka:broker-storage:VolumeSize',
      ResourceId: CLUSTER_ARN,
      MaxCapacity: 16384,
    });
    expect(
      autoscaling.commandCalls(PutScalingPolicyCommand)[0].args[0].input,
    ).toMatchObject({
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 55,
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'KafkaBrokerStorageUtilization',
        },
        DisableScaleIn: true,
      },
    });
    // Polled until ACTIVE: once CREATING, then ACTIVE.
    expect(kafka.commandCalls(DescribeClusterV2Command)).toHaveLength(2);
    expect(outputs()).toMatchObject({
      arn: CLUSTER_ARN,
      name: 'payments',
      bootstrapBrokers: 'b-1.payments:9098',
      // 3 × $0.204 × 730 + 3 × 1000 GB × $0.10 (facts §4)
      estimatedMonthlyUsd: 746.76,
      estimateComplete: true,
    });
    expect(outputs().consoleUrl).toContain(encodeURIComponent(CLUSTER_ARN));
  });

  it('creates an Express cluster with no storage, configuration or autoscaling', async () => {
    happyPath();
    const { env } = testEnvironment();
    const { ctx } = actionContext({ ...base, clusterType: 'express' });
    await createMskClusterCreateAction(env).handler(ctx as any);
    const input = kafka.commandCalls(CreateClusterV2Command)[0].args[0].input;
    expect(input.Provisioned!.BrokerNodeGroupInfo).toEqual({
      InstanceType: 'express.m7g.large',
      ClientSubnets: SUBNETS,
      SecurityGroups: ['sg-0123'],
    });
    expect(input.Provisioned!.ConfigurationInfo).toBeUndefined();
    expect(kafka.commandCalls(CreateConfigurationCommand)).toHaveLength(0);
    expect(autoscaling.calls()).toHaveLength(0);
  });

  it('creates a Serverless cluster with VPC configs and IAM only', async () => {
    happyPath();
    const { env } = testEnvironment();
    // As a template renders settings it leaves out for Serverless.
    const { ctx } = actionContext({
      ...base,
      clusterType: 'serverless',
      instanceType: '',
      brokerCount: null,
    });
    await createMskClusterCreateAction(env).handler(ctx as any);
    const input = kafka.commandCalls(CreateClusterV2Command)[0].args[0].input;
    expect(input.Provisioned).toBeUndefined();
    expect(input.Serverless).toEqual({
      VpcConfigs: [{ SubnetIds: SUBNETS, SecurityGroupIds: ['sg-0123'] }],
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
    });
    expect(autoscaling.calls()).toHaveLength(0);
  });

  it.each([
    [
      { clientBroker: 'TLS_PLAINTEXT' },
      /guardrail 'plaintext'.*Fix: set clientBroker to TLS/,
    ],
    [{ unauthenticatedAccess: true }, /guardrail 'unauthenticated-access'/],
    [{ publicAccess: true }, /guardrail 'public-access'/],
    [
      { replicationFactor: 2, minInsyncReplicas: 1 },
      /guardrail 'replication-factor'.*guardrail 'min-insync-replicas'/,
    ],
  ])(
    'refuses %j with an InputError naming the rule and the fix',
    async (unsafe, message) => {
      const { env } = testEnvironment();
      const { ctx } = actionContext({ ...base, ...unsafe });
      const error = await createMskClusterCreateAction(env)
        .handler(ctx as any)
        .catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/allowUnsafe: true with an unsafeReason/);
      expect(kafka.calls()).toHaveLength(0);
    },
  );

  it('refuses a price above streaming.scaffolder.maxMonthlyUsd', async () => {
    const { env } = testEnvironment({ scaffolder: { maxMonthlyUsd: 500 } });
    const { ctx } = actionContext(base);
    await expect(
      createMskClusterCreateAction(env).handler(ctx as any),
    ).rejects.toThrow(
      /guardrail 'monthly-price-limit': the estimated price is \$746\.76 a month, above the limit of \$500/,
    );
  });

  it('checks an unknown price only when refuseUnknownPrice is set', async () => {
    // Serverless: partitions, storage and traffic are unknown before it exists.
    const lenient = testEnvironment({ scaffolder: { maxMonthlyUsd: 1000 } });
    const dry = actionContext(
      { ...base, clusterType: 'serverless' },
      { isDryRun: true },
    );
    await createMskClusterCreateAction(lenient.env).handler(dry.ctx as any);
    expect(dry.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/could not be checked/),
    );
    const strict = testEnvironment({
      scaffolder: { maxMonthlyUsd: 1000, refuseUnknownPrice: true },
    });
    const { ctx } = actionContext({ ...base, clusterType: 'serverless' });
    await expect(
      createMskClusterCreateAction(strict.env).handler(ctx as any),
    ).rejects.toThrow(/cannot be checked against the limit of \$1000/);
  });

  it('creates with allowUnsafe and a reason, logging the override and tagging it', async () => {
    happyPath();
    const { env } = testEnvironment();
    const { ctx, logger } = actionContext({
      ...base,
      clientBroker: 'TLS_PLAINTEXT',
      allowUnsafe: true,
      unsafeReason: 'Load test with a plaintext-only client; deleted on Friday',
    });
    await createMskClusterCreateAction(env).handler(ctx as any);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /Guardrail 'plaintext' overridden with allowUnsafe/,
      ),
    );
    const input = kafka.commandCalls(CreateClusterV2Command)[0].args[0].input;
    expect(input.Tags).toMatchObject({
      'streaming:unsafe-override': 'plaintext',
      'streaming:unsafe-reason':
        'Load test with a plaintext-only client deleted on Friday',
    });
  });

  it('needs a reason with allowUnsafe', async () => {
    const { env } = testEnvironment();
    const { ctx } = actionContext({
      ...base,
      publicAccess: true,
      allowUnsafe: true,
    });
    await expect(
      createMskClusterCreateAction(env).handler(ctx as any),
    ).rejects.toThrow(/needs an unsafeReason/);
  });

  it('makes no AWS call in a dry run and outputs the estimate', async () => {
    const { env } = testEnvironment();
    const { ctx, outputs, logger } = actionContext(base, { isDryRun: true });
    await createMskClusterCreateAction(env).handler(ctx as any);
    expect(kafka.calls()).toHaveLength(0);
    expect(autoscaling.calls()).toHaveLength(0);
    expect(outputs()).toMatchObject({
      estimatedMonthlyUsd: 746.76,
      estimateComplete: true,
    });
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /Dry run: would create the standard MSK cluster payments.*\$746\.76 a month/,
      ),
    );
  });

  it('creates nothing twice when retried after a partial failure', async () => {
    happyPath();
    kafka
      .on(CreateClusterV2Command)
      .rejectsOnce(new Error('connection reset'))
      .resolves({ ClusterArn: CLUSTER_ARN, State: 'CREATING' });
    const { env } = testEnvironment();
    const first = actionContext(base);
    await expect(
      createMskClusterCreateAction(env).handler(first.ctx as any),
    ).rejects.toThrow('connection reset');
    // The configuration now exists; the retry finds it.
    kafka.on(ListConfigurationsCommand).resolves({
      Configurations: [{ Name: 'payments-config', Arn: CONFIG_ARN } as any],
    });
    const retry = actionContext(base);
    await createMskClusterCreateAction(env).handler(retry.ctx as any);
    expect(kafka.commandCalls(CreateConfigurationCommand)).toHaveLength(1);
    expect(kafka.commandCalls(CreateClusterV2Command)).toHaveLength(2);
    expect(retry.outputs().arn).toBe(CLUSTER_ARN);
  });

  it('reuses an existing cluster with the same settings and refuses a different one', async () => {
    happyPath();
    const existing = {
      ClusterName: 'payments',
      ClusterArn: CLUSTER_ARN,
      ClusterType: 'PROVISIONED',
      Provisioned: {
        NumberOfBrokerNodes: 3,
        BrokerNodeGroupInfo: { InstanceType: 'kafka.m7g.large' },
      },
    };
    kafka
      .on(ListClustersV2Command)
      .resolves({ ClusterInfoList: [existing as any] });
    const { env } = testEnvironment();
    const same = actionContext(base);
    await createMskClusterCreateAction(env).handler(same.ctx as any);
    expect(kafka.commandCalls(CreateClusterV2Command)).toHaveLength(0);
    expect(same.outputs().arn).toBe(CLUSTER_ARN);

    const different = actionContext({ ...base, brokerCount: 6 });
    const error = await createMskClusterCreateAction(env)
      .handler(different.ctx as any)
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toMatch(/3 brokers, not 6/);
  });

  it('refuses users without streaming.scaffold before any AWS call', async () => {
    const { env, authorize } = testEnvironment({
      decision: AuthorizeResult.DENY,
    });
    const { ctx } = actionContext(base);
    const error = await createMskClusterCreateAction(env)
      .handler(ctx as any)
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(/streaming\.scaffold/);
    expect(authorize).toHaveBeenCalledWith(
      [{ permission: expect.objectContaining({ name: 'streaming.scaffold' }) }],
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/alice',
          }),
        }),
      },
    );
    expect(kafka.calls()).toHaveLength(0);
  });

  it('checks networking counts and settings the type does not take', async () => {
    const { env } = testEnvironment();
    await expect(
      createMskClusterCreateAction(env).handler(
        actionContext({ ...base, subnetIds: SUBNETS.slice(0, 2) }).ctx as any,
      ),
    ).rejects.toThrow(/3 subnets in 3 Availability Zones .*got 2/);
    await expect(
      createMskClusterCreateAction(env).handler(
        actionContext({ ...base, clusterType: 'express', volumeSizeGiB: 100 })
          .ctx as any,
      ),
    ).rejects.toThrow(/volumeSizeGiB applies to Standard clusters only/);
    await expect(
      createMskClusterCreateAction(env).handler(
        actionContext({ ...base, accountId: '999999999999' }).ctx as any,
      ),
    ).rejects.toThrow(/not in streaming.aws.accounts/);
  });
});
