import type { ConsumerGroupAsset, FlinkOperation, Health } from '../schema';
import {
  evaluateConsumerGroupHealth,
  evaluateFlinkApplicationHealth,
  evaluateKafkaClusterHealth,
  evaluateKafkaTopicHealth,
  FlinkApplicationHealthInput,
  KafkaClusterHealthInput,
  worstStatus,
} from './rules';
import {
  DEFAULT_HEALTH_THRESHOLDS,
  resolveHealthThresholds,
} from './thresholds';

const ruleIds = (health: Health) => health.findings.map(f => f.ruleId);
const findingOf = (health: Health, ruleId: string) =>
  health.findings.find(f => f.ruleId === ruleId);
/** The findings reduced to what a threshold table states about them. */
const verdicts = (health: Health) =>
  health.findings.map(({ ruleId, severity, threshold }) => ({
    ruleId,
    severity,
    threshold,
  }));
const verdict = (health: Health, ruleId: string) => {
  const found = findingOf(health, ruleId);
  return found
    ? { severity: found.severity, threshold: found.threshold }
    : null;
};

/** Every metric and setting measured and fine, so one change shows one finding. */
const STANDARD: KafkaClusterHealthInput = {
  clusterType: 'standard',
  state: 'ACTIVE',
  cpuPercent: 30,
  instanceType: 'kafka.m7g.large',
  enhancedMonitoring: 'PER_BROKER',
  diskUsedPercent: 40,
  heapAfterGcPercent: 30,
  underReplicatedPartitions: 0,
  offlinePartitions: 0,
  underMinIsrPartitions: 0,
  activeControllerCount: 1,
  partitionsPerBroker: 500,
  brokerBytesInPerSec: 1e6,
  brokerBytesOutPerSec: 2e6,
  produceThrottleTimeMs: 0,
  fetchThrottleTimeMs: 0,
  clientBroker: 'TLS',
  unauthenticatedAccess: false,
  publicAccess: 'DISABLED',
};

/** Express publishes no disk, heap or replication metrics: they stay unmeasured. */
const EXPRESS: KafkaClusterHealthInput = {
  ...STANDARD,
  clusterType: 'express',
  instanceType: 'express.m7g.large',
  diskUsedPercent: null,
  heapAfterGcPercent: null,
  underReplicatedPartitions: null,
  offlinePartitions: null,
  underMinIsrPartitions: null,
};

const SERVERLESS: KafkaClusterHealthInput = {
  clusterType: 'serverless',
  state: 'ACTIVE',
  cpuPercent: null,
};

const CLUSTERS = {
  standard: STANDARD,
  express: EXPRESS,
  serverless: SERVERLESS,
};

