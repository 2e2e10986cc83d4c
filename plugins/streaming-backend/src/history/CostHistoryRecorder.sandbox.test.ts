import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  KafkaClusterAsset,
  resolvePricing,
} from '@backstage-streaming/plugin-streaming-common';
import { DefaultStreamingAwsService } from '@backstage-streaming/plugin-streaming-node';
import { Sandbox, startSandbox } from '@backstage-streaming/aws-sandbox';
import { resolve } from 'node:path';
import { migratedHistory, viewRow } from '../__testUtils__/costHistory';
import { CostCalculator } from '../cost/CostCalculator';
import { ESTATE_KEY } from '../database/CostHistoryStore';
import { CostHistoryRecorder } from './CostHistoryRecorder';

// The first-start backfill through the real SDK against the demo sandbox:
// 90 days of the orders-standard brokers' daily BytesIn/OutPerSec averages.
const DEMO = resolve(__dirname, '../../../../examples/sandbox/demo.yaml');
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ordersStandard: KafkaClusterAsset = {
  assetType: 'kafka-cluster',
  arn: 'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/uuid-1',
  name: 'orders-standard',
  accountId: '111111111111',
  region: 'us-east-1',
  owner: 'group:default/team-orders',
  tags: {},
  health: { status: 'healthy', findings: [] },
  refreshedAt: new Date().toISOString(),
  stale: false,
  clusterType: 'standard',
  state: 'ACTIVE',
  kafkaVersion: '3.6.0',
  brokerCount: 3,
  instanceType: 'kafka.m7g.large',
  cpuPercent: 30,
};

describe('the cost history backfill against the demo sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenarioPath: DEMO, port: 0 });
  });
  afterAll(() => sandbox.close());

  it('reconstructs 90 days with day-to-day throughput in one GetMetricData call', async () => {
    const { knex, history, inventory } = await migratedHistory(
      databases,
      'SQLITE_3',
    );
    await inventory.replaceAccountRegion({
      accountId: '111111111111',
      region: 'us-east-1',
      assets: [ordersStandard],
      keepTopicsOfClusters: [],
    });
    const cost = new CostCalculator(resolvePricing({}), 64).clusterCost(
      ordersStandard,
      [],
    );
    await knex('streaming_asset_views').insert(
      viewRow({
        arn: ordersStandard.arn,
        assetType: 'kafka-cluster',
        name: ordersStandard.name,
        owner: ordersStandard.owner,
        clusterType: 'standard',
        monthlyUsd: cost.estimate.monthlyUsd,
        complete: cost.estimate.complete,
        cost,
      }),
    );
    const aws = DefaultStreamingAwsService.fromConfig(
      new ConfigReader({
        aws: {
          accounts: [
            {
              accountId: '111111111111',
              accessKeyId: 'AKIASANDBOX111111111',
              secretAccessKey: 'sandbox-secret-111',
            },
          ],
        },
        streaming: {
          aws: {
            endpoint: sandbox.url,
            maxAttempts: 1,
            // The sandbox computes 90 days of per-minute samples on a shared test machine.
            requestTimeoutMs: 50_000,
            accounts: [{ accountId: '111111111111', regions: ['us-east-1'] }],
          },
        },
      }),
    );
    const logger = mockServices.logger.mock();
    const now = new Date();
    const recorder = new CostHistoryRecorder({
      history,
      inventory,
      aws,
      logger,
      retentionDays: 400,
      backfillDays: 90,
      maxSeries: 5000,
      now: () => now,
    });
    await recorder.run();

    const days = await history.series({
      scope: 'estate',
      key: ESTATE_KEY,
      days: 91,
      now,
    });
    expect(logger.warn).not.toHaveBeenCalled();
    expect(days).toHaveLength(91);
    expect(days.filter(d => d.backfilled)).toHaveLength(90);
    const bytesIn = days.slice(0, 90).map(d => d.bytesInPerSec!);
    // 3 brokers × a daily sine around 2.4 MB/s, × 0.8 to 1.2 per day.
    expect(Math.min(...bytesIn)).toBeGreaterThan(3 * 2.4e6 * 0.75);
    expect(Math.max(...bytesIn)).toBeLessThan(3 * 2.4e6 * 1.25);
    expect(new Set(bytesIn.map(b => Math.round(b))).size).toBe(90);
    // A Standard cluster's cost does not follow throughput: today's every day.
    expect(new Set(days.map(d => d.monthlyUsd))).toEqual(
      new Set([cost.estimate.monthlyUsd]),
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('6 series requested in 1 GetMetricData calls'),
    );
  }, 60_000);
});
