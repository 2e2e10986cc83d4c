import {
  DescribeApplicationCommand,
  InvalidArgumentException,
  ListApplicationOperationsCommand,
  ListApplicationsCommand,
  ListTagsForResourceCommand,
  paginateListApplicationOperations,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis-analytics-v2';
import type { Sandbox } from './server';
import {
  ACCOUNT_2,
  failure,
  flinkClient,
  startDemoSandbox,
} from './__testUtils__/sandbox';

const ENRICHER_ARN =
  'arn:aws:kinesisanalytics:us-east-1:111111111111:application/orders-enricher';

describe('Managed Flink (awsJson1_1) against the real KinesisAnalyticsV2Client', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startDemoSandbox();
  });
  afterAll(() => sandbox.close());

  it('lists the applications of the calling account only', async () => {
    const one = await flinkClient(sandbox).send(
      new ListApplicationsCommand({}),
    );
    expect(one.ApplicationSummaries).toEqual([
      {
        ApplicationName: 'orders-enricher',
        ApplicationARN: ENRICHER_ARN,
        ApplicationStatus: 'RUNNING',
        ApplicationVersionId: 7,
        RuntimeEnvironment: 'FLINK-1_20',
        ApplicationMode: 'STREAMING',
      },
    ]);
    const two = await flinkClient(sandbox, { credentials: ACCOUNT_2 }).send(
      new ListApplicationsCommand({}),
    );
    expect(
      two.ApplicationSummaries!.map(a => [
        a.ApplicationName,
        a.RuntimeEnvironment,
        a.ApplicationVersionId,
      ]),
    ).toEqual([['clickstream-sessionizer', 'FLINK-2_2', 3]]);
    const elsewhere = await flinkClient(sandbox, { region: 'eu-west-1' }).send(
      new ListApplicationsCommand({}),
    );
    expect(elsewhere.ApplicationSummaries).toEqual([]);
  });

  it('describes an application with its configuration', async () => {
    const { ApplicationDetail } = await flinkClient(sandbox).send(
      new DescribeApplicationCommand({
        ApplicationName: 'orders-enricher',
        IncludeAdditionalDetails: true,
      }),
    );
    expect(ApplicationDetail).toMatchObject({
      ApplicationARN: ENRICHER_ARN,
      ApplicationStatus: 'RUNNING',
      RuntimeEnvironment: 'FLINK-1_20',
      ApplicationVersionId: 7,
      ApplicationMode: 'STREAMING',
      ServiceExecutionRole:
        'arn:aws:iam::111111111111:role/service-role/kinesis-analytics-orders-enricher-us-east-1',
      ApplicationConfigurationDescription: {
        FlinkApplicationConfigurationDescription: {
          ParallelismConfigurationDescription: {
            ConfigurationType: 'CUSTOM',
            Parallelism: 2,
            ParallelismPerKPU: 1,
            CurrentParallelism: 2,
            AutoScalingEnabled: true,
          },
          // DEFAULT checkpointing: the service's own values apply.
          CheckpointConfigurationDescription: {
            ConfigurationType: 'DEFAULT',
            CheckpointingEnabled: true,
            CheckpointInterval: 60000,
            MinPauseBetweenCheckpoints: 5000,
          },
          MonitoringConfigurationDescription: {
            MetricsLevel: 'APPLICATION',
            LogLevel: 'INFO',
          },
        },
        ApplicationSnapshotConfigurationDescription: { SnapshotsEnabled: true },
        EnvironmentPropertyDescriptions: {
          PropertyGroupDescriptions: expect.arrayContaining([
            {
              PropertyGroupId: 'kafka.source',
              PropertyMap: {
                topic: 'orders.created',
                'group.id': 'orders-enricher',
              },
            },
          ]),
        },
      },
    });
    expect(ApplicationDetail!.CreateTimestamp).toEqual(
      new Date('2025-10-02T09:00:00Z'),
    );
    expect(ApplicationDetail!.LastUpdateTimestamp).toEqual(
      new Date('2026-11-12T10:19:41Z'),
    );
    expect(
      JSON.parse(
        ApplicationDetail!.ApplicationConfigurationDescription!
          .FlinkApplicationConfigurationDescription!.JobPlanDescription!,
      ),
    ).toMatchObject({ name: 'orders-enricher' });
    expect(
      ApplicationDetail!.CloudWatchLoggingOptionDescriptions![0].LogStreamARN,
    ).toContain('/aws/kinesis-analytics/orders-enricher');
  });

  it('answers an unknown application with a typed ResourceNotFoundException', async () => {
    const error = await failure(
      flinkClient(sandbox).send(
        new DescribeApplicationCommand({ ApplicationName: 'nope' }),
      ),
    );
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    // Account 2 cannot see account 1's application.
    const foreign = await failure(
      flinkClient(sandbox, { credentials: ACCOUNT_2 }).send(
        new DescribeApplicationCommand({ ApplicationName: 'orders-enricher' }),
      ),
    );
    expect(foreign).toBeInstanceOf(ResourceNotFoundException);
  });

  it('lists tags as Key/Value pairs', async () => {
    const { Tags } = await flinkClient(sandbox).send(
      new ListTagsForResourceCommand({ ResourceARN: ENRICHER_ARN }),
    );
    expect(Tags).toEqual([{ Key: 'owner', Value: 'team-orders' }]);
    const error = await failure(
      flinkClient(sandbox).send(
        new ListTagsForResourceCommand({
          ResourceARN:
            'arn:aws:kinesisanalytics:us-east-1:111111111111:application/nope',
        }),
      ),
    );
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  it('pages application operations newest first and filters them', async () => {
    const operations = [];
    for await (const page of paginateListApplicationOperations(
      { client: flinkClient(sandbox), pageSize: 1 },
      { ApplicationName: 'orders-enricher' },
    )) {
      expect(page.ApplicationOperationInfoList!.length).toBeLessThanOrEqual(1);
      operations.push(...page.ApplicationOperationInfoList!);
    }
    expect(operations.map(o => [o.Operation, o.OperationStatus])).toEqual([
      ['UpdateApplication', 'SUCCESSFUL'],
      ['UpdateApplication', 'FAILED'],
      ['StartApplication', 'SUCCESSFUL'],
      ['CreateApplication', 'SUCCESSFUL'],
    ]);
    expect(new Set(operations.map(o => o.OperationId)).size).toBe(4);
    expect(operations[0].StartTime).toEqual(new Date('2026-11-12T10:15:00Z'));

    const failed = await flinkClient(sandbox).send(
      new ListApplicationOperationsCommand({
        ApplicationName: 'orders-enricher',
        OperationStatus: 'FAILED',
      }),
    );
    expect(failed.ApplicationOperationInfoList!.map(o => o.EndTime)).toEqual([
      new Date('2026-11-10T14:06:12Z'),
    ]);
  });

  it('rejects a bad token and a Limit out of range with InvalidArgumentException', async () => {
    const badToken = await failure(
      flinkClient(sandbox).send(
        new ListApplicationsCommand({ NextToken: 'eyJ4IjoxfQ' }),
      ),
    );
    expect(badToken).toBeInstanceOf(InvalidArgumentException);
    const badLimit = await failure(
      flinkClient(sandbox).send(new ListApplicationsCommand({ Limit: 51 })),
    );
    expect(badLimit).toBeInstanceOf(InvalidArgumentException);
  });
});
