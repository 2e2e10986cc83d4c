// node --test scripts/bench/refresh.test.mjs: the refresh measurements' rules, without running the bench.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backlogSentence,
  callsOf,
  DEFAULT_MAX_TOPIC_DESCRIBES,
  evaluateRefreshGoals,
  minimumCalls,
  monthlyMetricsUsd,
  rateLimitFloor,
  refreshRows,
  renderRefreshReport,
  seriesFromLog,
  topicBacklog,
  topicDescribesMinimum,
} from './refresh.mjs';

const scenario = {
  accounts: {
    300000000001: {
      regions: {
        'us-east-1': {
          clusters: [
            {
              name: 'a',
              type: 'standard',
              brokers: 6,
              topics: [{ name: 't', count: 250 }],
            },
            { name: 'b', type: 'express', brokers: 3, topics: [] },
            { name: 's', type: 'serverless' },
          ],
          flinkApplications: [
            { name: 'x', parallelism: { autoScaling: true } },
            { name: 'y', parallelism: { autoScaling: false } },
            {
              name: 'z',
              status: 'AUTOSCALING',
              parallelism: { autoScaling: false },
            },
          ],
        },
      },
    },
  },
};
const series = new Map([['300000000001/us-east-1', 1200]]);
const maxTopicDescribes = DEFAULT_MAX_TOPIC_DESCRIBES;

test('the minimum of a full refresh: pages at the largest size, every describe, ⌈queries/500⌉', () => {
  const min = minimumCalls(scenario, {
    accounts: ['300000000001'],
    regions: ['us-east-1'],
    first: true,
    series,
    maxTopicDescribes,
  });
  assert.deepEqual(min, {
    ListClustersV2: 1,
    ListApplications: 1,
    ListNodes: 2,
    ListTopics: 3 + 1,
    DescribeClusterV2: 3,
    DescribeTopic: 250,
    ListTagsForResource: 3,
    DescribeApplication: 3,
    ListApplicationOperations: 3,
    GetMetricData: 3,
  });
});

test('with nothing changed only the autoscaling applications are described again', () => {
  const min = minimumCalls(scenario, {
    accounts: ['300000000001'],
    regions: ['us-east-1'],
    first: false,
    series,
    maxTopicDescribes,
  });
  assert.equal(min.DescribeApplication, 2);
  assert.equal(min.DescribeClusterV2, undefined);
  assert.equal(min.DescribeTopic, undefined);
  // No application's listing changed: no operations to list.
  assert.equal(min.ListApplicationOperations, undefined);
});

test('DescribeTopic within the budget: min(topics, budget) first, then min(the backlog left, budget)', () => {
  // 1,500 topics at 400 a refresh: 400, 400, 400, 300, then none.
  assert.deepEqual(
    [1, 2, 3, 4, 5].map(n => topicDescribesMinimum(1500, 400, n)),
    [400, 400, 400, 300, 0],
  );
  // Fewer topics than the budget: all at once.
  assert.deepEqual(
    [1, 2].map(n => topicDescribesMinimum(250, 400, n)),
    [250, 0],
  );
  // 0: no limit.
  assert.deepEqual(
    [1, 2].map(n => topicDescribesMinimum(1500, 0, n)),
    [1500, 0],
  );
  const at = (first, budget) =>
    minimumCalls(scenario, {
      accounts: ['300000000001'],
      regions: ['us-east-1'],
      first,
      series,
      maxTopicDescribes: budget,
    }).DescribeTopic;
  // The scenario's account-region has 250 topics (the Serverless cluster has none to describe).
  assert.equal(at(true, 100), 100);
  assert.equal(at(false, 100), 100);
  assert.equal(at(true, 200), 200);
  assert.equal(at(false, 200), 50);
  assert.throws(
    () =>
      minimumCalls(scenario, {
        accounts: ['300000000001'],
        regions: ['us-east-1'],
        first: true,
        series,
      }),
    /maxTopicDescribes must be the backend's streaming\.refresh\.maxTopicDescribes/,
  );
});

