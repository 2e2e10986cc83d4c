import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  gbPerMonth,
  KafkaClusterAsset,
  KafkaTopicAsset,
  resolvePricing,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import type {
  MetricPoint,
  MetricSeriesQuery,
  StreamingAwsService,
} from '@backstage-streaming/plugin-streaming-node';
import { migratedHistory, viewRow } from '../__testUtils__/costHistory';
import { CostCalculator } from '../cost/CostCalculator';
import { ESTATE_KEY } from '../database/CostHistoryStore';
import { InventoryStore } from '../database/InventoryStore';
import {
  CostHistoryRecorder,
  repriceAtThroughput,
} from './CostHistoryRecorder';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const NOW = new Date('2026-11-30T06:00:00Z');
const DAY_MS = 86_400_000;
const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';

const base = {
  tags: {},
  health: { status: 'healthy' as const, findings: [] },
  refreshedAt: '2026-11-30T05:00:00.000Z',
  stale: false,
};

const standard: KafkaClusterAsset = {
  ...base,
  assetType: 'kafka-cluster',
  arn: 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/1',
  name: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
  owner: TEAM_A,
  clusterType: 'standard',
  state: 'ACTIVE',
  kafkaVersion: '3.6.0',
  brokerCount: 2,
  instanceType: 'kafka.m7g.large',
  cpuPercent: 20,
};

const serverless: KafkaClusterAsset = {
  ...base,
  assetType: 'kafka-cluster',
  arn: 'arn:aws:kafka:us-east-1:222222222222:cluster/events/2',
  name: 'events',
  accountId: '222222222222',
  region: 'us-east-1',
  owner: null,
  clusterType: 'serverless',
  state: 'ACTIVE',
  kafkaVersion: null,
  brokerCount: null,
  instanceType: null,
  cpuPercent: null,
};

function serverlessTopic(name: string, owner: string): KafkaTopicAsset {
  return {
    ...base,
    assetType: 'kafka-topic',
    arn: `arn:aws:kafka:us-east-1:222222222222:topic/events/2/${name}`,
    name,
    accountId: '222222222222',
    region: 'us-east-1',
    owner,
    clusterArn: serverless.arn,
    clusterName: 'events',
    partitionCount: null,
    replicationFactor: null,
    outOfSyncReplicaCount: null,
    discoveredFrom: 'metrics',
    metrics: {
      'msk.serverless.topic.bytesIn': 1e6,
      'msk.serverless.topic.bytesOut': 1e6,
    },
  };
}
const topics = [
  serverlessTopic('clicks', TEAM_A),
  serverlessTopic('views', TEAM_B),
];

/** Daily averages: each series carries 1 MB/s × (1 + day index / 10) for every day of the range. */
function dailyPoints(
  queries: MetricSeriesQuery[],
  range: { start: Date; end: Date },
): Map<string, MetricPoint[]> {
  const result = new Map<string, MetricPoint[]>();
  for (const query of queries) {
    const points: MetricPoint[] = [];
    for (
      let t = range.start.getTime(), i = 0;
      t < range.end.getTime();
      t += DAY_MS, i++
    ) {
      points.push({ timestamp: t, value: 1e6 * (1 + i / 10) });
    }
    result.set(query.key, points);
  }
  return result;
}

