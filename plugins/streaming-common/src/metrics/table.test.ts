import {
  getMetric,
  isMetricId,
  metricApplies,
  METRICS,
  metricsFor,
  parseFlinkRuntime,
} from './table';
import { counterIncrease } from './values';

const names = (metrics: { metricName: string }[]) =>
  metrics.map(m => m.metricName);
const ids = (metrics: { id: string }[]) => metrics.map(m => m.id);

describe('METRICS', () => {
  it('has unique ids that getMetric and isMetricId resolve', () => {
    expect(new Set(ids([...METRICS])).size).toBe(METRICS.length);
    for (const metric of METRICS) {
      expect(getMetric(metric.id)).toBe(metric);
      expect(isMetricId(metric.id)).toBe(true);
    }
    expect(isMetricId('msk.broker.nope')).toBe(false);
    expect(() => getMetric('msk.broker.nope')).toThrow(
      "Unknown metric id 'msk.broker.nope'",
    );
  });

  it('covers every metric the product reads', () => {
    const all = new Set(names([...METRICS]));
    for (const name of [
      'CpuUser',
      'CpuSystem',
      'KafkaDataLogsDiskUsed',
      'HeapMemoryAfterGC',
      'UnderReplicatedPartitions',
      'OfflinePartitionsCount',
      'UnderMinIsrPartitionCount',
      'ActiveControllerCount',
      'PartitionCount',
      'BytesInPerSec',
      'BytesOutPerSec',
      'MessagesInPerSec',
      'ProduceThrottleTime',
      'FetchThrottleTime',
      'StorageUsed',
      'RemoteLogSizeBytes',
      'MaxOffsetLag',
      'SumOffsetLag',
      'EstimatedMaxTimeLag',
      'downtime',
      'uptime',
      'numRestarts',
      'fullRestarts',
      'numberOfFailedCheckpoints',
      'lastCheckpointDuration',
      'lastCheckpointSize',
      'cpuUtilization',
      'containerCPUUtilization',
      'heapMemoryUtilization',
      'containerMemoryUtilization',
      'backPressuredTimeMsPerSecond',
      'numRecordsInPerSecond',
      'numRecordsOutPerSecond',
      'KPUs',
      'millisBehindLatest',
      'records_lag_max',
    ]) {
      expect(all).toContain(name);
    }
  });

  it('queries with periods CloudWatch accepts and a lowercase-safe shape', () => {
    for (const metric of METRICS) {
      expect(metric.periodSeconds % 60).toBe(0);
      expect(metric.dimensions.length).toBeGreaterThan(0);
      expect(metric.dimensions).not.toContain('');
    }
  });

  it('reads cluster-level metrics with Maximum, never Average', () => {
    // Controller-only series of provisioned clusters; Serverless cluster
    // throughput is a sum of per-topic series, not a controller value.
    const controllerOnly = METRICS.filter(
      m =>
        m.scope === 'cluster' &&
        !m.appliesTo.clusterTypes?.includes('serverless'),
    );
    expect(controllerOnly.length).toBeGreaterThan(0);
    for (const metric of controllerOnly) {
      expect(metric.dimensions).toEqual(['Cluster Name']);
      expect(metric.stat).toBe('Maximum');
    }
    expect(getMetric('flink.heapMemoryUtilization').stat).toBe('Maximum');
  });

  it("charts a Serverless cluster's throughput as the sum of its topics' series", () => {
    for (const id of [
      'msk.serverless.cluster.bytesIn',
      'msk.serverless.cluster.bytesOut',
    ]) {
      const metric = getMetric(id);
      expect(metric).toMatchObject({
        scope: 'cluster',
        dimensions: ['Cluster Name', 'Topic'],
        stat: 'Average',
        combineSeries: 'sum',
        appliesTo: { clusterTypes: ['serverless'] },
      });
    }
  });

  it('queries lag with Cluster Name, Consumer Group and Topic, never Broker ID', () => {
    for (const metric of METRICS.filter(m => m.scope === 'consumer-group')) {
      expect(metric.dimensions).toEqual([
        'Cluster Name',
        'Consumer Group',
        'Topic',
      ]);
    }
  });

  it('turns the 4-snapshots-a-minute record counts into a rate', () => {
    for (const id of [
      'flink.numRecordsInPerSecond',
      'flink.numRecordsOutPerSecond',
    ]) {
      expect(getMetric(id)).toMatchObject({
        stat: 'Sum',
        divideSumBy: 4,
        periodSeconds: 60,
      });
    }
  });

  it('marks per-topic and consumer-group metrics for the slow cadence', () => {
    for (const metric of METRICS.filter(
      m => m.scope === 'topic' || m.scope === 'consumer-group',
    )) {
      expect(metric.collectedAtRefresh).toBe('slow');
    }
  });
});

