import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { Sandbox, startSandbox } from '@backstage-streaming/aws-sandbox';
import {
  mapPriceListProducts,
  PRICE_ITEM_KEYS,
} from '@backstage-streaming/plugin-streaming-common';
import { resolve } from 'node:path';
import { AwsCallCounter, AwsClientFactory } from './clients';
import { readStreamingAwsConfig } from './config';
import {
  lookUpStreamingServiceNames,
  readCostGroups,
  readResourceCosts,
} from './readers/costExplorer';
import { AwsReadError } from './readers/errors';
import { readPriceListProducts } from './readers/priceList';

// The Price List and Cost Explorer readers with the real SDK clients against
// the sandbox, which speaks their awsJson1_1 protocol (AWSPriceListService,
// AWSInsightsIndexService).
const DEMO = resolve(__dirname, '../../../examples/sandbox/demo.yaml');
const NOW = Date.parse('2026-11-20T12:00:00Z');

function factoryFor(sandbox: Sandbox) {
  const config = new ConfigReader({
    aws: {
      accounts: [
        {
          accountId: '111111111111',
          accessKeyId: 'AKIASANDBOX111111111',
          secretAccessKey: 'sandbox-secret-111',
        },
        {
          accountId: '222222222222',
          accessKeyId: 'AKIASANDBOX222222222',
          secretAccessKey: 'sandbox-secret-222',
        },
      ],
    },
    streaming: {
      aws: {
        endpoint: sandbox.url,
        accounts: [{ accountId: '111111111111', regions: ['us-east-1'] }],
        maxAttempts: 1,
        requestTimeoutMs: 2000,
      },
    },
  });
  return new AwsClientFactory(
    DefaultAwsCredentialsManager.fromConfig(config),
    readStreamingAwsConfig(config),
  );
}

describe('billing readers against the demo sandbox', () => {
  let sandbox: Sandbox;
  let factory: AwsClientFactory;
  beforeAll(async () => {
    sandbox = await startSandbox({
      scenarioPath: DEMO,
      port: 0,
      clock: () => NOW,
    });
    factory = factoryFor(sandbox);
  });
  afterAll(() => sandbox.close());

  it.each(['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1'])(
    'reads and maps every MSK and Managed Flink price item of %s',
    async region => {
      const { pricing } = await factory.createBilling(
        '111111111111',
        'us-east-1',
      );
      const msk = mapPriceListProducts(
        'AmazonMSK',
        region,
        await readPriceListProducts(pricing, 'AmazonMSK', region),
      );
      const flink = mapPriceListProducts(
        'AmazonKinesisAnalytics',
        region,
        await readPriceListProducts(pricing, 'AmazonKinesisAnalytics', region),
      );
      const items = { ...msk.table.items, ...flink.table.items };
      // The sandbox documents no tiered storage prices (no source for them).
      expect(Object.keys(items).sort()).toEqual(
        PRICE_ITEM_KEYS.filter(k => !k.startsWith('standardTiered')).sort(),
      );
      expect(msk.table.brokers['kafka.m7g.large']).toMatchObject({
        unit: 'broker-hour',
        asOf: '2026-11-01',
        source: expect.stringContaining('AWS Price List API (AmazonMSK'),
      });
      expect(msk.skipped).toEqual([]);
    },
  );

  it("reads a region's products with the regionCode filter only, one request for one page", async () => {
    const { pricing } = await factory.createBilling(
      '111111111111',
      'us-east-1',
    );
    const counter = new AwsCallCounter();
    const all = await counter.run(() =>
      readPriceListProducts(pricing, 'AmazonMSK', 'us-east-1'),
    );
    expect(all.length).toBeGreaterThan(20);
    expect(
      all.every(p => p.product.attributes.regionCode === 'us-east-1'),
    ).toBe(true);
    expect(counter.toJSON()).toEqual({ GetProducts: 1 });
  });

  it('refuses the Price List API outside us-east-1 and ap-south-1, as an AwsReadError', async () => {
    const { pricing } = await factory.createBilling(
      '111111111111',
      'eu-west-1',
    );
    await expect(
      readPriceListProducts(pricing, 'AmazonMSK', 'eu-west-1'),
    ).rejects.toBeInstanceOf(AwsReadError);
  });

  it('looks the service names up and reads costs by account, owner tag and resource', async () => {
    const { costExplorer } = await factory.createBilling(
      '111111111111',
      'us-east-1',
    );
    const period = { start: '2026-10-01', end: '2026-11-01' };
    const services = await lookUpStreamingServiceNames(costExplorer, period);
    expect(services).toEqual([
      'Amazon Managed Service for Apache Flink',
      'Amazon Managed Streaming for Apache Kafka',
    ]);
    const byAccountAndOwner = await readCostGroups(
      costExplorer,
      period,
      services,
      [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'TAG', Key: 'owner' },
      ],
    );
    const orders = byAccountAndOwner.find(
      g => g.keys[0] === '111111111111' && g.keys[1] === 'owner$team-orders',
    );
    // 31 days of October, pro rata of the fixture's 30-day month.
    expect(orders?.usd).toBeCloseTo(((746.76 + 262) * 31) / 30, 6);
    expect(byAccountAndOwner.some(g => g.keys[1] === 'owner$')).toBe(true);
    const resources = await readResourceCosts(
      costExplorer,
      { start: '2026-11-07', end: '2026-11-21' },
      services,
    );
    expect(resources.map(r => r.keys[0])).toContain(
      'arn:aws:kinesisanalytics:us-east-1:111111111111:application/orders-enricher',
    );
  });

  it('answers a linked (non-payer) account with AccessDenied', async () => {
    const { costExplorer } = await factory.createBilling(
      '222222222222',
      'us-east-1',
    );
    const error = await lookUpStreamingServiceNames(costExplorer, {
      start: '2026-10-01',
      end: '2026-11-01',
    }).catch(e => e);
    expect(error).toBeInstanceOf(AwsReadError);
    expect((error as AwsReadError).detail.code).toBe('AccessDeniedException');
  });
});
