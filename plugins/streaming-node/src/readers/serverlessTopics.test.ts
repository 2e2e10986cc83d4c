import {
  CloudWatchClient,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { readServerlessTopics } from './serverlessTopics';

const cloudwatchMock = mockClient(CloudWatchClient);

afterEach(() => cloudwatchMock.reset());

const series = (dimensions: Record<string, string>) => ({
  Namespace: 'AWS/Kafka',
  MetricName: 'BytesInPerSec',
  Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({
    Name,
    Value,
  })),
});

describe('readServerlessTopics', () => {
  it('lists the distinct topics of each cluster over every ListMetrics page', async () => {
    cloudwatchMock
      .on(ListMetricsCommand, { NextToken: undefined })
      .resolves({
        Metrics: [
          series({ 'Cluster Name': 'events', Topic: 'events.raw' }),
          // A provisioned cluster's per-broker series has another dimension set.
          series({ 'Cluster Name': 'events', 'Broker ID': '1', Topic: 'x' }),
        ],
        NextToken: 'page-2',
      })
      .on(ListMetricsCommand, { NextToken: 'page-2' })
      .resolves({
        Metrics: [
          series({ 'Cluster Name': 'events', Topic: 'audit.log' }),
          series({ 'Cluster Name': 'events', Topic: 'events.raw' }),
        ],
      });

    const discovered = await readServerlessTopics(
      new CloudWatchClient({ region: 'eu-west-1' }),
      ['events'],
    );

    expect(discovered).toEqual([
      { clusterName: 'events', topics: ['audit.log', 'events.raw'] },
    ]);
    const calls = cloudwatchMock.commandCalls(ListMetricsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0].args[0].input).toMatchObject({
      Namespace: 'AWS/Kafka',
      MetricName: 'BytesInPerSec',
      Dimensions: expect.arrayContaining([
        { Name: 'Cluster Name', Value: 'events' },
        { Name: 'Topic' },
      ]),
    });
  });

  it('reports one cluster failing without losing the others', async () => {
    cloudwatchMock.on(ListMetricsCommand).callsFake(input =>
      input.Dimensions.some((d: any) => d.Value === 'denied')
        ? Promise.reject(
            Object.assign(new Error('not allowed'), {
              name: 'AccessDeniedException',
            }),
          )
        : { Metrics: [series({ 'Cluster Name': 'ok', Topic: 't' })] },
    );

    const discovered = await readServerlessTopics(
      new CloudWatchClient({ region: 'eu-west-1' }),
      ['denied', 'ok'],
    );

    expect(discovered).toEqual([
      {
        clusterName: 'denied',
        error: expect.objectContaining({
          operation: 'ListMetrics',
          code: 'AccessDeniedException',
          message: expect.stringContaining('cloudwatch:ListMetrics'),
        }),
      },
      { clusterName: 'ok', topics: ['t'] },
    ]);
  });
});