describe('metricsFor a cluster', () => {
  it('gives Standard at DEFAULT its free broker metrics but no PER_BROKER or per-topic ones', () => {
    const metrics = ids(
      metricsFor({
        clusterType: 'standard',
        details: { enhancedMonitoring: 'DEFAULT' },
      }),
    );
    expect(metrics).toEqual(
      expect.arrayContaining([
        'msk.broker.cpuUser',
        'msk.broker.diskUsed',
        'msk.broker.heapAfterGc',
        'msk.broker.underReplicatedPartitions',
        'msk.cluster.offlinePartitions',
        'msk.consumerGroup.estimatedMaxTimeLag',
      ]),
    );
    expect(metrics).not.toContain('msk.broker.produceThrottleTime');
    expect(metrics).not.toContain('msk.topic.bytesIn');
    expect(metrics).not.toContain('msk.cluster.storageUsed');
    expect(
      metrics.some(
        id => id.startsWith('flink.') || id.startsWith('msk.serverless.'),
      ),
    ).toBe(false);
  });

  it.each`
    level                        | throttle | perTopic
    ${'DEFAULT'}                 | ${false} | ${false}
    ${'PER_BROKER'}              | ${true}  | ${false}
    ${'PER_TOPIC_PER_BROKER'}    | ${true}  | ${true}
    ${'PER_TOPIC_PER_PARTITION'} | ${true}  | ${true}
  `(
    'adds the metrics of each level at $level',
    ({ level, throttle, perTopic }) => {
      const metrics = ids(
        metricsFor({
          clusterType: 'standard',
          details: { enhancedMonitoring: level },
        }),
      );
      expect(metrics.includes('msk.broker.fetchThrottleTime')).toBe(throttle);
      expect(metrics.includes('msk.topic.messagesIn')).toBe(perTopic);
    },
  );

  it.each`
    clusterType   | level           | storageMode | expected
    ${'standard'} | ${'PER_BROKER'} | ${'TIERED'} | ${true}
    ${'standard'} | ${'PER_BROKER'} | ${null}     | ${true}
    ${'standard'} | ${'PER_BROKER'} | ${'LOCAL'}  | ${false}
    ${'standard'} | ${'DEFAULT'}    | ${'TIERED'} | ${false}
    ${'express'}  | ${'PER_BROKER'} | ${'TIERED'} | ${false}
  `(
    'reads RemoteLogSizeBytes (tiered storage) on a $clusterType cluster at $level with $storageMode storage: $expected',
    ({ clusterType, level, storageMode, expected }) => {
      const metrics = ids(
        metricsFor({
          clusterType,
          details: {
            enhancedMonitoring: level,
            storage: storageMode === null ? null : { mode: storageMode },
          },
        }),
      );
      expect(metrics.includes('msk.broker.remoteLogSizeBytes')).toBe(expected);
    },
  );

  it('gives Express no disk, heap or replication metrics but StorageUsed', () => {
    const metrics = names(
      metricsFor({
        clusterType: 'express',
        details: { enhancedMonitoring: 'PER_BROKER' },
      }),
    );
    for (const missing of [
      'KafkaDataLogsDiskUsed',
      'HeapMemoryAfterGC',
      'UnderReplicatedPartitions',
      'OfflinePartitionsCount',
      'UnderMinIsrPartitionCount',
    ]) {
      expect(metrics).not.toContain(missing);
    }
    expect(metrics).toEqual(
      expect.arrayContaining([
        'StorageUsed',
        'CpuUser',
        'PartitionCount',
        'ProduceThrottleTime',
        'ActiveControllerCount',
      ]),
    );
  });

  it('gives Serverless only per-topic throughput and lag, whatever the level says', () => {
    const metrics = metricsFor({
      clusterType: 'serverless',
      details: { enhancedMonitoring: null },
    });
    expect(ids(metrics).sort()).toEqual(
      [
        'msk.consumerGroup.estimatedMaxTimeLag',
        'msk.consumerGroup.maxOffsetLag',
        'msk.consumerGroup.sumOffsetLag',
        'msk.serverless.cluster.bytesIn',
        'msk.serverless.cluster.bytesOut',
        'msk.serverless.topic.bytesIn',
        'msk.serverless.topic.bytesOut',
      ].sort(),
    );
    expect(getMetric('msk.serverless.topic.bytesIn').dimensions).toEqual([
      'Cluster Name',
      'Topic',
    ]);
  });

  it('hides nothing when the monitoring level is unknown', () => {
    const unknown = ids(metricsFor({ clusterType: 'standard' }));
    expect(unknown).toContain('msk.broker.produceThrottleTime');
    expect(unknown).toContain('msk.topic.bytesIn');
    expect(
      ids(
        metricsFor({
          clusterType: 'standard',
          details: { enhancedMonitoring: 'SOMETHING_NEW' },
        }),
      ),
    ).toEqual(unknown);
  });
});

