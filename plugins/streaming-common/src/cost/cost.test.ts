import {
  ClusterCostInput,
  costPerThroughput,
  estimateClusterMonthlyCost,
  estimateFlinkMonthlyCost,
  FlinkCostInput,
  flinkCostPerMillionRecords,
  GB_UNIT,
  HOURS_PER_MONTH,
  missingParts,
  SECONDS_PER_MONTH,
} from './cost';
import { resolvePricing, withPriceLists } from './pricing';

const pricing = resolvePricing();
const partsByItem = (estimate: {
  parts: { item: string; monthlyUsd: number | null }[];
}) =>
  Object.fromEntries(estimate.parts.map(part => [part.item, part.monthlyUsd]));

describe('constants', () => {
  it('uses a 730-hour month and decimal GB', () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(SECONDS_PER_MONTH).toBe(2_628_000);
    expect(GB_UNIT).toBe('GB (10^9 bytes)');
  });
});

describe('estimateClusterMonthlyCost: Standard', () => {
  const base: ClusterCostInput = {
    clusterType: 'standard',
    region: 'us-east-1',
    instanceType: 'kafka.m7g.large',
    brokerCount: 3,
    volumeSizeGiB: 1000,
    provisionedThroughputMiBps: null,
  };

  it.each`
    name                                   | input                                                                                                          | brokerHours | storage   | throughput | total
    ${'orders-standard, no throughput'}    | ${{}}                                                                                                          | ${446.76}   | ${300}    | ${0}       | ${746.76}
    ${'with provisioned throughput'}       | ${{ provisionedThroughputMiBps: 250 }}                                                                         | ${446.76}   | ${300}    | ${60}      | ${806.76}
    ${'m5.large × 6'}                      | ${{ instanceType: 'kafka.m5.large', brokerCount: 6, volumeSizeGiB: 100 }}                                      | ${919.8}    | ${60}     | ${0}       | ${979.8}
    ${'t3.small × 3'}                      | ${{ instanceType: 'kafka.t3.small', volumeSizeGiB: 10 }}                                                       | ${99.864}   | ${3}      | ${0}       | ${102.864}
    ${'m7g.4xlarge × 6, 2 TiB, 500 MiB/s'} | ${{ instanceType: 'kafka.m7g.4xlarge', brokerCount: 6, volumeSizeGiB: 2048, provisionedThroughputMiBps: 500 }} | ${7148.16}  | ${1228.8} | ${240}     | ${8616.96}
  `('$name', ({ input, brokerHours, storage, throughput, total }) => {
    // orders-standard: 3 brokers × $0.204 × 730 h = $446.76; 1000 GiB × 3 × $0.10 = $300
    // throughput: 250 MiB/s × 3 × $0.08 = $60
    // m5.large: 6 × $0.21 × 730 = $919.80; 100 × 6 × $0.10 = $60
    // t3.small: 3 × $0.0456 × 730 = $99.864; 10 × 3 × $0.10 = $3
    // m7g.4xlarge: 6 × $1.632 × 730 = $7,148.16; 2048 × 6 × $0.10 = $1,228.80; 500 × 6 × $0.08 = $240
    const estimate = estimateClusterMonthlyCost({ ...base, ...input }, pricing);
    expect(partsByItem(estimate)).toEqual({
      brokerHours,
      standardStorageGbMonth: storage,
      standardProvisionedThroughputMbpsMonth: throughput,
    });
    expect(estimate.monthlyUsd).toBe(total);
    expect(estimate.complete).toBe(true);
    expect(estimate.gbUnit).toBe('GB (10^9 bytes)');
  });

  it('reports the storage parts unknown when storage was not described', () => {
    const estimate = estimateClusterMonthlyCost(
      { ...base, volumeSizeGiB: null },
      pricing,
    );
    expect(estimate.monthlyUsd).toBe(446.76);
    expect(estimate.complete).toBe(false);
    expect(estimate.unknownParts).toEqual([
      { item: 'standardStorageGbMonth', reason: 'volume size not described' },
      {
        item: 'standardProvisionedThroughputMbpsMonth',
        reason: 'storage not described',
      },
    ]);
  });

  it('reports an instance type without a price as unknown, never 0', () => {
    const estimate = estimateClusterMonthlyCost(
      { ...base, instanceType: 'kafka.m6i.large' },
      pricing,
    );
    const brokers = estimate.parts.find(part => part.item === 'brokerHours')!;
    expect(brokers).toMatchObject({
      quantity: 2190,
      unitUsd: null,
      monthlyUsd: null,
    });
    expect(brokers.reason).toContain(
      "no price for broker kafka.m6i.large in us-east-1 (no AWS Price List API prices stored for us-east-1 yet); configure streaming.pricing.regions.us-east-1.brokers['kafka.m6i.large']",
    );
    expect(estimate.monthlyUsd).toBe(300);
  });

  it('shows quantity, unit price and source in each part', () => {
    const [brokers] = estimateClusterMonthlyCost(base, pricing).parts;
    expect(brokers).toMatchObject({
      item: 'brokerHours',
      quantity: 2190, // 3 brokers × 730 h
      unit: 'broker-hour',
      unitUsd: 0.204,
      monthlyUsd: 446.76,
      source: 'AWS MSK skill msk_sizing.py (2026-06-23)',
    });
  });

  it('rejects impossible inputs', () => {
    expect(() =>
      estimateClusterMonthlyCost({ ...base, brokerCount: -3 }, pricing),
    ).toThrow('brokerCount must be a number of 0 or more, got -3');
    expect(() =>
      estimateClusterMonthlyCost({ ...base, brokerCount: 2.5 }, pricing),
    ).toThrow('brokerCount must be a whole number');
  });

  it('names the throughput window in the notes: the given one, else says none was stated', () => {
    expect(estimateClusterMonthlyCost(base, pricing).notes).toContain(
      'Data in/out and cost per GB use the throughput given, over a window not stated.',
    );
    expect(
      estimateClusterMonthlyCost(
        {
          ...base,
          throughputWindow: { description: 'the last 3 hours', seconds: 10800 },
        },
        pricing,
      ).notes,
    ).toContain(
      'Data in/out and cost per GB use the average throughput over the last 3 hours (10800 s).',
    );
  });
});

