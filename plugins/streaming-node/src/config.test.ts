import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_HEALTH_THRESHOLDS,
  resolvePricing,
} from '@backstage-streaming/plugin-streaming-common';
import {
  readHealthThresholds,
  readStreamingAwsConfig,
  readStreamingPricing,
} from './config';

const read = (aws: unknown) =>
  readStreamingAwsConfig(new ConfigReader({ streaming: { aws } } as any));

describe('readStreamingAwsConfig', () => {
  it('reads accounts, regions, endpoint and defaults', () => {
    expect(
      read({
        endpoint: 'http://localhost:4566',
        accounts: [
          {
            accountId: '111111111111',
            regions: ['us-east-1', 'eu-west-1', 'us-east-1'],
          },
        ],
      }),
    ).toEqual({
      endpoint: 'http://localhost:4566',
      accounts: [
        { accountId: '111111111111', regions: ['us-east-1', 'eu-west-1'] },
      ],
      maxConcurrency: 4,
      requestTimeoutMs: 10000,
      maxAttempts: 4,
      secretKeyPatterns: ['password', 'secret', 'token', 'key', 'credential'],
      requestsPerSecond: {},
    });
  });

  it('reads request-rate overrides by operation', () => {
    expect(
      read({ requestsPerSecond: { DescribeTopic: 25, ListNodes: 0 } })
        .requestsPerSecond,
    ).toEqual({ DescribeTopic: 25, ListNodes: 0 });
  });

  it('is empty without configuration', () => {
    expect(readStreamingAwsConfig(new ConfigReader({})).accounts).toEqual([]);
  });

  it.each([
    [
      { accounts: [{ accountId: '1234', regions: ['us-east-1'] }] },
      "streaming.aws.accounts[0].accountId must be a 12-digit AWS account id, got '1234'",
    ],
    [
      { accounts: [{ accountId: '111111111111', regions: [] }] },
      'streaming.aws.accounts[0].regions must list at least one region',
    ],
    [
      { accounts: [{ accountId: '111111111111', regions: ['mars-1'] }] },
      "contains 'mars-1', which is not an AWS region name",
    ],
    [
      {
        accounts: [
          { accountId: '111111111111', regions: ['us-east-1'] },
          { accountId: '111111111111', regions: ['eu-west-1'] },
        ],
      },
      'streaming.aws.accounts[1].accountId 111111111111 is listed twice',
    ],
    [
      { endpoint: 'localhost:4566' },
      'streaming.aws.endpoint must be an http(s) URL',
    ],
    [
      { maxConcurrency: 0 },
      'streaming.aws.maxConcurrency must be a whole number of 1 or more',
    ],
    [
      { requestsPerSecond: { DescribeTopic: -1 } },
      'streaming.aws.requestsPerSecond.DescribeTopic must be a number of requests per second, 0 or more',
    ],
    [
      { requestsPerSecond: { DescribeTopic: 'fast' } },
      'streaming.aws.requestsPerSecond.DescribeTopic must be a number',
    ],
  ])('rejects %j', (aws, message) => {
    expect(() => read(aws)).toThrow(message);
  });
});

describe('shared streaming settings read once for the backend and the scaffolder module', () => {
  it('resolves streaming.pricing onto the built-in tables and names a bad key', () => {
    const pricing = readStreamingPricing(
      new ConfigReader({
        streaming: {
          pricing: { items: { standardStorageGbMonth: 0.2 } },
        },
      }),
    );
    expect(pricing).toEqual(
      resolvePricing({ items: { standardStorageGbMonth: 0.2 } }),
    );
    expect(() =>
      readStreamingPricing(
        new ConfigReader({ streaming: { pricing: { items: { nope: 1 } } } }),
      ),
    ).toThrow(/Invalid streaming configuration: .*nope/);
  });

  it('applies streaming.health overrides to the threshold table', () => {
    const thresholds = readHealthThresholds(
      new ConfigReader({ streaming: { health: { brokerCpuPercent: 70 } } }),
    );
    expect(thresholds).toEqual({
      ...DEFAULT_HEALTH_THRESHOLDS,
      brokerCpuPercent: 70,
    });
  });
});
