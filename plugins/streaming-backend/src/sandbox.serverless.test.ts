import { Entity } from '@backstage/catalog-model';
import { Sandbox, startSandbox } from '@backstage-streaming/aws-sandbox';
import { resolve } from 'node:path';
import request from 'supertest';
import { startSandboxBackend } from './__testUtils__/sandboxBackend';

// The demo's MSK Serverless cluster through the real readers and both
// refreshes: its topics come from CloudWatch, with throughput and cost.
const DEMO = resolve(__dirname, '../../../examples/sandbox/demo.yaml');
const SERVERLESS_ARN =
  'arn:aws:kafka:eu-west-1:111111111111:cluster/events-serverless/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170-s1';

const eventsGateway: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'events-gateway',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-msk-cluster-arn': SERVERLESS_ARN,
      'aws.amazon.com/amazon-msk-topics':
        'events-serverless/platform.events,events-serverless/notifications.*,events-serverless/platform.idle',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-platform' },
};

describe('an MSK Serverless cluster against the demo sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenarioPath: DEMO, port: 0 });
  });
  afterAll(() => sandbox.close());

  it('shows the topics CloudWatch knows with their throughput, and prices data in and out from their sum', async () => {
    const target = { accountId: '111111111111', region: 'eu-west-1' };
    const { server, refresh, slowMetrics } = await startSandboxBackend({
      endpoint: sandbox.url,
      entities: [eventsGateway],
      aws: {
        maxAttempts: 1,
        accounts: [{ accountId: '111111111111', regions: ['eu-west-1'] }],
      },
      streaming: {
        // No built-in eu-west-1 prices: the us-east-1 Serverless data rates.
        pricing: {
          regions: {
            'eu-west-1': {
              items: {
                serverlessClusterHour: 0.75,
                serverlessDataInGb: 0.1,
                serverlessDataOutGb: 0.05,
              },
            },
          },
        },
      },
    });

    // The listing refresh finds the cluster; the slow one its topics and their throughput.
    await refresh([target]);
    await slowMetrics([target]);

    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/events-gateway',
    );
    expect(res.status).toBe(200);
    // A topic without traffic has no series, so it is not known, and the problem says why.
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        kind: 'asset-not-found',
        value: 'events-serverless/platform.idle',
        message: expect.stringContaining(
          'Serverless topics are found in CloudWatch, so a topic appears once a producer writes to it and one idle for 14 days is not listed',
        ),
      }),
    ]);
    const topics = res.body.topics as any[];
    // By name and by prefix, like any topic.
    expect(topics.map(t => t.name).sort()).toEqual([
      'notifications.email',
      'platform.events',
    ]);
    for (const topic of topics) {
      expect(topic).toMatchObject({
        clusterArn: SERVERLESS_ARN,
        discoveredFrom: 'metrics',
        partitionCount: null,
        arn: `arn:aws:kafka:eu-west-1:111111111111:topic/events-serverless/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170-s1/${topic.name}`,
      });
      expect(topic.metrics['msk.serverless.topic.bytesIn']).toBeGreaterThan(0);
      expect(topic.metrics['msk.serverless.topic.bytesOut']).toBeGreaterThan(0);
    }

    const [cluster] = res.body.clusters;
    expect(cluster.topicListing).toBe('unsupported');
    // The cluster total is the sum over all three discovered topics, the unattached platform.audit included.
    const attachedIn = topics.reduce(
      (sum, t) => sum + t.metrics['msk.serverless.topic.bytesIn'],
      0,
    );
    expect(cluster.metrics['msk.cluster.bytesInTotal']).toBeGreaterThan(
      attachedIn,
    );
    expect(cluster.metrics['msk.cluster.bytesOutTotal']).toBeGreaterThan(0);
    const parts = Object.fromEntries(
      cluster.cost.estimate.parts.map((p: any) => [p.item, p.monthlyUsd]),
    );
    expect(parts.serverlessDataInGb).toBeGreaterThan(0);
    expect(parts.serverlessDataOutGb).toBeGreaterThan(0);
    expect(cluster.cost.usdPerGbIn).toBeGreaterThan(0);
    expect(cluster.cost.estimate.notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'average throughput over the last 1 h, in whole hours read by the slow metrics refresh (3600 s)',
        ),
      ]),
    );
  });
});