describe('estimateClusterMonthlyCost: Standard with tiered storage', () => {
  const arn = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/1';
  const tiered: ClusterCostInput = {
    arn,
    clusterType: 'standard',
    region: 'us-east-1',
    instanceType: 'kafka.m7g.large',
    brokerCount: 3,
    volumeSizeGiB: 1000,
    provisionedThroughputMiBps: null,
    storageMode: 'TIERED',
    tieredStoredBytes: 5000e9,
  };

  it('is incomplete without configured tiered prices: the tiered parts are unknown with the reason, never $0', () => {
    const estimate = estimateClusterMonthlyCost(tiered, pricing);
    expect(estimate.complete).toBe(false);
    expect(estimate.monthlyUsd).toBe(746.76);
    expect(estimate.unknownParts.map(part => part.item)).toEqual([
      'standardTieredStorageGbMonth',
      'standardTieredRetrievalGb',
    ]);
    expect(estimate.unknownParts[0].reason).toContain(
      'configure streaming.pricing.items.standardTieredStorageGbMonth',
    );
    expect(missingParts(estimate)).toEqual([
      'Tiered storage',
      'Tiered storage retrieval',
    ]);
  });

  it('prices the tiered parts from streaming.pricing and the retrieval assumption', () => {
    const configured = resolvePricing({
      items: {
        standardTieredStorageGbMonth: 0.5,
        standardTieredRetrievalGb: 0.25,
      },
      assumptions: [{ arn, tieredRetrievalGB: 200 }],
    });
    const estimate = estimateClusterMonthlyCost(tiered, configured);
    // 5000 GB remote × $0.50 = $2,500; 200 GB read back × $0.25 = $50; plus $746.76 local
    expect(partsByItem(estimate)).toMatchObject({
      standardTieredStorageGbMonth: 2500,
      standardTieredRetrievalGb: 50,
    });
    expect(estimate.monthlyUsd).toBe(3296.76);
    expect(estimate.complete).toBe(true);
  });

  it('says RemoteLogSizeBytes needs PER_BROKER monitoring when it was not measured', () => {
    const estimate = estimateClusterMonthlyCost(
      { ...tiered, tieredStoredBytes: null },
      resolvePricing({ items: { standardTieredStorageGbMonth: 0.5 } }),
    );
    expect(estimate.unknownParts[0]).toEqual({
      item: 'standardTieredStorageGbMonth',
      reason: expect.stringContaining('PER_BROKER'),
    });
  });

  it('adds no tiered parts to a LOCAL cluster', () => {
    const estimate = estimateClusterMonthlyCost(
      { ...tiered, storageMode: 'LOCAL' },
      pricing,
    );
    expect(estimate.complete).toBe(true);
    expect(estimate.parts).toHaveLength(3);
  });
});

