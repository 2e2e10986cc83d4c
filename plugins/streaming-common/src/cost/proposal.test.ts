import { estimateFlinkMonthlyCost } from './cost';
import { partitionBudget } from './partitionBudget';
import { resolvePricing } from './pricing';
import { costProposalSchema, estimateProposalMonthlyCost } from './proposal';

const pricing = resolvePricing();

describe('estimateProposalMonthlyCost', () => {
  it('prices a proposed Standard cluster with the cluster rule: brokers × hourly × 730 + GiB × brokers × GB-month', () => {
    const estimate = estimateProposalMonthlyCost(
      costProposalSchema.parse({
        kind: 'kafka-cluster',
        clusterType: 'standard',
        region: 'us-east-1',
        instanceType: 'kafka.m7g.large',
        brokerCount: 3,
        volumeSizeGiB: 1000,
      }),
      pricing,
    );
    // 3 × $0.204 × 730 = 446.76; 3 × 1000 GB × $0.10 = 300 (facts §4).
    expect(estimate.monthlyUsd).toBeCloseTo(746.76, 6);
    expect(estimate.complete).toBe(true);
    expect(estimate.parts.map(p => p.item)).toEqual(
      expect.arrayContaining(['brokerHours', 'standardStorageGbMonth']),
    );
  });

  it('prices a proposed Flink application at the KPUs its parallelism allocates, orchestration KPU included', () => {
    const estimate = estimateProposalMonthlyCost(
      {
        kind: 'flink-application',
        region: 'us-east-1',
        parallelism: 4,
        parallelismPerKpu: 1,
      },
      pricing,
    );
    const kpuPart = estimate.parts.find(p => p.item === 'flinkKpuHour')!;
    // (4 / 1 + 1) KPUs × 730 h × $0.11 = 401.5
    expect(kpuPart.monthlyUsd).toBeCloseTo(401.5, 6);
    expect(estimate).toEqual(
      estimateFlinkMonthlyCost(
        {
          region: 'us-east-1',
          status: 'RUNNING',
          applicationMode: 'STREAMING',
          currentParallelism: 4,
          parallelism: 4,
          parallelismPerKpu: 1,
        },
        pricing,
      ),
    );
  });

  it('prices a Serverless topic by its partition-hours and a provisioned topic at zero with a note', () => {
    const serverless = estimateProposalMonthlyCost(
      {
        kind: 'kafka-topic',
        clusterType: 'serverless',
        region: 'us-east-1',
        partitionCount: 6,
      },
      pricing,
    );
    // 6 × 730 × $0.0015
    expect(serverless.monthlyUsd).toBeCloseTo(6.57, 6);
    expect(serverless.parts).toHaveLength(1);
    const standard = estimateProposalMonthlyCost(
      {
        kind: 'kafka-topic',
        clusterType: 'standard',
        region: 'us-east-1',
        partitionCount: 6,
      },
      pricing,
    );
    expect(standard.monthlyUsd).toBe(0);
    expect(standard.notes[0]).toMatch(/no charge of its own/);
  });

  it('marks a proposal whose parts are unknown as incomplete (a lower bound)', () => {
    const estimate = estimateProposalMonthlyCost(
      {
        kind: 'kafka-cluster',
        clusterType: 'serverless',
        region: 'us-east-1',
      },
      pricing,
    );
    expect(estimate.complete).toBe(false);
    expect(estimate.unknownParts.length).toBeGreaterThan(0);
  });

  it('rejects a body naming an unknown field or kind', () => {
    expect(
      costProposalSchema.safeParse({
        kind: 'flink-application',
        region: 'us-east-1',
        parallelism: 2,
        kpus: 3,
      }).success,
    ).toBe(false);
    expect(
      costProposalSchema.safeParse({ kind: 'bucket', region: 'us-east-1' })
        .success,
    ).toBe(false);
  });
});

describe('partitionBudget', () => {
  it('counts replicas per broker against the size recommendation', () => {
    // m7g.large: 1000 recommended per broker (facts §5); 3 brokers → 3000 replicas.
    const budget = partitionBudget({
      instanceType: 'kafka.m7g.large',
      brokerCount: 3,
      replicasInUse: 2700,
      newPartitions: 100,
      replicationFactor: 3,
    })!;
    expect(budget.recommendedPerBroker).toBe(1000);
    expect(budget.capacity).toBe(3000);
    expect(budget.replicasAfter).toBe(3000);
    expect(budget.perBrokerAfter).toBe(1000);
    expect(budget.withinBudget).toBe(true);
    expect(
      partitionBudget({
        instanceType: 'kafka.m7g.large',
        brokerCount: 3,
        replicasInUse: 2700,
        newPartitions: 101,
        replicationFactor: 3,
      })!.withinBudget,
    ).toBe(false);
  });

  it('is unknown for an unknown instance type or no brokers', () => {
    expect(
      partitionBudget({
        instanceType: 'kafka.z9.huge',
        brokerCount: 3,
        replicasInUse: 0,
      }),
    ).toBeNull();
    expect(
      partitionBudget({ instanceType: null, brokerCount: 0, replicasInUse: 0 }),
    ).toBeNull();
  });
});
