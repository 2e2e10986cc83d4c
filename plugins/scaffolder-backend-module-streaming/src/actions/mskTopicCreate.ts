import {
  Cluster,
  CreateTopicCommand,
  DescribeClusterV2Command,
  DescribeTopicCommand,
  GetBootstrapBrokersCommand,
  KafkaClient,
  paginateListTopics,
} from '@aws-sdk/client-kafka';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  estimateProposalMonthlyCost,
  parseStreamingArn,
  partitionBudget,
  topicArnFor,
} from '@backstage-streaming/plugin-streaming-common';
import {
  supportsTopicApis,
  toClusterType,
  toMskClusterRecord,
} from '@backstage-streaming/plugin-streaming-node';
import {
  authorizeScaffold,
  awsErrorName,
  consoleUrls,
  requireConfiguredTarget,
  StreamingActionEnvironment,
} from './environment';
import { enforceGuardrails, GuardrailViolation } from './guardrails';
import { mskTopicCreateExamples } from './mskTopicCreate.examples';

/** Best-practice topic defaults (reference facts §5: RF 3, min ISR 2). */
export const TOPIC_DEFAULTS = {
  partitions: 6,
  replicationFactor: 3,
  minInsyncReplicas: 2,
  retentionHours: 168,
  cleanupPolicy: 'delete' as const,
};

/** Why the MSK topic APIs cannot be used on this cluster (provisioned, Kafka 3.6.0 or later, ACTIVE: facts §1), or undefined. */
export function topicApiProblem(cluster: Cluster): string | undefined {
  const record = toMskClusterRecord(cluster);
  if (!supportsTopicApis(record)) {
    return record.clusterType === 'serverless'
      ? `${record.name} is an MSK Serverless cluster; the MSK topic APIs work on provisioned (Standard and Express) clusters only`
      : `${record.name} runs Kafka ${
          record.kafkaVersion ?? '(unknown)'
        }; the MSK topic APIs need 3.6.0 or later`;
  }
  if (record.state !== 'ACTIVE') {
    return `${record.name} is ${record.state}; the MSK topic APIs need it ACTIVE`;
  }
  return undefined;
}

/** Topic configs as the MSK topic API takes them: base64 of a JSON object of strings (facts §1 recommendation). */
export function encodeTopicConfigs(configs: Record<string, string>): string {
  return Buffer.from(JSON.stringify(configs)).toString('base64');
}

