import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  ApplicationDetail,
  CreateApplicationCommand,
  CreateApplicationCommandInput,
  DescribeApplicationCommand,
  KinesisAnalyticsV2Client,
  RuntimeEnvironment,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  estimateProposalMonthlyCost,
  MAX_PARALLELISM_PER_KPU,
  parseFlinkRuntime,
} from '@backstage-streaming/plugin-streaming-common';
import { flinkApplicationCreateExamples } from './flinkApplicationCreate.examples';
import {
  authorizeScaffold,
  awsErrorName,
  consoleUrls,
  requireConfiguredTarget,
  StreamingActionEnvironment,
  reuseExisting,
} from './environment';
import {
  enforceGuardrails,
  GuardrailViolation,
  priceViolations,
} from './guardrails';
import { assetTags } from './tags';

/** Best-practice defaults (reference facts §2 and §5, Managed Flink). */
export const FLINK_DEFAULTS = {
  parallelism: 1,
  parallelismPerKpu: 1,
  /** The service's default checkpoint interval (60 s). */
  checkpointIntervalMs: 60_000,
  minPauseBetweenCheckpointsMs: 5_000,
  snapshotsEnabled: true,
  logLevel: 'INFO' as const,
  metricsLevel: 'APPLICATION' as const,
  logStreamName: 'kinesis-analytics-log-stream',
};

const APPLICATION_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The log group a new application writes to. */
export const flinkLogGroupName = (name: string) =>
  `/aws/kinesis-analytics/${name}`;

