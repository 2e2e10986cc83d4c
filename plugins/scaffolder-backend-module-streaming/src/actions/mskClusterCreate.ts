import {
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterV2Command,
  CreateClusterV2CommandInput,
  CreateConfigurationCommand,
  DescribeClusterV2Command,
  GetBootstrapBrokersCommand,
  ListClustersV2Command,
  ListConfigurationsCommand,
  Cluster,
} from '@aws-sdk/client-kafka';
import { InputError } from '@backstage/errors';
import { toClusterType } from '@backstage-streaming/plugin-streaming-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ClusterType,
  estimateProposalMonthlyCost,
  parseBrokerInstanceType,
} from '@backstage-streaming/plugin-streaming-common';
import {
  authorizeScaffold,
  consoleUrls,
  pollUntil,
  requireConfiguredTarget,
  StreamingActionEnvironment,
  reuseExisting,
} from './environment';
import {
  enforceGuardrails,
  GuardrailViolation,
  priceViolations,
} from './guardrails';
import { mskClusterCreateExamples } from './mskClusterCreate.examples';
import { assetTags } from './tags';

/** Best-practice defaults (reference facts §5, MSK Standard and Express). */
export const CLUSTER_DEFAULTS = {
  clusterType: 'standard' as ClusterType,
  standardInstanceType: 'kafka.m7g.large',
  expressInstanceType: 'express.m7g.large',
  brokerCount: 3,
  volumeSizeGiB: 1000,
  /** Storage autoscaling target: AWS recommends 50–60 %. */
  storageTargetPercent: 55,
  /** MSK's maximum volume per broker (16 TiB). */
  maxVolumeSizeGiB: 16384,
  clientBroker: 'TLS' as const,
  enhancedMonitoring: 'PER_BROKER' as const,
  replicationFactor: 3,
  minInsyncReplicas: 2,
};

/** MSK storage autoscaling is an Application Auto Scaling target (facts §1). */
export const STORAGE_SCALING = {
  ServiceNamespace: 'kafka',
  ScalableDimension: 'kafka:broker-storage:VolumeSize',
  PredefinedMetricType: 'KafkaBrokerStorageUtilization',
} as const;

/** The server properties of the configuration a Standard cluster gets (facts §5: what the scaffolder template should set). */
export function standardServerProperties(settings: {
  replicationFactor: number;
  minInsyncReplicas: number;
}): string {
  return [
    'auto.create.topics.enable=false',
    `default.replication.factor=${settings.replicationFactor}`,
    `min.insync.replicas=${settings.minInsyncReplicas}`,
    'unclean.leader.election.enable=false',
    '',
  ].join('\n');
}

const SUBNET = /^subnet-[0-9a-z]+$/;
const SECURITY_GROUP = /^sg-[0-9a-z]+$/;

/**
 * Creates an MSK cluster (CreateClusterV2) with AWS's recommended defaults per
 * cluster type, guardrails, a price, idempotent under retry.
 */
