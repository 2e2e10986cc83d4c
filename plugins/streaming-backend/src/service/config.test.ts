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

  it('reads the chargeback model, 30/70 by default', () => {
    expect(read({}).chargebackModel).toEqual({
      partitionsShare: 0.3,
      bytesShare: 0.7,
    });
    expect(
      read({ chargeback: { model: { partitionsShare: 0.5, bytesShare: 0.5 } } })
        .chargebackModel,
    ).toEqual({ partitionsShare: 0.5, bytesShare: 0.5 });
  });

  it.each`
    model                                        | message
    ${{ partitionsShare: 0.5, bytesShare: 0.6 }} | ${'streaming.chargeback.model.partitionsShare and streaming.chargeback.model.bytesShare must sum to 1, got 0.5 + 0.6'}
    ${{ bytesShare: 2 }}                         | ${'streaming.chargeback.model.bytesShare must be a number from 0 to 1, got 2'}
  `('refuses the chargeback model $model', ({ model, message }) => {
    expect(() => read({ chargeback: { model } })).toThrow(message);
  });

  it('keeps 400 days of cost history and backfills 90 by default', () => {
    expect(read({})).toMatchObject({
      historyRetentionDays: 400,
      historyBackfillDays: 90,
    });
    expect(
      read({ history: { retentionDays: 30, backfillDays: 0 } }),
    ).toMatchObject({ historyRetentionDays: 30, historyBackfillDays: 0 });
  });

  it.each`
    history                   | message
    ${{ retentionDays: 0 }}   | ${'streaming.history.retentionDays must be at least 1 day, got 0'}
    ${{ retentionDays: 1.5 }} | ${'streaming.history.retentionDays must be a whole number of days, got 1.5'}
    ${{ backfillDays: 500 }}  | ${'streaming.history.backfillDays must be a whole number of days from 0 to 455, got 500'}
  `('refuses the history settings $history', ({ history, message }) => {
    expect(() => read({ history })).toThrow(message);
  });

  it('describes at most 400 topics per account-region and refresh by default, 0 for no limit', () => {
    expect(read({}).maxTopicDescribes).toBe(400);
    expect(read({ refresh: { maxTopicDescribes: 0 } }).maxTopicDescribes).toBe(
      0,
    );
    // The budget does not make the schedule keys required.
    expect(
      read({ refresh: { maxTopicDescribes: 1000 } }).schedule.frequency,
    ).toEqual({ minutes: 15 });
  });

  it.each([-1, 2.5])(
    'refuses streaming.refresh.maxTopicDescribes %p at start-up',
    value => {
      expect(() => read({ refresh: { maxTopicDescribes: value } })).toThrow(
        `streaming.refresh.maxTopicDescribes must be a whole number of 0 or more (0: no limit), got ${value}`,
      );
    },
  );

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