describe('estimateClusterMonthlyCost: Express', () => {
  const base: ClusterCostInput = {
    clusterType: 'express',
    region: 'us-east-1',
    instanceType: 'express.m7g.large',
    brokerCount: 3,
    storedBytes: 500e9,
    avgBytesInPerSec: 1e6,
  };

  it.each`
    name                          | settings                              | input                                                                              | brokerHours | storage | dataIn   | total
    ${'clickstream-express'}      | ${{}}                                 | ${{}}                                                                              | ${893.52}   | ${50}   | ${26.28} | ${969.8}
    ${'replica factor 3 setting'} | ${{ expressStorageReplicaFactor: 3 }} | ${{}}                                                                              | ${893.52}   | ${150}  | ${26.28} | ${1069.8}
    ${'express 4xlarge × 6'}      | ${{}}                                 | ${{ instanceType: 'express.m7g.4xlarge', brokerCount: 6, avgBytesInPerSec: 50e6 }} | ${14296.32} | ${50}   | ${1314}  | ${15660.32}
  `('$name', ({ settings, input, brokerHours, storage, dataIn, total }) => {
    // 3 × $0.408 × 730 h = $893.52
    // StorageUsed 500 GB × factor 1 × $0.10 = $50 (× 3 = $150)
    // 1,000,000 B/s × 2,628,000 s = 2,628 GB × $0.01 = $26.28
    // 4xlarge: 6 × $3.264 × 730 = $14,296.32; 50 MB/s → 131,400 GB × $0.01 = $1,314
    const estimate = estimateClusterMonthlyCost(
      { ...base, ...input },
      resolvePricing({ settings }),
    );
    expect(partsByItem(estimate)).toEqual({
      brokerHours,
      expressStorageGbMonth: storage,
      expressDataInGb: dataIn,
    });
    expect(estimate.monthlyUsd).toBe(total);
    expect(estimate.complete).toBe(true);
  });

  it('leaves storage and data in unknown without StorageUsed and BytesIn', () => {
    const estimate = estimateClusterMonthlyCost(
      { ...base, storedBytes: null, avgBytesInPerSec: null },
      pricing,
    );
    expect(estimate.monthlyUsd).toBe(893.52);
    expect(estimate.unknownParts).toEqual([
      { item: 'expressStorageGbMonth', reason: 'StorageUsed not measured' },
      {
        item: 'expressDataInGb',
        reason: 'no average BytesInPerSec over the window',
      },
    ]);
  });
});