test("the quotas' floor counts DescribeTopic within the budget", () => {
  const limits = {
    DescribeTopic: { perSecond: 10, burst: 10, source: 'assumed' },
  };
  const floor = rateLimitFloor(
    scenario,
    {
      accounts: ['300000000001'],
      regions: ['us-east-1'],
      first: true,
      series,
      maxTopicDescribes: 100,
    },
    limits,
  );
  assert.equal(floor.calls, 100);
  assert.equal(floor.seconds, 9);
});

test('how many refreshes until every topic configuration is read, at the 15-minute schedule', () => {
  const large = {
    accounts: {
      300000000001: {
        regions: {
          'us-east-1': {
            clusters: [
              { type: 'standard', topics: [{ name: 't#', count: 1500 }] },
            ],
          },
          'eu-west-1': {
            clusters: [
              { type: 'express', topics: [{ name: 't#', count: 900 }] },
              { type: 'serverless', topics: [{ name: 's', count: 5000 }] },
            ],
          },
        },
      },
    },
  };
  const backlog = topicBacklog(large, {
    accounts: ['300000000001'],
    regions: ['us-east-1', 'eu-west-1'],
    maxTopicDescribes: 400,
  });
  assert.deepEqual(backlog, {
    maxTopicDescribes: 400,
    topics: 1500,
    accountRegion: '300000000001/us-east-1',
    refreshes: 4,
    minutesAfterFirst: 45,
    everyMinutes: 15,
  });
  assert.equal(
    backlogSentence(backlog),
    "Topic configurations: at most 400 `DescribeTopic` calls per account-region and refresh (`streaming.refresh.maxTopicDescribes`); the largest account-region's 1500 topics (300000000001/us-east-1) take 4 refreshes, so every topic's configuration is read by refresh 4, 45 min after the first at the default 15-minute schedule.",
  );
  const unlimited = topicBacklog(large, {
    accounts: ['300000000001'],
    regions: ['us-east-1'],
    maxTopicDescribes: 0,
  });
  assert.equal(unlimited.refreshes, 1);
  assert.match(backlogSentence(unlimited), /read by the first refresh/);
});

test("the quotas' floor: the slowest operation of the slowest account-region, after its burst", () => {
  const limits = {
    DescribeTopic: { perSecond: 10, burst: 10, source: 'assumed' },
    'kinesisanalytics:ListTagsForResource': {
      perSecond: 5,
      burst: 5,
      source: 'assumed',
    },
  };
  const floor = rateLimitFloor(
    scenario,
    {
      accounts: ['300000000001'],
      regions: ['us-east-1'],
      first: true,
      series,
      maxTopicDescribes,
    },
    limits,
  );
  assert.deepEqual(floor, {
    seconds: 24,
    op: 'DescribeTopic',
    calls: 250,
    perSecond: 10,
    source: 'assumed',
    accountRegion: '300000000001/us-east-1',
  });
  const none = rateLimitFloor(
    scenario,
    {
      accounts: ['300000000001'],
      regions: ['us-east-1'],
      first: false,
      series,
      maxTopicDescribes,
    },
    limits,
  );
  assert.equal(none.op, undefined);
});

test('the 60 s goal says plainly when the quotas alone exceed it', () => {
  const rows = refreshRows({ DescribeTopic: 1000 }, { DescribeTopic: 1000 });
  const [, , speed] = evaluateRefreshGoals({
    first: {
      seconds: 101,
      rateLimited: 0,
      rows,
      floor: {
        seconds: 99,
        op: 'DescribeTopic',
        calls: 1000,
        perSecond: 10,
        source: 'assumed',
        accountRegion: 'a/r',
      },
    },
    second: { seconds: 1, rateLimited: 0, rows },
    metrics: { monthlyUsd: 1, estateUsd: 10_000 },
  });
  assert.equal(speed.pass, false);
  assert.match(speed.measured, /cannot be met under these quotas/);
});

