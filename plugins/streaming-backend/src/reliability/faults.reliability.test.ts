import { Entity } from '@backstage/catalog-model';
import { Sandbox, startSandbox } from '@backstage-streaming/aws-sandbox';
import request from 'supertest';
import {
  DEMO_SCENARIO,
  DEMO_TARGETS,
  startSandboxBackend,
} from '../__testUtils__/sandboxBackend';

// The refresh against the demo sandbox under injected faults
// (packages/aws-sandbox/src/faults.ts): throttling, a denied account, a
// hanging account, and the sandbox dying mid-refresh.

const ORDERS_ARN =
  'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1';
const ordersService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: { 'aws.amazon.com/amazon-msk-cluster-arn': ORDERS_ARN },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
};

type Status = {
  accountRegions: Array<{
    accountId: string;
    region: string;
    state: string;
    assetsSeen?: number;
    lastErrorCode?: string | null;
    lastErrorMessage?: string | null;
    lastSuccessAt?: string | null;
  }>;
  assets: number;
};

async function statusOf(server: any): Promise<Status> {
  const res = await request(server).get('/api/streaming/v1/status');
  if (res.status !== 200) throw new Error(`/v1/status answered ${res.status}`);
  return res.body;
}

const key = (s: { accountId: string; region: string }) =>
  `${s.accountId}/${s.region}`;
const seenByTarget = (status: Status) =>
  Object.fromEntries(status.accountRegions.map(s => [key(s), s.assetsSeen]));

async function setFaults(sandbox: Sandbox, body: unknown) {
  const res = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(await res.text());
}

describe('the refresh under faults', () => {
  let sandbox: Sandbox;
  let baseline: Status;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenarioPath: DEMO_SCENARIO, port: 0 });
    const { server, refresh } = await startSandboxBackend({
      endpoint: sandbox.url,
    });
    await refresh();
    baseline = await statusOf(server);
  });
  afterEach(async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
  });
  afterAll(() => sandbox.close());

  it('reads the whole demo estate without faults (the baseline)', () => {
    expect(baseline.accountRegions.map(s => s.state)).toEqual(
      DEMO_TARGETS.map(() => 'ok'),
    );
    expect(baseline.assets).toBeGreaterThan(30);
  });

  it('completes with every asset when 30% of calls are throttled', async () => {
    await setFaults(sandbox, { estate: { throttleRate: 0.3, seed: 14 } });
    const { server, refresh } = await startSandboxBackend({
      endpoint: sandbox.url,
      aws: { maxAttempts: 10 },
    });
    await refresh();
    const status = await statusOf(server);
    expect(status.accountRegions.map(s => [key(s), s.state])).toEqual(
      DEMO_TARGETS.map(t => [key(t), 'ok']),
    );
    expect(seenByTarget(status)).toEqual(seenByTarget(baseline));
    expect(status.assets).toBe(baseline.assets);
    // The sandbox did throttle (the SDK retried through it).
    const faults = await (await fetch(`${sandbox.url}/_sandbox/faults`)).json();
    expect(faults.estate.throttleRate).toBe(0.3);
  }, 120_000);

  it('keeps the other accounts intact when one is denied, and names the refused IAM action', async () => {
    await setFaults(sandbox, {
      accounts: { '222222222222': [{ error: 'AccessDenied' }] },
    });
    const { server, refresh } = await startSandboxBackend({
      endpoint: sandbox.url,
    });
    await refresh();
    const status = await statusOf(server);
    const expected = seenByTarget(baseline);
    const denied = status.accountRegions.filter(
      s => s.accountId === '222222222222',
    );
    const others = status.accountRegions.filter(
      s => s.accountId !== '222222222222',
    );
    expect(denied).toEqual([
      expect.objectContaining({
        state: 'error',
        lastErrorCode: 'AccessDeniedException',
        lastSuccessAt: null,
        lastErrorMessage: expect.stringMatching(
          /is not authorized to perform: (kafka|kafka-cluster|kinesisanalytics|cloudwatch):[A-Za-z]+/,
        ),
      }),
    ]);
    expect(others.map(s => [key(s), s.state, s.assetsSeen])).toEqual(
      others.map(s => [key(s), 'ok', expected[key(s)]]),
    );
  }, 60_000);

  it('refreshes the other accounts while one hangs, without waiting for it', async () => {
    await setFaults(sandbox, {
      accounts: { '222222222222': [{ error: 'Timeout', delayMs: 30_000 }] },
    });
    const { server, refresh } = await startSandboxBackend({
      endpoint: sandbox.url,
      aws: { requestTimeoutMs: 2500, maxAttempts: 2 },
    });
    const started = Date.now();
    let hungDone = false;
    const all = refresh().then(() => {
      hungDone = true;
    });
    // Account 111's three regions are stored while 222's task still waits.
    let seen: { hungDone: boolean; hungState?: string } | undefined;
    while (!seen && Date.now() - started < 20_000) {
      const status = await statusOf(server);
      const others = status.accountRegions.filter(
        s => s.accountId === '111111111111',
      );
      if (others.every(s => s.state === 'ok')) {
        seen = {
          hungDone,
          hungState: status.accountRegions.find(
            s => s.accountId === '222222222222',
          )?.state,
        };
      } else {
        await new Promise(r => setTimeout(r, 100));
      }
    }
    expect(seen).toEqual({ hungDone: false, hungState: 'pending' });
    await all;
    const status = await statusOf(server);
    expect(
      status.accountRegions.find(s => s.accountId === '222222222222'),
    ).toMatchObject({ state: 'error', lastErrorCode: 'TimeoutError' });
  }, 60_000);
});

