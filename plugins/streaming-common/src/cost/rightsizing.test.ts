import { estimateFlinkMonthlyCost } from './cost';
import { resolvePricing } from './pricing';
import {
  costDelta,
  DEFAULT_RIGHTSIZING_THRESHOLDS,
  FlinkRightsizingInput,
  MskRightsizingInput,
  RIGHTSIZING_THRESHOLD_SOURCES,
  rightsizeFlinkApplication,
  rightsizeKafkaCluster,
} from './rightsizing';

const pricing = resolvePricing();
const options = (result: {
  recommendations: { ruleId: string; options: object[] }[];
}) =>
  Object.fromEntries(result.recommendations.map(r => [r.ruleId, r.options]));

describe('thresholds', () => {
  it('keeps every threshold with a source', () => {
    expect(Object.keys(RIGHTSIZING_THRESHOLD_SOURCES).sort()).toEqual(
      Object.keys(DEFAULT_RIGHTSIZING_THRESHOLDS).sort(),
    );
  });
});

describe('rightsizeFlinkApplication', () => {
  const base: FlinkRightsizingInput = {
    region: 'us-east-1',
    status: 'RUNNING',
    applicationMode: 'STREAMING',
    currentParallelism: 4,
    parallelismPerKpu: 1,
    autoScalingEnabled: true,
    maxCpuPercent: 25,
    maxHeapPercent: 35,
  };

  it.each`
    name                            | input                                              | expected
    ${'low CPU and heap'}           | ${{}}                                              | ${[{ change: 'Parallelism 4 → 2', parallelism: 2, monthlyUsdDelta: -170.6 }, { change: 'ParallelismPerKPU 1 → 2', parallelismPerKpu: 2, monthlyUsdDelta: -170.6 }]}
    ${'parallelism 3'}              | ${{ currentParallelism: 3 }}                       | ${[{ change: 'Parallelism 3 → 2', parallelism: 2, monthlyUsdDelta: -85.3 }, { change: 'ParallelismPerKPU 1 → 2', parallelismPerKpu: 2, monthlyUsdDelta: -85.3 }]}
    ${'parallelism 8 at 4 per KPU'} | ${{ currentParallelism: 8, parallelismPerKpu: 4 }} | ${[{ change: 'Parallelism 8 → 4', parallelism: 4, monthlyUsdDelta: -85.3 }, { change: 'ParallelismPerKPU 4 → 8', parallelismPerKpu: 8, monthlyUsdDelta: -85.3 }]}
    ${'CPU at the threshold'}       | ${{ maxCpuPercent: 30 }}                           | ${undefined}
    ${'heap at the threshold'}      | ${{ maxHeapPercent: 40 }}                          | ${undefined}
  `('$name', ({ input, expected }) => {
    // 4 → 2: (4 + 1) − (2 + 1) = 2 KPUs × 730 h × $0.11 = $160.60, plus 2 × 50 GB × $0.10 = $10 → −$170.60
    // 3 → 2 (or 2 per KPU: ceil(3/2) = 2): 1 KPU × $80.30 + 50 GB × $0.10 = −$85.30
    // 8 at 4 per KPU = 2 + 1 KPUs → 1 + 1: −$85.30
    const result = rightsizeFlinkApplication({ ...base, ...input }, pricing);
    expect(options(result)['flink.rightsize.low-utilisation']).toEqual(
      expected,
    );
  });

  it('explains the saving and the autoscaler', () => {
    const [rec] = rightsizeFlinkApplication(base, pricing).recommendations;
    expect(rec.kind).toBe('downsize');
    expect(rec.message).toContain('Parallelism 4 → 2 saves $170.60/month');
    expect(rec.message).toContain('below 10% for 6 hours');
  });

  it.each`
    name                      | input
    ${'already 1 KPU'}        | ${{ currentParallelism: 1, parallelismPerKpu: 1 }}
    ${'at the per-KPU limit'} | ${{ currentParallelism: 1, parallelismPerKpu: 8 }}
  `('offers nothing that saves nothing: $name', ({ input }) => {
    const result = rightsizeFlinkApplication({ ...base, ...input }, pricing);
    expect(result.recommendations).toEqual([]);
    expect(result.notes[0]).toContain('already runs on the fewest KPUs');
  });

  it.each`
    cpu     | near
    ${74.9} | ${false}
    ${75}   | ${true}
    ${98}   | ${true}
  `('CPU $cpu → near scale-up: $near', ({ cpu, near }) => {
    const result = rightsizeFlinkApplication(
      { ...base, maxCpuPercent: cpu },
      pricing,
    );
    // doubling 4 → 8: (8 + 1) − (4 + 1) = 4 KPUs × $80.30 = $321.20, plus 4 × 50 GB × $0.10 = $20 → +$341.20
    expect(options(result)['flink.rightsize.near-scale-up']).toEqual(
      near
        ? [
            {
              change: 'Parallelism 4 → 8',
              parallelism: 8,
              monthlyUsdDelta: 341.2,
            },
          ]
        : undefined,
    );
  });

  it('warns when doubling would pass the KPU limit', () => {
    const [rec] = rightsizeFlinkApplication(
      {
        ...base,
        currentParallelism: 40,
        maxCpuPercent: 80,
        autoScalingEnabled: false,
      },
      pricing,
    ).recommendations;
    expect(rec.message).toContain('Autoscaling is off');
    expect(rec.message).toContain(
      'Doubling needs 81 KPUs, above the limit of 64.',
    );
  });

  it.each`
    name             | input                      | note
    ${'stopped'}     | ${{ status: 'READY' }}     | ${'uses no KPUs'}
    ${'no CPU data'} | ${{ maxCpuPercent: null }} | ${'no datapoints'}
  `('judges nothing when $name', ({ input, note }) => {
    const result = rightsizeFlinkApplication({ ...base, ...input }, pricing);
    expect(result.recommendations).toEqual([]);
    expect(result.notes[0]).toContain(note);
  });

  it('says the saving is unknown where KPUs have no price', () => {
    const result = rightsizeFlinkApplication(
      { ...base, region: 'eu-west-1' },
      pricing,
    );
    expect(options(result)['flink.rightsize.low-utilisation']).toEqual([
      expect.objectContaining({ parallelism: 2, monthlyUsdDelta: null }),
      expect.objectContaining({ parallelismPerKpu: 2, monthlyUsdDelta: null }),
    ]);
  });
});

