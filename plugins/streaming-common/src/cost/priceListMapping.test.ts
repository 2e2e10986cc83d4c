import { priceDocument } from './__fixtures__/priceListDocuments';
import {
  mapPriceListProducts,
  mergePriceTables,
  usageTypeWithoutRegion,
} from './priceListMapping';
import {
  lookupBrokerPrice,
  lookupItemPrice,
  PriceItemKey,
  resolvePricing,
  withPriceLists,
} from './pricing';

// Three regions with three different usage-type prefixes (eu-west-1's is `EU`).
const REGIONS = [
  { region: 'us-east-1', prefix: 'USE1' },
  { region: 'eu-west-1', prefix: 'EU' },
  { region: 'ap-southeast-2', prefix: 'APS2' },
];

const ITEM_USAGE_TYPES: Array<{
  item: PriceItemKey;
  serviceCode: 'AmazonMSK' | 'AmazonKinesisAnalytics';
  usageType: string;
  unit: string;
  awsUnit: string;
}> = [
  {
    item: 'standardStorageGbMonth',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.Storage.GP2',
    unit: 'GB-month',
    awsUnit: 'GB-Mo',
  },
  {
    item: 'standardProvisionedThroughputMbpsMonth',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.Storage.ProvisionedThroughput',
    unit: 'MB/s-month',
    awsUnit: 'MBps-Mo',
  },
  {
    item: 'standardTieredStorageGbMonth',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.TieredStorage',
    unit: 'GB-month',
    awsUnit: 'GB-Mo',
  },
  {
    item: 'standardTieredRetrievalGb',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.TieredStorage.Retrieval',
    unit: 'GB',
    awsUnit: 'GB',
  },
  {
    item: 'expressStorageGbMonth',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.Express.Storage',
    unit: 'GB-month',
    awsUnit: 'GB-Mo',
  },
  {
    item: 'expressDataInGb',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.Express.DataIn',
    unit: 'GB',
    awsUnit: 'GB',
  },
  {
    item: 'serverlessClusterHour',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.Serverless.Cluster',
    unit: 'cluster-hour',
    awsUnit: 'Hrs',
  },
  {
    item: 'serverlessPartitionHour',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.Serverless.Partition',
    unit: 'partition-hour',
    awsUnit: 'Hrs',
  },
  {
    item: 'serverlessStorageGbMonth',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.Serverless.Storage',
    unit: 'GB-month',
    awsUnit: 'GB-Mo',
  },
  {
    item: 'serverlessDataInGb',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.Serverless.DataIn',
    unit: 'GB',
    awsUnit: 'GB',
  },
  {
    item: 'serverlessDataOutGb',
    serviceCode: 'AmazonMSK',
    usageType: 'Kafka.Serverless.DataOut',
    unit: 'GB',
    awsUnit: 'GB',
  },
  {
    item: 'flinkKpuHour',
    serviceCode: 'AmazonKinesisAnalytics',
    usageType: 'KPU-Hour-Java',
    unit: 'KPU-hour',
    awsUnit: 'Hrs',
  },
  {
    item: 'flinkRunningStorageGbMonth',
    serviceCode: 'AmazonKinesisAnalytics',
    usageType: 'RunningApplicationStorage',
    unit: 'GB-month',
    awsUnit: 'GB-Mo',
  },
  {
    item: 'flinkBackupGbMonth',
    serviceCode: 'AmazonKinesisAnalytics',
    usageType: 'DurableApplicationBackups',
    unit: 'GB-month',
    awsUnit: 'GB-Mo',
  },
];

