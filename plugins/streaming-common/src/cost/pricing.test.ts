import { KNOWN_BROKER_INSTANCE_TYPES } from './limits';
import {
  BUILT_IN_PRICE_TABLES,
  CONFIGURED_ONLY_PRICE_ITEMS,
  DEFAULT_PRICING_SETTINGS,
  lookupBrokerPrice,
  lookupItemPrice,
  PRICE_ITEM_KEYS,
  priceList,
  resolvePricing,
} from './pricing';

describe('built-in us-east-1 table', () => {
  const table = BUILT_IN_PRICE_TABLES['us-east-1'];

  it('prices every known broker type and every item, each with a unit, source and date', () => {
    for (const type of KNOWN_BROKER_INSTANCE_TYPES) {
      expect(table.brokers[type]).toMatchObject({ unit: 'broker-hour' });
    }
    for (const item of [
      ...Object.values(table.brokers),
      ...Object.values(table.items),
    ]) {
      expect(item.usd).toBeGreaterThan(0);
      expect(item.source).not.toHaveLength(0);
      expect(item.asOf).toMatch(/^\d{4}/);
    }
    expect(Object.keys(table.items).sort()).toEqual(
      PRICE_ITEM_KEYS.filter(
        key => !CONFIGURED_ONLY_PRICE_ITEMS.includes(key),
      ).sort(),
    );
  });

  it('has no built-in price for tiered storage (no source states one): unknown until configured, with the key to set', () => {
    const pricing = resolvePricing(undefined);
    for (const item of [
      'standardTieredStorageGbMonth',
      'standardTieredRetrievalGb',
    ] as const) {
      expect(lookupItemPrice(pricing, 'us-east-1', item)).toEqual({
        known: false,
        reason: expect.stringContaining(`streaming.pricing.items.${item}`),
      });
    }
    const configured = resolvePricing({
      items: { standardTieredStorageGbMonth: 0.5 },
      regions: { 'eu-west-1': { items: { standardTieredRetrievalGb: 0.25 } } },
    });
    expect(
      lookupItemPrice(configured, 'us-east-1', 'standardTieredStorageGbMonth'),
    ).toMatchObject({ known: true, price: { usd: 0.5, unit: 'GB-month' } });
    expect(
      lookupItemPrice(configured, 'eu-west-1', 'standardTieredRetrievalGb'),
    ).toMatchObject({ known: true, price: { usd: 0.25, unit: 'GB' } });
  });

  it.each`
    key                       | usd       | unit
    ${'kafka.t3.small'}       | ${0.0456} | ${'broker-hour'}
    ${'kafka.m5.24xlarge'}    | ${10.08}  | ${'broker-hour'}
    ${'kafka.m7g.large'}      | ${0.204}  | ${'broker-hour'}
    ${'express.m7g.16xlarge'} | ${13.056} | ${'broker-hour'}
  `('$key costs $usd per $unit', ({ key, usd, unit }) => {
    expect(table.brokers[key]).toMatchObject({ usd, unit });
  });

  it.each`
    item                                        | usd       | unit
    ${'standardStorageGbMonth'}                 | ${0.1}    | ${'GB-month'}
    ${'standardProvisionedThroughputMbpsMonth'} | ${0.08}   | ${'MB/s-month'}
    ${'expressDataInGb'}                        | ${0.01}   | ${'GB'}
    ${'serverlessClusterHour'}                  | ${0.75}   | ${'cluster-hour'}
    ${'serverlessPartitionHour'}                | ${0.0015} | ${'partition-hour'}
    ${'serverlessDataOutGb'}                    | ${0.05}   | ${'GB'}
    ${'flinkKpuHour'}                           | ${0.11}   | ${'KPU-hour'}
    ${'flinkBackupGbMonth'}                     | ${0.023}  | ${'GB-month'}
  `('$item costs $usd per $unit', ({ item, usd, unit }) => {
    expect(table.items[item as keyof typeof table.items]).toMatchObject({
      usd,
      unit,
    });
  });

  it('marks third-party-only prices as such', () => {
    expect(table.brokers['kafka.t3.small'].source).toMatch(/^third-party only/);
    expect(table.items.serverlessClusterHour.source).toMatch(
      /^third-party only/,
    );
    expect(table.brokers['kafka.m7g.large'].source).toContain('msk_sizing.py');
  });
});