async function setUp(
  options: { failAccount?: string; maxSeries?: number } = {},
) {
  const { knex, history, inventory } = await migratedHistory(
    databases,
    'SQLITE_3',
  );
  for (const [accountId, region, assets, keep] of [
    ['111111111111', 'us-east-1', [standard], []],
    ['222222222222', 'us-east-1', [serverless, ...topics], []],
  ] as const) {
    await inventory.replaceAccountRegion({
      accountId,
      region,
      assets: assets as unknown as StreamingAsset[],
      keepTopicsOfClusters: [...keep],
    });
  }
  const calculator = new CostCalculator(resolvePricing({}), 64);
  const standardCost = calculator.clusterCost(
    {
      ...standard,
      metrics: {
        'msk.cluster.bytesInTotal': 2e6,
        'msk.cluster.bytesOutTotal': 2e6,
      },
    },
    [],
  );
  const serverlessCost = calculator.clusterCost(
    {
      ...serverless,
      metrics: {
        'msk.cluster.bytesInTotal': 2e6,
        'msk.cluster.bytesOutTotal': 2e6,
      },
    },
    topics,
  );
  await knex('streaming_asset_views').insert([
    viewRow({
      arn: standard.arn,
      assetType: 'kafka-cluster',
      name: 'orders',
      owner: TEAM_A,
      clusterType: 'standard',
      monthlyUsd: standardCost.estimate.monthlyUsd,
      complete: standardCost.estimate.complete,
      bytesIn: 2e6,
      bytesOut: 2e6,
      cost: standardCost,
    }),
    viewRow({
      arn: serverless.arn,
      assetType: 'kafka-cluster',
      name: 'events',
      accountId: '222222222222',
      region: 'us-east-1',
      clusterType: 'serverless',
      monthlyUsd: serverlessCost.estimate.monthlyUsd,
      complete: serverlessCost.estimate.complete,
      bytesIn: 2e6,
      bytesOut: 2e6,
      cost: serverlessCost,
    }),
    viewRow({
      arn: 'arn:aws:kinesisanalytics:us-east-1:111111111111:application/enricher',
      assetType: 'flink-application',
      owner: TEAM_B,
      monthlyUsd: 160.6,
      complete: true,
    }),
  ]);
  const readMetricSeries = jest.fn(
    async (
      accountId: string,
      _region: string,
      queries: MetricSeriesQuery[],
      range: { start: Date; end: Date },
    ) => {
      if (accountId === options.failAccount) throw new Error('Rate exceeded');
      return dailyPoints(queries, range);
    },
  );
  const aws = { readMetricSeries } as unknown as StreamingAwsService;
  const logger = mockServices.logger.mock();
  const recorder = new CostHistoryRecorder({
    history,
    inventory,
    aws,
    logger,
    retentionDays: 400,
    backfillDays: 90,
    maxSeries: options.maxSeries ?? 5000,
    now: () => NOW,
  });
  return {
    knex,
    history,
    recorder,
    readMetricSeries,
    logger,
    standardCost,
    serverlessCost,
  };
}

describe('repriceAtThroughput', () => {
  it('reprices the per-GB data parts and keeps the rest', () => {
    const parts = [
      { item: 'serverlessClusterHour', unitUsd: 0.75, monthlyUsd: 547.5 },
      { item: 'serverlessDataInGb', unitUsd: 0.1, monthlyUsd: null },
      { item: 'serverlessDataOutGb', unitUsd: 0.05, monthlyUsd: 100 },
    ];
    // 1 MB/s in = 2,628 GB × $0.10; 2 MB/s out = 5,256 GB × $0.05.
    expect(repriceAtThroughput({ parts }, 1e6, 2e6)).toEqual({
      monthlyUsd: 547.5 + 262.8 + 262.8,
      complete: true,
    });
    expect(repriceAtThroughput({ parts }, null, 2e6)).toEqual({
      monthlyUsd: 547.5 + 262.8,
      complete: false,
    });
  });
});

