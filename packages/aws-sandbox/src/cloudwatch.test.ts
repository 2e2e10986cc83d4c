import {
  GetMetricDataCommand,
  GetMetricDataCommandInput,
  InvalidNextToken,
  InvalidParameterValueException,
  ListMetricsCommand,
  MetricDataQuery,
  MetricDataResult,
  paginateGetMetricData,
  paginateListMetrics,
  ValidationException,
} from '@aws-sdk/client-cloudwatch';
import type { Sandbox } from './server';
import { startSandbox } from './server';
import {
  ACCOUNT_1,
  ACCOUNT_2,
  cloudWatchClient,
  failure,
  NOW,
  startDemoSandbox,
} from './__testUtils__/sandbox';

const at = (hhmm: string) => new Date(`2026-06-01T${hhmm}:00Z`);

/** A metric whose value is the minute of the hour (a ramp 0 → 60 every hour): easy to aggregate by hand. */
const minuteQuery = (
  id: string,
  period: number,
  stat: string,
  series = 'a',
): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: {
      Namespace: 'Test',
      MetricName: 'MinuteOfHour',
      Dimensions: [{ Name: 'Series', Value: series }],
    },
    Period: period,
    Stat: stat,
  },
});

const scenario = {
  name: 'metrics-test',
  accounts: {
    '111111111111': {
      accessKeyId: ACCOUNT_1.accessKeyId,
      regions: {
        'us-east-1': {
          metrics: [
            {
              namespace: 'Test',
              name: 'MinuteOfHour',
              dimensions: { Series: ['a', 'b', 'c'] },
              value: { ramp: { from: 0, to: 60, periodMinutes: 60 } },
            },
            {
              namespace: 'Test',
              name: 'Flat',
              dimensions: { Index: Array.from({ length: 600 }, (_, i) => i) },
              value: 7,
            },
          ],
        },
      },
    },
  },
};

