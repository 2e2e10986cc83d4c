import { Entity } from '@backstage/catalog-model';
import {
  loadScenario,
  Sandbox,
  startSandbox,
} from '@backstage-streaming/aws-sandbox';
import { resolve } from 'node:path';
import request from 'supertest';
import { COST_EXPLORER_TASK_ID, PRICE_LIST_TASK_ID } from './plugin';
import { startSandboxBackend } from './__testUtils__/sandboxBackend';

// List prices from the Price List API and the bill from Cost Explorer,
// through the real SDK clients against the sandbox, into the stored
// estimates and the summary.
const DEMO = resolve(__dirname, '../../../examples/sandbox/demo.yaml');
const SERVERLESS_ARN =
  'arn:aws:kafka:eu-west-1:111111111111:cluster/events-serverless/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170-s1';
const SHARED_ARN =
  'arn:aws:kafka:us-west-2:111111111111:cluster/platform-shared/0b7f3a52-9c1e-4d8b-a6f0-3e2d1c0b9a87-1';

const eventsGateway: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'events-gateway',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-msk-cluster-arn': SERVERLESS_ARN,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-platform' },
};

async function startBackend(
  sandbox: Sandbox,
  streaming: Record<string, unknown> = {},
) {
  const targets = ['eu-west-1', 'us-west-2'].map(region => ({
    accountId: '111111111111',
    region,
  }));
  const backend = await startSandboxBackend({
    endpoint: sandbox.url,
    entities: [eventsGateway],
    aws: {
      maxAttempts: 1,
      accounts: [
        { accountId: '111111111111', regions: ['eu-west-1', 'us-west-2'] },
      ],
    },
    streaming: {
      pricing: {
        assumptions: [
          { arn: SERVERLESS_ARN, partitionCount: 12, storedGB: 40 },
        ],
      },
      ...streaming,
    },
  });
  await backend.scheduler.triggerTask(PRICE_LIST_TASK_ID);
  await backend.refresh(targets);
  await backend.slowMetrics(targets);
  return backend;
}