test('calls the minimum does not need at all fail the ratio goal', () => {
  const [, second] = evaluateRefreshGoals({
    first: { seconds: 1, rateLimited: 0, rows: [] },
    second: {
      seconds: 1,
      rateLimited: 0,
      rows: refreshRows({ ListApplicationOperations: 20 }, {}),
    },
    metrics: { monthlyUsd: 1, estateUsd: 10_000 },
  });
  assert.equal(second.pass, false);
  assert.match(second.measured, /ListApplicationOperations Infinity×/);
});

test('calls, series and cost are read from /v1/status and the log', () => {
  assert.deepEqual(
    callsOf({
      accountRegions: [
        { calls: { ListTopics: 2, GetMetricData: 1 } },
        { calls: { ListTopics: 1 } },
      ],
    }),
    { ListTopics: 3, GetMetricData: 1 },
  );
  const log =
    'x Streaming inventory metrics of 300000000001 in us-east-1: 1200 series requested; at this\n' +
    'x Streaming slow metrics of 300000000001 in us-east-1: 40 series requested; at\n';
  assert.deepEqual([...seriesFromLog(log)], [['300000000001/us-east-1', 1200]]);
  assert.deepEqual(
    [...seriesFromLog(log, 'slow')],
    [['300000000001/us-east-1', 40]],
  );
  // 1,200 series 2,920 times a month and 40 series 1,460 times, at $0.01 per 1,000.
  assert.equal(
    monthlyMetricsUsd(seriesFromLog(log), seriesFromLog(log, 'slow')).toFixed(
      3,
    ),
    (((1200 * 2920 + 40 * 1460) / 1000) * 0.01).toFixed(3),
  );
});

test('each goal passes or fails on its own numbers', () => {
  const refresh = (calls, seconds, rateLimited = 0) => ({
    seconds,
    rateLimited,
    rows: refreshRows(calls, { ListTopics: 10, GetMetricData: 2 }),
  });
  const good = evaluateRefreshGoals({
    first: refresh({ ListTopics: 11, GetMetricData: 2 }, 30),
    second: refresh({ ListTopics: 10, GetMetricData: 2 }, 10),
    metrics: { monthlyUsd: 5, estateUsd: 10_000 },
  });
  assert.deepEqual(
    good.map(g => g.pass),
    [true, true, true, true],
  );
  const bad = evaluateRefreshGoals({
    first: refresh({ ListTopics: 100, GetMetricData: 2 }, 75, 3),
    second: refresh({ ListTopics: 12, GetMetricData: 2 }, 10),
    metrics: { monthlyUsd: 200, estateUsd: 10_000 },
  });
  assert.deepEqual(
    bad.map(g => g.pass),
    [false, false, false, false],
  );
  assert.match(bad[0].measured, /ListTopics 10\.00×/);
  const report = renderRefreshReport({
    first: refresh({ ListTopics: 100 }, 75, 3),
    second: refresh({ ListTopics: 12 }, 10),
    metrics: {
      inventorySeries: 1,
      slowSeries: 1,
      monthlyUsd: 200,
      estateUsd: 10_000,
    },
    live: { available: true, entity: 'e', topics: 200, ms: 3000, oursMs: 10 },
    goals: bad,
    backlog: {
      maxTopicDescribes: 400,
      topics: 1500,
      accountRegion: 'a/r',
      refreshes: 4,
      minutesAfterFirst: 45,
      everyMinutes: 15,
    },
  });
  assert.match(
    report,
    /take 4 refreshes, so every topic's configuration is read by refresh 4, 45 min after the first/,
  );
  assert.match(
    report,
    /\| ListTopics \| 100 \| 10 \| 10\.00× \| 12 \| 10 \| 1\.20× \|/,
  );
  assert.match(report, /\*\*300×\*\* slower/);
});
