import { CallContext, optionalInteger } from './context';
import { hashHex } from './ids';
import { AwsError, paginate } from './protocol';
import { findLogStream } from './logs';
import { FlinkApplication, RUNTIMES } from './scenario';

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
    case 'CreateApplication':
      return createApplication(ctx, input);
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
              LogStreamARN:
                app.logStreamArn ??
                `arn:aws:logs:${ctx.regionName}:${ctx.account.id}:log-group:/aws/kinesis-analytics/${app.name}:log-stream:kinesis-analytics-log-stream`,
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

const APPLICATION_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const CONFIGURATION_TYPES = ['CUSTOM', 'DEFAULT'];
const METRICS_LEVELS = ['APPLICATION', 'OPERATOR', 'PARALLELISM', 'TASK'];
const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

function block(input: Input | undefined, name: string): Input | undefined {
  const value = input?.[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument(`${name} must be an object.`);
  }
  return value as Input;
}

function oneOf(
  input: Input | undefined,
  name: string,
  allowed: readonly string[],
  fallback: string,
): string {
  const value = input?.[name] ?? fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw invalidArgument(
      `${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(
        value,
      )}.`,
    );
  }
  return value;
}

function bool(input: Input | undefined, name: string, fallback: boolean) {
  const value = input?.[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw invalidArgument(`${name} must be true or false.`);
  return value;
}

/** CreateApplication: validates as the service does and stores a READY (not started) application. */
function createApplication(ctx: CallContext, input: Input) {
  const name = stringField(input, 'ApplicationName', true);
  if (!APPLICATION_NAME.test(name)) {
    throw invalidArgument(
      `ApplicationName must be 1-128 letters, digits, _ . or -, got ${name}.`,
    );
  }
  const runtime = stringField(input, 'RuntimeEnvironment', true);
  if (!(RUNTIMES as readonly string[]).includes(runtime)) {
    throw invalidArgument(
      `RuntimeEnvironment ${runtime} is not supported; use one of ${RUNTIMES.join(
        ', ',
      )}.`,
    );
  }
  const role = stringField(input, 'ServiceExecutionRole', true);
  if (!ROLE_ARN.test(role)) {
    throw invalidArgument(
      `ServiceExecutionRole ${role} is not an IAM role ARN.`,
    );
  }
  if (ctx.region.flinkApplications.some(a => a.name === name)) {
    throw new AwsError(
      400,
      'ResourceInUseException',
      `Application ${name} already exists in account ${ctx.account.id} in ${ctx.regionName}.`,
    );
  }
  const configuration = block(input, 'ApplicationConfiguration');
  const s3 = block(
    block(block(configuration, 'ApplicationCodeConfiguration'), 'CodeContent'),
    'S3ContentLocation',
  );
  if (!s3) {
    throw invalidArgument(
      'ApplicationConfiguration.ApplicationCodeConfiguration.CodeContent.S3ContentLocation is required for a Flink application.',
    );
  }
  const bucketArn = stringField(s3, 'BucketARN', true);
  if (!BUCKET_ARN.test(bucketArn)) {
    throw invalidArgument(`BucketARN ${bucketArn} is not an S3 bucket ARN.`);
  }
  const fileKey = stringField(s3, 'FileKey', true);
  const flink = block(configuration, 'FlinkApplicationConfiguration');
  const parallelismIn = block(flink, 'ParallelismConfiguration');
  const checkpointIn = block(flink, 'CheckpointConfiguration');
  const monitoringIn = block(flink, 'MonitoringConfiguration');
  const parallelismType = oneOf(
    parallelismIn,
    'ConfigurationType',
    CONFIGURATION_TYPES,
    'DEFAULT',
  );
  const checkpointType = oneOf(
    checkpointIn,
    'ConfigurationType',
    CONFIGURATION_TYPES,
    'DEFAULT',
  );
  const monitoringType = oneOf(
    monitoringIn,
    'ConfigurationType',
    CONFIGURATION_TYPES,
    'DEFAULT',
  );
  const custom = (type: string) => type === 'CUSTOM';
  const parallelism = custom(parallelismType)
    ? optionalInteger(
        parallelismIn?.Parallelism,
        'Parallelism',
        1,
        256,
        invalidArgument,
      ) ?? 1
    : 1;
  const parallelismPerKpu = custom(parallelismType)
    ? optionalInteger(
        parallelismIn?.ParallelismPerKPU,
        'ParallelismPerKPU',
        1,
        8,
        invalidArgument,
      ) ?? 1
    : 1;
  const logOptions = input.CloudWatchLoggingOptions;
  let logStreamArn: string | undefined;
  if (logOptions !== undefined) {
    if (!Array.isArray(logOptions) || logOptions.length > 1) {
      throw invalidArgument(
        'CloudWatchLoggingOptions must list at most one logging option.',
      );
    }
    if (logOptions.length === 1) {
      logStreamArn = stringField(logOptions[0] as Input, 'LogStreamARN', true);
      if (!findLogStream(ctx, logStreamArn)) {
        throw invalidArgument(
          `Log stream ${logStreamArn} does not exist; create the log group and stream first.`,
        );
      }
    }
  }
  const tagsIn = input.Tags ?? [];
  if (!Array.isArray(tagsIn) || tagsIn.length > 50) {
    throw invalidArgument('Tags must be a list of at most 50 {Key, Value}.');
  }
  const tags: Record<string, string> = {};
  for (const tag of tagsIn as Input[]) {
    tags[stringField(tag, 'Key', true)] = String(tag.Value ?? '');
  }
  const propertyGroups: Record<string, Record<string, string>> = {};
  const groupList = block(
    configuration,
    'EnvironmentProperties',
  )?.PropertyGroups;
  if (groupList !== undefined) {
    if (!Array.isArray(groupList)) {
      throw invalidArgument(
        'EnvironmentProperties.PropertyGroups must be a list.',
      );
    }
    for (const group of groupList as Input[]) {
      propertyGroups[stringField(group, 'PropertyGroupId', true)] =
        (group.PropertyMap as Record<string, string>) ?? {};
    }
  }
  const now = new Date(ctx.now);
  const app: FlinkApplication = {
    name,
    description:
      typeof input.ApplicationDescription === 'string'
        ? input.ApplicationDescription
        : undefined,
    status: 'READY',
    runtime: runtime as FlinkApplication['runtime'],
    mode: 'STREAMING',
    versionId: 1,
    parallelism: {
      configurationType: parallelismType as 'CUSTOM' | 'DEFAULT',
      parallelism,
      parallelismPerKpu,
      autoScaling: custom(parallelismType)
        ? bool(parallelismIn, 'AutoScalingEnabled', false)
        : true,
    },
    // With DEFAULT the service forces checkpointing on, every 60 s with a 5 s pause.
    checkpointing: custom(checkpointType)
      ? {
          configurationType: 'CUSTOM',
          enabled: bool(checkpointIn, 'CheckpointingEnabled', true),
          intervalMs:
            optionalInteger(
              checkpointIn?.CheckpointInterval,
              'CheckpointInterval',
              1,
              Number.MAX_SAFE_INTEGER,
              invalidArgument,
            ) ?? 60_000,
          minPauseMs:
            optionalInteger(
              checkpointIn?.MinPauseBetweenCheckpoints,
              'MinPauseBetweenCheckpoints',
              0,
              Number.MAX_SAFE_INTEGER,
              invalidArgument,
            ) ?? 5_000,
        }
      : {
          configurationType: 'DEFAULT',
          enabled: true,
          intervalMs: 60_000,
          minPauseMs: 5_000,
        },
    monitoring: {
      configurationType: monitoringType as 'CUSTOM' | 'DEFAULT',
      metricsLevel: (custom(monitoringType)
        ? oneOf(monitoringIn, 'MetricsLevel', METRICS_LEVELS, 'APPLICATION')
        : 'APPLICATION') as FlinkApplication['monitoring']['metricsLevel'],
      logLevel: (custom(monitoringType)
        ? oneOf(monitoringIn, 'LogLevel', LOG_LEVELS, 'INFO')
        : 'INFO') as FlinkApplication['monitoring']['logLevel'],
    },
    snapshotsEnabled: bool(
      block(configuration, 'ApplicationSnapshotConfiguration'),
      'SnapshotsEnabled',
      false,
    ),
    rollbackEnabled: bool(
      block(configuration, 'ApplicationSystemRollbackConfiguration'),
      'RollbackEnabled',
      false,
    ),
    propertyGroups,
    logging: logStreamArn !== undefined,
    logStreamArn,
    tags,
    arn: `arn:aws:kinesisanalytics:${ctx.regionName}:${ctx.account.id}:application/${name}`,
    serviceExecutionRole: role,
    createTime: now,
    lastUpdateTime: now,
    code: { bucketArn, fileKey },
    operations: [],
  };
  ctx.region.flinkApplications.push(app);
  return describeApplication(ctx, { ApplicationName: name });
}