describe('evaluateKafkaClusterHealth', () => {
  it.each(['standard', 'express', 'serverless'] as const)(
    'finds a fully measured, well-run %s cluster healthy',
    type => {
      expect(evaluateKafkaClusterHealth(CLUSTERS[type])).toEqual({
        status: 'healthy',
        findings: [],
      });
    },
  );

  it.each`
    clusterType     | state         | cpuPercent | status        | rules
    ${'standard'}   | ${'ACTIVE'}   | ${59.9}    | ${'healthy'}  | ${[]}
    ${'standard'}   | ${'ACTIVE'}   | ${60}      | ${'warning'}  | ${['msk.cluster.cpu']}
    ${'express'}    | ${'ACTIVE'}   | ${72.5}    | ${'warning'}  | ${['msk.cluster.cpu']}
    ${'standard'}   | ${'ACTIVE'}   | ${null}    | ${'unknown'}  | ${['msk.cluster.cpu']}
    ${'serverless'} | ${'ACTIVE'}   | ${null}    | ${'healthy'}  | ${[]}
    ${'standard'}   | ${'UPDATING'} | ${10}      | ${'warning'}  | ${['msk.cluster.state']}
    ${'standard'}   | ${'FAILED'}   | ${75}      | ${'critical'} | ${['msk.cluster.state', 'msk.cluster.cpu']}
    ${'serverless'} | ${'WEIRD'}    | ${null}    | ${'unknown'}  | ${['msk.cluster.state']}
  `(
    '$clusterType $state cpu=$cpuPercent → $status',
    ({ clusterType, state, cpuPercent, status, rules }) => {
      const type = clusterType as keyof typeof CLUSTERS;
      const health = evaluateKafkaClusterHealth({
        ...CLUSTERS[type],
        state,
        cpuPercent,
      });
      expect(health.status).toBe(status);
      expect(ruleIds(health)).toEqual(rules);
    },
  );

  // Values on both sides of every threshold, per cluster type. `rule: null` means no finding at all.
  it.each`
    type            | field                          | value                      | rule                                   | severity      | threshold
    ${'standard'}   | ${'diskUsedPercent'}           | ${84.9}                    | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'diskUsedPercent'}           | ${85}                      | ${'msk.cluster.disk'}                  | ${'warning'}  | ${85}
    ${'express'}    | ${'diskUsedPercent'}           | ${99}                      | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'heapAfterGcPercent'}        | ${60}                      | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'heapAfterGcPercent'}        | ${60.1}                    | ${'msk.cluster.heap'}                  | ${'warning'}  | ${60}
    ${'express'}    | ${'heapAfterGcPercent'}        | ${99}                      | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'underReplicatedPartitions'} | ${0}                       | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'underReplicatedPartitions'} | ${1}                       | ${'msk.cluster.under-replicated'}      | ${'warning'}  | ${0}
    ${'express'}    | ${'underReplicatedPartitions'} | ${5}                       | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'offlinePartitions'}         | ${0}                       | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'offlinePartitions'}         | ${2}                       | ${'msk.cluster.offline-partitions'}    | ${'critical'} | ${0}
    ${'express'}    | ${'offlinePartitions'}         | ${2}                       | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'underMinIsrPartitions'}     | ${0}                       | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'underMinIsrPartitions'}     | ${3}                       | ${'msk.cluster.under-min-isr'}         | ${'critical'} | ${0}
    ${'express'}    | ${'underMinIsrPartitions'}     | ${3}                       | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'activeControllerCount'}     | ${1}                       | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'activeControllerCount'}     | ${0}                       | ${'msk.cluster.active-controller'}     | ${'critical'} | ${1}
    ${'express'}    | ${'activeControllerCount'}     | ${0}                       | ${'msk.cluster.active-controller'}     | ${'critical'} | ${1}
    ${'standard'}   | ${'partitionsPerBroker'}       | ${1000}                    | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'partitionsPerBroker'}       | ${1001}                    | ${'msk.cluster.partitions-per-broker'} | ${'warning'}  | ${1000}
    ${'standard'}   | ${'partitionsPerBroker'}       | ${1500}                    | ${'msk.cluster.partitions-per-broker'} | ${'warning'}  | ${1000}
    ${'standard'}   | ${'partitionsPerBroker'}       | ${1501}                    | ${'msk.cluster.partitions-per-broker'} | ${'critical'} | ${1500}
    ${'express'}    | ${'partitionsPerBroker'}       | ${1000}                    | ${null}                                | ${null}       | ${null}
    ${'express'}    | ${'partitionsPerBroker'}       | ${1001}                    | ${'msk.cluster.partitions-per-broker'} | ${'warning'}  | ${1000}
    ${'express'}    | ${'brokerBytesInPerSec'}       | ${12.5e6}                  | ${null}                                | ${null}       | ${null}
    ${'express'}    | ${'brokerBytesInPerSec'}       | ${12.6e6}                  | ${'msk.cluster.express-ingress'}       | ${'warning'}  | ${12.5}
    ${'standard'}   | ${'brokerBytesInPerSec'}       | ${500e6}                   | ${null}                                | ${null}       | ${null}
    ${'express'}    | ${'brokerBytesOutPerSec'}      | ${25e6}                    | ${null}                                | ${null}       | ${null}
    ${'express'}    | ${'brokerBytesOutPerSec'}      | ${25.1e6}                  | ${'msk.cluster.express-egress'}        | ${'warning'}  | ${25}
    ${'standard'}   | ${'produceThrottleTimeMs'}     | ${0}                       | ${null}                                | ${null}       | ${null}
    ${'standard'}   | ${'produceThrottleTimeMs'}     | ${0.4}                     | ${'msk.cluster.produce-throttling'}    | ${'warning'}  | ${0}
    ${'express'}    | ${'produceThrottleTimeMs'}     | ${12}                      | ${'msk.cluster.produce-throttling'}    | ${'warning'}  | ${0}
    ${'standard'}   | ${'fetchThrottleTimeMs'}       | ${0}                       | ${null}                                | ${null}       | ${null}
    ${'express'}    | ${'fetchThrottleTimeMs'}       | ${3}                       | ${'msk.cluster.fetch-throttling'}      | ${'warning'}  | ${0}
    ${'standard'}   | ${'clientBroker'}              | ${'TLS_PLAINTEXT'}         | ${'msk.cluster.plaintext'}             | ${'warning'}  | ${'TLS'}
    ${'express'}    | ${'clientBroker'}              | ${'PLAINTEXT'}             | ${'msk.cluster.plaintext'}             | ${'warning'}  | ${'TLS'}
    ${'standard'}   | ${'unauthenticatedAccess'}     | ${true}                    | ${'msk.cluster.unauthenticated'}       | ${'warning'}  | ${'disabled'}
    ${'standard'}   | ${'publicAccess'}              | ${'SERVICE_PROVIDED_EIPS'} | ${'msk.cluster.public-access'}         | ${'warning'}  | ${'DISABLED'}
    ${'standard'}   | ${'enhancedMonitoring'}        | ${'PER_TOPIC_PER_BROKER'}  | ${null}                                | ${null}       | ${null}
    ${'serverless'} | ${'clientBroker'}              | ${'PLAINTEXT'}             | ${null}                                | ${null}       | ${null}
    ${'serverless'} | ${'diskUsedPercent'}           | ${99}                      | ${null}                                | ${null}       | ${null}
  `(
    '$type: $field = $value → $rule $severity',
    ({ type, field, value, rule, severity, threshold }) => {
      const health = evaluateKafkaClusterHealth({
        ...CLUSTERS[type as keyof typeof CLUSTERS],
        [field]: value,
      });
      expect(health.status).toBe(severity ?? 'healthy');
      expect(verdicts(health)).toEqual(
        rule === null ? [] : [{ ruleId: rule, severity, threshold }],
      );
      expect(health.findings.every(f => f.message.length > 40)).toBe(true);
    },
  );

  it.each`
    type          | field                          | rule
    ${'standard'} | ${'diskUsedPercent'}           | ${'msk.cluster.disk'}
    ${'standard'} | ${'heapAfterGcPercent'}        | ${'msk.cluster.heap'}
    ${'standard'} | ${'underReplicatedPartitions'} | ${'msk.cluster.under-replicated'}
    ${'standard'} | ${'offlinePartitions'}         | ${'msk.cluster.offline-partitions'}
    ${'standard'} | ${'underMinIsrPartitions'}     | ${'msk.cluster.under-min-isr'}
    ${'standard'} | ${'activeControllerCount'}     | ${'msk.cluster.active-controller'}
    ${'express'}  | ${'activeControllerCount'}     | ${'msk.cluster.active-controller'}
    ${'standard'} | ${'partitionsPerBroker'}       | ${'msk.cluster.partitions-per-broker'}
    ${'express'}  | ${'partitionsPerBroker'}       | ${'msk.cluster.partitions-per-broker'}
    ${'express'}  | ${'brokerBytesInPerSec'}       | ${'msk.cluster.express-ingress'}
    ${'express'}  | ${'brokerBytesOutPerSec'}      | ${'msk.cluster.express-egress'}
    ${'standard'} | ${'produceThrottleTimeMs'}     | ${'msk.cluster.produce-throttling'}
    ${'express'}  | ${'fetchThrottleTimeMs'}       | ${'msk.cluster.fetch-throttling'}
    ${'standard'} | ${'clientBroker'}              | ${'msk.cluster.plaintext'}
    ${'standard'} | ${'unauthenticatedAccess'}     | ${'msk.cluster.unauthenticated'}
    ${'express'}  | ${'publicAccess'}              | ${'msk.cluster.public-access'}
  `(
    '$type: missing $field → $rule unknown, with the reason',
    ({ type, field, rule }) => {
      for (const missing of [null, undefined]) {
        const health = evaluateKafkaClusterHealth({
          ...CLUSTERS[type as keyof typeof CLUSTERS],
          [field]: missing,
        });
        expect(health.status).toBe('unknown');
        expect(health.findings).toEqual([
          expect.objectContaining({
            ruleId: rule,
            severity: 'unknown',
            value: null,
          }),
        ]);
        expect(health.findings[0].message).toMatch(
          /no recent datapoints|unknown|not been described/,
        );
      }
    },
  );

  it('names the metric that has no datapoints', () => {
    const health = evaluateKafkaClusterHealth({
      ...STANDARD,
      diskUsedPercent: null,
    });
    expect(health.findings[0].message).toBe(
      'KafkaDataLogsDiskUsed has no recent datapoints, so disk headroom cannot be judged.',
    );
  });

  it('skips the throttling rules below PER_BROKER and says monitoring is too low instead', () => {
    const health = evaluateKafkaClusterHealth({
      ...STANDARD,
      enhancedMonitoring: 'DEFAULT',
      produceThrottleTimeMs: null,
      fetchThrottleTimeMs: null,
    });
    expect(ruleIds(health)).toEqual(['msk.cluster.enhanced-monitoring']);
    expect(health.findings[0]).toMatchObject({
      severity: 'warning',
      value: 'DEFAULT',
      threshold: 'PER_BROKER',
    });
    expect(health.findings[0].message).toContain(
      'ProduceThrottleTime, FetchThrottleTime',
    );
  });

  it('reports an unrecognised monitoring level as unknown, still judging throttling', () => {
    const health = evaluateKafkaClusterHealth({
      ...STANDARD,
      enhancedMonitoring: 'PER_SOMETHING_NEW',
    });
    expect(verdicts(health)).toEqual([
      {
        ruleId: 'msk.cluster.enhanced-monitoring',
        severity: 'unknown',
        threshold: 'PER_BROKER',
      },
    ]);
  });

  it('judges throttling as unknown when the monitoring level itself is unknown', () => {
    const health = evaluateKafkaClusterHealth({
      ...EXPRESS,
      enhancedMonitoring: null,
      produceThrottleTimeMs: null,
    });
    expect(ruleIds(health).sort()).toEqual([
      'msk.cluster.enhanced-monitoring',
      'msk.cluster.produce-throttling',
    ]);
    expect(health.status).toBe('unknown');
  });

  it('cannot judge partition or throughput limits for an unknown instance type', () => {
    const health = evaluateKafkaClusterHealth({
      ...EXPRESS,
      instanceType: 'express.x9.huge',
    });
    expect(ruleIds(health).sort()).toEqual([
      'msk.cluster.express-egress',
      'msk.cluster.express-ingress',
      'msk.cluster.partitions-per-broker',
    ]);
    expect(
      health.findings.every(
        f => f.severity === 'unknown' && f.message.includes('express.x9.huge'),
      ),
    ).toBe(true);
  });

  it('reports the measured value rounded and the threshold in the finding', () => {
    const [finding] = evaluateKafkaClusterHealth({
      ...STANDARD,
      cpuPercent: 64.44,
    }).findings;
    expect(finding).toMatchObject({
      value: 64.4,
      threshold: 60,
      severity: 'warning',
    });
    expect(finding.message).toContain('64.4%');
    const [ingress] = evaluateKafkaClusterHealth({
      ...EXPRESS,
      brokerBytesInPerSec: 14_230_000,
    }).findings;
    expect(ingress).toMatchObject({ value: 14.2, threshold: 12.5 });
    expect(ingress.message).toContain('15.6 MB/s');
  });

  it('takes its status from its worst finding', () => {
    const health = evaluateKafkaClusterHealth({
      ...STANDARD,
      cpuPercent: 90,
      offlinePartitions: 1,
      diskUsedPercent: null,
    });
    expect(health.status).toBe('critical');
    expect(health.findings.map(f => f.severity)).toEqual([
      'critical',
      'warning',
      'unknown',
    ]);
  });

  it('honours overridden thresholds', () => {
    const thresholds = resolveHealthThresholds({
      brokerCpuPercent: 70,
      partitionsPerBrokerPercent: 50,
      expressThroughputPercent: 100,
    });
    expect(
      evaluateKafkaClusterHealth({ ...STANDARD, cpuPercent: 65 }, thresholds)
        .status,
    ).toBe('healthy');
    expect(
      findingOf(
        evaluateKafkaClusterHealth(
          { ...STANDARD, partitionsPerBroker: 501 },
          thresholds,
        ),
        'msk.cluster.partitions-per-broker',
      ),
    ).toMatchObject({ severity: 'warning', threshold: 500 });
    expect(
      evaluateKafkaClusterHealth(
        { ...EXPRESS, brokerBytesInPerSec: 15.6e6 },
        thresholds,
      ).status,
    ).toBe('healthy');
  });
});