describe('CloudWatch (awsJson1_0) against the real CloudWatchClient', () => {
  let sandbox: Sandbox;
  let clock = NOW;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario, port: 0, clock: () => clock });
  });
  afterEach(() => {
    clock = NOW;
  });
  afterAll(() => sandbox.close());

  const getMetricData = (input: Partial<GetMetricDataCommandInput>) =>
    cloudWatchClient(sandbox).send(
      new GetMetricDataCommand({
        StartTime: at('11:00'),
        EndTime: at('11:30'),
        MetricDataQueries: [],
        ...input,
      }),
    );

  it('aggregates per-minute samples into aligned periods, newest first', async () => {
    const { MetricDataResults } = await getMetricData({
      MetricDataQueries: [
        minuteQuery('avg', 300, 'Average'),
        minuteQuery('sum', 300, 'Sum'),
        minuteQuery('max', 300, 'Maximum'),
        minuteQuery('min', 300, 'Minimum'),
        minuteQuery('count', 300, 'SampleCount'),
        minuteQuery('p90', 300, 'p90'),
      ],
    });
    const byId = Object.fromEntries(MetricDataResults!.map(r => [r.Id, r]));
    expect(byId.avg.Timestamps).toEqual(
      ['11:25', '11:20', '11:15', '11:10', '11:05', '11:00'].map(at),
    );
    expect(byId.avg.Values).toEqual([27, 22, 17, 12, 7, 2]);
    expect(byId.sum.Values).toEqual([135, 110, 85, 60, 35, 10]);
    expect(byId.max.Values).toEqual([29, 24, 19, 14, 9, 4]);
    expect(byId.min.Values).toEqual([25, 20, 15, 10, 5, 0]);
    expect(byId.count.Values).toEqual([5, 5, 5, 5, 5, 5]);
    expect(byId.p90.Values).toEqual([29, 24, 19, 14, 9, 4]);
    expect(byId.avg).toMatchObject({
      Label: 'MinuteOfHour',
      StatusCode: 'Complete',
    });
  });

  it('honours ScanBy, hourly periods and unaligned start times', async () => {
    const ascending = await getMetricData({
      ScanBy: 'TimestampAscending',
      StartTime: at('11:02'),
      EndTime: at('11:10'),
      MetricDataQueries: [minuteQuery('m', 300, 'Average')],
    });
    // The 11:00 bucket only holds the minutes from 11:02 on.
    expect(ascending.MetricDataResults![0].Timestamps).toEqual([
      at('11:00'),
      at('11:05'),
    ]);
    expect(ascending.MetricDataResults![0].Values).toEqual([3, 7]);

    const hourly = await getMetricData({
      StartTime: at('10:00'),
      EndTime: at('12:00'),
      MetricDataQueries: [
        minuteQuery('h', 3600, 'Sum'),
        minuteQuery('n', 3600, 'SampleCount'),
      ],
    });
    expect(hourly.MetricDataResults![0].Values).toEqual([1770, 1770]);
    expect(hourly.MetricDataResults![1].Values).toEqual([60, 60]);
  });

  it('has no datapoints after now, and keeps older data at coarser resolution', async () => {
    const future = await getMetricData({
      StartTime: at('11:50'),
      EndTime: at('12:30'),
      MetricDataQueries: [minuteQuery('f', 300, 'Maximum')],
    });
    expect(future.MetricDataResults![0].Timestamps).toEqual([
      at('11:55'),
      at('11:50'),
    ]);

    // Data 20 days old is kept at 5-minute resolution, as CloudWatch rolls it up.
    const old = new Date(NOW - 20 * 86_400_000);
    const rolledUp = await getMetricData({
      StartTime: old,
      EndTime: new Date(old.getTime() + 600_000),
      MetricDataQueries: [
        minuteQuery('o', 300, 'SampleCount'),
        minuteQuery('v', 300, 'Average'),
      ],
    });
    expect(rolledUp.MetricDataResults![0].Values).toEqual([5, 5]);
    expect(rolledUp.MetricDataResults![1].Values).toEqual([5, 0]);

    const beyondRetention = await getMetricData({
      StartTime: new Date(NOW - 500 * 86_400_000),
      EndTime: new Date(NOW - 499 * 86_400_000),
      MetricDataQueries: [minuteQuery('r', 3600, 'Average')],
    });
    expect(beyondRetention.MetricDataResults![0].Values).toEqual([]);
  });

  it('pages 3 queries x 60 datapoints with MaxDatapoints 100 into two pages', async () => {
    const input = {
      StartTime: at('11:00'),
      EndTime: at('12:00'),
      MaxDatapoints: 100,
      MetricDataQueries: ['a', 'b', 'c'].map(s =>
        minuteQuery(s, 60, 'Average', s),
      ),
    };
    const first = await cloudWatchClient(sandbox).send(
      new GetMetricDataCommand(input),
    );
    expect(
      first.MetricDataResults!.map(r => [r.Id, r.Values!.length, r.StatusCode]),
    ).toEqual([
      ['a', 60, 'Complete'],
      ['b', 40, 'PartialData'],
      ['c', 0, 'PartialData'],
    ]);
    expect(first.NextToken).toEqual(expect.any(String));

    // The token pins the clock: a page read a minute later continues the same data.
    clock = NOW + 60_000;
    const second = await cloudWatchClient(sandbox).send(
      new GetMetricDataCommand({ ...input, NextToken: first.NextToken }),
    );
    expect(second.NextToken).toBeUndefined();
    expect(
      second.MetricDataResults!.map(r => [
        r.Id,
        r.Values!.length,
        r.StatusCode,
      ]),
    ).toEqual([
      ['a', 0, 'Complete'],
      ['b', 20, 'Complete'],
      ['c', 60, 'Complete'],
    ]);

    const merged = mergePages([
      first.MetricDataResults!,
      second.MetricDataResults!,
    ]);
    for (const id of ['a', 'b', 'c']) {
      expect(merged[id].timestamps).toHaveLength(60);
      expect(new Set(merged[id].timestamps.map(t => t.getTime())).size).toBe(
        60,
      );
      expect(merged[id].timestamps[0]).toEqual(at('11:59'));
      expect(merged[id].values[0]).toBe(59);
    }
  });

  it('serves the same pages through paginateGetMetricData', async () => {
    const pages: MetricDataResult[][] = [];
    for await (const page of paginateGetMetricData(
      { client: cloudWatchClient(sandbox), pageSize: 100 },
      {
        StartTime: at('11:00'),
        EndTime: at('12:00'),
        MetricDataQueries: ['a', 'b', 'c'].map(s =>
          minuteQuery(s, 60, 'Average', s),
        ),
      },
    )) {
      pages.push(page.MetricDataResults!);
    }
    expect(pages).toHaveLength(2);
    const merged = mergePages(pages);
    expect(Object.values(merged).map(m => m.values.length)).toEqual([
      60, 60, 60,
    ]);
  });

  it('leaves out queries with ReturnData false and answers unknown series with no data', async () => {
    const { MetricDataResults } = await getMetricData({
      MetricDataQueries: [
        { ...minuteQuery('hidden', 300, 'Average'), ReturnData: false },
        minuteQuery('unknown', 300, 'Average', 'zzz'),
      ],
    });
    expect(MetricDataResults).toEqual([
      {
        Id: 'unknown',
        Label: 'MinuteOfHour',
        Timestamps: [],
        Values: [],
        StatusCode: 'Complete',
        Messages: [],
      },
    ]);
  });

  it('rejects more than 500 queries with ValidationError', async () => {
    const queries = Array.from({ length: 501 }, (_, i) =>
      minuteQuery(`q${i}`, 300, 'Average'),
    );
    const error = await failure(getMetricData({ MetricDataQueries: queries }));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.Error).toMatchObject({
      Code: 'ValidationError',
      Type: 'Sender',
    });
    expect(error.message).toMatch(/500/);
  });

  it('rejects expressions, bad ids, periods and stats with clear errors', async () => {
    const expression = await failure(
      getMetricData({
        MetricDataQueries: [{ Id: 'e1', Expression: 'SUM(METRICS())' }],
      }),
    );
    expect(expression).toBeInstanceOf(ValidationException);
    expect(expression.message).toMatch(/only answers MetricStat queries/);

    const badId = await failure(
      getMetricData({
        MetricDataQueries: [minuteQuery('Upper', 300, 'Average')],
      }),
    );
    expect(badId).toBeInstanceOf(ValidationException);

    const duplicate = await failure(
      getMetricData({
        MetricDataQueries: [
          minuteQuery('d', 300, 'Average'),
          minuteQuery('d', 60, 'Sum'),
        ],
      }),
    );
    expect(duplicate).toBeInstanceOf(ValidationException);

    const period = await failure(
      getMetricData({ MetricDataQueries: [minuteQuery('p', 90, 'Average')] }),
    );
    expect(period).toBeInstanceOf(InvalidParameterValueException);

    const stat = await failure(
      getMetricData({ MetricDataQueries: [minuteQuery('s', 60, 'Median')] }),
    );
    expect(stat).toBeInstanceOf(InvalidParameterValueException);

    const range = await failure(
      getMetricData({
        StartTime: at('11:00'),
        EndTime: at('10:00'),
        MetricDataQueries: [minuteQuery('r', 60, 'Sum')],
      }),
    );
    expect(range).toBeInstanceOf(InvalidParameterValueException);

    const token = await failure(
      getMetricData({
        NextToken: 'bogus',
        MetricDataQueries: [minuteQuery('t', 60, 'Sum')],
      }),
    );
    expect(token).toBeInstanceOf(InvalidNextToken);
  });

  it('lists metrics from the scenario with filters and pages of 500', async () => {
    const cw = cloudWatchClient(sandbox);
    const byName = await cw.send(
      new ListMetricsCommand({ Namespace: 'Test', MetricName: 'MinuteOfHour' }),
    );
    expect(byName.Metrics!.map(m => m.Dimensions)).toEqual([
      [{ Name: 'Series', Value: 'a' }],
      [{ Name: 'Series', Value: 'b' }],
      [{ Name: 'Series', Value: 'c' }],
    ]);
    const byDimension = await cw.send(
      new ListMetricsCommand({ Dimensions: [{ Name: 'Series', Value: 'b' }] }),
    );
    expect(byDimension.Metrics).toEqual([
      {
        Namespace: 'Test',
        MetricName: 'MinuteOfHour',
        Dimensions: [{ Name: 'Series', Value: 'b' }],
      },
    ]);

    const pages = [];
    for await (const page of paginateListMetrics(
      { client: cw },
      { Dimensions: [{ Name: 'Index' }] },
    )) {
      pages.push(page.Metrics!.length);
    }
    expect(pages).toEqual([500, 100]);

    const other = await cloudWatchClient(sandbox, { region: 'eu-west-1' }).send(
      new ListMetricsCommand({}),
    );
    expect(other.Metrics).toEqual([]);
  });
});