describe('metricsFor a Flink application', () => {
  const app = (
    runtimeEnvironment: string,
    metricsLevel: string | null = 'APPLICATION',
  ) => ({
    runtimeEnvironment,
    details: { monitoring: { metricsLevel } },
  });

  it.each`
    runtime         | restarts
    ${'FLINK-1_15'} | ${'fullRestarts'}
    ${'FLINK-1_20'} | ${'fullRestarts'}
    ${'FLINK-2_2'}  | ${'numRestarts'}
    ${'FLINK-2_3'}  | ${'numRestarts'}
  `('reads $restarts on $runtime', ({ runtime, restarts }) => {
    const metrics = names(metricsFor(app(runtime)));
    expect(metrics).toContain(restarts);
    expect(metrics).not.toContain(
      restarts === 'numRestarts' ? 'fullRestarts' : 'numRestarts',
    );
    expect(metrics).toEqual(
      expect.arrayContaining([
        'downtime',
        'numberOfFailedCheckpoints',
        'KPUs',
        'heapMemoryUtilization',
      ]),
    );
    expect(metrics.some(name => name === 'CpuUser')).toBe(false);
  });

  it.each`
    runtime         | level            | backpressure
    ${'FLINK-1_20'} | ${'APPLICATION'} | ${false}
    ${'FLINK-1_20'} | ${'TASK'}        | ${true}
    ${'FLINK-1_20'} | ${'OPERATOR'}    | ${true}
    ${'FLINK-2_2'}  | ${'PARALLELISM'} | ${true}
    ${'FLINK-1_11'} | ${'TASK'}        | ${false}
    ${'FLINK-1_13'} | ${'TASK'}        | ${true}
    ${'FLINK-1_20'} | ${null}          | ${true}
  `(
    'backpressure on $runtime at $level: $backpressure',
    ({ runtime, level, backpressure }) => {
      expect(
        names(metricsFor(app(runtime, level))).includes(
          'backPressuredTimeMsPerSecond',
        ),
      ).toBe(backpressure);
    },
  );

  it('gives legacy SQL applications no Flink metrics', () => {
    expect(metricsFor(app('SQL-1_0'))).toEqual([]);
  });

  it('keeps both restart metrics for a runtime it cannot place', () => {
    const metrics = names(metricsFor(app('ZEPPELIN-FLINK-3_0')));
    expect(metrics).toEqual(
      expect.arrayContaining(['numRestarts', 'fullRestarts']),
    );
  });

  it('parses runtime versions', () => {
    expect(parseFlinkRuntime('FLINK-1_20')).toEqual([1, 20]);
    expect(parseFlinkRuntime('FLINK-2_2')).toEqual([2, 2]);
    expect(parseFlinkRuntime('SQL-1_0')).toBeNull();
  });

  it('never applies MSK metrics to Flink or the reverse', () => {
    expect(
      metricApplies(getMetric('msk.broker.cpuUser'), {
        runtimeEnvironment: 'FLINK-1_20',
      }),
    ).toBe(false);
    expect(
      metricApplies(getMetric('flink.downtime'), { clusterType: 'standard' }),
    ).toBe(false);
  });
});

describe('counterIncrease', () => {
  it.each`
    values          | increase
    ${[]}           | ${null}
    ${[5]}          | ${null}
    ${[3, 3, 3]}    | ${0}
    ${[3, 4, 6]}    | ${3}
    ${[7, 8, 0, 2]} | ${3}
    ${[7, 8, 1, 2]} | ${3}
  `('$values grew by $increase', ({ values, increase }) => {
    expect(counterIncrease(values)).toBe(increase);
  });
});