describe('evaluateKafkaTopicHealth', () => {
  const TOPIC = {
    replicationFactor: 3,
    outOfSyncReplicaCount: 0,
    configs: { 'min.insync.replicas': '2' },
  };

  it.each`
    replicationFactor | outOfSyncReplicaCount | status       | rules
    ${3}              | ${0}                  | ${'healthy'} | ${[]}
    ${2}              | ${0}                  | ${'warning'} | ${['msk.topic.replication-factor', 'msk.topic.min-insync-replicas']}
    ${3}              | ${1}                  | ${'warning'} | ${['msk.topic.out-of-sync-replicas']}
    ${null}           | ${0}                  | ${'unknown'} | ${['msk.topic.replication-factor']}
    ${3}              | ${null}               | ${'unknown'} | ${['msk.topic.out-of-sync-replicas']}
  `(
    'RF $replicationFactor, OSR $outOfSyncReplicaCount → $status',
    ({ replicationFactor, outOfSyncReplicaCount, status, rules }) => {
      const health = evaluateKafkaTopicHealth({
        ...TOPIC,
        replicationFactor,
        outOfSyncReplicaCount,
      });
      expect(health.status).toBe(status);
      expect(ruleIds(health)).toEqual(rules);
    },
  );

  it.each`
    rf   | minIsr | severity      | threshold
    ${3} | ${'2'} | ${null}       | ${null}
    ${3} | ${'1'} | ${'warning'}  | ${2}
    ${3} | ${'3'} | ${'warning'}  | ${2}
    ${3} | ${'4'} | ${'critical'} | ${2}
    ${4} | ${'3'} | ${null}       | ${null}
    ${2} | ${'1'} | ${'warning'}  | ${2}
    ${3} | ${'x'} | ${'unknown'}  | ${2}
  `(
    'RF $rf with min.insync.replicas $minIsr → $severity',
    ({ rf, minIsr, severity, threshold }) => {
      const health = evaluateKafkaTopicHealth({
        ...TOPIC,
        replicationFactor: rf,
        configs: { 'min.insync.replicas': minIsr },
      });
      const finding = verdict(health, 'msk.topic.min-insync-replicas');
      expect(finding).toEqual(
        severity === null ? null : { severity, threshold },
      );
    },
  );

  it('tells a topic with RF 2 to raise the replication factor before min.insync.replicas', () => {
    const finding = findingOf(
      evaluateKafkaTopicHealth({
        ...TOPIC,
        replicationFactor: 2,
        configs: { 'min.insync.replicas': '1' },
      }),
      'msk.topic.min-insync-replicas',
    );
    expect(finding?.message).toContain(
      'raise the replication factor to 3, then set min.insync.replicas to 2',
    );
  });

  it.each`
    configs      | reason
    ${null}      | ${'has not been read yet'}
    ${undefined} | ${'has not been read yet'}
    ${{}}        | ${'does not set min.insync.replicas'}
  `(
    'min.insync.replicas is unknown when configs are $configs',
    ({ configs, reason }) => {
      const health = evaluateKafkaTopicHealth({ ...TOPIC, configs });
      expect(health.status).toBe('unknown');
      expect(
        findingOf(health, 'msk.topic.min-insync-replicas')?.message,
      ).toContain(reason);
    },
  );

  it('skips min.insync.replicas on Express, where MSK fixes it at 2', () => {
    expect(
      evaluateKafkaTopicHealth({
        ...TOPIC,
        configs: null,
        clusterType: 'express',
      }).status,
    ).toBe('healthy');
  });
});

