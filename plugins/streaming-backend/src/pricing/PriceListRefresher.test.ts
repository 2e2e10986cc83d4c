import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  lookupItemPrice,
  PriceListProduct,
  resolvePricing,
} from '@backstage-streaming/plugin-streaming-common';
import {
  AwsReadError,
  StreamingBillingReader,
} from '@backstage-streaming/plugin-streaming-node';
import { InventoryStore } from '../database/InventoryStore';
import { PriceListStore } from '../database/PriceListStore';
import type { PriceListSettings } from '../service/billingConfig';
import { CurrentPricing } from './CurrentPricing';
import { PriceListRefresher } from './PriceListRefresher';

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15'],
});

const SETTINGS: PriceListSettings = {
  enabled: true,
  accountId: '111111111111',
  apiRegion: 'us-east-1',
  extraRegions: [],
  schedule: { frequency: { hours: 24 }, timeout: { minutes: 10 } },
};

/** A real-shaped product with one on-demand price. */
function product(
  region: string,
  usageType: string,
  usd: string,
): PriceListProduct {
  return {
    product: { attributes: { regionCode: region, usagetype: usageType } },
    terms: {
      OnDemand: {
        'SKU.TERM': {
          priceDimensions: {
            'SKU.TERM.RATE': { unit: 'Hrs', pricePerUnit: { USD: usd } },
          },
        },
      },
    },
    version: '20261101000000',
    publicationDate: '2026-11-01T00:00:00Z',
  };
}

/** Answers from a table of products, or fails with an AccessDenied once `failing` is set. */
class FakeReader
  implements Pick<StreamingBillingReader, 'readPriceListProducts'>
{
  failing = false;
  constructor(private readonly products: Record<string, PriceListProduct[]>) {}
  async readPriceListProducts(
    _accountId: string,
    _apiRegion: string,
    serviceCode: string,
    region: string,
  ) {
    if (this.failing) {
      throw new AwsReadError({
        operation: 'GetProducts',
        code: 'AccessDeniedException',
        iamAction: 'pricing:GetProducts',
        message: 'not authorized',
      });
    }
    return this.products[`${region}/${serviceCode}`] ?? [];
  }
}

describe.each(databases.eachSupportedId())(
  'PriceListRefresher on %s',
  databaseId => {
    async function setUp(config: unknown = {}) {
      const knex = await databases.init(databaseId);
      await InventoryStore.create(mockServices.database({ knex }));
      const reader = new FakeReader({
        'eu-west-1/AmazonMSK': [
          product('eu-west-1', 'EU-Kafka.Serverless.Cluster', '0.8250000000'),
        ],
        'eu-west-1/AmazonKinesisAnalytics': [
          product('eu-west-1', 'EU-KPU-Hour-Java', '0.1210000000'),
        ],
      });
      const store = new PriceListStore(knex);
      const make = () => {
        const pricing = new CurrentPricing(resolvePricing(config));
        const refresher = new PriceListRefresher({
          reader: reader as unknown as StreamingBillingReader,
          store,
          pricing,
          settings: SETTINGS,
          regions: ['eu-west-1'],
          logger: mockServices.logger.mock(),
          now: () => new Date('2026-11-30T06:00:00Z'),
        });
        return { pricing, refresher };
      };
      return { reader, store, make };
    }

    it('stores what it read with the version and date, and prices the region from it', async () => {
      const { store, make } = await setUp();
      const { pricing, refresher } = make();
      expect(
        lookupItemPrice(pricing.current(), 'eu-west-1', 'serverlessClusterHour')
          .known,
      ).toBe(false);
      const result = await refresher.refresh();
      expect(result.stored).toEqual([
        'eu-west-1/AmazonMSK',
        'eu-west-1/AmazonKinesisAnalytics',
      ]);
      expect(await store.list()).toEqual([
        expect.objectContaining({
          region: 'eu-west-1',
          serviceCode: 'AmazonKinesisAnalytics',
          version: '20261101000000',
          publicationDate: '2026-11-01',
          fetchedAt: '2026-11-30T06:00:00.000Z',
        }),
        expect.objectContaining({ serviceCode: 'AmazonMSK' }),
      ]);
      expect(
        lookupItemPrice(
          pricing.current(),
          'eu-west-1',
          'serverlessClusterHour',
        ),
      ).toMatchObject({
        known: true,
        origin: 'price-list',
        price: { usd: 0.825 },
      });
    });

    it('keeps the last good prices when the API fails, also after a restart', async () => {
      const { reader, make } = await setUp();
      await make().refresher.refresh();
      reader.failing = true;
      const { pricing, refresher } = make(); // a restart: nothing in memory
      const result = await refresher.refresh();
      expect(result.stored).toEqual([]);
      expect(result.kept).toEqual([
        {
          list: 'eu-west-1/AmazonMSK',
          reason: 'AccessDeniedException: not authorized',
        },
        {
          list: 'eu-west-1/AmazonKinesisAnalytics',
          reason: 'AccessDeniedException: not authorized',
        },
      ]);
      expect(
        lookupItemPrice(pricing.current(), 'eu-west-1', 'flinkKpuHour'),
      ).toMatchObject({
        known: true,
        origin: 'price-list',
        price: { usd: 0.121 },
      });
    });

    it('falls back to the built-in table when nothing was ever read', async () => {
      const { reader, make } = await setUp();
      reader.failing = true;
      const { pricing, refresher } = make();
      await refresher.refresh();
      expect(
        lookupItemPrice(pricing.current(), 'us-east-1', 'flinkKpuHour'),
      ).toMatchObject({
        known: true,
        origin: 'built-in',
        price: { usd: 0.11 },
      });
      expect(
        lookupItemPrice(pricing.current(), 'eu-west-1', 'flinkKpuHour').known,
      ).toBe(false);
    });

    it('lets streaming.pricing win over what the price list says', async () => {
      const { make } = await setUp({
        regions: { 'eu-west-1': { items: { serverlessClusterHour: 0.7 } } },
      });
      const { pricing, refresher } = make();
      await refresher.refresh();
      expect(
        lookupItemPrice(
          pricing.current(),
          'eu-west-1',
          'serverlessClusterHour',
        ),
      ).toMatchObject({
        known: true,
        origin: 'configuration',
        price: { usd: 0.7 },
      });
      expect(
        lookupItemPrice(pricing.current(), 'eu-west-1', 'flinkKpuHour'),
      ).toMatchObject({ origin: 'price-list' });
    });

    it('keeps stored prices when a read prices nothing', async () => {
      const { reader, make, store } = await setUp();
      await make().refresher.refresh();
      (reader as any).products = {};
      const result = await make().refresher.refresh();
      expect(result.kept.map(k => k.reason)).toEqual([
        'the price list has no AmazonMSK prices for eu-west-1',
        'the price list has no AmazonKinesisAnalytics prices for eu-west-1',
      ]);
      expect(await store.list()).toHaveLength(2);
    });
  },
);
