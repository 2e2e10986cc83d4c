import {
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeClusterV2Command,
  paginateListNodes,
} from '@aws-sdk/client-kafka';
import { DescribeApplicationCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { ConflictError, InputError } from '@backstage/errors';
import { toClusterType } from '@backstage-streaming/plugin-streaming-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ClusterType,
  parseStreamingArn,
} from '@backstage-streaming/plugin-streaming-common';
import {
  authorizeScaffold,
  consoleUrls,
  requireConfiguredTarget,
  StreamingActionEnvironment,
} from './environment';
import { AlarmContext, recommendedAlarms } from './recommendedAlarms';
import { recommendedAlarmsCreateExamples } from './recommendedAlarmsCreate.examples';
import { assetTags } from './tags';

const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;

/** Creates the alarms AWS recommends for an MSK cluster or a Managed Flink application (PutMetricAlarm). */
export function createRecommendedAlarmsCreateAction(
  env: StreamingActionEnvironment,
) {
  return createTemplateAction({
    id: 'aws:cloudwatch:recommended-alarms:create',
    description:
      'Creates the CloudWatch alarms AWS recommends for an MSK cluster (by cluster type and monitoring level) or a Managed Flink application (by runtime: Flink 2.x has no fullRestarts and deprecates downtime), with the thresholds of the streaming health rules, named streaming-<asset>-<metric>[-broker-<id>], notifying an SNS topic.',
    examples: recommendedAlarmsCreateExamples,
    supportsDryRun: true,
    schema: {
      input: {
        resourceArn: z =>
          z
            .string()
            .describe('ARN of the MSK cluster or the Flink application'),
        snsTopicArn: z =>
          z
            .string()
            .optional()
            .describe(
              'SNS topic notified; default streaming.scaffolder.alarms.snsTopicArn',
            ),
        owner: z => z.string().optional().describe('Owner entity ref; tagged'),
        clusterType: z =>
          z
            .enum(['standard', 'express', 'serverless'])
            .optional()
            .describe(
              'Dry run only: the cluster type (read from AWS otherwise)',
            ),
        brokerCount: z =>
          z.number().int().optional().describe('Dry run only: brokers'),
        runtime: z =>
          z.string().optional().describe('Dry run only: the Flink runtime'),
        checkpointIntervalMs: z =>
          z
            .number()
            .int()
            .optional()
            .describe('Flink checkpoint interval; default 60000'),
      },
      output: {
        alarmNames: z => z.array(z.string()),
        consoleUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const { settings } = env;
      await authorizeScaffold(ctx, env);
      const arn = parseStreamingArn(input.resourceArn);
      if (
        !arn ||
        (arn.kind !== 'kafka-cluster' && arn.kind !== 'flink-application')
      ) {
        throw new InputError(
          `resourceArn '${input.resourceArn}' is neither an MSK cluster nor a Managed Flink application ARN.`,
        );
      }
      requireConfiguredTarget(env, arn.accountId, arn.region);
      const snsTopicArn = input.snsTopicArn ?? settings.alarmSnsTopicArn;
      if (snsTopicArn !== undefined && !SNS_ARN.test(snsTopicArn)) {
        throw new InputError(
          `snsTopicArn '${snsTopicArn}' is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>).`,
        );
      }
      if (!snsTopicArn) {
        logger.warn(
          'No SNS topic (snsTopicArn or streaming.scaffolder.alarms.snsTopicArn): the alarms change state but notify nobody.',
        );
      }
      const checkpointIntervalMs = input.checkpointIntervalMs ?? 60_000;
      const name =
        arn.kind === 'kafka-cluster' ? arn.clusterName : arn.applicationName;

      let context: AlarmContext;
      if (ctx.isDryRun) {
        // No AWS call in a dry run: the asset's facts come from the input.
        context =
          arn.kind === 'kafka-cluster'
            ? {
                kind: 'kafka-cluster',
                name,
                clusterType: (input.clusterType ?? 'standard') as ClusterType,
                enhancedMonitoring: 'PER_BROKER',
                brokerIds: Array.from(
                  { length: input.brokerCount ?? 3 },
                  (_, i) => i + 1,
                ),
                checkpointIntervalMs,
              }
            : {
                kind: 'flink-application',
                name,
                runtime: input.runtime ?? settings.flink.runtime,
                checkpointIntervalMs,
              };
      } else {
        const clients = await env.clients(arn.accountId, arn.region);
        if (arn.kind === 'kafka-cluster') {
          const { ClusterInfo: cluster } = await clients.kafka.send(
            new DescribeClusterV2Command({ ClusterArn: input.resourceArn }),
          );
          const serverless = cluster?.ClusterType === 'SERVERLESS';
          const brokerIds: number[] = [];
          if (!serverless) {
            for await (const page of paginateListNodes(
              { client: clients.kafka },
              { ClusterArn: input.resourceArn },
            )) {
              for (const node of page.NodeInfoList ?? []) {
                const id = node.BrokerNodeInfo?.BrokerId;
                if (id !== undefined) brokerIds.push(id);
              }
            }
          }
          context = {
            kind: 'kafka-cluster',
            name,
            clusterType: cluster ? toClusterType(cluster) : 'standard',
            enhancedMonitoring: cluster?.Provisioned?.EnhancedMonitoring,
            brokerIds: brokerIds.sort((a, b) => a - b),
            checkpointIntervalMs,
          };
        } else {
          const { ApplicationDetail: app } = await clients.flink.send(
            new DescribeApplicationCommand({ ApplicationName: name }),
          );
          const flinkConfig =
            app?.ApplicationConfigurationDescription
              ?.FlinkApplicationConfigurationDescription;
          context = {
            kind: 'flink-application',
            name,
            runtime: app?.RuntimeEnvironment ?? settings.flink.runtime,
            metricsLevel:
              flinkConfig?.MonitoringConfigurationDescription?.MetricsLevel,
            checkpointIntervalMs:
              flinkConfig?.CheckpointConfigurationDescription
                ?.CheckpointInterval ?? checkpointIntervalMs,
          };
        }
      }

      const tags = input.owner
        ? Object.entries(
            assetTags({ owner: input.owner, settings, overridden: [] }),
          ).map(([Key, Value]) => ({ Key, Value }))
        : undefined;
      const alarms = recommendedAlarms(context, settings.thresholds).map(
        alarm => ({
          ...alarm,
          AlarmActions: snsTopicArn ? [snsTopicArn] : undefined,
          Tags: tags,
        }),
      );
      const names = alarms.map(a => a.AlarmName!);
      const prefix = `streaming-${name}-`;
      ctx.output('alarmNames', names);
      ctx.output('consoleUrl', consoleUrls.alarms(arn.region, prefix));
      if (alarms.length === 0) {
        logger.info(
          `No recommended alarms apply to ${name} (${
            context.kind === 'kafka-cluster'
              ? context.clusterType
              : context.runtime
          }).`,
        );
        return;
      }
      if (ctx.isDryRun) {
        logger.info(
          `Dry run: would put ${alarms.length} alarms: ${alarms
            .map(a => `${a.AlarmName} (${a.ComparisonOperator} ${a.Threshold})`)
            .join(', ')}`,
        );
        return;
      }

      const { cloudwatch } = await env.clients(arn.accountId, arn.region);
      await ctx.checkpoint({
        key: `streaming.alarms.${input.resourceArn}`,
        fn: async () => {
          // PutMetricAlarm replaces an alarm of the same name, so only alarms someone else made on other metrics conflict.
          const existing = await cloudwatch.send(
            new DescribeAlarmsCommand({ AlarmNames: names }),
          );
          for (const found of existing.MetricAlarms ?? []) {
            const wanted = alarms.find(a => a.AlarmName === found.AlarmName)!;
            const sameMetric = wanted.Metrics
              ? !!found.Metrics
              : found.MetricName === wanted.MetricName &&
                found.Namespace === wanted.Namespace;
            if (!sameMetric) {
              throw new ConflictError(
                `Alarm ${found.AlarmName} already exists on ${
                  found.Namespace ?? 'a metric math expression'
                } ${
                  found.MetricName ?? ''
                }; rename or delete it, then run the task again.`,
              );
            }
          }
          for (const alarm of alarms) {
            await cloudwatch.send(new PutMetricAlarmCommand(alarm));
          }
          logger.info(`Put ${alarms.length} alarms: ${names.join(', ')}`);
        },
      });
    },
  });
}
