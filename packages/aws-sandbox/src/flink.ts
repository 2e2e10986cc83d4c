import { CallContext, optionalInteger } from './context';
import { hashHex } from './ids';
import { AwsError, paginate } from './protocol';
import type { FlinkApplication } from './scenario';

const MAX_LIMIT = 50;

const invalidArgument = (message: string) =>
  new AwsError(400, 'InvalidArgumentException', message);
const invalidToken = () =>
  invalidArgument('The NextToken is invalid or expired.');

type Input = Record<string, unknown>;

export function handleFlink(
  ctx: CallContext,
  operation: string,
  input: Input,
): unknown {
  switch (operation) {
    case 'ListApplications':
      return listApplications(ctx, input);
    case 'DescribeApplication':
      return describeApplication(ctx, input);
    case 'ListTagsForResource':
      return listTags(ctx, input);
    case 'ListApplicationOperations':
      return listOperations(ctx, input);
    default:
      throw unknownOperation(operation);
  }
}

export function unknownOperation(operation: string): AwsError {
  return new AwsError(
    400,
    'UnknownOperationException',
    `Operation ${operation} is not supported by the sandbox.`,
  );
}

function stringField(input: Input, name: string, required: true): string;
function stringField(
  input: Input,
  name: string,
  required: false,
): string | undefined;
function stringField(
  input: Input,
  name: string,
  required: boolean,
): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) {
    if (required) throw invalidArgument(`${name} is required.`);
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw invalidArgument(`${name} must be a non-empty string.`);
  }
  return value;
}

function limitOf(input: Input): number {
  return (
    optionalInteger(input.Limit, 'Limit', 1, MAX_LIMIT, invalidArgument) ??
    MAX_LIMIT
  );
}

function findApplication(ctx: CallContext, name: string): FlinkApplication {
  const app = ctx.region.flinkApplications.find(a => a.name === name);
  if (!app) {
    throw new AwsError(
      400,
      'ResourceNotFoundException',
      `Application ${name} is not found in account ${ctx.account.id} in ${ctx.regionName}.`,
    );
  }
  return app;
}

const epochSeconds = (date: Date) => date.getTime() / 1000;

function listApplications(ctx: CallContext, input: Input) {
  const apps = [...ctx.region.flinkApplications].sort((a, b) =>
    a.name < b.name ? -1 : 1,
  );
  const page = paginate(apps, {
    token: stringField(input, 'NextToken', false),
    scope: `ListApplications|${ctx.account.id}|${ctx.regionName}`,
    limit: limitOf(input),
    invalidToken,
  });
  return {
    ApplicationSummaries: page.items.map(app => ({
      ApplicationName: app.name,
      ApplicationARN: app.arn,
      ApplicationStatus: app.status,
      ApplicationVersionId: app.versionId,
      RuntimeEnvironment: app.runtime,
      ApplicationMode: app.mode,
    })),
    NextToken: page.nextToken,
  };
}

