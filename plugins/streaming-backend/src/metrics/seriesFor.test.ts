import {
  getMetric,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import {
  combineValues,
  discoveredSeries,
  scaleValue,
  seriesFor,
} from './seriesFor';

const cluster = {
  assetType: 'kafka-cluster',
  arn: 'arn:c',
  name: 'c',
  brokerCount: 2,
  brokers: [
    {
      brokerId: 4,
      instanceType: null,
      clientSubnet: null,
      endpoints: [],
      kafkaVersion: null,
    },
  ],
} as unknown as StreamingAsset & { assetType: 'kafka-cluster' };
const topic = {
  assetType: 'kafka-topic',
  arn: 'arn:t',
  name: 't',
  clusterArn: 'arn:c',
  clusterName: 'c',
} as unknown as StreamingAsset;
const group = {
  assetType: 'consumer-group',
  arn: 'arn:g',
  name: 'g',
  clusterArn: 'arn:c',
  clusterName: 'c',
  topics: [{ topic: 't1' }, { topic: 't2' }],
} as unknown as StreamingAsset;

describe('seriesFor', () => {
  it('fans broker metrics out over the brokers ListNodes gave', () => {
    expect(seriesFor(getMetric('msk.broker.cpuUser'), cluster)).toEqual({
      series: [
        {
          key: 'msk.broker.cpuUser#0',
          label: 'Broker 4',
          dimensions: { 'Cluster Name': 'c', 'Broker ID': '4' },
        },
      ],
    });
  });

  it('fans a topic metric over its cluster brokers and a group metric over its topics', () => {
    const topicPlan = seriesFor(
      getMetric('msk.topic.bytesIn'),
      topic,
      cluster,
    ) as any;
    expect(topicPlan.series.map((s: any) => s.dimensions)).toEqual([
      { 'Cluster Name': 'c', 'Broker ID': '4', Topic: 't' },
    ]);
    const groupPlan = seriesFor(
      getMetric('msk.consumerGroup.sumOffsetLag'),
      group,
    ) as any;
    expect(groupPlan.series.map((s: any) => s.label)).toEqual(['t1', 't2']);
  });

  it('says which asset a metric needs', () => {
    expect(seriesFor(getMetric('msk.topic.bytesIn'), cluster)).toEqual({
      error: expect.stringContaining('ask with the ARN of a topic'),
    });
  });

  it('asks ListMetrics for a Flink task metric and keeps only exact dimension sets', () => {
    const app = {
      assetType: 'flink-application',
      arn: 'arn:a',
      name: 'app',
    } as unknown as StreamingAsset;
    const metric = getMetric('flink.backPressuredTimeMsPerSecond');
    expect(seriesFor(metric, app)).toEqual({
      discover: { Application: 'app' },
    });
    expect(
      discoveredSeries(metric, [
        { dimensions: { Application: 'app', Task: 'source' } },
        { dimensions: { Application: 'app', Task: 'sink', Operator: 'x' } },
      ]),
    ).toEqual([
      {
        key: `${metric.id}#d0`,
        label: 'source',
        dimensions: { Application: 'app', Task: 'source' },
      },
    ]);
  });

  it("finds a Serverless cluster's topic series with ListMetrics, keeping only (Cluster Name, Topic)", () => {
    const metric = getMetric('msk.serverless.cluster.bytesIn');
    expect(seriesFor(metric, cluster)).toEqual({
      discover: { 'Cluster Name': 'c' },
    });
    expect(
      discoveredSeries(metric, [
        { dimensions: { 'Cluster Name': 'c', Topic: 'events.raw' } },
        { dimensions: { 'Cluster Name': 'c' } },
        { dimensions: { 'Cluster Name': 'c', 'Broker ID': '1', Topic: 'x' } },
      ]),
    ).toEqual([
      {
        key: `${metric.id}#d0`,
        label: 'events.raw',
        dimensions: { 'Cluster Name': 'c', Topic: 'events.raw' },
      },
    ]);
  });

  it('combines series as the metric says and scales per-snapshot sums', () => {
    expect(combineValues({ combineSeries: 'max' }, [1, null, 3])).toBe(3);
    expect(combineValues({ combineSeries: 'sum' }, [1, null, 3])).toBe(4);
    expect(combineValues({ combineSeries: 'sum' }, [null])).toBeNull();
    expect(scaleValue(getMetric('flink.numRecordsInPerSecond'), 400)).toBe(100);
  });
});
