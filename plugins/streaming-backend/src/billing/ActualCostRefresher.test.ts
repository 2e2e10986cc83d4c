import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  AwsReadError,
  StreamingBillingReader,
} from '@backstage-streaming/plugin-streaming-node';
import { CostExplorerStore } from '../database/CostExplorerStore';
import { InventoryStore } from '../database/InventoryStore';
import type { CostExplorerSettings } from '../service/billingConfig';
import { ActualCostRefresher } from './ActualCostRefresher';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const SETTINGS: CostExplorerSettings = {
  enabled: true,
  payerAccountIds: ['111111111111'],
  tagKey: 'owner',
  resourceLevel: true,
  maxRequestsPerDay: 20,
  differenceThresholdPercent: 10,
  schedule: { frequency: { hours: 24 }, timeout: { minutes: 10 } },
};

/** Counts requests as Cost Explorer would charge them; denies access when told. */
class FakeCostExplorer
  implements Omit<StreamingBillingReader, 'readPriceListProducts'>
{
  requests: string[] = [];
  denied = false;
  private request(name: string) {
    if (this.denied) {
      throw new AwsReadError({
        operation: name,
        code: 'AccessDeniedException',
        iamAction: `ce:${name}`,
        message: 'not authorized',
      });
    }
    this.requests.push(name);
  }
  async lookUpStreamingServiceNames() {
    for (let i = 0; i < 3; i++) this.request('GetDimensionValues');
    return ['Amazon Managed Streaming for Apache Kafka'];
  }
  async readCostGroups() {
    this.request('GetCostAndUsage');
    return [{ keys: ['111111111111', 'owner$team-orders'], usd: 100 }];
  }
  async readResourceCosts() {
    this.request('GetCostAndUsageWithResources');
    return [
      { keys: ['arn:aws:kafka:us-east-1:111111111111:cluster/a/b'], usd: 40 },
    ];
  }
}

async function setUp(settings: Partial<CostExplorerSettings> = {}) {
  const knex = await databases.init('SQLITE_3');
  await InventoryStore.create(mockServices.database({ knex }));
  const reader = new FakeCostExplorer();
  const store = new CostExplorerStore(knex);
  let now = new Date('2026-11-20T06:00:00Z');
  const logger = mockServices.logger.mock();
  const refresher = new ActualCostRefresher({
    reader: reader as unknown as StreamingBillingReader,
    store,
    settings: { ...SETTINGS, ...settings },
    logger,
    now: () => now,
  });
  return {
    reader,
    store,
    refresher,
    logger,
    setNow: (iso: string) => {
      now = new Date(iso);
    },
  };
}

const statusOf = async (store: CostExplorerStore) =>
  (await store.list()).find(r => r.kind === 'status')?.result;

describe('ActualCostRefresher', () => {
  it('reads each answer once a day, counts every request and logs them', async () => {
    const { reader, store, refresher, logger, setNow } = await setUp();
    await refresher.refresh();
    expect(reader.requests).toEqual([
      'GetDimensionValues',
      'GetDimensionValues',
      'GetDimensionValues',
      'GetCostAndUsage',
      'GetCostAndUsage',
      'GetCostAndUsageWithResources',
    ]);
    expect(await store.requestsOn('111111111111', '2026-11-20')).toBe(6);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('6 requests'),
    );
    await refresher.refresh();
    expect(reader.requests).toHaveLength(6);
    // The next day: the month so far and the resources again; last month has settled, the names are known.
    setNow('2026-11-21T06:00:00Z');
    await refresher.refresh();
    expect(reader.requests.slice(6)).toEqual([
      'GetCostAndUsage',
      'GetCostAndUsageWithResources',
    ]);
    expect(await statusOf(store)).toEqual({ state: 'ok' });
  });

  it('reads a closed month again until it has settled', async () => {
    const { reader, refresher, setNow } = await setUp({ resourceLevel: false });
    setNow('2026-12-02T06:00:00Z');
    await refresher.refresh();
    setNow('2026-12-03T06:00:00Z');
    await refresher.refresh();
    setNow('2026-12-07T06:00:00Z');
    await refresher.refresh();
    setNow('2026-12-08T06:00:00Z');
    await refresher.refresh();
    const reads = reader.requests.filter(r => r === 'GetCostAndUsage');
    // 2, 3 and 7 Dec (settled from the 6th on): last month and the month so far; 8 Dec: the month so far only.
    expect(reads).toHaveLength(7);
  });

  it('stops at the daily maximum and keeps the cached answers', async () => {
    const { reader, store, refresher } = await setUp({ maxRequestsPerDay: 4 });
    await refresher.refresh();
    expect(reader.requests).toEqual([
      'GetDimensionValues',
      'GetDimensionValues',
      'GetDimensionValues',
      'GetCostAndUsage',
    ]);
    expect(await statusOf(store)).toEqual({
      state: 'budget-exhausted',
      message: expect.stringContaining(
        'streaming.costExplorer.maxRequestsPerDay (4) reached: month-to-date, resources not read today',
      ),
    });
  });

  it('says the payer account has no access, naming the IAM action', async () => {
    const { reader, store, refresher } = await setUp();
    reader.denied = true;
    await refresher.refresh();
    expect(await statusOf(store)).toEqual({
      state: 'no-access',
      message: expect.stringContaining('ce:GetDimensionValues denied'),
    });
  });
});