describe('evaluateConsumerGroupHealth', () => {
  it.each`
    lags           | status       | value
    ${[10, 300]}   | ${'healthy'} | ${null}
    ${[10, 300.1]} | ${'warning'} | ${300.1}
    ${[4000, 30]}  | ${'warning'} | ${4000}
    ${[]}          | ${'unknown'} | ${null}
    ${[10, null]}  | ${'unknown'} | ${null}
    ${[900, null]} | ${'warning'} | ${900}
  `('lags $lags → $status', ({ lags, status, value }) => {
    const topics = (lags as (number | null)[]).map((lag, i) => ({
      topic: `topic-${i}`,
      estimatedMaxTimeLagSeconds: lag,
      maxOffsetLag: 1200,
    }));
    const health = evaluateConsumerGroupHealth({ topics });
    expect(health.status).toBe(status);
    expect(
      health.findings.map(({ ruleId, value: v, threshold }) => ({
        ruleId,
        value: v,
        threshold,
      })),
    ).toEqual(
      status === 'healthy'
        ? []
        : [{ ruleId: 'msk.consumer-group.lag', value, threshold: 300 }],
    );
  });

  it('names the furthest-behind topic and what to do', () => {
    const health = evaluateConsumerGroupHealth({
      topics: [
        {
          topic: 'orders.created',
          estimatedMaxTimeLagSeconds: 5400,
          maxOffsetLag: 81234,
        },
        { topic: 'orders.shipped', estimatedMaxTimeLagSeconds: 20 },
      ],
    });
    expect(health.findings[0].message).toBe(
      'The group is 1.5 h behind on orders.created (81234 messages on its furthest-behind partition), over the 5 min lag objective. Add consumers (up to one per partition), speed up processing, or check whether a consumer is stuck.',
    );
  });

  it('takes a consumer-group asset as it is', () => {
    const group: Pick<ConsumerGroupAsset, 'topics'> = {
      topics: [
        {
          topic: 'clicks.raw',
          maxOffsetLag: 10,
          sumOffsetLag: 40,
          estimatedMaxTimeLagSeconds: 2,
        },
      ],
    };
    expect(evaluateConsumerGroupHealth(group).status).toBe('healthy');
  });

  it('uses the configured lag objective', () => {
    const thresholds = resolveHealthThresholds({ consumerLagSeconds: 30 });
    const topics = [{ topic: 'clicks.raw', estimatedMaxTimeLagSeconds: 45 }];
    expect(evaluateConsumerGroupHealth({ topics }).status).toBe('healthy');
    expect(evaluateConsumerGroupHealth({ topics }, thresholds).status).toBe(
      'warning',
    );
  });
});