describe('the sandbox killed mid-refresh', () => {
  it('deletes nothing it knew, says the data is stale, and recovers on the next good refresh', async () => {
    let sandbox = await startSandbox({ scenarioPath: DEMO_SCENARIO, port: 0 });
    const port = sandbox.port;
    const { server, refresh } = await startSandboxBackend({
      endpoint: sandbox.url,
      entities: [ordersService],
      aws: { maxAttempts: 2, requestTimeoutMs: 2000 },
    });
    await refresh();
    const before = await statusOf(server);
    const entity = () =>
      request(server).get(
        '/api/streaming/v1/entity/default/component/orders-service',
      );
    const fresh = await entity();
    expect(fresh.body.clusters).toEqual([
      expect.objectContaining({ arn: ORDERS_ARN, stale: false }),
    ]);

    // Slow calls, so every account-region's refresh is under way when the sandbox dies.
    await setFaults(sandbox, { estate: { latencyMs: 500 } });
    const running = refresh();
    await new Promise(r => setTimeout(r, 200));
    await sandbox.close();
    await running;

    const after = await statusOf(server);
    expect(after.assets).toBe(before.assets);
    expect(after.accountRegions.every(s => s.state === 'error')).toBe(true);
    // The last good refresh is still the one the data comes from.
    expect(after.accountRegions.map(s => s.lastSuccessAt)).toEqual(
      before.accountRegions.map(s => s.lastSuccessAt),
    );
    const stale = await entity();
    expect(stale.status).toBe(200);
    expect(stale.body.clusters).toEqual([
      expect.objectContaining({ arn: ORDERS_ARN, stale: true }),
    ]);
    expect(stale.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'account-error',
          accountId: '111111111111',
          region: 'us-east-1',
        }),
      ]),
    );

    sandbox = await startSandbox({ scenarioPath: DEMO_SCENARIO, port });
    try {
      await refresh();
      const recovered = await statusOf(server);
      expect(recovered.accountRegions.every(s => s.state === 'ok')).toBe(true);
      expect(seenByTarget(recovered)).toEqual(seenByTarget(before));
      const again = await entity();
      expect(again.body.clusters).toEqual([
        expect.objectContaining({ arn: ORDERS_ARN, stale: false }),
      ]);
      expect(again.body.problems).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 90_000);
});