describe('estimateClusterMonthlyCost: Serverless', () => {
  const arn =
    'arn:aws:kafka:eu-west-1:111111111111:cluster/events-serverless/5e4d-s1';

  it('prices every part in us-east-1 when partitions and storage are given', () => {
    // 730 cluster-hours × $0.75 = $547.50
    // 100 partitions × 730 h × $0.0015 = $109.50
    // 200 GB × $0.10 = $20
    // in: 500,000 B/s × 2,628,000 s = 1,314 GB × $0.10 = $131.40
    // out: 1,000,000 B/s → 2,628 GB × $0.05 = $131.40
    // total $939.80
    const estimate = estimateClusterMonthlyCost(
      {
        clusterType: 'serverless',
        region: 'us-east-1',
        partitionCount: 100,
        storedBytes: 200e9,
        avgBytesInPerSec: 5e5,
        avgBytesOutPerSec: 1e6,
      },
      pricing,
    );
    expect(partsByItem(estimate)).toEqual({
      serverlessClusterHour: 547.5,
      serverlessPartitionHour: 109.5,
      serverlessStorageGbMonth: 20,
      serverlessDataInGb: 131.4,
      serverlessDataOutGb: 131.4,
    });
    expect(estimate.monthlyUsd).toBe(939.8);
    expect(estimate.complete).toBe(true);
  });

  it('reports partitions and storage unknown (not 0) when no API or config gives them', () => {
    // $547.50 + $131.40 + $131.40 = $810.30 of known parts
    const estimate = estimateClusterMonthlyCost(
      {
        clusterType: 'serverless',
        region: 'us-east-1',
        avgBytesInPerSec: 5e5,
        avgBytesOutPerSec: 1e6,
      },
      pricing,
    );
    expect(estimate.monthlyUsd).toBe(810.3);
    expect(estimate.complete).toBe(false);
    expect(estimate.unknownParts.map(p => p.item)).toEqual([
      'serverlessPartitionHour',
      'serverlessStorageGbMonth',
    ]);
    expect(estimate.unknownParts[0].reason).toContain(
      'no API gives the partition count',
    );
  });

  it('prices nothing in a region without a table or configuration', () => {
    const estimate = estimateClusterMonthlyCost(
      {
        clusterType: 'serverless',
        region: 'eu-west-1',
        arn,
        avgBytesInPerSec: 1e6,
        avgBytesOutPerSec: 2e6,
      },
      pricing,
    );
    expect(estimate.monthlyUsd).toBe(0);
    expect(estimate.complete).toBe(false);
    expect(estimate.unknownParts).toHaveLength(5);
    expect(estimate.parts[0].reason).toBe(
      'no built-in price table for eu-west-1 (only us-east-1) and no AWS Price List API prices stored for eu-west-1 yet; configure streaming.pricing.regions.eu-west-1.items.serverlessClusterHour',
    );
  });

  it('prices a configured region with configured assumptions', () => {
    // 730 × $0.83 = $605.90
    // 120 partitions × 730 h × $0.0017 = $148.92
    // 50 GB × $0.11 = $5.50
    // in: 2,628 GB × $0.11 = $289.08; out: 5,256 GB × $0.055 = $289.08
    // total $1,338.48
    const configured = resolvePricing({
      regions: {
        'eu-west-1': {
          items: {
            serverlessClusterHour: 0.83,
            serverlessPartitionHour: 0.0017,
            serverlessStorageGbMonth: 0.11,
            serverlessDataInGb: 0.11,
            serverlessDataOutGb: 0.055,
          },
        },
      },
      assumptions: [{ arn, partitionCount: 120, storedGB: 50 }],
    });
    const estimate = estimateClusterMonthlyCost(
      {
        clusterType: 'serverless',
        region: 'eu-west-1',
        arn,
        avgBytesInPerSec: 1e6,
        avgBytesOutPerSec: 2e6,
      },
      configured,
    );
    expect(partsByItem(estimate)).toEqual({
      serverlessClusterHour: 605.9,
      serverlessPartitionHour: 148.92,
      serverlessStorageGbMonth: 5.5,
      serverlessDataInGb: 289.08,
      serverlessDataOutGb: 289.08,
    });
    expect(estimate.monthlyUsd).toBe(1338.48);
    expect(estimate.complete).toBe(true);
    expect(estimate.parts[1].reason).toBe(
      'assumed in streaming.pricing.assumptions[0]',
    );
  });

  it('prices a region from its stored price list, each part saying where its price and quantity come from', () => {
    const listed = withPriceLists(
      resolvePricing({
        regions: { 'eu-west-1': { items: { serverlessDataOutGb: 0.055 } } },
        assumptions: [{ arn, partitionCount: 120, storedGB: 50 }],
      }),
      {
        'eu-west-1': {
          brokers: {},
          items: Object.fromEntries(
            (
              [
                ['serverlessClusterHour', 0.83, 'cluster-hour'],
                ['serverlessPartitionHour', 0.0017, 'partition-hour'],
                ['serverlessStorageGbMonth', 0.11, 'GB-month'],
                ['serverlessDataInGb', 0.11, 'GB'],
                ['serverlessDataOutGb', 0.06, 'GB'],
              ] as const
            ).map(([key, usd, unit]) => [
              key,
              {
                usd,
                unit,
                source: 'AWS Price List API (test)',
                asOf: '2026-11-01',
              },
            ]),
          ),
        },
      },
    );
    const estimate = estimateClusterMonthlyCost(
      {
        clusterType: 'serverless',
        region: 'eu-west-1',
        arn,
        avgBytesInPerSec: 1e6,
        avgBytesOutPerSec: 2e6,
      },
      listed,
    );
    // Same figures as the configured region above: the configured data-out price wins over the list's 0.06.
    expect(estimate.monthlyUsd).toBe(1338.48);
    expect(estimate.complete).toBe(true);
    const byItem = Object.fromEntries(estimate.parts.map(p => [p.item, p]));
    expect(byItem.serverlessClusterHour).toMatchObject({
      priceOrigin: 'price-list',
      priceAsOf: '2026-11-01',
    });
    expect(byItem.serverlessClusterHour.assumedIn).toBeUndefined();
    expect(byItem.serverlessDataOutGb).toMatchObject({
      priceOrigin: 'configuration',
      priceAsOf: null,
    });
    expect(byItem.serverlessPartitionHour.assumedIn).toBe(
      'streaming.pricing.assumptions[0]',
    );
    expect(byItem.serverlessStorageGbMonth.assumedIn).toBe(
      'streaming.pricing.assumptions[0]',
    );
  });

  it('prefers a measured value over a configured assumption', () => {
    const configured = resolvePricing({
      assumptions: [{ arn, partitionCount: 120 }],
    });
    const estimate = estimateClusterMonthlyCost(
      {
        clusterType: 'serverless',
        region: 'us-east-1',
        arn,
        partitionCount: 10,
      },
      configured,
    );
    // 10 partitions × 730 h × $0.0015 = $10.95
    expect(partsByItem(estimate).serverlessPartitionHour).toBe(10.95);
  });
});