const NOW = new Date('2026-11-20T12:00:00Z');
const operation = (over: Partial<FlinkOperation>): FlinkOperation => ({
  operation: 'UpdateApplication',
  operationId: 'op-1',
  status: 'SUCCESSFUL',
  startTime: '2026-11-20T09:00:00Z',
  endTime: '2026-11-20T09:05:00Z',
  ...over,
});

const FLINK_1: FlinkApplicationHealthInput = {
  status: 'RUNNING',
  downtimeMs: 0,
  runtimeEnvironment: 'FLINK-1_20',
  metricsLevel: 'APPLICATION',
  checkpointingEnabled: true,
  checkpointIntervalMs: 60_000,
  snapshotsEnabled: true,
  restartsInWindow: 0,
  failedCheckpointsInWindow: 0,
  lastCheckpointDurationMs: 1_200,
  heapPercent: 40,
  containerMemoryPercent: 50,
  cpuPercent: 30,
  backpressureMsPerSecond: null,
  operations: [operation({})],
  now: NOW,
};
const FLINK_2: FlinkApplicationHealthInput = {
  ...FLINK_1,
  runtimeEnvironment: 'FLINK-2_2',
};
const FLINK_2_TASK: FlinkApplicationHealthInput = {
  ...FLINK_2,
  metricsLevel: 'TASK',
  backpressureMsPerSecond: 0,
};
const APPS = {
  'FLINK-1_20': FLINK_1,
  'FLINK-2_2': FLINK_2,
  'FLINK-2_2 TASK': FLINK_2_TASK,
};