describe('mapPriceListProducts', () => {
  describe.each(REGIONS)(
    '$region ($prefix- usage types)',
    ({ region, prefix }) => {
      it.each(ITEM_USAGE_TYPES)(
        'maps $usageType to $item',
        ({ item, serviceCode, usageType, unit, awsUnit }) => {
          const mapping = mapPriceListProducts(serviceCode, region, [
            priceDocument({
              serviceCode,
              regionCode: region,
              usageType: `${prefix}-${usageType}`,
              usd: '0.1234000000',
              unit: awsUnit,
            }),
          ]);
          expect(mapping.skipped).toEqual([]);
          expect(mapping.table.items).toEqual({
            [item]: {
              usd: 0.1234,
              unit,
              asOf: '2026-10-15',
              source: `AWS Price List API (${serviceCode} ${prefix}-${usageType}, price list version 20261015000000, published 2026-10-15)`,
            },
          });
        },
      );

      it.each([
        ['Kafka.t3.small', 'kafka.t3.small'],
        ['Kafka.m5.large', 'kafka.m5.large'],
        ['Kafka.m5.24xlarge', 'kafka.m5.24xlarge'],
        ['Kafka.m7g.2xlarge', 'kafka.m7g.2xlarge'],
        ['Kafka.Express.m7g.large', 'express.m7g.large'],
        ['Kafka.Express.m7g.16xlarge', 'express.m7g.16xlarge'],
      ])('maps broker-hours of %s to %s', (usageType, instanceType) => {
        const mapping = mapPriceListProducts('AmazonMSK', region, [
          priceDocument({
            serviceCode: 'AmazonMSK',
            regionCode: region,
            usageType: `${prefix}-${usageType}`,
            usd: '0.2500000000',
          }),
        ]);
        expect(mapping.table.brokers).toEqual({
          [instanceType]: expect.objectContaining({
            usd: 0.25,
            unit: 'broker-hour',
            asOf: '2026-10-15',
          }),
        });
        expect(mapping.table.items).toEqual({});
      });
    },
  );

  it("skips another region's products, other services' usage types, tiered and non-USD prices", () => {
    const mapping = mapPriceListProducts('AmazonMSK', 'eu-west-1', [
      priceDocument({
        serviceCode: 'AmazonMSK',
        regionCode: 'us-east-1',
        usageType: 'USE1-Kafka.m5.large',
        usd: '0.21',
      }),
      priceDocument({
        serviceCode: 'AmazonMSK',
        regionCode: 'eu-west-1',
        usageType: 'EU-Kafka.Connect.MCU',
        usd: '0.12',
      }),
      priceDocument({
        serviceCode: 'AmazonMSK',
        regionCode: 'eu-west-1',
        usageType: 'EU-Kafka.Storage.GP2',
        usd: '0.11',
        extraDimensions: 1,
      }),
      priceDocument({
        serviceCode: 'AmazonMSK',
        regionCode: 'eu-west-1',
        usageType: 'EU-Kafka.m5.large',
        usd: 'n/a',
      }),
      // A Flink usage type under the MSK service code is not an MSK price.
      priceDocument({
        serviceCode: 'AmazonMSK',
        regionCode: 'eu-west-1',
        usageType: 'EU-KPU-Hour-Java',
        usd: '0.11',
      }),
    ]);
    expect(mapping.table).toEqual({ brokers: {}, items: {} });
    expect(mapping.skipped).toHaveLength(5);
  });

  it('records the newest version and publication date of what it read', () => {
    const mapping = mapPriceListProducts('AmazonMSK', 'us-east-1', [
      priceDocument({
        serviceCode: 'AmazonMSK',
        regionCode: 'us-east-1',
        usageType: 'USE1-Kafka.m5.large',
        usd: '0.21',
        version: '20260901000000',
        publicationDate: '2026-09-01T00:00:00Z',
      }),
      priceDocument({
        serviceCode: 'AmazonMSK',
        regionCode: 'us-east-1',
        usageType: 'USE1-Kafka.Storage.GP2',
        usd: '0.1',
        version: '20261101000000',
        publicationDate: '2026-11-01T00:00:00Z',
      }),
    ]);
    expect(mapping.version).toBe('20261101000000');
    expect(mapping.publicationDate).toBe('2026-11-01');
    expect(mapping.table.brokers['kafka.m5.large'].asOf).toBe('2026-09-01');
  });

  it('strips region prefixes of every form', () => {
    expect(usageTypeWithoutRegion('USE1-Kafka.m5.large')).toBe(
      'Kafka.m5.large',
    );
    expect(usageTypeWithoutRegion('EU-Kafka.m5.large')).toBe('Kafka.m5.large');
    expect(usageTypeWithoutRegion('APS2-KPU-Hour-Java')).toBe('KPU-Hour-Java');
    expect(usageTypeWithoutRegion('Kafka.m5.large')).toBe('Kafka.m5.large');
  });
});