describe('CloudWatch metrics of the demo scenario', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startDemoSandbox();
  });
  afterAll(() => sandbox.close());

  const brokerCpu = (
    cluster: string,
    broker: string,
    name: string,
  ): MetricDataQuery => ({
    Id: `${name.toLowerCase()}${broker}`,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/Kafka',
        MetricName: name,
        Dimensions: [
          { Name: 'Cluster Name', Value: cluster },
          { Name: 'Broker ID', Value: broker },
        ],
      },
      Period: 300,
      Stat: 'Average',
    },
  });

  async function totalCpu(
    credentials: typeof ACCOUNT_1,
    cluster: string,
    broker: string,
  ) {
    const { MetricDataResults } = await cloudWatchClient(sandbox, {
      credentials,
    }).send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - 86_400_000),
        EndTime: new Date(NOW),
        MetricDataQueries: [
          brokerCpu(cluster, broker, 'CpuUser'),
          brokerCpu(cluster, broker, 'CpuSystem'),
        ],
      }),
    );
    const [user, system] = MetricDataResults!;
    expect(user.Values).toHaveLength(288);
    return user.Values!.map((v, i) => v + system.Values![i]);
  }

  it('serves 90 days of daily throughput averages that differ day to day (dailyVariation)', async () => {
    const dayMs = 86_400_000;
    const end = new Date(Math.floor(NOW / dayMs) * dayMs);
    const { MetricDataResults } = await cloudWatchClient(sandbox).send(
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - 90 * dayMs),
        EndTime: end,
        MetricDataQueries: [
          {
            Id: 'bytesin',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/Kafka',
                MetricName: 'BytesInPerSec',
                Dimensions: [
                  { Name: 'Cluster Name', Value: 'orders-standard' },
                  { Name: 'Broker ID', Value: '1' },
                ],
              },
              Period: 86_400,
              Stat: 'Average',
            },
          },
        ],
      }),
    );
    const values = MetricDataResults![0].Values!;
    expect(values).toHaveLength(90);
    // A daily sine around 2.4 MB/s, × 0.8 to 1.2 per day (demo dailyVariation 0.2).
    expect(Math.min(...values)).toBeGreaterThan(2.4e6 * 0.78);
    expect(Math.max(...values)).toBeLessThan(2.4e6 * 1.22);
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(
      2.4e6 * 0.15,
    );
  });

  it('keeps orders-standard broker CPU between 30 and 45 %', async () => {
    for (const broker of ['1', '2', '3']) {
      const cpu = await totalCpu(ACCOUNT_1, 'orders-standard', broker);
      expect(Math.min(...cpu)).toBeGreaterThanOrEqual(30);
      expect(Math.max(...cpu)).toBeLessThanOrEqual(45);
    }
  });

  it('runs clickstream-express broker 1 hot, around 65 %', async () => {
    const hot = await totalCpu(ACCOUNT_2, 'clickstream-express', '1');
    const mean = hot.reduce((a, b) => a + b, 0) / hot.length;
    expect(mean).toBeGreaterThan(62);
    expect(mean).toBeLessThan(68);
    const calm = await totalCpu(ACCOUNT_2, 'clickstream-express', '2');
    expect(Math.max(...calm)).toBeLessThan(50);
  });

  it('is deterministic: the same request gives the same noisy values', async () => {
    const a = await totalCpu(ACCOUNT_1, 'orders-standard', '1');
    const b = await totalCpu(ACCOUNT_1, 'orders-standard', '1');
    expect(a).toEqual(b);
    const otherBroker = await totalCpu(ACCOUNT_1, 'orders-standard', '2');
    expect(otherBroker).not.toEqual(a);
  });

  it('lists the Flink, lag and per-topic metrics of each account', async () => {
    const flink = await cloudWatchClient(sandbox).send(
      new ListMetricsCommand({
        Namespace: 'AWS/KinesisAnalytics',
        Dimensions: [{ Name: 'Application', Value: 'orders-enricher' }],
      }),
    );
    expect(flink.Metrics!.map(m => m.MetricName).sort()).toEqual([
      'KPUs',
      'containerCPUUtilization',
      'containerMemoryUtilization',
      'cpuUtilization',
      'downtime',
      'fullRestarts',
      'heapMemoryUtilization',
      'lastCheckpointDuration',
      'numRecordsInPerSecond',
      'numberOfFailedCheckpoints',
      'uptime',
    ]);
    const lag = await cloudWatchClient(sandbox, {
      credentials: ACCOUNT_2,
    }).send(
      new ListMetricsCommand({
        Namespace: 'AWS/Kafka',
        Dimensions: [{ Name: 'Consumer Group', Value: 'sessionizer' }],
      }),
    );
    expect(lag.Metrics!.map(m => m.MetricName).sort()).toEqual([
      'EstimatedMaxTimeLag',
      'MaxOffsetLag',
      'SumOffsetLag',
    ]);
    const perTopic = await cloudWatchClient(sandbox).send(
      new ListMetricsCommand({
        Namespace: 'AWS/Kafka',
        MetricName: 'BytesInPerSec',
        Dimensions: [{ Name: 'Topic' }],
      }),
    );
    expect(perTopic.Metrics).toHaveLength(9);
    // Express brokers have no data-log disk metric.
    const disk = await cloudWatchClient(sandbox, {
      credentials: ACCOUNT_2,
    }).send(new ListMetricsCommand({ MetricName: 'KafkaDataLogsDiskUsed' }));
    expect(disk.Metrics).toEqual([]);
  });
});

function mergePages(pages: MetricDataResult[][]) {
  const merged: Record<string, { timestamps: Date[]; values: number[] }> = {};
  for (const results of pages) {
    for (const r of results) {
      merged[r.Id!] ??= { timestamps: [], values: [] };
      merged[r.Id!].timestamps.push(...r.Timestamps!);
      merged[r.Id!].values.push(...r.Values!);
    }
  }
  return merged;
}