describe('resolvePricing', () => {
  it('uses the defaults without configuration', () => {
    const pricing = resolvePricing(undefined);
    expect(pricing.settings).toEqual(DEFAULT_PRICING_SETTINGS);
    expect(
      lookupBrokerPrice(pricing, 'us-east-1', 'kafka.m7g.large'),
    ).toMatchObject({
      known: true,
      price: { usd: 0.204 },
    });
  });

  it('applies overrides in order: region, every region, built-in', () => {
    const pricing = resolvePricing({
      items: { flinkKpuHour: 0.1 },
      brokers: {
        'kafka.m7g.large': {
          usd: 0.19,
          source: 'EDP rate card',
          asOf: '2026-01-01',
        },
      },
      regions: {
        'us-east-1': { items: { flinkKpuHour: 0.09 } },
        'eu-west-1': { brokers: { 'kafka.m7g.large': 0.2232 } },
      },
    });
    expect(lookupItemPrice(pricing, 'us-east-1', 'flinkKpuHour')).toMatchObject(
      {
        price: {
          usd: 0.09,
          source:
            'configured at streaming.pricing.regions.us-east-1.items.flinkKpuHour',
          asOf: null,
        },
      },
    );
    expect(lookupItemPrice(pricing, 'eu-west-1', 'flinkKpuHour')).toMatchObject(
      {
        price: { usd: 0.1, unit: 'KPU-hour' },
      },
    );
    expect(lookupBrokerPrice(pricing, 'us-east-1', 'kafka.m7g.large')).toEqual({
      known: true,
      origin: 'configuration',
      price: {
        usd: 0.19,
        unit: 'broker-hour',
        source:
          "EDP rate card (configured at streaming.pricing.brokers['kafka.m7g.large'])",
        asOf: '2026-01-01',
      },
    });
    expect(
      lookupBrokerPrice(pricing, 'eu-west-1', 'kafka.m7g.large'),
    ).toMatchObject({
      price: { usd: 0.2232 },
    });
    // Not overridden: still the built-in price.
    expect(
      lookupItemPrice(pricing, 'us-east-1', 'flinkBackupGbMonth'),
    ).toMatchObject({
      price: { usd: 0.023 },
    });
  });

  it('never lends us-east-1 prices to another region', () => {
    const pricing = resolvePricing({});
    const lookup = lookupItemPrice(
      pricing,
      'eu-west-1',
      'serverlessClusterHour',
    );
    expect(lookup).toEqual({
      known: false,
      reason:
        'no built-in price table for eu-west-1 (only us-east-1) and no AWS Price List API prices stored for eu-west-1 yet; configure streaming.pricing.regions.eu-west-1.items.serverlessClusterHour',
    });
    expect(
      priceList(pricing, 'eu-west-1').every(row => row.price === null),
    ).toBe(true);
    expect(
      priceList(pricing, 'us-east-1')
        .filter(row => row.price === null)
        .map(row => row.item),
    ).toEqual([...CONFIGURED_ONLY_PRICE_ITEMS]);
  });

  it('takes the settings for the two pricing conflicts', () => {
    expect(
      resolvePricing({
        settings: {
          expressStorageReplicaFactor: 3,
          flinkRunningStorageMode: 'first-50GB-free',
        },
      }).settings,
    ).toEqual({
      expressStorageReplicaFactor: 3,
      flinkRunningStorageMode: 'first-50GB-free',
      gbUnit: 'decimal',
    });
  });

  it('converts assumptions to bytes and keys them by ARN', () => {
    const arn =
      'arn:aws:kafka:eu-west-1:111111111111:cluster/events-serverless/x-s1';
    expect(
      resolvePricing({
        assumptions: [{ arn, partitionCount: 120, storedGB: 50 }],
      }).assumptions[arn],
    ).toEqual({
      partitionCount: 120,
      storedBytes: 50e9,
      configPath: 'streaming.pricing.assumptions[0]',
    });
  });

  it.each`
    config                                                                 | message
    ${{ brokers: { 'm7g.large': 1 } }}                                     | ${"streaming.pricing.brokers['m7g.large']: 'm7g.large' is not an MSK broker instance type such as kafka.m7g.large"}
    ${{ regions: { 'eu-west-1': { brokers: { 'KAFKA.M7G.LARGE': 1 } } } }} | ${"streaming.pricing.regions.eu-west-1.brokers['KAFKA.M7G.LARGE']: 'KAFKA.M7G.LARGE' is not an MSK broker instance type"}
    ${{ assumptions: [{ arn: 'arn:a', tieredRetrievalGB: -1 }] }}          | ${'streaming.pricing.assumptions[0].tieredRetrievalGB must be a number of 0 or more, got -1'}
    ${{ items: { flinkKpuHour: -0.11 } }}                                  | ${'streaming.pricing.items.flinkKpuHour must be a number of 0 or more, got -0.11'}
    ${{ items: { flinkKpuHour: '0.11' } }}                                 | ${'streaming.pricing.items.flinkKpuHour must be a number of 0 or more, got "0.11"'}
    ${{ brokers: { 'kafka.m7g.large': { usd: -1 } } }}                     | ${"streaming.pricing.brokers['kafka.m7g.large'].usd must be a number of 0 or more, got -1"}
    ${{ items: { kpuHour: 0.11 } }}                                        | ${'streaming.pricing.items.kpuHour is not a known price item'}
    ${{ regions: { mars: {} } }}                                           | ${'streaming.pricing.regions.mars is not an AWS region name'}
    ${{ prices: {} }}                                                      | ${'streaming.pricing.prices is not a known setting'}
    ${{ settings: { expressStorageReplicaFactor: 2 } }}                    | ${'streaming.pricing.settings.expressStorageReplicaFactor must be 1 or 3, got 2'}
    ${{ settings: { flinkRunningStorageMode: 'free' } }}                   | ${'streaming.pricing.settings.flinkRunningStorageMode must be'}
    ${{ assumptions: [{ arn: 'x', backupGB: 1 }] }}                        | ${'streaming.pricing.assumptions[0].arn must be an ARN'}
    ${{ assumptions: [{ arn: 'arn:a', partitionCount: 1.5 }] }}            | ${'streaming.pricing.assumptions[0].partitionCount must be a whole number'}
    ${'cheap'}                                                             | ${'streaming.pricing must be an object'}
  `('rejects $config', ({ config, message }) => {
    expect(() => resolvePricing(config)).toThrow(message);
  });

  it('accepts a broker type missing from the built-in list with a warning naming it, and prices it', () => {
    const pricing = resolvePricing({
      brokers: { 'kafka.m8g.large': 0.25 },
      regions: { 'eu-west-1': { brokers: { 'express.m8g.xlarge': 1.1 } } },
    });
    expect(pricing.warnings).toEqual([
      expect.stringContaining(
        "streaming.pricing.regions.eu-west-1.brokers['express.m8g.xlarge']: 'express.m8g.xlarge' is not in the built-in list",
      ),
      expect.stringContaining(
        "streaming.pricing.brokers['kafka.m8g.large']: 'kafka.m8g.large' is not in the built-in list",
      ),
    ]);
    expect(
      lookupBrokerPrice(pricing, 'us-east-1', 'kafka.m8g.large'),
    ).toMatchObject({ known: true, price: { usd: 0.25 } });
    expect(
      priceList(pricing, 'eu-west-1')
        .filter(row => row.item.includes('m8g'))
        .map(row => [row.item, row.price?.usd]),
    ).toEqual([
      ['express.m8g.xlarge', 1.1],
      ['kafka.m8g.large', 0.25],
    ]);
    expect(
      resolvePricing({ brokers: { 'kafka.m7g.large': 1 } }).warnings,
    ).toEqual([]);
  });

  it('reads the tiered retrieval assumption in bytes', () => {
    const arn = 'arn:aws:kafka:us-east-1:111111111111:cluster/c/1';
    expect(
      resolvePricing({ assumptions: [{ arn, tieredRetrievalGB: 200 }] })
        .assumptions[arn],
    ).toEqual({
      tieredRetrievalBytes: 200e9,
      configPath: 'streaming.pricing.assumptions[0]',
    });
  });

  it('accepts a price of 0 (e.g. a credit)', () => {
    const pricing = resolvePricing({ items: { expressDataInGb: 0 } });
    expect(
      lookupItemPrice(pricing, 'us-east-1', 'expressDataInGb'),
    ).toMatchObject({
      known: true,
      price: { usd: 0 },
    });
  });
});