describe('price list prices in the lookup order', () => {
  const listed = mergePriceTables([
    mapPriceListProducts('AmazonMSK', 'eu-west-1', [
      priceDocument({
        serviceCode: 'AmazonMSK',
        regionCode: 'eu-west-1',
        usageType: 'EU-Kafka.Serverless.Cluster',
        usd: '0.8250000000',
      }),
      priceDocument({
        serviceCode: 'AmazonMSK',
        regionCode: 'eu-west-1',
        usageType: 'EU-Kafka.m7g.large',
        usd: '0.2244000000',
      }),
    ]).table,
    mapPriceListProducts('AmazonKinesisAnalytics', 'eu-west-1', [
      priceDocument({
        serviceCode: 'AmazonKinesisAnalytics',
        regionCode: 'eu-west-1',
        usageType: 'EU-KPU-Hour-Java',
        usd: '0.1210000000',
      }),
    ]).table,
  ]);

  it('prices a region without a built-in table from its price list, saying so', () => {
    const pricing = withPriceLists(resolvePricing({}), { 'eu-west-1': listed });
    expect(
      lookupItemPrice(pricing, 'eu-west-1', 'serverlessClusterHour'),
    ).toEqual({
      known: true,
      origin: 'price-list',
      price: expect.objectContaining({
        usd: 0.825,
        source: expect.stringContaining('AWS Price List API'),
      }),
    });
    expect(
      lookupBrokerPrice(pricing, 'eu-west-1', 'kafka.m7g.large'),
    ).toMatchObject({
      known: true,
      origin: 'price-list',
      price: { usd: 0.2244 },
    });
    expect(lookupItemPrice(pricing, 'eu-west-1', 'flinkKpuHour')).toMatchObject(
      { known: true, price: { usd: 0.121 } },
    );
  });

  it('lets configuration win over the price list, per region and for every region', () => {
    const pricing = withPriceLists(
      resolvePricing({
        items: { flinkKpuHour: 0.1 },
        regions: { 'eu-west-1': { items: { serverlessClusterHour: 0.7 } } },
      }),
      { 'eu-west-1': listed },
    );
    expect(
      lookupItemPrice(pricing, 'eu-west-1', 'serverlessClusterHour'),
    ).toMatchObject({
      known: true,
      origin: 'configuration',
      price: { usd: 0.7 },
    });
    expect(lookupItemPrice(pricing, 'eu-west-1', 'flinkKpuHour')).toMatchObject(
      {
        known: true,
        origin: 'configuration',
        price: { usd: 0.1 },
      },
    );
  });

  it('falls back to the built-in table for what the price list lacks, and to unknown naming both', () => {
    const pricing = withPriceLists(resolvePricing({}), {
      'us-east-1': listed,
      'eu-west-1': listed,
    });
    // Not in the (partial) price list: the built-in us-east-1 price.
    expect(
      lookupItemPrice(pricing, 'us-east-1', 'expressDataInGb'),
    ).toMatchObject({
      known: true,
      origin: 'built-in',
      price: { usd: 0.01 },
    });
    const unknown = lookupItemPrice(pricing, 'eu-west-1', 'expressDataInGb');
    expect(unknown).toEqual({
      known: false,
      reason: expect.stringContaining(
        'the AWS Price List API has no price for it in eu-west-1',
      ),
    });
    const noList = lookupItemPrice(
      resolvePricing({}),
      'eu-central-1',
      'flinkKpuHour',
    );
    expect(noList).toEqual({
      known: false,
      reason: expect.stringContaining(
        'no AWS Price List API prices stored for eu-central-1',
      ),
    });
  });
});
