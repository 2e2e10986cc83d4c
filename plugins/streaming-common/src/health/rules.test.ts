import {
  evaluateFlinkApplicationHealth,
  evaluateKafkaClusterHealth,
  evaluateKafkaTopicHealth,
  worstStatus,
} from './rules';
import { DEFAULT_HEALTH_THRESHOLDS, resolveHealthThresholds } from './thresholds';

describe('evaluateKafkaClusterHealth', () => {
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
      const health = evaluateKafkaClusterHealth({ clusterType, state, cpuPercent });
      expect(health.status).toBe(status);
      expect(health.findings.map(f => f.ruleId)).toEqual(rules);
    },
  );

  it('reports the measured value and threshold in the finding', () => {
    const [finding] = evaluateKafkaClusterHealth({
      clusterType: 'standard',
      state: 'ACTIVE',
      cpuPercent: 64.44,
    }).findings;
    expect(finding).toMatchObject({ value: 64.4, threshold: 60, severity: 'warning' });
    expect(finding.message).toContain('64.4%');
  });

  it('honours an overridden threshold', () => {
    const thresholds = resolveHealthThresholds({ brokerCpuPercent: 70 });
    expect(
      evaluateKafkaClusterHealth({ clusterType: 'standard', state: 'ACTIVE', cpuPercent: 65 }, thresholds)
        .status,
    ).toBe('healthy');
  });
});

describe('evaluateKafkaTopicHealth', () => {
  it.each`
    replicationFactor | outOfSyncReplicaCount | status       | rules
    ${3}              | ${0}                  | ${'healthy'} | ${[]}
    ${2}              | ${0}                  | ${'warning'} | ${['msk.topic.replication-factor']}
    ${3}              | ${1}                  | ${'warning'} | ${['msk.topic.out-of-sync-replicas']}
    ${null}           | ${null}               | ${'unknown'} | ${['msk.topic.replication-factor']}
  `('RF $replicationFactor, OSR $outOfSyncReplicaCount → $status', ({ replicationFactor, outOfSyncReplicaCount, status, rules }) => {
    const health = evaluateKafkaTopicHealth({ replicationFactor, outOfSyncReplicaCount });
    expect(health.status).toBe(status);
    expect(health.findings.map(f => f.ruleId)).toEqual(rules);
  });
});

describe('evaluateFlinkApplicationHealth', () => {
  it.each`
    status           | downtimeMs | expected      | rules
    ${'RUNNING'}     | ${0}       | ${'healthy'}  | ${[]}
    ${'RUNNING'}     | ${1}       | ${'critical'} | ${['flink.application.downtime']}
    ${'RUNNING'}     | ${null}    | ${'unknown'}  | ${['flink.application.downtime']}
    ${'READY'}       | ${null}    | ${'warning'}  | ${['flink.application.status']}
    ${'ROLLED_BACK'} | ${null}    | ${'critical'} | ${['flink.application.status']}
    ${'AUTOSCALING'} | ${null}    | ${'warning'}  | ${['flink.application.status']}
  `('$status downtime=$downtimeMs → $expected', ({ status, downtimeMs, expected, rules }) => {
    const health = evaluateFlinkApplicationHealth({ status, downtimeMs });
    expect(health.status).toBe(expected);
    expect(health.findings.map(f => f.ruleId)).toEqual(rules);
  });
});

describe('thresholds and status', () => {
  it('orders severities critical > warning > unknown > healthy', () => {
    const finding = (severity: any) => ({ ruleId: 'x', severity, value: null, threshold: null, message: '' });
    expect(worstStatus([])).toBe('healthy');
    expect(worstStatus([finding('unknown'), finding('warning')])).toBe('warning');
    expect(worstStatus([finding('critical'), finding('unknown')])).toBe('critical');
  });

  it('rejects a negative or non-numeric override', () => {
    expect(() => resolveHealthThresholds({ brokerCpuPercent: -1 })).toThrow(
      'streaming.health.brokerCpuPercent must be a number of 0 or more',
    );
    expect(() => resolveHealthThresholds({ flinkDowntimeMs: NaN })).toThrow('flinkDowntimeMs');
    expect(resolveHealthThresholds(undefined)).toEqual(DEFAULT_HEALTH_THRESHOLDS);
  });
});