/** Creates a Kafka topic through the MSK topic API (CreateTopic), checked against naming rules, guardrails and the partition budget. */
export function createMskTopicCreateAction(env: StreamingActionEnvironment) {
  return createTemplateAction({
    id: 'aws:msk:topic:create',
    description:
      'Creates a Kafka topic on a provisioned MSK cluster (Kafka 3.6.0+, ACTIVE) with replication factor 3 and min.insync.replicas 2 by default, retention and cleanup policy, within the brokers’ recommended partition budget and the topic naming rules. Dry run prints the request, the budget and the price without calling AWS create APIs.',
    examples: mskTopicCreateExamples,
    supportsDryRun: true,
    schema: {
      input: {
        clusterArn: z => z.string().describe('ARN of the MSK cluster'),
        topicName: z =>
          z
            .string()
            .describe(
              'Topic name; must match streaming.scaffolder.topicNamePattern',
            ),
        partitions: z =>
          z.number().int().optional().describe('Partitions; default 6'),
        replicationFactor: z =>
          z.number().int().optional().describe('Replication factor; default 3'),
        minInsyncReplicas: z =>
          z
            .number()
            .int()
            .optional()
            .describe('min.insync.replicas; default 2'),
        retentionHours: z =>
          z
            .number()
            .optional()
            .describe(
              'retention.ms in hours; default 168 (7 days); -1 keeps data forever',
            ),
        cleanupPolicy: z =>
          z
            .enum(['delete', 'compact', 'compact,delete'])
            .optional()
            .describe('cleanup.policy; default delete'),
        configs: z =>
          z
            .record(z.string())
            .optional()
            .describe(
              'More topic configs, e.g. { "compression.type": "zstd" }',
            ),
        allowUnsafe: z => z.boolean().optional(),
        unsafeReason: z => z.string().optional(),
      },
      output: {
        arn: z => z.string().describe('Topic ARN'),
        name: z => z.string(),
        clusterArn: z => z.string(),
        consoleUrl: z => z.string(),
        bootstrapBrokers: z => z.string().optional(),
        partitionBudgetRemaining: z =>
          z
            .number()
            .optional()
            .describe(
              'Partition replicas the cluster can still take within the recommendation',
            ),
        estimatedMonthlyUsd: z => z.number(),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      await authorizeScaffold(ctx, env);
      const arn = parseStreamingArn(input.clusterArn);
      if (!arn || arn.kind !== 'kafka-cluster') {
        throw new InputError(
          `clusterArn '${input.clusterArn}' is not an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>).`,
        );
      }
      requireConfiguredTarget(env, arn.accountId, arn.region);
      const { settings } = env;
      if (!settings.topicNamePattern.test(input.topicName)) {
        throw new InputError(
          `topicName '${input.topicName}' breaks the naming rule ${settings.topicNamePattern.source} (streaming.scaffolder.topicNamePattern); rename it to match.`,
        );
      }
      const partitions = input.partitions ?? TOPIC_DEFAULTS.partitions;
      const replicationFactor =
        input.replicationFactor ?? TOPIC_DEFAULTS.replicationFactor;
      const minInsyncReplicas =
        input.minInsyncReplicas ?? TOPIC_DEFAULTS.minInsyncReplicas;
      if (partitions < 1) {
        throw new InputError(
          `partitions must be 1 or more, got ${partitions}.`,
        );
      }
      if (replicationFactor < 1) {
        throw new InputError(
          `replicationFactor must be 1 or more, got ${replicationFactor}.`,
        );
      }
      if (minInsyncReplicas > Math.max(1, replicationFactor - 1)) {
        throw new InputError(
          `minInsyncReplicas (${minInsyncReplicas}) must be at most replicationFactor − 1 (${
            replicationFactor - 1
          }), or producers with acks=all stop when one broker is down.`,
        );
      }
      const retentionHours =
        input.retentionHours ?? TOPIC_DEFAULTS.retentionHours;
      if (retentionHours !== -1 && !(retentionHours > 0)) {
        throw new InputError(
          `retentionHours must be more than 0, or -1 to keep data forever; got ${retentionHours}.`,
        );
      }
      const configs: Record<string, string> = {
        ...(input.configs ?? {}),
        'cleanup.policy': input.cleanupPolicy ?? TOPIC_DEFAULTS.cleanupPolicy,
        'retention.ms':
          retentionHours === -1
            ? '-1'
            : String(Math.round(retentionHours * 3_600_000)),
        'min.insync.replicas': String(minInsyncReplicas),
      };

      const violations: GuardrailViolation[] = [];
      if (replicationFactor < 3) {
        violations.push({
          rule: 'replication-factor',
          problem: `replication factor ${replicationFactor} is below 3; one broker failure can lose data.`,
          fix: 'set replicationFactor to 3.',
        });
      }
      if (minInsyncReplicas < 2) {
        violations.push({
          rule: 'min-insync-replicas',
          problem: `min.insync.replicas ${minInsyncReplicas} is below 2; acknowledged writes may live on one broker only.`,
          fix: 'set minInsyncReplicas to 2.',
        });
      }

      const request = {
        ClusterArn: input.clusterArn,
        TopicName: input.topicName,
        PartitionCount: partitions,
        ReplicationFactor: replicationFactor,
        Configs: encodeTopicConfigs(configs),
      };

      if (ctx.isDryRun) {
        // No AWS call in a dry run: the cluster's topic API support and partition budget are checked when it runs.
        enforceGuardrails(violations, input, logger);
        logger.info(
          `Dry run: would create topic ${input.topicName} on ${
            input.clusterArn
          } with ${partitions} partitions × RF ${replicationFactor} and configs ${JSON.stringify(
            configs,
          )}; the cluster's partition budget is checked when the task runs.`,
        );
        ctx.output('arn', topicArnFor(input.clusterArn, input.topicName)!);
        ctx.output('name', input.topicName);
        ctx.output('clusterArn', input.clusterArn);
        ctx.output(
          'consoleUrl',
          consoleUrls.mskTopic(arn.region, input.clusterArn, input.topicName),
        );
        ctx.output('estimatedMonthlyUsd', 0);
        return;
      }

      const { kafka } = await env.clients(arn.accountId, arn.region);
      const { ClusterInfo: cluster } = await kafka.send(
        new DescribeClusterV2Command({ ClusterArn: input.clusterArn }),
      );
      const problem = cluster
        ? topicApiProblem(cluster)
        : 'the cluster was not found';
      if (problem) {
        throw new InputError(`Cannot create a topic: ${problem}.`);
      }
      const brokerCount = cluster!.Provisioned?.NumberOfBrokerNodes ?? 0;
      if (replicationFactor > brokerCount) {
        throw new InputError(
          `replicationFactor ${replicationFactor} is more than the cluster's ${brokerCount} brokers.`,
        );
      }
      const replicasInUse = await replicasOnCluster(kafka, input.clusterArn);
      const budget = partitionBudget({
        instanceType: cluster!.Provisioned?.BrokerNodeGroupInfo?.InstanceType,
        brokerCount,
        replicasInUse,
        newPartitions: partitions,
        replicationFactor,
      });
      if (budget && !budget.withinBudget) {
        violations.push({
          rule: 'partition-budget',
          problem: `the cluster would hold ${
            budget.replicasAfter
          } partition replicas, ${budget.perBrokerAfter.toFixed(
            0,
          )} per broker, above the ${
            budget.recommendedPerBroker
          } AWS recommends for ${
            budget.instanceType
          } (room before this topic: ${Math.max(
            0,
            budget.capacity - budget.replicasInUse,
          )} replicas).`,
          fix: `use at most ${Math.floor(
            Math.max(0, budget.capacity - budget.replicasInUse) /
              replicationFactor,
          )} partitions, or pick a cluster with room (or bigger brokers).`,
        });
      } else if (!budget) {
        logger.warn(
          `The partition budget of ${
            cluster!.ClusterName
          } is unknown (instance type ${
            cluster!.Provisioned?.BrokerNodeGroupInfo?.InstanceType
          }); it was not checked.`,
        );
      }
      const overridden = enforceGuardrails(violations, input, logger);
      if (overridden.length > 0) {
        // The topic API takes no tags: the override and its reason live in the task log.
        logger.warn(
          `Topic ${
            input.topicName
          } is created with overridden guardrails ${overridden.join(', ')}: ${
            input.unsafeReason
          }`,
        );
      }
      const estimate = estimateProposalMonthlyCost(
        {
          kind: 'kafka-topic',
          clusterType: toClusterType(cluster!),
          region: arn.region,
          partitionCount: partitions,
        },
        settings.pricing,
      );
      const remaining = budget?.remainingReplicas;

      const topicArn = await ctx.checkpoint({
        key: `streaming.msk.topic.${input.clusterArn}.${input.topicName}`,
        fn: async () => {
          const existing = await describeTopic(
            kafka,
            input.clusterArn,
            input.topicName,
          );
          if (existing) {
            if (
              existing.PartitionCount !== partitions ||
              existing.ReplicationFactor !== replicationFactor
            ) {
              throw new ConflictError(
                `Topic ${input.topicName} already exists on ${
                  cluster!.ClusterName
                } with ${
                  existing.PartitionCount
                } partitions and replication factor ${
                  existing.ReplicationFactor
                } (asked: ${partitions} and ${replicationFactor}); choose another name.`,
              );
            }
            logger.info(
              `Reusing the existing topic ${existing.TopicArn} (same settings)`,
            );
            return existing.TopicArn!;
          }
          const created = await kafka.send(new CreateTopicCommand(request));
          logger.info(
            `Created topic ${input.topicName} (${created.TopicArn}); the topic APIs show it within about a minute`,
          );
          return created.TopicArn!;
        },
      });

      const brokers = await kafka.send(
        new GetBootstrapBrokersCommand({ ClusterArn: input.clusterArn }),
      );
      ctx.output('arn', topicArn);
      ctx.output('name', input.topicName);
      ctx.output('clusterArn', input.clusterArn);
      ctx.output(
        'consoleUrl',
        consoleUrls.mskTopic(arn.region, input.clusterArn, input.topicName),
      );
      if (brokers.BootstrapBrokerStringSaslIam) {
        ctx.output('bootstrapBrokers', brokers.BootstrapBrokerStringSaslIam);
      }
      if (remaining !== undefined)
        ctx.output('partitionBudgetRemaining', remaining);
      ctx.output('estimatedMonthlyUsd', estimate.monthlyUsd);
    },
  });
}

/** Partitions × replication factor over every topic of the cluster. */
async function replicasOnCluster(kafka: KafkaClient, clusterArn: string) {
  let replicas = 0;
  for await (const page of paginateListTopics(
    { client: kafka },
    { ClusterArn: clusterArn },
  )) {
    for (const topic of page.Topics ?? []) {
      replicas += (topic.PartitionCount ?? 0) * (topic.ReplicationFactor ?? 0);
    }
  }
  return replicas;
}

async function describeTopic(
  kafka: KafkaClient,
  clusterArn: string,
  topicName: string,
) {
  try {
    return await kafka.send(
      new DescribeTopicCommand({
        ClusterArn: clusterArn,
        TopicName: topicName,
      }),
    );
  } catch (error) {
    if (awsErrorName(error) === 'NotFoundException') return undefined;
    throw error;
  }
}