describe('list prices and the bill against the demo sandbox', () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox.close());

  it('prices the eu-west-1 Serverless cluster completely from the price list and configured assumptions', async () => {
    sandbox = await startSandbox({ scenarioPath: DEMO, port: 0 });
    const { server } = await startBackend(sandbox);
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/events-gateway',
    );
    expect(res.status).toBe(200);
    const [cluster] = res.body.clusters;
    expect(cluster.cost.estimate.complete).toBe(true);
    expect(cluster.cost.estimate.unknownParts).toEqual([]);
    const parts = Object.fromEntries(
      cluster.cost.estimate.parts.map((p: any) => [p.item, p]),
    );
    // The sandbox's illustrative eu-west-1 price list: 1.1 × the us-east-1 figures.
    expect(parts.serverlessClusterHour).toMatchObject({
      unitUsd: 0.825,
      monthlyUsd: 602.25,
      priceOrigin: 'price-list',
      priceAsOf: '2026-11-01',
      source: expect.stringContaining(
        'AWS Price List API (AmazonMSK EU-Kafka.Serverless.Cluster, price list version sandbox-illustrative-20261101',
      ),
    });
    expect(parts.serverlessPartitionHour).toMatchObject({
      quantity: 12 * 730,
      assumedIn: 'streaming.pricing.assumptions[0]',
    });
    expect(parts.serverlessStorageGbMonth).toMatchObject({
      quantity: 40,
      assumedIn: 'streaming.pricing.assumptions[0]',
    });

    const prices = await request(server).get(
      '/api/streaming/v1/prices?region=us-west-2',
    );
    expect(prices.status).toBe(200);
    expect(
      prices.body.priceLists.map((l: any) => l.serviceCode).sort(),
    ).toEqual(['AmazonKinesisAnalytics', 'AmazonMSK']);
    expect(
      prices.body.rows.find((r: any) => r.item === 'kafka.m7g.xlarge'),
    ).toMatchObject({ origin: 'price-list', price: { usd: 0.408 } });

    const bad = await request(server).get(
      '/api/streaming/v1/prices?region=Mars',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('AWS region name');

    // Cost Explorer is off here: the summary says so plainly.
    const summary = await request(server).get('/api/streaming/v1/summary');
    expect(summary.body.actual).toMatchObject({
      state: 'disabled',
      message: expect.stringContaining('streaming.costExplorer.enabled'),
    });
  });

  it('keeps the built-in fallback when the Price List API denies access', async () => {
    const scenario = loadScenario(DEMO);
    scenario.accounts
      .find(a => a.id === '111111111111')!
      .faults.push({ error: 'AccessDenied', service: 'pricing' });
    sandbox = await startSandbox({ scenario, port: 0 });
    const { server } = await startBackend(sandbox);
    const res = await request(server).get(
      '/api/streaming/v1/entity/default/component/events-gateway',
    );
    const [cluster] = res.body.clusters;
    expect(cluster.cost.estimate.complete).toBe(false);
    expect(cluster.cost.estimate.unknownParts[0].reason).toContain(
      'no AWS Price List API prices stored for eu-west-1 yet',
    );
  });

  it('shows the bill beside the estimate on the summary, per owner and per asset', async () => {
    sandbox = await startSandbox({ scenarioPath: DEMO, port: 0 });
    const { server, scheduler } = await startBackend(sandbox, {
      costExplorer: {
        enabled: true,
        payerAccountIds: ['111111111111'],
        resourceLevel: true,
        maxRequestsPerDay: 10,
        differenceThresholdPercent: 10,
      },
    });
    await scheduler.triggerTask(COST_EXPLORER_TASK_ID);
    const summary = await request(server).get('/api/streaming/v1/summary');
    expect(summary.status).toBe(200);
    const actual = summary.body.actual;
    expect(actual).toMatchObject({ state: 'ok', tagKey: 'owner' });
    expect(actual.lastMonth.actualUsd).toBeGreaterThan(0);
    expect(actual.lastMonth.estimateUsd).toBeGreaterThan(0);
    // legacy-reporting is billed without an owner tag.
    expect(actual.untaggedLastMonthUsd).toBeGreaterThan(0);
    expect(actual.byAccount.map((a: any) => a.accountId)).toEqual([
      '111111111111',
    ]);
    expect(actual.byOwner).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ owner: 'group:default/team-platform' }),
      ]),
    );

    const shared = await request(server).get(
      `/api/streaming/v1/actual-cost?arn=${encodeURIComponent(SHARED_ARN)}`,
    );
    expect(shared.status).toBe(200);
    expect(shared.body.lastTwoWeeks.actualUsd).toBeGreaterThan(0);
    expect(typeof shared.body.lastTwoWeeks.differencePercent).toBe('number');

    const unknown = await request(server).get(
      '/api/streaming/v1/actual-cost?arn=arn:aws:kafka:eu-west-1:111111111111:cluster/none/x',
    );
    expect(unknown.status).toBe(404);
    const missing = await request(server).get('/api/streaming/v1/actual-cost');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('arn is required');

    const owner = await request(server).get(
      '/api/streaming/v1/actual-cost/owner?owner=team-platform',
    );
    expect(owner.status).toBe(200);
    expect(owner.body).toMatchObject({
      owner: 'group:default/team-platform',
      state: 'ok',
      tagKey: 'owner',
    });
    expect(owner.body.lastMonth).toEqual(
      actual.byOwner.find((o: any) => o.owner === 'group:default/team-platform')
        .lastMonth,
    );
    const noOwner = await request(server).get(
      '/api/streaming/v1/actual-cost/owner',
    );
    expect(noOwner.status).toBe(400);
    expect(noOwner.body.error.message).toContain('owner is required');

    // A second run the same day reads nothing again: the answers are cached.
    await scheduler.triggerTask(COST_EXPLORER_TASK_ID);
    const again = await request(server).get('/api/streaming/v1/summary');
    expect(again.body.actual.readAt).toBe(actual.readAt);
  });
});
