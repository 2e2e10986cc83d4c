import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateApplicationCommand,
  DescribeApplicationCommand,
  KinesisAnalyticsV2Client,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  actionContext,
  OWNER,
  REGION,
  testEnvironment,
} from '../__testUtils__/environment';
import { newestFlinkRuntime } from '../config';
import { createFlinkApplicationCreateAction } from './flinkApplicationCreate';

const flink = mockClient(KinesisAnalyticsV2Client);
const logs = mockClient(CloudWatchLogsClient);
const APP_ARN = `arn:aws:kinesisanalytics:${REGION}:${ACCOUNT}:application/enricher`;
const base = {
  accountId: ACCOUNT,
  region: REGION,
  name: 'enricher',
  owner: OWNER,
  sourceTopics: ['payments.orders.v1'],
  sinkTopics: ['payments.enriched.v1'],
};

function happyPath() {
  flink
    .on(DescribeApplicationCommand)
    .rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }));
  flink.on(CreateApplicationCommand).resolves({
    ApplicationDetail: {
      ApplicationARN: APP_ARN,
      ApplicationStatus: 'READY',
    } as any,
  });
  logs.on(CreateLogGroupCommand).resolves({});
  logs.on(CreateLogStreamCommand).resolves({});
}

describe('aws:flink:application:create', () => {
  beforeEach(() => {
    flink.reset();
    logs.reset();
  });

  it('creates the application with the recommended settings, its log group and stream', async () => {
    happyPath();
    const { env } = testEnvironment();
    const { ctx, outputs } = actionContext(base);
    await createFlinkApplicationCreateAction(env).handler(ctx as any);
    expect(logs.commandCalls(CreateLogGroupCommand)[0].args[0].input).toEqual({
      logGroupName: '/aws/kinesis-analytics/enricher',
    });
    const input = flink.commandCalls(CreateApplicationCommand)[0].args[0].input;
    expect(input).toEqual({
      ApplicationName: 'enricher',
      RuntimeEnvironment: 'FLINK-2_3',
      ServiceExecutionRole: `arn:aws:iam::${ACCOUNT}:role/flink`,
      ApplicationConfiguration: {
        ApplicationCodeConfiguration: {
          CodeContentType: 'ZIPFILE',
          CodeContent: {
            S3ContentLocation: {
              BucketARN: 'arn:aws:s3:::flink-code',
              FileKey: 'app.jar',
            },
          },
        },
        FlinkApplicationConfiguration: {
          ParallelismConfiguration: {
            ConfigurationType: 'CUSTOM',
            Parallelism: 1,
            ParallelismPerKPU: 1,
            AutoScalingEnabled: true,
          },
          CheckpointConfiguration: {
            ConfigurationType: 'CUSTOM',
            CheckpointingEnabled: true,
            CheckpointInterval: 60000,
            MinPauseBetweenCheckpoints: 5000,
          },
          MonitoringConfiguration: {
            ConfigurationType: 'CUSTOM',
            LogLevel: 'INFO',
            MetricsLevel: 'APPLICATION',
          },
        },
        EnvironmentProperties: {
          PropertyGroups: [
            {
              PropertyGroupId: 'kafka.source',
              PropertyMap: { topics: 'payments.orders.v1' },
            },
            {
              PropertyGroupId: 'kafka.sink',
              PropertyMap: { topics: 'payments.enriched.v1' },
            },
          ],
        },
        ApplicationSnapshotConfiguration: { SnapshotsEnabled: true },
        ApplicationSystemRollbackConfiguration: { RollbackEnabled: true },
      },
      CloudWatchLoggingOptions: [
        {
          LogStreamARN: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/kinesis-analytics/enricher:log-stream:kinesis-analytics-log-stream`,
        },
      ],
      Tags: [
        { Key: 'owner', Value: 'team-payments' },
        { Key: 'cost-center', Value: 'team-payments' },
      ],
    });
    expect(outputs()).toMatchObject({
      arn: APP_ARN,
      runtime: 'FLINK-2_3',
      // (1 / 1 + 1 orchestration) KPUs × 730 h × $0.11 + running storage
      estimatedMonthlyUsd: expect.any(Number),
    });
    expect(outputs().estimatedMonthlyUsd).toBeGreaterThanOrEqual(160.6);
  });

  it('defaults to the newest runtime the installed SDK lists', () => {
    expect(newestFlinkRuntime()).toBe('FLINK-2_3');
  });

  it('refuses checkpointing off and needs a reason to override it', async () => {
    const { env } = testEnvironment();
    await expect(
      createFlinkApplicationCreateAction(env).handler(
        actionContext({ ...base, checkpointing: false }).ctx as any,
      ),
    ).rejects.toThrow(
      /guardrail 'checkpointing-off'.*Fix: leave checkpointing on/,
    );
    happyPath();
    const { ctx, logger } = actionContext({
      ...base,
      checkpointing: false,
      allowUnsafe: true,
      unsafeReason: 'Stateless replay job; state is rebuilt from the topic',
    });
    await createFlinkApplicationCreateAction(env).handler(ctx as any);
    const input = flink.commandCalls(CreateApplicationCommand)[0].args[0].input;
    expect(
      input.ApplicationConfiguration!.FlinkApplicationConfiguration!
        .CheckpointConfiguration!.CheckpointingEnabled,
    ).toBe(false);
    expect(input.Tags).toContainEqual({
      Key: 'streaming:unsafe-override',
      Value: 'checkpointing-off',
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/'checkpointing-off' overridden/),
    );
  });

  it('refuses a price above the limit', async () => {
    const { env } = testEnvironment({ scaffolder: { maxMonthlyUsd: 300 } });
    // (8 / 1 + 1) × 730 × $0.11 = $722.70 of KPU-hours alone
    await expect(
      createFlinkApplicationCreateAction(env).handler(
        actionContext({ ...base, parallelism: 8 }).ctx as any,
      ),
    ).rejects.toThrow(
      /guardrail 'monthly-price-limit'.*above the limit of \$300/,
    );
  });

  it('checks the shape of the role and code location', async () => {
    const { env } = testEnvironment();
    await expect(
      createFlinkApplicationCreateAction(env).handler(
        actionContext({ ...base, serviceExecutionRoleArn: 'flink-role' })
          .ctx as any,
      ),
    ).rejects.toThrow(
      /'flink-role' is not an IAM role ARN.*does not create IAM roles/,
    );
    await expect(
      createFlinkApplicationCreateAction(env).handler(
        actionContext({ ...base, codeBucketArn: 's3://bucket' }).ctx as any,
      ),
    ).rejects.toThrow(/not an S3 bucket ARN/);
  });

  it('makes no AWS call in a dry run', async () => {
    const { env } = testEnvironment();
    const { ctx, outputs } = actionContext(base, { isDryRun: true });
    await createFlinkApplicationCreateAction(env).handler(ctx as any);
    expect(flink.calls()).toHaveLength(0);
    expect(logs.calls()).toHaveLength(0);
    expect(outputs()).toMatchObject({ arn: APP_ARN, estimateComplete: false });
  });

  it('retries after a partial failure without creating anything twice', async () => {
    happyPath();
    flink
      .on(CreateApplicationCommand)
      .rejectsOnce(new Error('socket hang up'))
      .resolves({ ApplicationDetail: { ApplicationARN: APP_ARN } as any });
    const { env } = testEnvironment();
    await expect(
      createFlinkApplicationCreateAction(env).handler(
        actionContext(base).ctx as any,
      ),
    ).rejects.toThrow('socket hang up');
    // The log group and stream exist now.
    logs.on(CreateLogGroupCommand).rejects(
      new ResourceAlreadyExistsException({
        message: 'exists',
        $metadata: {},
      }),
    );
    logs.on(CreateLogStreamCommand).rejects(
      new ResourceAlreadyExistsException({
        message: 'exists',
        $metadata: {},
      }),
    );
    const retry = actionContext(base);
    await createFlinkApplicationCreateAction(env).handler(retry.ctx as any);
    expect(retry.outputs().arn).toBe(APP_ARN);
    expect(flink.commandCalls(CreateApplicationCommand)).toHaveLength(2);
  });

  it('reuses an application with the same settings and refuses a different one', async () => {
    happyPath();
    flink.on(DescribeApplicationCommand).resolves({
      ApplicationDetail: {
        ApplicationARN: APP_ARN,
        RuntimeEnvironment: 'FLINK-2_3',
        ApplicationConfigurationDescription: {
          FlinkApplicationConfigurationDescription: {
            ParallelismConfigurationDescription: {
              Parallelism: 1,
              ParallelismPerKPU: 1,
            },
          },
        },
      } as any,
    });
    const { env } = testEnvironment();
    await createFlinkApplicationCreateAction(env).handler(
      actionContext(base).ctx as any,
    );
    expect(flink.commandCalls(CreateApplicationCommand)).toHaveLength(0);
    const error = await createFlinkApplicationCreateAction(env)
      .handler(actionContext({ ...base, runtime: 'FLINK-1_20' }).ctx as any)
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toMatch(/runtime FLINK-2_3, not FLINK-1_20/);
  });

  it('checks streaming.scaffold', async () => {
    const { env } = testEnvironment({ decision: AuthorizeResult.DENY });
    await expect(
      createFlinkApplicationCreateAction(env).handler(
        actionContext(base).ctx as any,
      ),
    ).rejects.toThrow(/streaming.scaffold/);
    expect(flink.calls()).toHaveLength(0);
  });
});