describe('estimateClusterMonthlyCost: throughput window', () => {
  it('names the window the throughput averages cover in the notes', () => {
    const estimate = estimateClusterMonthlyCost(
      {
        clusterType: 'serverless',
        region: 'us-east-1',
        avgBytesInPerSec: 5e5,
        avgBytesOutPerSec: 1e6,
        throughputWindow: { description: 'the last 1 h', seconds: 3600 },
      },
      pricing,
    );
    expect(estimate.notes).toContain(
      'Data in/out and cost per GB use the average throughput over the last 1 h (3600 s).',
    );
  });

  it('says the window is not stated when none is given', () => {
    const estimate = estimateClusterMonthlyCost(
      { clusterType: 'serverless', region: 'us-east-1' },
      pricing,
    );
    expect(
      estimate.notes.filter(note => note.includes('average throughput over')),
    ).toEqual([]);
    expect(estimate.notes).toContain(
      'Data in/out and cost per GB use the throughput given, over a window not stated.',
    );
  });
});

describe('estimateFlinkMonthlyCost', () => {
  const running: FlinkCostInput = {
    region: 'us-east-1',
    status: 'RUNNING',
    applicationMode: 'STREAMING',
    currentParallelism: 4,
    parallelismPerKpu: 1,
  };

  it.each`
    name                                | input                                                              | settings                                          | kpuHours | storage | backups | total
    ${'running, 4 KPUs + 1'}            | ${{}}                                                              | ${{}}                                             | ${401.5} | ${20}   | ${null} | ${421.5}
    ${'with 10 GB of backups'}          | ${{ backupBytes: 10e9 }}                                           | ${{}}                                             | ${401.5} | ${20}   | ${0.23} | ${421.73}
    ${'parallelism 5, 2 per KPU'}       | ${{ currentParallelism: 5, parallelismPerKpu: 2, backupBytes: 0 }} | ${{}}                                             | ${321.2} | ${15}   | ${0}    | ${336.2}
    ${'Studio notebook'}                | ${{ applicationMode: 'INTERACTIVE', currentParallelism: 2 }}       | ${{}}                                             | ${321.2} | ${10}   | ${null} | ${331.2}
    ${'first 50 GB free setting'}       | ${{}}                                                              | ${{ flinkRunningStorageMode: 'first-50GB-free' }} | ${401.5} | ${0}    | ${null} | ${401.5}
    ${'defaults when parallelism null'} | ${{ currentParallelism: null, parallelismPerKpu: null }}           | ${{}}                                             | ${160.6} | ${5}    | ${null} | ${165.6}
    ${'stopped (READY)'}                | ${{ status: 'READY' }}                                             | ${{}}                                             | ${0}     | ${0}    | ${null} | ${0}
    ${'stopped, backups kept'}          | ${{ status: 'READY', backupBytes: 20e9 }}                          | ${{}}                                             | ${0}     | ${0}    | ${0.46} | ${0.46}
  `('$name', ({ input, settings, kpuHours, storage, backups, total }) => {
    // running: (ceil(4/1) + 1) = 5 KPUs × 730 h × $0.11 = $401.50; 4 × 50 GB × $0.10 = $20
    // backups: 10 GB × $0.023 = $0.23; 20 GB → $0.46
    // 5 / 2: (ceil(2.5) = 3) + 1 = 4 KPUs × 730 × $0.11 = $321.20; 3 × 50 × $0.10 = $15
    // Studio: 2 + 2 = 4 KPUs → $321.20; 2 × 50 × $0.10 = $10
    // defaults: 1 + 1 = 2 KPUs × 730 × $0.11 = $160.60; 1 × 50 × $0.10 = $5
    const estimate = estimateFlinkMonthlyCost(
      { ...running, ...input },
      resolvePricing({ settings }),
    );
    expect(partsByItem(estimate)).toEqual({
      flinkKpuHour: kpuHours,
      flinkRunningStorageGbMonth: storage,
      flinkBackupGbMonth: backups,
    });
    expect(estimate.monthlyUsd).toBe(total);
    expect(estimate.complete).toBe(backups !== null);
  });

  it('says why backups are unknown', () => {
    const estimate = estimateFlinkMonthlyCost(running, pricing);
    expect(estimate.unknownParts).toEqual([
      {
        item: 'flinkBackupGbMonth',
        reason:
          'no API gives the size of durable backups; configure backupGB in streaming.pricing.assumptions',
      },
    ]);
  });

  it('takes the backup size from configured assumptions', () => {
    const arn =
      'arn:aws:kinesisanalytics:us-east-1:111111111111:application/orders-enricher';
    const estimate = estimateFlinkMonthlyCost(
      { ...running, arn },
      resolvePricing({ assumptions: [{ arn, backupGB: 20 }] }),
    );
    // $401.50 + $20 + 20 GB × $0.023 = $421.96
    expect(estimate.monthlyUsd).toBe(421.96);
    expect(estimate.complete).toBe(true);
  });

  it('leaves KPUs unknown for a status it does not know', () => {
    const estimate = estimateFlinkMonthlyCost(
      { ...running, status: 'HIBERNATING' },
      pricing,
    );
    expect(estimate.parts[0]).toMatchObject({
      quantity: null,
      monthlyUsd: null,
    });
    expect(estimate.parts[0].reason).toContain(
      'Status HIBERNATING is not known',
    );
  });

  it('prices nothing in an unconfigured region', () => {
    const estimate = estimateFlinkMonthlyCost(
      { ...running, region: 'ap-south-1' },
      pricing,
    );
    expect(estimate.monthlyUsd).toBe(0);
    expect(estimate.unknownParts).toHaveLength(3);
  });
});

