import {
  detailedApplication,
  detailedCluster,
  detailedTopic,
} from '../../testUtils/fixtures';
import {
  clusterCharts,
  consumerGroupCharts,
  flinkCharts,
  topicCharts,
} from './chartMetrics';
import type { ConsumerGroupAsset } from '@backstage-streaming/plugin-streaming-common';

const ids = (choice: { metrics: { id: string }[] }) =>
  choice.metrics.map(metric => metric.id);

describe('chart metrics', () => {
  it('charts a Standard cluster by CPU, throughput and disk by default', () => {
    const choice = clusterCharts(detailedCluster);
    expect(choice.defaults).toEqual([
      'msk.broker.cpuUser',
      'msk.broker.diskUsed',
      'msk.broker.bytesIn',
      'msk.broker.bytesOut',
    ]);
    expect(ids(choice)).toContain('msk.broker.produceThrottleTime');
    expect(ids(choice)).not.toContain('msk.cluster.activeControllerCount');
    expect(ids(choice)).not.toContain('msk.topic.bytesIn');
  });

  it('leaves out what an Express cluster does not publish, and what the monitoring level does not', () => {
    const express = clusterCharts({
      ...detailedCluster,
      clusterType: 'express',
      details: { ...detailedCluster.details!, enhancedMonitoring: 'DEFAULT' },
    });
    expect(express.defaults).toEqual([
      'msk.broker.cpuUser',
      'msk.broker.bytesIn',
      'msk.broker.bytesOut',
      'msk.cluster.storageUsed',
    ]);
    expect(ids(express)).not.toContain('msk.broker.diskUsed');
    expect(ids(express)).not.toContain('msk.broker.produceThrottleTime');
  });

  it('charts a Serverless cluster by its throughput summed over its topics, which is all it publishes', () => {
    const serverless = clusterCharts({
      ...detailedCluster,
      clusterType: 'serverless',
    });
    expect(ids(serverless)).toEqual([
      'msk.serverless.cluster.bytesIn',
      'msk.serverless.cluster.bytesOut',
    ]);
    expect(serverless.defaults).toEqual(ids(serverless));
  });

  it("charts a topic by its cluster's type and monitoring level", () => {
    expect(topicCharts(detailedTopic, detailedCluster).defaults).toEqual([
      'msk.topic.bytesIn',
      'msk.topic.bytesOut',
    ]);
    expect(
      topicCharts(detailedTopic, {
        ...detailedCluster,
        details: {
          ...detailedCluster.details!,
          enhancedMonitoring: 'DEFAULT',
        },
      }).metrics,
    ).toEqual([]);
    expect(
      topicCharts(detailedTopic, {
        ...detailedCluster,
        clusterType: 'serverless',
      }).defaults,
    ).toEqual([
      'msk.serverless.topic.bytesIn',
      'msk.serverless.topic.bytesOut',
    ]);
    // Cluster unknown: one Bytes in, not two.
    const unknown = topicCharts(detailedTopic, undefined);
    expect(
      unknown.metrics.filter(metric => metric.label === 'Bytes in'),
    ).toHaveLength(1);
  });

  it('charts a consumer group by lag', () => {
    const group: ConsumerGroupAsset = {
      ...detailedTopic,
      assetType: 'consumer-group',
      topics: [],
    };
    expect(consumerGroupCharts(group, detailedCluster).defaults).toEqual([
      'msk.consumerGroup.maxOffsetLag',
      'msk.consumerGroup.estimatedMaxTimeLag',
    ]);
  });

  it('charts a Flink application by KPUs, CPU, heap, records in and downtime', () => {
    const choice = flinkCharts(detailedApplication);
    expect([...choice.defaults].sort()).toEqual([
      'flink.cpuUtilization',
      'flink.downtime',
      'flink.heapMemoryUtilization',
      'flink.kpus',
      'flink.numRecordsInPerSecond',
    ]);
    expect(ids(choice)).toContain('flink.fullRestarts');
    expect(ids(choice)).not.toContain('flink.numRestarts');
    expect(ids(choice)).not.toContain('flink.backPressuredTimeMsPerSecond');
    expect(
      ids(
        flinkCharts({
          ...detailedApplication,
          runtimeEnvironment: 'FLINK-2_2',
          details: {
            ...detailedApplication.details!,
            monitoring: {
              ...detailedApplication.details!.monitoring,
              metricsLevel: 'TASK',
            },
          },
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        'flink.numRestarts',
        'flink.backPressuredTimeMsPerSecond',
      ]),
    );
  });
});
