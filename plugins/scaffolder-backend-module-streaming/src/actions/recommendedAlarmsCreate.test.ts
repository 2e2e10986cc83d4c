import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeClusterV2Command,
  KafkaClient,
  ListNodesCommand,
} from '@aws-sdk/client-kafka';
import {
  DescribeApplicationCommand,
  KinesisAnalyticsV2Client,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_HEALTH_THRESHOLDS,
  getMetric,
} from '@backstage-streaming/plugin-streaming-common';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  actionContext,
  REGION,
  testEnvironment,
} from '../__testUtils__/environment';
import { recommendedAlarms } from './recommendedAlarms';
import { createRecommendedAlarmsCreateAction } from './recommendedAlarmsCreate';

const cloudwatch = mockClient(CloudWatchClient);
const kafka = mockClient(KafkaClient);
const flink = mockClient(KinesisAnalyticsV2Client);
const CLUSTER_ARN = `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/orders/abc-1`;
const APP_ARN = `arn:aws:kinesisanalytics:${REGION}:${ACCOUNT}:application/enricher`;
const SNS = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;

describe('recommendedAlarms', () => {
  const standard = recommendedAlarms(
    {
      kind: 'kafka-cluster',
      name: 'orders',
      clusterType: 'standard',
      enhancedMonitoring: 'PER_BROKER',
      brokerIds: [1, 2, 3],
      checkpointIntervalMs: 60000,
    },
    DEFAULT_HEALTH_THRESHOLDS,
  );

  it('takes metric names, statistics and periods from the metric table and thresholds from the health table', () => {
    const offline = standard.find(
      a => a.AlarmName === 'streaming-orders-OfflinePartitionsCount',
    )!;
    const metric = getMetric('msk.cluster.offlinePartitions');
    expect(offline).toMatchObject({
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Statistic: metric.stat,
      Period: metric.periodSeconds,
      Threshold: DEFAULT_HEALTH_THRESHOLDS.offlinePartitions,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [{ Name: 'Cluster Name', Value: 'orders' }],
    });
    const disk = standard.find(
      a => a.AlarmName === 'streaming-orders-KafkaDataLogsDiskUsed-broker-2',
    )!;
    expect(disk).toMatchObject({
      Threshold: 85,
      Dimensions: [
        { Name: 'Cluster Name', Value: 'orders' },
        { Name: 'Broker ID', Value: '2' },
      ],
    });
    const cpu = standard.find(
      a => a.AlarmName === 'streaming-orders-CpuUser+CpuSystem-broker-1',
    )!;
    expect(cpu.Threshold).toBe(60);
    expect(
      cpu.Metrics!.map(m => m.Expression ?? m.MetricStat!.Metric!.MetricName),
    ).toEqual(['CpuUser', 'CpuSystem', 'm0 + m1']);
    const urp = standard.find(
      a =>
        a.AlarmName === 'streaming-orders-UnderReplicatedPartitions-broker-3',
    )!;
    expect(urp.EvaluationPeriods).toBe(15);
  });

  it('chooses by cluster type: Express gets no EBS disk alarm', () => {
    const express = recommendedAlarms(
      {
        kind: 'kafka-cluster',
        name: 'clicks',
        clusterType: 'express',
        enhancedMonitoring: 'PER_BROKER',
        brokerIds: [1, 2, 3],
        checkpointIntervalMs: 60000,
      },
      DEFAULT_HEALTH_THRESHOLDS,
    );
    const names = express.map(a => a.AlarmName);
    expect(names).toContain('streaming-clicks-ActiveControllerCount');
    expect(names.some(n => n!.includes('KafkaDataLogsDiskUsed'))).toBe(false);
  });

  it('chooses by Flink runtime: 2.x alarms on numRestarts, not fullRestarts or downtime', () => {
    const names = (runtime: string) =>
      recommendedAlarms(
        {
          kind: 'flink-application',
          name: 'enricher',
          runtime,
          checkpointIntervalMs: 60000,
        },
        DEFAULT_HEALTH_THRESHOLDS,
      ).map(a => a.AlarmName);
    expect(names('FLINK-1_20')).toEqual(
      expect.arrayContaining([
        'streaming-enricher-downtime',
        'streaming-enricher-fullRestarts',
      ]),
    );
    expect(names('FLINK-1_20')).not.toContain('streaming-enricher-numRestarts');
    const flink2 = names('FLINK-2_2');
    expect(flink2).toContain('streaming-enricher-numRestarts');
    expect(flink2).not.toContain('streaming-enricher-fullRestarts');
    expect(flink2).not.toContain('streaming-enricher-downtime');
    const checkpoint = recommendedAlarms(
      {
        kind: 'flink-application',
        name: 'enricher',
        runtime: 'FLINK-1_20',
        checkpointIntervalMs: 120000,
      },
      DEFAULT_HEALTH_THRESHOLDS,
    ).find(a => a.AlarmName === 'streaming-enricher-lastCheckpointDuration')!;
    // 50 % of the 120 s interval
    expect(checkpoint.Threshold).toBe(60000);
  });
});

