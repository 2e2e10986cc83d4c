import { costPerThroughput, estimateClusterMonthlyCost } from './cost';
import { bytesPerGb, resolvePricing } from './pricing';

// The gbUnit setting (docs/cost.md "GB: 10^9 or 2^30 bytes?").
const ARN =
  'arn:aws:kafka:us-east-1:111111111111:cluster/events/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170-s1';

describe('streaming.pricing.settings.gbUnit', () => {
  it('is decimal unless set, and refuses anything but decimal or binary', () => {
    expect(resolvePricing({}).settings.gbUnit).toBe('decimal');
    expect(bytesPerGb({ gbUnit: 'decimal' })).toBe(1e9);
    expect(bytesPerGb({ gbUnit: 'binary' })).toBe(1073741824);
    expect(() => resolvePricing({ settings: { gbUnit: 'GiB' } })).toThrow(
      "streaming.pricing.settings.gbUnit must be 'decimal' (10^9 bytes) or 'binary' (2^30 bytes), got \"GiB\"",
    );
  });

  it('counts data, stored bytes and assumed GB in binary GB when set, and says so', () => {
    const input = {
      clusterType: 'serverless' as const,
      region: 'us-east-1',
      arn: ARN,
      avgBytesInPerSec: 2 ** 30 / 2628000, // one binary GB a month
      avgBytesOutPerSec: 0,
      partitionCount: 1,
    };
    const assumptions = [{ arn: ARN, storedGB: 10 }];
    const decimal = estimateClusterMonthlyCost(
      input,
      resolvePricing({ assumptions }),
    );
    const binary = estimateClusterMonthlyCost(
      input,
      resolvePricing({ settings: { gbUnit: 'binary' }, assumptions }),
    );
    const part = (estimate: typeof decimal, item: string) =>
      estimate.parts.find(p => p.item === item)!;
    expect(part(binary, 'serverlessDataInGb').quantity).toBe(1);
    expect(part(decimal, 'serverlessDataInGb').quantity).toBe(1.073742);
    // Ten GB assumed are ten GB in either unit: the bytes differ, the billed GB do not.
    expect(part(binary, 'serverlessStorageGbMonth').quantity).toBe(10);
    expect(part(decimal, 'serverlessStorageGbMonth').quantity).toBe(10);
    expect(binary.gbUnit).toBe('GB (2^30 bytes)');
    expect(decimal.gbUnit).toBe('GB (10^9 bytes)');
    expect(
      costPerThroughput(100, 2 ** 30 / 2628000, null, true, {
        gbUnit: 'binary',
      }),
    ).toMatchObject({
      gbInPerMonth: 1,
      usdPerGbIn: 100,
      gbUnit: 'GB (2^30 bytes)',
    });
  });
});