function describeApplication(ctx: CallContext, input: Input) {
  const app = findApplication(ctx, stringField(input, 'ApplicationName', true));
  const includeDetails = input.IncludeAdditionalDetails === true;
  const { parallelism, checkpointing, monitoring } = app;
  const currentParallelism =
    parallelism.currentParallelism ?? parallelism.parallelism;
  return {
    ApplicationDetail: {
      ApplicationARN: app.arn,
      ApplicationName: app.name,
      ApplicationDescription: app.description,
      RuntimeEnvironment: app.runtime,
      ApplicationStatus: app.status,
      ApplicationVersionId: app.versionId,
      ApplicationMode: app.mode,
      ServiceExecutionRole: app.serviceExecutionRole,
      CreateTimestamp: epochSeconds(app.createTime),
      LastUpdateTimestamp: epochSeconds(app.lastUpdateTime),
      ApplicationVersionCreateTimestamp: epochSeconds(app.lastUpdateTime),
      ConditionalToken: hashHex(`${app.arn}/${app.versionId}`, 32),
      ApplicationConfigurationDescription: {
        ApplicationCodeConfigurationDescription: {
          CodeContentType: 'ZIPFILE',
          CodeContentDescription: {
            CodeMD5: hashHex(`${app.code.bucketArn}/${app.code.fileKey}`, 32),
            CodeSize: 48_213_337,
            S3ApplicationCodeLocationDescription: {
              BucketARN: app.code.bucketArn,
              FileKey: app.code.fileKey,
            },
          },
        },
        RunConfigurationDescription: {
          ApplicationRestoreConfigurationDescription: {
            ApplicationRestoreType: app.snapshotsEnabled
              ? 'RESTORE_FROM_LATEST_SNAPSHOT'
              : 'SKIP_RESTORE_FROM_SNAPSHOT',
          },
          FlinkRunConfigurationDescription: { AllowNonRestoredState: false },
        },
        FlinkApplicationConfigurationDescription: {
          CheckpointConfigurationDescription: {
            ConfigurationType: checkpointing.configurationType,
            CheckpointingEnabled: checkpointing.enabled,
            CheckpointInterval: checkpointing.intervalMs,
            MinPauseBetweenCheckpoints: checkpointing.minPauseMs,
          },
          MonitoringConfigurationDescription: {
            ConfigurationType: monitoring.configurationType,
            MetricsLevel: monitoring.metricsLevel,
            LogLevel: monitoring.logLevel,
          },
          ParallelismConfigurationDescription: {
            ConfigurationType: parallelism.configurationType,
            Parallelism: parallelism.parallelism,
            ParallelismPerKPU: parallelism.parallelismPerKpu,
            CurrentParallelism: currentParallelism,
            AutoScalingEnabled: parallelism.autoScaling,
          },
          JobPlanDescription: includeDetails
            ? JSON.stringify({
                jid: hashHex(`${app.arn}/job`, 32),
                name: app.name,
                nodes: [
                  {
                    id: hashHex(`${app.arn}/source`, 32),
                    parallelism: currentParallelism,
                    description: 'Source: Kafka',
                  },
                  {
                    id: hashHex(`${app.arn}/sink`, 32),
                    parallelism: currentParallelism,
                    description: 'Sink: Kafka',
                  },
                ],
              })
            : undefined,
        },
        EnvironmentPropertyDescriptions: {
          PropertyGroupDescriptions: Object.entries(app.propertyGroups).map(
            ([id, map]) => ({
              PropertyGroupId: id,
              PropertyMap: map,
            }),
          ),
        },
        ApplicationSnapshotConfigurationDescription: {
          SnapshotsEnabled: app.snapshotsEnabled,
        },
        ApplicationSystemRollbackConfigurationDescription: {
          RollbackEnabled: app.rollbackEnabled,
        },
      },
      CloudWatchLoggingOptionDescriptions: app.logging
        ? [
            {
              CloudWatchLoggingOptionId: '1.1',
              LogStreamARN: `arn:aws:logs:${ctx.regionName}:${ctx.account.id}:log-group:/aws/kinesis-analytics/${app.name}:log-stream:kinesis-analytics-log-stream`,
            },
          ]
        : [],
      ApplicationMaintenanceConfigurationDescription: {
        ApplicationMaintenanceWindowStartTime: '06:00',
        ApplicationMaintenanceWindowEndTime: '14:00',
      },
    },
  };
}

function listTags(ctx: CallContext, input: Input) {
  const arn = stringField(input, 'ResourceARN', true);
  const app = ctx.region.flinkApplications.find(a => a.arn === arn);
  if (!app) {
    throw new AwsError(
      400,
      'ResourceNotFoundException',
      `Resource ${arn} is not found.`,
    );
  }
  return {
    Tags: Object.entries(app.tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

const OPERATION_STATUSES = ['IN_PROGRESS', 'CANCELLED', 'SUCCESSFUL', 'FAILED'];

function listOperations(ctx: CallContext, input: Input) {
  const app = findApplication(ctx, stringField(input, 'ApplicationName', true));
  const operation = stringField(input, 'Operation', false);
  const status = stringField(input, 'OperationStatus', false);
  if (status !== undefined && !OPERATION_STATUSES.includes(status)) {
    throw invalidArgument(
      `OperationStatus must be one of ${OPERATION_STATUSES.join(', ')}.`,
    );
  }
  const operations = app.operations.filter(
    op =>
      (!operation || op.operation === operation) &&
      (!status || op.status === status),
  );
  const page = paginate(operations, {
    token: stringField(input, 'NextToken', false),
    scope: `ListApplicationOperations|${app.arn}|${operation ?? ''}|${
      status ?? ''
    }`,
    limit: limitOf(input),
    invalidToken,
  });
  return {
    ApplicationOperationInfoList: page.items.map(op => ({
      Operation: op.operation,
      OperationId: op.id,
      StartTime: epochSeconds(op.startTime),
      EndTime: op.endTime ? epochSeconds(op.endTime) : undefined,
      OperationStatus: op.status,
    })),
    NextToken: page.nextToken,
  };
}