export function createMskClusterCreateAction(env: StreamingActionEnvironment) {
  return createTemplateAction({
    id: 'aws:msk:cluster:create',
    description:
      'Creates an Amazon MSK cluster (Standard, Express or Serverless) with AWS best-practice defaults: 3 AZs, TLS, IAM authentication, PER_BROKER monitoring, a safe broker configuration and storage autoscaling. Refuses unsafe settings unless allowUnsafe is given with a reason. Dry run prints the request and its monthly estimate without calling AWS.',
    examples: mskClusterCreateExamples,
    supportsDryRun: true,
    schema: {
      input: {
        accountId: z =>
          z.string().describe('AWS account id (12 digits) to create it in'),
        region: z => z.string().describe('AWS region, e.g. us-east-1'),
        name: z =>
          z
            .string()
            .describe(
              'Cluster name: 1-64 letters, digits and hyphens, starting with a letter or digit',
            ),
        owner: z =>
          z
            .string()
            .describe(
              'Owner entity ref (e.g. group:default/team-orders); written as owner and cost-allocation tags',
            ),
        clusterType: z =>
          z
            .enum(['standard', 'express', 'serverless'])
            .optional()
            .describe('standard (default), express or serverless'),
        instanceType: z =>
          z
            .string()
            .optional()
            .describe(
              'Broker instance type; default kafka.m7g.large (Standard) or express.m7g.large (Express)',
            ),
        brokerCount: z =>
          z
            .number()
            .int()
            .optional()
            .describe('Brokers, a multiple of the subnets; default 3'),
        volumeSizeGiB: z =>
          z
            .number()
            .int()
            .optional()
            .describe('Standard only: EBS GiB per broker; default 1000'),
        maxVolumeSizeGiB: z =>
          z
            .number()
            .int()
            .optional()
            .describe(
              'Standard only: storage autoscaling maximum GiB per broker; default 16384',
            ),
        storageTargetPercent: z =>
          z
            .number()
            .optional()
            .describe(
              'Standard only: storage autoscaling target utilisation (10-80); default 55 (AWS recommends 50-60)',
            ),
        kafkaVersion: z =>
          z
            .string()
            .optional()
            .describe(
              'Kafka version (provisioned); default streaming.scaffolder.kafkaVersion',
            ),
        subnetIds: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Client subnets, one per AZ (3 for Standard and Express); default streaming.scaffolder.networks',
            ),
        securityGroupIds: z =>
          z
            .array(z.string())
            .optional()
            .describe('Security groups; default streaming.scaffolder.networks'),
        clientBroker: z =>
          z
            .enum(['TLS', 'TLS_PLAINTEXT', 'PLAINTEXT'])
            .optional()
            .describe('Client-broker encryption; default TLS'),
        unauthenticatedAccess: z =>
          z
            .boolean()
            .optional()
            .describe('Allow unauthenticated clients; default false'),
        publicAccess: z =>
          z
            .boolean()
            .optional()
            .describe('Public (internet) access to brokers; default false'),
        enhancedMonitoring: z =>
          z
            .enum([
              'PER_BROKER',
              'PER_TOPIC_PER_BROKER',
              'PER_TOPIC_PER_PARTITION',
            ])
            .optional()
            .describe('Enhanced monitoring level; default PER_BROKER'),
        replicationFactor: z =>
          z
            .number()
            .int()
            .optional()
            .describe('Standard only: default.replication.factor; default 3'),
        minInsyncReplicas: z =>
          z
            .number()
            .int()
            .optional()
            .describe('Standard only: min.insync.replicas; default 2'),
        tags: z =>
          z.record(z.string()).optional().describe('More tags for the cluster'),
        allowUnsafe: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Create even if a guardrail refuses; needs unsafeReason, which is logged and tagged',
            ),
        unsafeReason: z =>
          z.string().optional().describe('Why the guardrails are overridden'),
      },
      output: {
        arn: z => z.string().describe('Cluster ARN'),
        name: z => z.string(),
        clusterType: z => z.string(),
        consoleUrl: z => z.string(),
        bootstrapBrokers: z =>
          z.string().optional().describe('IAM (SASL) bootstrap brokers'),
        estimatedMonthlyUsd: z => z.number(),
        estimateComplete: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const { logger } = ctx;
      // A template that leaves a setting out for some cluster types renders it as '' or null.
      const input = withoutBlanks(ctx.input);
      await authorizeScaffold(ctx, env);
      requireConfiguredTarget(env, input.accountId, input.region);
      if (!/^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/.test(input.name)) {
        throw new InputError(
          `name '${input.name}' is not a valid MSK cluster name: use 1-64 letters, digits and hyphens, starting with a letter or digit.`,
        );
      }
      const clusterType = input.clusterType ?? CLUSTER_DEFAULTS.clusterType;
      const settings = env.settings;
      const provisioned = clusterType !== 'serverless';
      const instanceType =
        input.instanceType ??
        (clusterType === 'express'
          ? CLUSTER_DEFAULTS.expressInstanceType
          : CLUSTER_DEFAULTS.standardInstanceType);
      const brokerCount = input.brokerCount ?? CLUSTER_DEFAULTS.brokerCount;
      const volumeSizeGiB =
        input.volumeSizeGiB ?? CLUSTER_DEFAULTS.volumeSizeGiB;
      const replicationFactor =
        input.replicationFactor ?? CLUSTER_DEFAULTS.replicationFactor;
      const minInsyncReplicas =
        input.minInsyncReplicas ?? CLUSTER_DEFAULTS.minInsyncReplicas;
      const clientBroker = input.clientBroker ?? CLUSTER_DEFAULTS.clientBroker;

      // Settings the cluster type does not take are refused rather than silently dropped.
      if (clusterType !== 'standard') {
        const standardOnly = (
          [
            'volumeSizeGiB',
            'maxVolumeSizeGiB',
            'storageTargetPercent',
            'replicationFactor',
            'minInsyncReplicas',
          ] as const
        ).filter(key => input[key] !== undefined);
        if (standardOnly.length > 0) {
          throw new InputError(
            `${standardOnly.join(', ')} ${
              standardOnly.length === 1 ? 'applies' : 'apply'
            } to Standard clusters only; ${
              clusterType === 'express'
                ? 'Express brokers manage storage and keep replication settings fixed (RF 3, min ISR 2)'
                : 'MSK Serverless manages brokers, storage and replication'
            }. Remove ${standardOnly.length === 1 ? 'it' : 'them'}.`,
          );
        }
      }
      if (clusterType === 'serverless') {
        const provisionedOnly = (
          [
            'instanceType',
            'brokerCount',
            'kafkaVersion',
            'enhancedMonitoring',
            'clientBroker',
          ] as const
        ).filter(key => input[key] !== undefined);
        if (provisionedOnly.length > 0) {
          throw new InputError(
            `${provisionedOnly.join(
              ', ',
            )} do not apply to MSK Serverless (IAM authentication and TLS only, no brokers or monitoring level); remove them.`,
          );
        }
      }
      if (provisioned) {
        const parsed = parseBrokerInstanceType(instanceType);
        if (!parsed || parsed.express !== (clusterType === 'express')) {
          throw new InputError(
            `instanceType ${instanceType} is not a known ${
              clusterType === 'express' ? 'express.*' : 'kafka.*'
            } broker type for a ${clusterType} cluster, e.g. ${
              clusterType === 'express'
                ? CLUSTER_DEFAULTS.expressInstanceType
                : CLUSTER_DEFAULTS.standardInstanceType
            }.`,
          );
        }
      }
      const storageTargetPercent =
        input.storageTargetPercent ?? CLUSTER_DEFAULTS.storageTargetPercent;
      if (storageTargetPercent < 10 || storageTargetPercent > 80) {
        throw new InputError(
          `storageTargetPercent must be from 10 to 80 (AWS recommends 50-60), got ${storageTargetPercent}.`,
        );
      }
      const maxVolumeSizeGiB =
        input.maxVolumeSizeGiB ?? CLUSTER_DEFAULTS.maxVolumeSizeGiB;
      if (
        clusterType === 'standard' &&
        (volumeSizeGiB < 1 ||
          maxVolumeSizeGiB > CLUSTER_DEFAULTS.maxVolumeSizeGiB ||
          maxVolumeSizeGiB <= volumeSizeGiB)
      ) {
        throw new InputError(
          `volumeSizeGiB (${volumeSizeGiB}) must be at least 1 and below maxVolumeSizeGiB (${maxVolumeSizeGiB}), which is at most 16384 GiB per broker.`,
        );
      }

      // Networking: from the template, else the account-region default; checked for count.
      const network = settings.networks.find(
        n => n.accountId === input.accountId && n.region === input.region,
      );
      const subnetIds = input.subnetIds ?? network?.subnetIds ?? [];
      const securityGroupIds =
        input.securityGroupIds ?? network?.securityGroupIds ?? [];
      if (subnetIds.length === 0) {
        throw new InputError(
          `No subnets: pass subnetIds or configure streaming.scaffolder.networks for ${input.accountId}/${input.region}.`,
        );
      }
      const badIds = [
        ...subnetIds.filter(id => !SUBNET.test(id)),
        ...securityGroupIds.filter(id => !SECURITY_GROUP.test(id)),
      ];
      if (badIds.length > 0) {
        throw new InputError(
          `${badIds.join(', ')} ${
            badIds.length === 1 ? 'is' : 'are'
          } not subnet-… or sg-… ids.`,
        );
      }
      if (provisioned && subnetIds.length !== 3) {
        throw new InputError(
          `A ${clusterType} cluster uses 3 subnets in 3 Availability Zones (AWS best practice${
            clusterType === 'express' ? ' and an Express requirement' : ''
          }); got ${subnetIds.length}.`,
        );
      }
      if (!provisioned && subnetIds.length < 2) {
        throw new InputError(
          `MSK Serverless needs at least 2 subnets in different Availability Zones; got ${subnetIds.length}.`,
        );
      }
      if (securityGroupIds.length > 5) {
        throw new InputError(
          `At most 5 security groups, got ${securityGroupIds.length}.`,
        );
      }
      if (provisioned && brokerCount % subnetIds.length !== 0) {
        throw new InputError(
          `brokerCount (${brokerCount}) must be a multiple of the ${subnetIds.length} subnets so every AZ has the same number of brokers.`,
        );
      }

      const estimate = estimateProposalMonthlyCost(
        {
          kind: 'kafka-cluster',
          clusterType,
          region: input.region,
          instanceType: provisioned ? instanceType : null,
          brokerCount: provisioned ? brokerCount : null,
          volumeSizeGiB: clusterType === 'standard' ? volumeSizeGiB : null,
        },
        settings.pricing,
      );

      const violations: GuardrailViolation[] = [];
      if (provisioned && clientBroker !== 'TLS') {
        violations.push({
          rule: 'plaintext',
          problem: `clientBroker ${clientBroker} lets clients send data unencrypted.`,
          fix: 'set clientBroker to TLS.',
        });
      }
      if (provisioned && input.unauthenticatedAccess) {
        violations.push({
          rule: 'unauthenticated-access',
          problem:
            'unauthenticatedAccess lets any client on the network connect.',
          fix: 'leave unauthenticatedAccess false and use IAM authentication.',
        });
      }
      if (input.publicAccess) {
        violations.push({
          rule: 'public-access',
          problem: 'publicAccess exposes the brokers to the internet.',
          fix: 'leave publicAccess false and connect from inside the VPC.',
        });
      }
      if (clusterType === 'standard' && replicationFactor < 3) {
        violations.push({
          rule: 'replication-factor',
          problem: `default.replication.factor ${replicationFactor} is below 3; one broker failure can lose data.`,
          fix: 'set replicationFactor to 3.',
        });
      }
      if (clusterType === 'standard' && minInsyncReplicas < 2) {
        violations.push({
          rule: 'min-insync-replicas',
          problem: `min.insync.replicas ${minInsyncReplicas} is below 2; acknowledged writes may live on one broker only.`,
          fix: 'set minInsyncReplicas to 2.',
        });
      }
      if (
        clusterType === 'standard' &&
        minInsyncReplicas > replicationFactor - 1
      ) {
        throw new InputError(
          `minInsyncReplicas (${minInsyncReplicas}) must be at most replicationFactor − 1 (${
            replicationFactor - 1
          }), or producers with acks=all stop when one broker is down.`,
        );
      }
      violations.push(...priceViolations(estimate, settings, logger));
      const overridden = enforceGuardrails(violations, input, logger);
      const tags = assetTags({
        owner: input.owner,
        settings,
        overridden,
        unsafeReason: input.unsafeReason,
        extra: input.tags,
      });

      const kafkaVersion = input.kafkaVersion ?? settings.kafkaVersion;
      const configurationName = `${input.name}-config`;
      const request = (
        configurationArn?: string,
      ): CreateClusterV2CommandInput =>
        provisioned
          ? {
              ClusterName: input.name,
              Tags: tags,
              Provisioned: {
                KafkaVersion: kafkaVersion,
                NumberOfBrokerNodes: brokerCount,
                BrokerNodeGroupInfo: {
                  InstanceType: instanceType,
                  ClientSubnets: subnetIds,
                  SecurityGroups: securityGroupIds,
                  // Express brokers take no storage settings.
                  StorageInfo:
                    clusterType === 'standard'
                      ? { EbsStorageInfo: { VolumeSize: volumeSizeGiB } }
                      : undefined,
                  ConnectivityInfo: input.publicAccess
                    ? { PublicAccess: { Type: 'SERVICE_PROVIDED_EIPS' } }
                    : undefined,
                },
                EncryptionInfo: {
                  EncryptionInTransit: {
                    ClientBroker: clientBroker,
                    InCluster: true,
                  },
                },
                ClientAuthentication: {
                  Sasl: { Iam: { Enabled: true } },
                  Unauthenticated: {
                    Enabled: input.unauthenticatedAccess ?? false,
                  },
                },
                EnhancedMonitoring:
                  input.enhancedMonitoring ??
                  CLUSTER_DEFAULTS.enhancedMonitoring,
                ConfigurationInfo: configurationArn
                  ? { Arn: configurationArn, Revision: 1 }
                  : undefined,
              },
            }
          : {
              ClusterName: input.name,
              Tags: tags,
              Serverless: {
                VpcConfigs: [
                  { SubnetIds: subnetIds, SecurityGroupIds: securityGroupIds },
                ],
                ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
              },
            };

      const usd = estimate.monthlyUsd.toFixed(2);
      const priceText = `${
        estimate.complete ? '' : 'at least '
      }$${usd} a month`;
      if (ctx.isDryRun) {
        logger.info(
          `Dry run: would create the ${clusterType} MSK cluster ${
            input.name
          } in ${input.accountId}/${
            input.region
          } (${priceText}): ${JSON.stringify(
            request(
              clusterType === 'standard'
                ? `(new configuration ${configurationName})`
                : undefined,
            ),
          )}`,
        );
        ctx.output(
          'arn',
          `arn:aws:kafka:${input.region}:${input.accountId}:cluster/${input.name}/dry-run`,
        );
        ctx.output('name', input.name);
        ctx.output('clusterType', clusterType);
        ctx.output(
          'consoleUrl',
          `https://${input.region}.console.aws.amazon.com/msk/home?region=${input.region}#/clusters`,
        );
        ctx.output('estimatedMonthlyUsd', estimate.monthlyUsd);
        ctx.output('estimateComplete', estimate.complete);
        return;
      }

      const { kafka, applicationAutoScaling } = await env.clients(
        input.accountId,
        input.region,
      );
      const key = `streaming.msk.cluster.${input.accountId}.${input.region}.${input.name}`;

      const clusterArn = await ctx.checkpoint({
        key: `${key}.cluster`,
        fn: async () => {
          const existing = await findCluster(kafka, input.name);
          if (existing) {
            return reuseExisting({
              kind: 'An MSK cluster',
              noun: 'cluster',
              name: input.name,
              accountId: input.accountId,
              region: input.region,
              arn: existing.ClusterArn!,
              differences: clusterDifferences(existing, {
                clusterType,
                instanceType,
                brokerCount,
              }),
              logger,
            });
          }
          let configurationArn: string | undefined;
          if (clusterType === 'standard') {
            configurationArn = await ensureConfiguration(
              kafka,
              configurationName,
              standardServerProperties({
                replicationFactor,
                minInsyncReplicas,
              }),
              kafkaVersion,
              logger,
            );
          }
          const created = await kafka.send(
            new CreateClusterV2Command(request(configurationArn)),
          );
          logger.info(
            `Creating the ${clusterType} MSK cluster ${input.name} (${created.ClusterArn}); estimated ${priceText}`,
          );
          return created.ClusterArn!;
        },
      });

      await pollUntil({
        env,
        what: `MSK cluster ${input.name}`,
        describe: () =>
          kafka.send(new DescribeClusterV2Command({ ClusterArn: clusterArn })),
        state: r => r.ClusterInfo?.State ?? 'UNKNOWN',
        done: state => state === 'ACTIVE',
        failed: state => state === 'FAILED' || state === 'DELETING',
        logger,
        signal: ctx.signal,
      });

      if (clusterType === 'standard') {
        // Both calls replace what exists, so a retry changes nothing.
        await applicationAutoScaling.send(
          new RegisterScalableTargetCommand({
            ServiceNamespace: STORAGE_SCALING.ServiceNamespace,
            ScalableDimension: STORAGE_SCALING.ScalableDimension,
            ResourceId: clusterArn,
            MinCapacity: 1,
            MaxCapacity: maxVolumeSizeGiB,
          }),
        );
        await applicationAutoScaling.send(
          new PutScalingPolicyCommand({
            PolicyName: `${input.name}-storage-autoscaling`,
            ServiceNamespace: STORAGE_SCALING.ServiceNamespace,
            ScalableDimension: STORAGE_SCALING.ScalableDimension,
            ResourceId: clusterArn,
            PolicyType: 'TargetTrackingScaling',
            TargetTrackingScalingPolicyConfiguration: {
              TargetValue: storageTargetPercent,
              PredefinedMetricSpecification: {
                PredefinedMetricType: STORAGE_SCALING.PredefinedMetricType,
              },
              // MSK storage cannot shrink.
              DisableScaleIn: true,
            },
          }),
        );
        logger.info(
          `Storage autoscaling on: target ${storageTargetPercent}% up to ${maxVolumeSizeGiB} GiB per broker`,
        );
      }

      const brokers = await kafka.send(
        new GetBootstrapBrokersCommand({ ClusterArn: clusterArn }),
      );
      ctx.output('arn', clusterArn);
      ctx.output('name', input.name);
      ctx.output('clusterType', clusterType);
      ctx.output(
        'consoleUrl',
        consoleUrls.mskCluster(input.region, clusterArn),
      );
      if (brokers.BootstrapBrokerStringSaslIam) {
        ctx.output('bootstrapBrokers', brokers.BootstrapBrokerStringSaslIam);
      }
      ctx.output('estimatedMonthlyUsd', estimate.monthlyUsd);
      ctx.output('estimateComplete', estimate.complete);
    },
  });
}