/** Creates a Managed Service for Apache Flink application (CreateApplication) with AWS's recommended settings. */
export function createFlinkApplicationCreateAction(
  env: StreamingActionEnvironment,
) {
  return createTemplateAction({
    id: 'aws:flink:application:create',
    description:
      'Creates an Amazon Managed Service for Apache Flink application with the newest runtime, autoscaling, checkpointing, snapshots and rollback on, INFO logs to a CloudWatch log group it creates, APPLICATION metrics, and property groups naming its source and sink topics. Refuses checkpointing off and prices above the limit unless allowUnsafe is given with a reason. The application is created READY (not started).',
    examples: flinkApplicationCreateExamples,
    supportsDryRun: true,
    schema: {
      input: {
        accountId: z => z.string().describe('AWS account id (12 digits)'),
        region: z => z.string().describe('AWS region'),
        name: z =>
          z.string().describe('Application name: 1-128 letters, digits, _ . -'),
        owner: z => z.string().describe('Owner entity ref; tagged'),
        runtime: z =>
          z
            .string()
            .optional()
            .describe(
              'Runtime, e.g. FLINK-1_20; default streaming.scaffolder.flink.runtime or the newest the SDK lists',
            ),
        parallelism: z =>
          z
            .number()
            .int()
            .optional()
            .describe('Parallelism (1-256); default 1'),
        parallelismPerKpu: z =>
          z
            .number()
            .int()
            .optional()
            .describe(
              '1 for stateful, 2 for stateless, 2-4 for I/O-bound; default 1',
            ),
        checkpointing: z =>
          z.boolean().optional().describe('Checkpointing; default true'),
        checkpointIntervalMs: z =>
          z.number().int().optional().describe('Default 60000'),
        snapshotsEnabled: z =>
          z.boolean().optional().describe('Snapshots; default true'),
        serviceExecutionRoleArn: z =>
          z
            .string()
            .optional()
            .describe(
              'IAM role ARN; default streaming.scaffolder.flink.serviceExecutionRoleArn',
            ),
        codeBucketArn: z =>
          z
            .string()
            .optional()
            .describe(
              'S3 bucket ARN of the code; default streaming.scaffolder.flink.codeBucketArn',
            ),
        codeFileKey: z =>
          z
            .string()
            .optional()
            .describe(
              'S3 key of the code JAR/ZIP; default streaming.scaffolder.flink.codeFileKey',
            ),
        sourceTopics: z =>
          z.array(z.string()).optional().describe('Topics it reads'),
        sinkTopics: z =>
          z.array(z.string()).optional().describe('Topics it writes'),
        bootstrapBrokers: z =>
          z
            .string()
            .optional()
            .describe(
              'Bootstrap brokers of the Kafka cluster, put in the property groups',
            ),
        tags: z => z.record(z.string()).optional(),
        allowUnsafe: z => z.boolean().optional(),
        unsafeReason: z => z.string().optional(),
      },
      output: {
        arn: z => z.string(),
        name: z => z.string(),
        runtime: z => z.string(),
        consoleUrl: z => z.string(),
        logGroupName: z => z.string(),
        estimatedMonthlyUsd: z => z.number(),
        estimateComplete: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const { settings } = env;
      await authorizeScaffold(ctx, env);
      requireConfiguredTarget(env, input.accountId, input.region);
      if (!APPLICATION_NAME.test(input.name)) {
        throw new InputError(
          `name '${input.name}' is not a valid application name: use 1-128 letters, digits, _ . or -.`,
        );
      }
      const runtime = input.runtime ?? settings.flink.runtime;
      if (
        !parseFlinkRuntime(runtime) ||
        !(Object.values(RuntimeEnvironment) as string[]).includes(runtime)
      ) {
        throw new InputError(
          `runtime '${runtime}' is not a Managed Flink runtime; use one of ${Object.values(
            RuntimeEnvironment,
          )
            .filter(r => parseFlinkRuntime(r))
            .join(', ')}.`,
        );
      }
      const parallelism = input.parallelism ?? FLINK_DEFAULTS.parallelism;
      const parallelismPerKpu =
        input.parallelismPerKpu ?? FLINK_DEFAULTS.parallelismPerKpu;
      if (parallelism < 1 || parallelism > 256) {
        throw new InputError(
          `parallelism must be from 1 to 256, got ${parallelism}.`,
        );
      }
      if (
        parallelismPerKpu < 1 ||
        parallelismPerKpu > MAX_PARALLELISM_PER_KPU
      ) {
        throw new InputError(
          `parallelismPerKpu must be from 1 to ${MAX_PARALLELISM_PER_KPU}, got ${parallelismPerKpu}.`,
        );
      }
      const checkpointIntervalMs =
        input.checkpointIntervalMs ?? FLINK_DEFAULTS.checkpointIntervalMs;
      if (checkpointIntervalMs < 1000) {
        throw new InputError(
          `checkpointIntervalMs must be at least 1000 ms, got ${checkpointIntervalMs}.`,
        );
      }
      const role =
        input.serviceExecutionRoleArn ?? settings.flink.serviceExecutionRoleArn;
      const bucket = input.codeBucketArn ?? settings.flink.codeBucketArn;
      const fileKey = input.codeFileKey ?? settings.flink.codeFileKey;
      if (!role || !ROLE_ARN.test(role)) {
        throw new InputError(
          `serviceExecutionRoleArn ${
            role ? `'${role}' is not an IAM role ARN` : 'is missing'
          }: pass arn:aws:iam::<account>:role/<name> or set streaming.scaffolder.flink.serviceExecutionRoleArn. The action does not create IAM roles.`,
        );
      }
      if (!bucket || !BUCKET_ARN.test(bucket)) {
        throw new InputError(
          `codeBucketArn ${
            bucket ? `'${bucket}' is not an S3 bucket ARN` : 'is missing'
          }: pass arn:aws:s3:::<bucket> or set streaming.scaffolder.flink.codeBucketArn.`,
        );
      }
      if (!fileKey) {
        throw new InputError(
          'codeFileKey is missing: pass the S3 key of the application JAR or ZIP, or set streaming.scaffolder.flink.codeFileKey.',
        );
      }

      const estimate = estimateProposalMonthlyCost(
        {
          kind: 'flink-application',
          region: input.region,
          parallelism,
          parallelismPerKpu,
        },
        settings.pricing,
      );
      const checkpointing = input.checkpointing ?? true;
      const violations: GuardrailViolation[] = [];
      if (!checkpointing) {
        violations.push({
          rule: 'checkpointing-off',
          problem:
            'checkpointing off means the application restarts from scratch after a failure and loses its state.',
          fix: 'leave checkpointing on (the default, every 60 s).',
        });
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

      const logGroupName = flinkLogGroupName(input.name);
      const logStreamArn = `arn:aws:logs:${input.region}:${input.accountId}:log-group:${logGroupName}:log-stream:${FLINK_DEFAULTS.logStreamName}`;
      const kafkaProperties = (topics: string[] | undefined) => ({
        topics: (topics ?? []).join(','),
        ...(input.bootstrapBrokers
          ? { 'bootstrap.servers': input.bootstrapBrokers }
          : {}),
      });
      const request: CreateApplicationCommandInput = {
        ApplicationName: input.name,
        RuntimeEnvironment: runtime as RuntimeEnvironment,
        ServiceExecutionRole: role,
        ApplicationConfiguration: {
          ApplicationCodeConfiguration: {
            CodeContentType: 'ZIPFILE',
            CodeContent: {
              S3ContentLocation: { BucketARN: bucket, FileKey: fileKey },
            },
          },
          // CUSTOM: with DEFAULT the service ignores the values given here.
          FlinkApplicationConfiguration: {
            ParallelismConfiguration: {
              ConfigurationType: 'CUSTOM',
              Parallelism: parallelism,
              ParallelismPerKPU: parallelismPerKpu,
              AutoScalingEnabled: true,
            },
            CheckpointConfiguration: {
              ConfigurationType: 'CUSTOM',
              CheckpointingEnabled: checkpointing,
              CheckpointInterval: checkpointIntervalMs,
              MinPauseBetweenCheckpoints:
                FLINK_DEFAULTS.minPauseBetweenCheckpointsMs,
            },
            MonitoringConfiguration: {
              ConfigurationType: 'CUSTOM',
              LogLevel: FLINK_DEFAULTS.logLevel,
              MetricsLevel: FLINK_DEFAULTS.metricsLevel,
            },
          },
          EnvironmentProperties: {
            PropertyGroups: [
              {
                PropertyGroupId: 'kafka.source',
                PropertyMap: kafkaProperties(input.sourceTopics),
              },
              {
                PropertyGroupId: 'kafka.sink',
                PropertyMap: kafkaProperties(input.sinkTopics),
              },
            ],
          },
          ApplicationSnapshotConfiguration: {
            SnapshotsEnabled:
              input.snapshotsEnabled ?? FLINK_DEFAULTS.snapshotsEnabled,
          },
          ApplicationSystemRollbackConfiguration: { RollbackEnabled: true },
        },
        CloudWatchLoggingOptions: [{ LogStreamARN: logStreamArn }],
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      };

      const priceText = `${
        estimate.complete ? '' : 'at least '
      }$${estimate.monthlyUsd.toFixed(2)} a month`;
      const arn = `arn:aws:kinesisanalytics:${input.region}:${input.accountId}:application/${input.name}`;
      const outputCommon = () => {
        ctx.output('name', input.name);
        ctx.output('runtime', runtime);
        ctx.output(
          'consoleUrl',
          consoleUrls.flinkApplication(input.region, input.name),
        );
        ctx.output('logGroupName', logGroupName);
        ctx.output('estimatedMonthlyUsd', estimate.monthlyUsd);
        ctx.output('estimateComplete', estimate.complete);
      };
      if (ctx.isDryRun) {
        logger.info(
          `Dry run: would create log group ${logGroupName} and the Flink application ${
            input.name
          } in ${input.accountId}/${
            input.region
          } (${priceText}): ${JSON.stringify(request)}`,
        );
        ctx.output('arn', arn);
        outputCommon();
        return;
      }

      const { flink, logs } = await env.clients(input.accountId, input.region);
      const key = `streaming.flink.application.${input.accountId}.${input.region}.${input.name}`;
      await ctx.checkpoint({
        key: `${key}.logs`,
        fn: async () => {
          await createIfMissing(logs, logGroupName);
        },
      });
      const applicationArn = await ctx.checkpoint({
        key: `${key}.application`,
        fn: async () => {
          const existing = await describeApplication(flink, input.name);
          if (existing) {
            return reuseExisting({
              kind: 'A Flink application',
              noun: 'application',
              name: input.name,
              accountId: input.accountId,
              region: input.region,
              arn: existing.ApplicationARN!,
              differences: applicationDifferences(existing, {
                runtime,
                parallelism,
                parallelismPerKpu,
              }),
              logger,
            });
          }
          const created = await flink.send(
            new CreateApplicationCommand(request),
          );
          logger.info(
            `Created the Flink application ${input.name} (${created.ApplicationDetail?.ApplicationARN}), status ${created.ApplicationDetail?.ApplicationStatus}; estimated ${priceText} once running. Start it from the console when its code is ready.`,
          );
          return created.ApplicationDetail!.ApplicationARN!;
        },
      });
      ctx.output('arn', applicationArn);
      outputCommon();
    },
  });
}

/** The log group and stream the application logs to; existing ones are kept (a retry, or a name reused on purpose). */
async function createIfMissing(
  logs: CloudWatchLogsClient,
  logGroupName: string,
) {
  for (const command of [
    new CreateLogGroupCommand({ logGroupName }),
    new CreateLogStreamCommand({
      logGroupName,
      logStreamName: FLINK_DEFAULTS.logStreamName,
    }),
  ]) {
    try {
      await logs.send(command as any);
    } catch (error) {
      if (awsErrorName(error) !== 'ResourceAlreadyExistsException') throw error;
    }
  }
}

async function describeApplication(
  flink: KinesisAnalyticsV2Client,
  name: string,
): Promise<ApplicationDetail | undefined> {
  try {
    const { ApplicationDetail: detail } = await flink.send(
      new DescribeApplicationCommand({ ApplicationName: name }),
    );
    return detail;
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

function applicationDifferences(
  existing: ApplicationDetail,
  wanted: { runtime: string; parallelism: number; parallelismPerKpu: number },
): string[] {
  const differences: string[] = [];
  if (existing.RuntimeEnvironment !== wanted.runtime) {
    differences.push(
      `runtime ${existing.RuntimeEnvironment}, not ${wanted.runtime}`,
    );
  }
  const parallelism =
    existing.ApplicationConfigurationDescription
      ?.FlinkApplicationConfigurationDescription
      ?.ParallelismConfigurationDescription;
  if (parallelism?.Parallelism !== wanted.parallelism) {
    differences.push(
      `parallelism ${parallelism?.Parallelism}, not ${wanted.parallelism}`,
    );
  }
  if (parallelism?.ParallelismPerKPU !== wanted.parallelismPerKpu) {
    differences.push(
      `parallelism per KPU ${parallelism?.ParallelismPerKPU}, not ${wanted.parallelismPerKpu}`,
    );
  }
  return differences;
}