describe('costDelta', () => {
  it('ignores unchanged unknown parts but not changed ones', () => {
    const input = {
      region: 'us-east-1',
      status: 'RUNNING',
      applicationMode: 'STREAMING',
      currentParallelism: 2,
      parallelismPerKpu: 1,
    };
    const current = estimateFlinkMonthlyCost(input, pricing);
    expect(current.complete).toBe(false); // backups unknown
    // 2 more KPUs: 2 × $80.30 + 2 × 50 GB × $0.10 = $170.60
    expect(
      costDelta(
        current,
        estimateFlinkMonthlyCost({ ...input, currentParallelism: 4 }, pricing),
      ),
    ).toBe(170.6);
    expect(
      costDelta(
        current,
        estimateFlinkMonthlyCost(
          { ...input, status: 'SOMETHING_NEW' },
          pricing,
        ),
      ),
    ).toBeNull();
  });
});

describe('rightsizeKafkaCluster', () => {
  const standard: MskRightsizingInput = {
    clusterType: 'standard',
    region: 'us-east-1',
    instanceType: 'kafka.m7g.large',
    brokerCount: 3,
    volumeSizeGiB: 1000,
    provisionedThroughputMiBps: null,
    cpuPercent: 40,
  };
  const express: MskRightsizingInput = {
    clusterType: 'express',
    region: 'us-east-1',
    instanceType: 'express.m7g.large',
    brokerCount: 3,
    cpuPercent: 40,
    maxBrokerBytesInPerSec: 5e6,
    maxBrokerBytesOutPerSec: 10e6,
  };

  describe('CPU against the 60% rule', () => {
    it.each`
      name                         | input                                                                    | expected
      ${'59.9% is fine'}           | ${{ cpuPercent: 59.9 }}                                                  | ${undefined}
      ${'60% on large'}            | ${{ cpuPercent: 60 }}                                                    | ${[{ change: 'kafka.m7g.large → kafka.m7g.xlarge', instanceType: 'kafka.m7g.xlarge', monthlyUsdDelta: 446.76 }, { change: '3 → 6 brokers', brokerCount: 6, monthlyUsdDelta: 746.76 }]}
      ${'95% on large'}            | ${{ cpuPercent: 95 }}                                                    | ${[{ change: 'kafka.m7g.large → kafka.m7g.xlarge', instanceType: 'kafka.m7g.xlarge', monthlyUsdDelta: 446.76 }, { change: '3 → 6 brokers', brokerCount: 6, monthlyUsdDelta: 746.76 }]}
      ${'125% needs 2xlarge or 9'} | ${{ cpuPercent: 125 }}                                                   | ${[{ change: 'kafka.m7g.large → kafka.m7g.2xlarge', instanceType: 'kafka.m7g.2xlarge', monthlyUsdDelta: 1340.28 }, { change: '3 → 9 brokers', brokerCount: 9, monthlyUsdDelta: 1493.52 }]}
      ${'4 brokers over 2 AZs'}    | ${{ cpuPercent: 70, brokerCount: 4, zoneCount: 2, volumeSizeGiB: 100 }}  | ${[{ change: 'kafka.m7g.large → kafka.m7g.xlarge', instanceType: 'kafka.m7g.xlarge', monthlyUsdDelta: 595.68 }, { change: '4 → 6 brokers', brokerCount: 6, monthlyUsdDelta: 317.84 }]}
      ${'t3.small: brokers only'}  | ${{ cpuPercent: 70, instanceType: 'kafka.t3.small', volumeSizeGiB: 10 }} | ${[{ change: '3 → 6 brokers', brokerCount: 6, monthlyUsdDelta: 102.864 }]}
    `('$name', ({ input, expected }) => {
      // large → xlarge: CPU × 2/4 vCPUs; 3 × ($0.408 − $0.204) × 730 h = $446.76
      // 3 → 6 brokers: CPU × 3/6; 3 × $0.204 × 730 = $446.76 + 3 × 1000 GiB × $0.10 = $300 → $746.76
      // 125%: xlarge 62.5% (not < 60), 2xlarge 31.25%: 3 × ($0.816 − $0.204) × 730 = $1,340.28;
      //       6 brokers 62.5%, 9 brokers 41.7%: 6 × $0.204 × 730 = $893.52 + 6000 GiB × $0.10 = $600 → $1,493.52
      // 4 brokers, 2 AZs: xlarge 4 × $0.204 × 730 = $595.68; 6 brokers (70 × 4/6 = 46.7%): 2 × $148.92 + 200 GiB × $0.10 = $317.84
      // t3.small has no larger size in its family: 3 × $0.0456 × 730 = $99.864 + 3 × 10 × $0.10 = $3 → $102.864
      const result = rightsizeKafkaCluster({ ...standard, ...input }, pricing);
      expect(options(result)['msk.rightsize.cpu']).toEqual(expected);
    });

    it('says what the rule is', () => {
      const [rec] = rightsizeKafkaCluster(
        { ...standard, cpuPercent: 72 },
        pricing,
      ).recommendations;
      expect(rec).toMatchObject({ kind: 'upsize', value: 72, threshold: 60 });
      expect(rec.message).toContain('72% CPU');
      expect(rec.message).toContain(
        'kafka.m7g.large → kafka.m7g.xlarge fits (adds $446.76/month)',
      );
    });
  });

  describe('downsizing when CPU is far below', () => {
    it.each`
      name                                  | input                                                                                  | expected
      ${'xlarge at 15%'}                    | ${{ instanceType: 'kafka.m7g.xlarge', cpuPercent: 15 }}                                | ${[{ change: 'kafka.m7g.xlarge → kafka.m7g.large', instanceType: 'kafka.m7g.large', monthlyUsdDelta: -446.76 }]}
      ${'xlarge at 20%'}                    | ${{ instanceType: 'kafka.m7g.xlarge', cpuPercent: 20 }}                                | ${undefined}
      ${'large is already the smallest'}    | ${{ cpuPercent: 5 }}                                                                   | ${undefined}
      ${'2xlarge with too many partitions'} | ${{ instanceType: 'kafka.m7g.2xlarge', cpuPercent: 10, maxPartitionsPerBroker: 1500 }} | ${undefined}
      ${'m5.24xlarge at 12%'}               | ${{ instanceType: 'kafka.m5.24xlarge', cpuPercent: 12 }}                               | ${[{ change: 'kafka.m5.24xlarge → kafka.m5.16xlarge', instanceType: 'kafka.m5.16xlarge', monthlyUsdDelta: -7358.4 }]}
    `('$name', ({ input, expected }) => {
      // xlarge → large: 3 × ($0.204 − $0.408) × 730 = −$446.76
      // 2xlarge → xlarge would hold 1500 partitions per broker, above xlarge's 1000: not offered
      // m5.24xlarge → 16xlarge: 3 × ($6.72 − $10.08) × 730 = −$7,358.40 (CPU 12% × 96/64 = 18%)
      const result = rightsizeKafkaCluster({ ...standard, ...input }, pricing);
      expect(options(result)['msk.rightsize.downsize']).toEqual(expected);
    });

    it('does not downsize Express below the throughput it carries', () => {
      const big = {
        ...express,
        instanceType: 'express.m7g.xlarge',
        cpuPercent: 10,
      };
      // large sustains 15.6 MB/s in; 80% = 12.48 MB/s
      expect(
        options(
          rightsizeKafkaCluster(
            { ...big, maxBrokerBytesInPerSec: 10e6 },
            pricing,
          ),
        )['msk.rightsize.downsize'],
      ).toEqual([
        // 3 × ($0.408 − $0.816) × 730 = −$893.52
        {
          change: 'express.m7g.xlarge → express.m7g.large',
          instanceType: 'express.m7g.large',
          monthlyUsdDelta: -893.52,
        },
      ]);
      const blocked = rightsizeKafkaCluster(
        { ...big, maxBrokerBytesInPerSec: 13e6 },
        pricing,
      );
      expect(blocked.recommendations).toEqual([]);
      expect(blocked.notes).toContain(
        'CPU is low, but express.m7g.large would not hold the partitions or throughput, so no downsizing is offered.',
      );
    });
  });

  describe('Express throughput against the sustained limits', () => {
    it.each`
      name               | input                                  | expected
      ${'12 MB/s in'}    | ${{ maxBrokerBytesInPerSec: 12e6 }}    | ${undefined}
      ${'13 MB/s in'}    | ${{ maxBrokerBytesInPerSec: 13e6 }}    | ${[{ change: 'express.m7g.large → express.m7g.xlarge', instanceType: 'express.m7g.xlarge', monthlyUsdDelta: 893.52 }, { change: '3 → 6 brokers', brokerCount: 6, monthlyUsdDelta: 893.52 }]}
      ${'30 MB/s out'}   | ${{ maxBrokerBytesOutPerSec: 30e6 }}   | ${[{ change: 'express.m7g.large → express.m7g.xlarge', instanceType: 'express.m7g.xlarge', monthlyUsdDelta: 893.52 }, { change: '3 → 6 brokers', brokerCount: 6, monthlyUsdDelta: 893.52 }]}
      ${'24.9 MB/s out'} | ${{ maxBrokerBytesOutPerSec: 24.9e6 }} | ${undefined}
      ${'40 MB/s in'}    | ${{ maxBrokerBytesInPerSec: 40e6 }}    | ${[{ change: 'express.m7g.large → express.m7g.2xlarge', instanceType: 'express.m7g.2xlarge', monthlyUsdDelta: 2680.56 }, { change: '3 → 12 brokers', brokerCount: 12, monthlyUsdDelta: 2680.56 }]}
    `('$name', ({ input, expected }) => {
      // large: 80% of 15.6 MB/s in = 12.48; of 31.2 MB/s out = 24.96
      // xlarge: 3 × ($0.816 − $0.408) × 730 = $893.52; 6 brokers: 3 × $0.408 × 730 = $893.52
      // 40 MB/s: xlarge allows 24.96 → 2xlarge (50): 3 × ($1.632 − $0.408) × 730 = $2,680.56;
      //          brokers: 40 × 3/n ≤ 12.48 → n ≥ 9.6 → 12: 9 × $0.408 × 730 = $2,680.56
      const result = rightsizeKafkaCluster({ ...express, ...input }, pricing);
      expect(options(result)['msk.rightsize.express-throughput']).toEqual(
        expected,
      );
    });

    it('reports the load as a percentage of the sustained limit', () => {
      const [rec] = rightsizeKafkaCluster(
        { ...express, maxBrokerBytesInPerSec: 13e6 },
        pricing,
      ).recommendations;
      expect(rec).toMatchObject({ value: 83.3, threshold: 80 }); // 13 / 15.6
      expect(rec.message).toContain('13.0 MB/s in');
    });
  });

  describe('partitions per broker against the recommended maximum', () => {
    it.each`
      name                 | input                                                                                 | expected
      ${'1000 on large'}   | ${{ maxPartitionsPerBroker: 1000 }}                                                   | ${undefined}
      ${'1200 on large'}   | ${{ maxPartitionsPerBroker: 1200 }}                                                   | ${[{ change: 'kafka.m7g.large → kafka.m7g.2xlarge', instanceType: 'kafka.m7g.2xlarge', monthlyUsdDelta: 1340.28 }, { change: '3 → 6 brokers', brokerCount: 6, monthlyUsdDelta: 746.76 }]}
      ${'1200 on Express'} | ${{ ...express, maxPartitionsPerBroker: 1200 }}                                       | ${[{ change: 'express.m7g.large → express.m7g.2xlarge', instanceType: 'express.m7g.2xlarge', monthlyUsdDelta: 2680.56 }, { change: '3 → 6 brokers', brokerCount: 6, monthlyUsdDelta: 893.52 }]}
      ${'301 on t3.small'} | ${{ instanceType: 'kafka.t3.small', volumeSizeGiB: 10, maxPartitionsPerBroker: 301 }} | ${[{ change: '3 → 6 brokers', brokerCount: 6, monthlyUsdDelta: 102.864 }]}
    `('$name', ({ input, expected }) => {
      // large and xlarge both recommend 1000, so the size that fits is 2xlarge (2000):
      //   3 × ($0.816 − $0.204) × 730 = $1,340.28; 6 brokers hold 600 each: $746.76 (as above)
      // Express xlarge also recommends 1000; 2xlarge 2500: 3 × ($1.632 − $0.408) × 730 = $2,680.56
      const result = rightsizeKafkaCluster({ ...standard, ...input }, pricing);
      expect(options(result)['msk.rightsize.partitions-per-broker']).toEqual(
        expected,
      );
    });
  });

  it.each`
    name                     | input                                  | note
    ${'Serverless'}          | ${{ clusterType: 'serverless' }}       | ${'Serverless clusters have no brokers'}
    ${'unknown broker type'} | ${{ instanceType: 'kafka.m6i.large' }} | ${'cannot be sized'}
    ${'no CPU data'}         | ${{ cpuPercent: null }}                | ${'Broker CPU has no datapoints'}
  `('judges what it can: $name', ({ input, note }) => {
    const result = rightsizeKafkaCluster({ ...standard, ...input }, pricing);
    expect(result.recommendations).toEqual([]);
    expect(result.notes[0]).toContain(note);
  });

  it('gives an unknown cost difference where broker prices are unknown', () => {
    const result = rightsizeKafkaCluster(
      { ...standard, region: 'eu-west-1', cpuPercent: 70 },
      pricing,
    );
    expect(options(result)['msk.rightsize.cpu']).toEqual([
      expect.objectContaining({
        instanceType: 'kafka.m7g.xlarge',
        monthlyUsdDelta: null,
      }),
      expect.objectContaining({ brokerCount: 6, monthlyUsdDelta: null }),
    ]);
  });
});