function withoutBlanks<T extends Record<string, unknown>>(input: T): T {
  return Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== '' && v !== null),
  ) as T;
}

async function findCluster(
  kafka: import('@aws-sdk/client-kafka').KafkaClient,
  name: string,
): Promise<Cluster | undefined> {
  let token: string | undefined;
  do {
    const page = await kafka.send(
      new ListClustersV2Command({ ClusterNameFilter: name, NextToken: token }),
    );
    const match = page.ClusterInfoList?.find(c => c.ClusterName === name);
    if (match) return match;
    token = page.NextToken;
  } while (token);
  return undefined;
}

function clusterDifferences(
  existing: Cluster,
  wanted: {
    clusterType: ClusterType;
    instanceType: string;
    brokerCount: number;
  },
): string[] {
  const differences: string[] = [];
  const existingType = toClusterType(existing);
  if (existingType !== wanted.clusterType) {
    differences.push(`it is ${existingType}, not ${wanted.clusterType}`);
  }
  if (existingType !== 'serverless' && wanted.clusterType !== 'serverless') {
    const type = existing.Provisioned?.BrokerNodeGroupInfo?.InstanceType;
    if (type !== wanted.instanceType)
      differences.push(`instance type ${type}, not ${wanted.instanceType}`);
    const brokers = existing.Provisioned?.NumberOfBrokerNodes;
    if (brokers !== wanted.brokerCount)
      differences.push(`${brokers} brokers, not ${wanted.brokerCount}`);
  }
  return differences;
}

/** The cluster's configuration: reused when one with its name exists (a retried task), else created. */
async function ensureConfiguration(
  kafka: import('@aws-sdk/client-kafka').KafkaClient,
  name: string,
  serverProperties: string,
  kafkaVersion: string,
  logger: { info(message: string): void },
): Promise<string> {
  let token: string | undefined;
  do {
    const page = await kafka.send(
      new ListConfigurationsCommand({ NextToken: token }),
    );
    const match = page.Configurations?.find(c => c.Name === name);
    if (match) {
      logger.info(`Reusing the MSK configuration ${match.Arn}`);
      return match.Arn!;
    }
    token = page.NextToken;
  } while (token);
  const created = await kafka.send(
    new CreateConfigurationCommand({
      Name: name,
      Description:
        'Created by the Backstage scaffolder: auto.create.topics.enable=false, RF 3, min ISR 2, no unclean leader election',
      KafkaVersions: [kafkaVersion],
      ServerProperties: new TextEncoder().encode(serverProperties),
    }),
  );
  logger.info(`Created the MSK configuration ${created.Arn}`);
  return created.Arn!;
}