describe('cost per throughput', () => {
  it.each`
    monthlyUsd | bytesIn | bytesOut | gbIn    | gbOut   | perGbIn | perGbOut
    ${446.76}  | ${1e6}  | ${2e6}   | ${2628} | ${5256} | ${0.17} | ${0.085}
    ${100}     | ${0}    | ${null}  | ${0}    | ${null} | ${null} | ${null}
  `(
    '$monthlyUsd over $bytesIn B/s in, $bytesOut B/s out',
    ({ monthlyUsd, bytesIn, bytesOut, gbIn, gbOut, perGbIn, perGbOut }) => {
      // 1,000,000 B/s × 2,628,000 s = 2,628 GB; $446.76 / 2,628 = $0.17 per GB; / 5,256 = $0.085
      expect(costPerThroughput(monthlyUsd, bytesIn, bytesOut)).toEqual({
        gbInPerMonth: gbIn,
        gbOutPerMonth: gbOut,
        usdPerGbIn: perGbIn,
        usdPerGbOut: perGbOut,
        lowerBound: false,
        gbUnit: 'GB (10^9 bytes)',
      });
    },
  );

  it('says the ratios of an incomplete estimate are lower bounds', () => {
    expect(costPerThroughput(446.76, 1e6, 2e6, false)).toMatchObject({
      usdPerGbIn: 0.17,
      lowerBound: true,
    });
  });

  it.each`
    monthlyUsd | recordsPerSec | usdPerMillion
    ${262.8}   | ${1000}       | ${0.1}
    ${401.5}   | ${500}        | ${0.305556}
    ${401.5}   | ${0}          | ${null}
    ${401.5}   | ${null}       | ${null}
  `(
    'Flink: $monthlyUsd at $recordsPerSec records/s',
    ({ monthlyUsd, recordsPerSec, usdPerMillion }) => {
      // 1,000 records/s × 2,628,000 s = 2,628 million; $262.80 / 2,628 = $0.10
      // 500 records/s → 1,314 million; $401.50 / 1,314 = $0.305556
      expect(flinkCostPerMillionRecords(monthlyUsd, recordsPerSec)).toBe(
        usdPerMillion,
      );
    },
  );
});