describe('evaluateFlinkApplicationHealth', () => {
  it.each(Object.keys(APPS))(
    'finds a fully measured, well-run %s application healthy',
    name => {
      expect(
        evaluateFlinkApplicationHealth(APPS[name as keyof typeof APPS]),
      ).toEqual({ status: 'healthy', findings: [] });
    },
  );

  it.each`
    status           | downtimeMs | expected      | rules
    ${'RUNNING'}     | ${0}       | ${'healthy'}  | ${[]}
    ${'RUNNING'}     | ${1}       | ${'critical'} | ${['flink.application.downtime']}
    ${'RUNNING'}     | ${null}    | ${'unknown'}  | ${['flink.application.downtime']}
    ${'READY'}       | ${null}    | ${'warning'}  | ${['flink.application.status']}
    ${'ROLLED_BACK'} | ${null}    | ${'critical'} | ${['flink.application.status']}
    ${'AUTOSCALING'} | ${null}    | ${'warning'}  | ${['flink.application.status']}
  `(
    '$status downtime=$downtimeMs → $expected',
    ({ status, downtimeMs, expected, rules }) => {
      const health = evaluateFlinkApplicationHealth({
        ...FLINK_1,
        status,
        downtimeMs,
      });
      expect(health.status).toBe(expected);
      expect(ruleIds(health)).toEqual(rules);
    },
  );

  it.each`
    app                 | field                          | value     | rule                                       | severity      | threshold
    ${'FLINK-1_20'}     | ${'restartsInWindow'}          | ${0}      | ${null}                                    | ${null}       | ${null}
    ${'FLINK-1_20'}     | ${'restartsInWindow'}          | ${1}      | ${'flink.application.restarts'}            | ${'warning'}  | ${0}
    ${'FLINK-2_2'}      | ${'restartsInWindow'}          | ${2}      | ${'flink.application.restarts'}            | ${'warning'}  | ${0}
    ${'FLINK-2_2'}      | ${'failedCheckpointsInWindow'} | ${0}      | ${null}                                    | ${null}       | ${null}
    ${'FLINK-2_2'}      | ${'failedCheckpointsInWindow'} | ${1}      | ${'flink.application.failed-checkpoints'}  | ${'warning'}  | ${0}
    ${'FLINK-1_20'}     | ${'lastCheckpointDurationMs'}  | ${30_000} | ${null}                                    | ${null}       | ${null}
    ${'FLINK-1_20'}     | ${'lastCheckpointDurationMs'}  | ${30_001} | ${'flink.application.checkpoint-duration'} | ${'warning'}  | ${30_000}
    ${'FLINK-1_20'}     | ${'heapPercent'}               | ${90}     | ${null}                                    | ${null}       | ${null}
    ${'FLINK-1_20'}     | ${'heapPercent'}               | ${90.1}   | ${'flink.application.heap'}                | ${'warning'}  | ${90}
    ${'FLINK-2_2'}      | ${'containerMemoryPercent'}    | ${85}     | ${null}                                    | ${null}       | ${null}
    ${'FLINK-2_2'}      | ${'containerMemoryPercent'}    | ${85.5}   | ${'flink.application.container-memory'}    | ${'warning'}  | ${85}
    ${'FLINK-1_20'}     | ${'cpuPercent'}                | ${80}     | ${null}                                    | ${null}       | ${null}
    ${'FLINK-1_20'}     | ${'cpuPercent'}                | ${80.1}   | ${'flink.application.cpu'}                 | ${'warning'}  | ${80}
    ${'FLINK-2_2 TASK'} | ${'backpressureMsPerSecond'}   | ${500}    | ${null}                                    | ${null}       | ${null}
    ${'FLINK-2_2 TASK'} | ${'backpressureMsPerSecond'}   | ${501}    | ${'flink.application.backpressure'}        | ${'warning'}  | ${500}
    ${'FLINK-1_20'}     | ${'backpressureMsPerSecond'}   | ${900}    | ${null}                                    | ${null}       | ${null}
    ${'FLINK-1_20'}     | ${'downtimeMs'}                | ${120000} | ${'flink.application.downtime'}            | ${'critical'} | ${0}
    ${'FLINK-1_20'}     | ${'checkpointingEnabled'}      | ${false}  | ${'flink.application.checkpointing'}       | ${'warning'}  | ${'enabled'}
    ${'FLINK-2_2'}      | ${'snapshotsEnabled'}          | ${false}  | ${'flink.application.snapshots'}           | ${'warning'}  | ${'enabled'}
  `(
    '$app: $field = $value → $rule $severity',
    ({ app, field, value, rule, severity, threshold }) => {
      const health = evaluateFlinkApplicationHealth({
        ...APPS[app as keyof typeof APPS],
        [field]: value,
      });
      expect(health.status).toBe(severity ?? 'healthy');
      expect(verdicts(health)).toEqual(
        rule === null ? [] : [{ ruleId: rule, severity, threshold }],
      );
    },
  );

  it.each`
    app                 | field                          | rule                                       | metric
    ${'FLINK-1_20'}     | ${'restartsInWindow'}          | ${'flink.application.restarts'}            | ${'fullRestarts'}
    ${'FLINK-2_2'}      | ${'restartsInWindow'}          | ${'flink.application.restarts'}            | ${'numRestarts'}
    ${'FLINK-2_2'}      | ${'failedCheckpointsInWindow'} | ${'flink.application.failed-checkpoints'}  | ${'numberOfFailedCheckpoints'}
    ${'FLINK-1_20'}     | ${'lastCheckpointDurationMs'}  | ${'flink.application.checkpoint-duration'} | ${'lastCheckpointDuration'}
    ${'FLINK-1_20'}     | ${'heapPercent'}               | ${'flink.application.heap'}                | ${'heapMemoryUtilization'}
    ${'FLINK-2_2'}      | ${'containerMemoryPercent'}    | ${'flink.application.container-memory'}    | ${'containerMemoryUtilization'}
    ${'FLINK-1_20'}     | ${'cpuPercent'}                | ${'flink.application.cpu'}                 | ${'cpuUtilization'}
    ${'FLINK-2_2 TASK'} | ${'backpressureMsPerSecond'}   | ${'flink.application.backpressure'}        | ${'backPressuredTimeMsPerSecond'}
    ${'FLINK-2_2'}      | ${'downtimeMs'}                | ${'flink.application.downtime'}            | ${'downtime'}
  `(
    '$app: missing $field → $rule unknown naming $metric',
    ({ app, field, rule, metric }) => {
      const health = evaluateFlinkApplicationHealth({
        ...APPS[app as keyof typeof APPS],
        [field]: null,
      });
      expect(health.status).toBe('unknown');
      expect(health.findings).toEqual([
        expect.objectContaining({
          ruleId: rule,
          severity: 'unknown',
          value: null,
        }),
      ]);
      expect(health.findings[0].message).toMatch(
        new RegExp(`^${metric} has no recent datapoints`),
      );
    },
  );

  it('does not judge backpressure below TASK level or before Flink 1.13', () => {
    for (const input of [
      {
        ...FLINK_1,
        metricsLevel: 'APPLICATION',
        backpressureMsPerSecond: null,
      },
      {
        ...FLINK_1,
        runtimeEnvironment: 'FLINK-1_11',
        metricsLevel: 'TASK',
        backpressureMsPerSecond: null,
      },
    ]) {
      expect(evaluateFlinkApplicationHealth(input).status).toBe('healthy');
    }
  });

  it('judges no checkpoint metrics when checkpointing is off, and says so once', () => {
    const health = evaluateFlinkApplicationHealth({
      ...FLINK_2,
      checkpointingEnabled: false,
      failedCheckpointsInWindow: null,
      lastCheckpointDurationMs: null,
    });
    expect(ruleIds(health)).toEqual(['flink.application.checkpointing']);
  });

  it('cannot judge checkpoint duration without the interval', () => {
    const health = evaluateFlinkApplicationHealth({
      ...FLINK_1,
      checkpointIntervalMs: null,
    });
    expect(health.findings).toEqual([
      expect.objectContaining({
        ruleId: 'flink.application.checkpoint-duration',
        severity: 'unknown',
      }),
    ]);
  });

  it('judges no metrics while the application is not RUNNING', () => {
    const health = evaluateFlinkApplicationHealth({
      ...FLINK_1,
      status: 'READY',
      downtimeMs: null,
      restartsInWindow: null,
      heapPercent: null,
      cpuPercent: null,
      lastCheckpointDurationMs: null,
    });
    expect(ruleIds(health)).toEqual(['flink.application.status']);
  });

  it('judges no Flink metrics or settings on a legacy SQL application', () => {
    const health = evaluateFlinkApplicationHealth({
      status: 'RUNNING',
      downtimeMs: null,
      runtimeEnvironment: 'SQL-1_0',
      operations: [],
      now: NOW,
    });
    expect(health).toEqual({ status: 'healthy', findings: [] });
  });

  it.each`
    case                                      | operations                                                                                                         | finding
    ${'a failed update 3 h ago'}              | ${[operation({ status: 'FAILED' })]}                                                                               | ${'UpdateApplication FAILED'}
    ${'a failed update 25 h ago'}             | ${[operation({ status: 'FAILED', endTime: '2026-11-19T11:00:00Z' })]}                                              | ${null}
    ${'a failed update fixed by a later one'} | ${[operation({ endTime: '2026-11-20T11:00:00Z' }), operation({ status: 'FAILED' })]}                               | ${null}
    ${'a failed update followed by a stop'}   | ${[operation({ operation: 'StopApplication', endTime: '2026-11-20T11:00:00Z' }), operation({ status: 'FAILED' })]} | ${'UpdateApplication FAILED'}
    ${'a rollback 1 h ago'}                   | ${[operation({ operation: 'RollbackApplication', endTime: '2026-11-20T11:00:00Z' })]}                              | ${'RollbackApplication SUCCESSFUL'}
    ${'an operation in progress'}             | ${[operation({ status: 'IN_PROGRESS', endTime: null })]}                                                           | ${null}
    ${'no operations'}                        | ${[]}                                                                                                              | ${null}
  `('recent operations: $case', ({ operations, finding }) => {
    const health = evaluateFlinkApplicationHealth({ ...FLINK_1, operations });
    const recent = findingOf(health, 'flink.application.recent-operation');
    expect(
      recent && { severity: recent.severity, value: recent.value },
    ).toEqual(
      finding === null ? undefined : { severity: 'warning', value: finding },
    );
    expect(recent?.threshold ?? 24).toBe(24);
  });

  it('reports unread operations and settings as unknown', () => {
    const health = evaluateFlinkApplicationHealth({
      ...FLINK_1,
      operations: undefined,
      checkpointingEnabled: null,
      snapshotsEnabled: undefined,
    });
    expect(ruleIds(health).sort()).toEqual([
      'flink.application.checkpointing',
      'flink.application.recent-operation',
      'flink.application.snapshots',
    ]);
    expect(health.status).toBe('unknown');
  });

  it('honours overridden thresholds', () => {
    const thresholds = resolveHealthThresholds({
      flinkCpuPercent: 95,
      flinkFailedOperationWindowHours: 48,
    });
    expect(
      evaluateFlinkApplicationHealth({ ...FLINK_1, cpuPercent: 90 }, thresholds)
        .status,
    ).toBe('healthy');
    const old = [
      operation({ status: 'FAILED', endTime: '2026-11-19T11:00:00Z' }),
    ];
    expect(
      evaluateFlinkApplicationHealth(
        { ...FLINK_1, operations: old },
        thresholds,
      ).status,
    ).toBe('warning');
  });
});

