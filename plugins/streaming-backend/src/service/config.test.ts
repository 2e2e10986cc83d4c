import { ConfigReader } from '@backstage/config';
import { readStreamingBackendConfig } from './config';

const read = (streaming: object) =>
  readStreamingBackendConfig(new ConfigReader({ streaming }));

describe('readStreamingBackendConfig', () => {
  it('keeps internal topics by the default pattern ^__', () => {
    const { internalTopicPattern } = read({});
    expect(internalTopicPattern.test('__consumer_offsets')).toBe(true);
    expect(internalTopicPattern.test('__amazon_msk_canary')).toBe(true);
    expect(internalTopicPattern.test('orders.created')).toBe(false);
  });

  it('takes streaming.chargeback.internalTopicPattern', () => {
    const { internalTopicPattern } = read({
      chargeback: { internalTopicPattern: '^(__|_schemas$)' },
    });
    expect(internalTopicPattern.test('_schemas')).toBe(true);
    expect(internalTopicPattern.test('__consumer_offsets')).toBe(true);
    expect(internalTopicPattern.test('orders.created')).toBe(false);
  });

  it.each`
    pattern   | message
    ${'^(__'} | ${'streaming.chargeback.internalTopicPattern is not a valid regular expression'}
    ${''}     | ${"key 'streaming.chargeback.internalTopicPattern'"}
  `('refuses the pattern $pattern, naming the key', ({ pattern, message }) => {
    expect(() =>
      read({ chargeback: { internalTopicPattern: pattern } }),
    ).toThrow(message);
  });

  it('caches entity resolutions 15 s by default, at most 30 s, 0 turning it off', () => {
    expect(read({}).entityCacheTtlSeconds).toBe(15);
    expect(read({ entityCache: { ttlSeconds: 0 } }).entityCacheTtlSeconds).toBe(
      0,
    );
    expect(() => read({ entityCache: { ttlSeconds: 31 } })).toThrow(
      'streaming.entityCache.ttlSeconds must be 30 or less, got 31',
    );
    expect(() => read({ entityCache: { ttlSeconds: -1 } })).toThrow(
      'streaming.entityCache.ttlSeconds must be a number of 0 or more',
    );
  });

  it('accepts a broker type AWS launched after the built-in list, with a warning naming it', () => {
    const { pricing } = read({
      pricing: { brokers: { 'kafka.m8g.large': 0.25 } },
    });
    expect(pricing.everyRegion.brokers['kafka.m8g.large']).toMatchObject({
      usd: 0.25,
    });
    expect(pricing.warnings).toEqual([
      expect.stringContaining("'kafka.m8g.large' is not in the built-in list"),
    ]);
  });

  it('still refuses a name that is not an instance type', () => {
    expect(() => read({ pricing: { brokers: { 'm8g.large': 0.25 } } })).toThrow(
      "Invalid streaming configuration: streaming.pricing.brokers['m8g.large']: 'm8g.large' is not an MSK broker instance type",
    );
  });
});

const withMetrics = (metrics: { throughputWindowHours: number }) =>
  new ConfigReader({ streaming: { metrics } });

describe('readStreamingBackendConfig: streaming.metrics.throughputWindowHours', () => {
  it('averages cost throughput over the last hour unless told otherwise', () => {
    expect(
      readStreamingBackendConfig(new ConfigReader({})).throughputWindowHours,
    ).toBe(1);
    expect(
      readStreamingBackendConfig(withMetrics({ throughputWindowHours: 24 }))
        .throughputWindowHours,
    ).toBe(24);
  });

  it.each([0, 0.5, 169])('refuses %s hours, saying what is allowed', hours => {
    expect(() =>
      readStreamingBackendConfig(withMetrics({ throughputWindowHours: hours })),
    ).toThrow(
      `streaming.metrics.throughputWindowHours must be a whole number of hours from 1 to 168, got ${hours}`,
    );
  });
});
