import { ConfigReader } from '@backstage/config';
import { readStreamingBackendConfig } from './config';

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