describe('thresholds and status', () => {
  it('orders severities critical > warning > unknown > healthy', () => {
    const finding = (severity: any) => ({
      ruleId: 'x',
      severity,
      value: null,
      threshold: null,
      message: '',
    });
    expect(worstStatus([])).toBe('healthy');
    expect(worstStatus([finding('unknown'), finding('warning')])).toBe(
      'warning',
    );
    expect(worstStatus([finding('critical'), finding('unknown')])).toBe(
      'critical',
    );
  });

  it('merges overrides onto the defaults', () => {
    expect(resolveHealthThresholds({ consumerLagSeconds: 60 })).toEqual({
      ...DEFAULT_HEALTH_THRESHOLDS,
      consumerLagSeconds: 60,
    });
    expect(resolveHealthThresholds(undefined)).toEqual(
      DEFAULT_HEALTH_THRESHOLDS,
    );
  });

  it('rejects a negative, non-numeric or unknown override, naming the config key', () => {
    expect(() => resolveHealthThresholds({ brokerCpuPercent: -1 })).toThrow(
      'streaming.health.brokerCpuPercent must be a number of 0 or more',
    );
    expect(() => resolveHealthThresholds({ flinkDowntimeMs: NaN })).toThrow(
      'flinkDowntimeMs',
    );
    expect(() =>
      resolveHealthThresholds({ flinkHeapPercent: '90' as any }),
    ).toThrow('streaming.health.flinkHeapPercent');
    expect(() =>
      resolveHealthThresholds({ brokerCpuPercnt: 70 } as any),
    ).toThrow('streaming.health.brokerCpuPercnt is not a health threshold');
    expect(() =>
      resolveHealthThresholds({ flinkCounterWindowMinutes: 0 }),
    ).toThrow('streaming.health.flinkCounterWindowMinutes must be more than 0');
  });
});