describe('aws:cloudwatch:recommended-alarms:create', () => {
  beforeEach(() => {
    cloudwatch.reset();
    kafka.reset();
    flink.reset();
    kafka.on(DescribeClusterV2Command).resolves({
      ClusterInfo: {
        ClusterType: 'PROVISIONED',
        Provisioned: {
          EnhancedMonitoring: 'PER_BROKER',
          BrokerNodeGroupInfo: { InstanceType: 'kafka.m7g.large' },
        },
      } as any,
    });
    kafka.on(ListNodesCommand).resolves({
      NodeInfoList: [1, 2, 3].map(BrokerId => ({
        BrokerNodeInfo: { BrokerId },
      })),
    });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    cloudwatch.on(PutMetricAlarmCommand).resolves({});
  });

  it('puts the recommended alarms of a cluster with the SNS topic from config', async () => {
    const { env } = testEnvironment({
      scaffolder: { alarms: { snsTopicArn: SNS } },
    });
    const { ctx, outputs } = actionContext({ resourceArn: CLUSTER_ARN });
    await createRecommendedAlarmsCreateAction(env).handler(ctx as any);
    const puts = cloudwatch.commandCalls(PutMetricAlarmCommand);
    expect(puts.length).toBe(outputs().alarmNames.length);
    expect(puts.length).toBeGreaterThan(10);
    for (const put of puts) {
      expect(put.args[0].input.AlarmActions).toEqual([SNS]);
    }
    expect(outputs().consoleUrl).toContain('streaming-orders-');
  });

  it('chooses a Flink application’s alarms by the runtime AWS reports', async () => {
    flink.on(DescribeApplicationCommand).resolves({
      ApplicationDetail: { RuntimeEnvironment: 'FLINK-2_2' } as any,
    });
    const { env } = testEnvironment();
    const { ctx, outputs } = actionContext({ resourceArn: APP_ARN });
    await createRecommendedAlarmsCreateAction(env).handler(ctx as any);
    expect(outputs().alarmNames).toContain('streaming-enricher-numRestarts');
    expect(outputs().alarmNames).not.toContain('streaming-enricher-downtime');
  });

  it('refuses when an alarm of the same name watches another metric', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: 'streaming-orders-OfflinePartitionsCount',
          Namespace: 'Custom',
          MetricName: 'Other',
        },
      ],
    });
    const { env } = testEnvironment();
    const error = await createRecommendedAlarmsCreateAction(env)
      .handler(actionContext({ resourceArn: CLUSTER_ARN }).ctx as any)
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toMatch(/already exists on Custom Other/);
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)).toHaveLength(0);
  });

  it('replaces its own alarms on a retry (PutMetricAlarm is an upsert)', async () => {
    const { env } = testEnvironment();
    await createRecommendedAlarmsCreateAction(env).handler(
      actionContext({ resourceArn: CLUSTER_ARN }).ctx as any,
    );
    const first = cloudwatch.commandCalls(PutMetricAlarmCommand).length;
    cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: 'streaming-orders-OfflinePartitionsCount',
          Namespace: 'AWS/Kafka',
          MetricName: 'OfflinePartitionsCount',
        },
      ],
    });
    await createRecommendedAlarmsCreateAction(env).handler(
      actionContext({ resourceArn: CLUSTER_ARN }).ctx as any,
    );
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)).toHaveLength(
      first * 2,
    );
  });

  it('makes no AWS call in a dry run', async () => {
    const { env } = testEnvironment();
    const { ctx, outputs } = actionContext(
      { resourceArn: CLUSTER_ARN, brokerCount: 3 },
      { isDryRun: true },
    );
    await createRecommendedAlarmsCreateAction(env).handler(ctx as any);
    expect(kafka.calls()).toHaveLength(0);
    expect(cloudwatch.calls()).toHaveLength(0);
    expect(outputs().alarmNames).toContain(
      'streaming-orders-UnderReplicatedPartitions-broker-3',
    );
  });

  it('checks streaming.scaffold', async () => {
    const { env } = testEnvironment({ decision: AuthorizeResult.DENY });
    await expect(
      createRecommendedAlarmsCreateAction(env).handler(
        actionContext({ resourceArn: CLUSTER_ARN }).ctx as any,
      ),
    ).rejects.toThrow(/streaming.scaffold/);
    expect(cloudwatch.calls()).toHaveLength(0);
  });
});