describe('CostHistoryRecorder', () => {
  it('backfills 90 days on first start with one CloudWatch read per account-region, then records today', async () => {
    const {
      history,
      recorder,
      readMetricSeries,
      logger,
      standardCost,
      serverlessCost,
    } = await setUp();
    await recorder.run();

    expect(readMetricSeries).toHaveBeenCalledTimes(2);
    const callFor = (accountId: string) =>
      readMetricSeries.mock.calls.find(call => call[0] === accountId)!;
    const standardCall = callFor('111111111111');
    const serverlessCall = callFor('222222222222');
    // Standard: BytesInPerSec and BytesOutPerSec of brokers 1 and 2; Serverless: of each topic.
    expect(
      standardCall[2].map(q => [
        q.metricName,
        q.dimensions,
        q.periodSeconds,
        q.stat,
      ]),
    ).toEqual([
      [
        'BytesInPerSec',
        { 'Cluster Name': 'orders', 'Broker ID': '1' },
        86400,
        'Average',
      ],
      [
        'BytesInPerSec',
        { 'Cluster Name': 'orders', 'Broker ID': '2' },
        86400,
        'Average',
      ],
      [
        'BytesOutPerSec',
        { 'Cluster Name': 'orders', 'Broker ID': '1' },
        86400,
        'Average',
      ],
      [
        'BytesOutPerSec',
        { 'Cluster Name': 'orders', 'Broker ID': '2' },
        86400,
        'Average',
      ],
    ]);
    expect(serverlessCall[2]).toHaveLength(4);
    expect(standardCall[3]).toEqual({
      start: new Date('2026-09-01T00:00:00Z'),
      end: new Date('2026-11-30T00:00:00Z'),
    });

    const estate = await history.series({
      scope: 'estate',
      key: ESTATE_KEY,
      days: 400,
      now: NOW,
    });
    expect(estate).toHaveLength(91);
    expect(estate.filter(d => d.backfilled)).toHaveLength(90);
    expect(estate[0].day).toBe('2026-09-01');
    expect(estate[90]).toMatchObject({ day: '2026-11-30', backfilled: false });

    // Day 0 (2026-09-01): every series at 1 MB/s. The Standard cluster costs the same every day;
    // the Serverless one pays its data at that day's 2 topics × 1 MB/s in and out.
    const serverlessFixed = serverlessCost.estimate.parts
      .filter(
        p => !['serverlessDataInGb', 'serverlessDataOutGb'].includes(p.item),
      )
      .reduce((sum, p) => sum + (p.monthlyUsd ?? 0), 0);
    const serverlessOn = (bytesPerSec: number) =>
      serverlessFixed +
      gbPerMonth(bytesPerSec) * 0.1 +
      gbPerMonth(bytesPerSec) * 0.05;
    const cents = (usd: number) => Math.round(usd * 100);
    expect(cents(estate[0].monthlyUsd)).toBe(
      cents(standardCost.estimate.monthlyUsd) +
        cents(serverlessOn(2e6)) +
        16060,
    );
    expect(estate[0].bytesInPerSec).toBe(2e6 + 2e6);
    // Day 89 (2026-11-29): every series at 9.9 MB/s.
    expect(cents(estate[89].monthlyUsd)).toBe(
      cents(standardCost.estimate.monthlyUsd) +
        cents(serverlessOn(2 * 9.9e6)) +
        16060,
    );
    expect(estate[89].monthlyUsd).toBeGreaterThan(estate[0].monthlyUsd);

    // Owners: team-a has the Standard cluster and half the Serverless cluster (its data at 1:1).
    const teamA = await history.series({
      scope: 'owner',
      key: TEAM_A,
      days: 400,
      now: NOW,
    });
    expect(teamA).toHaveLength(91);
    expect(teamA[89].monthlyUsd).toBeGreaterThan(teamA[0].monthlyUsd);

    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        "backfilled 90 of 90 days from CloudWatch daily averages at today's sizes and prices: 8 series requested",
      ),
    );

    // A second run records today again and does not backfill again.
    await recorder.run();
    expect(readMetricSeries).toHaveBeenCalledTimes(2);
    expect(
      await history.series({
        scope: 'estate',
        key: ESTATE_KEY,
        days: 400,
        now: NOW,
      }),
    ).toHaveLength(91);
  });

  it('requests no more series than the cap, counting a cluster over it at today’s figures', async () => {
    // The Standard cluster's 4 series fit a cap of 4; the Serverless cluster's 4 do not.
    const { history, recorder, readMetricSeries, logger, serverlessCost } =
      await setUp({ maxSeries: 4 });
    await recorder.run();
    expect(readMetricSeries).toHaveBeenCalledTimes(1);
    expect(readMetricSeries.mock.calls[0][0]).toBe('111111111111');
    const events = await history.series({
      scope: 'owner',
      key: TEAM_B,
      days: 400,
      now: NOW,
    });
    // team-b's line (its half of the Serverless cluster and its application) is the same every day.
    expect(events).toHaveLength(91);
    expect(new Set(events.map(d => d.monthlyUsd)).size).toBe(1);
    expect(serverlessCost.estimate.monthlyUsd).toBeGreaterThan(0);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        '1 clusters (4 series) over the cap streaming.metrics.maxSeriesPerRefresh counted at today',
      ),
    );
  });

  it('keeps backfilling the other account-regions when one fails', async () => {
    const { history, recorder, logger } = await setUp({
      failAccount: '222222222222',
    });
    await recorder.run();
    const estate = await history.series({
      scope: 'estate',
      key: ESTATE_KEY,
      days: 400,
      now: NOW,
    });
    expect(estate).toHaveLength(91);
    const changes = await history.largestChanges({ days: 400, now: NOW });
    // The Serverless cluster is only in today's snapshot: it counts as new over the period.
    expect(changes.map(c => c.key)).toContain(serverless.arn);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'backfill of account 222222222222 in us-east-1 failed',
      ),
    );
  });

  it('records nothing before the refresh derived any cluster or application', async () => {
    const { knex, history } = await migratedHistory(databases, 'SQLITE_3');
    const readMetricSeries = jest.fn();
    const recorder = new CostHistoryRecorder({
      history,
      inventory: {} as unknown as InventoryStore,
      aws: { readMetricSeries } as unknown as StreamingAwsService,
      logger: mockServices.logger.mock(),
      retentionDays: 400,
      backfillDays: 90,
      maxSeries: 5000,
      now: () => NOW,
    });
    await recorder.run();
    expect(await knex('streaming_cost_history').count({ n: '*' })).toEqual([
      { n: 0 },
    ]);
    expect(readMetricSeries).not.toHaveBeenCalled();
  });
});
