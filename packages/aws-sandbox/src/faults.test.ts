import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { ListClustersV2Command } from '@aws-sdk/client-kafka';
import { ListApplicationsCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { FAULTS_PATH } from './faultAdmin';
import { FaultInjector, RATE_LIMITS } from './faults';
import { parseScenario } from './scenario';
import { RequestLogEntry, Sandbox } from './server';
import {
  ACCOUNT_2,
  cloudWatchClient,
  failure,
  flinkClient,
  kafkaClient,
  startDemoSandbox,
} from './__testUtils__/sandbox';

async function putFaults(sandbox: Sandbox, body: unknown) {
  const response = await fetch(`${sandbox.url}${FAULTS_PATH}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('fault injection at run time', () => {
  let sandbox: Sandbox;
  const log: RequestLogEntry[] = [];
  beforeAll(async () => {
    sandbox = await startDemoSandbox({ onRequest: entry => log.push(entry) });
  });
  afterEach(async () => {
    await fetch(`${sandbox.url}${FAULTS_PATH}`, { method: 'DELETE' });
    log.length = 0;
  });
  afterAll(() => sandbox.close());

  it('rejects a malformed fault update with a 400 naming the field', async () => {
    const bad = await putFaults(sandbox, { estate: { throttleRate: 2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('estate.throttleRate');
    const unknownOp = await putFaults(sandbox, {
      accounts: {
        '111111111111': [{ error: 'Throttling', operation: 'Nope' }],
      },
    });
    expect(unknownOp.status).toBe(400);
    expect(unknownOp.body.message).toContain('operation');
    const notJson = await fetch(`${sandbox.url}${FAULTS_PATH}`, {
      method: 'PUT',
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('throttles every call at rate 1 with each protocol’s own error', async () => {
    expect(
      (await putFaults(sandbox, { estate: { throttleRate: 1 } })).status,
    ).toBe(200);
    const kafka = await failure(
      kafkaClient(sandbox).send(new ListClustersV2Command({})),
    );
    expect(kafka.name).toBe('TooManyRequestsException');
    expect(kafka.$metadata.httpStatusCode).toBe(429);
    const flink = await failure(
      flinkClient(sandbox).send(new ListApplicationsCommand({})),
    );
    expect(flink.name).toBe('ThrottlingException');
    const cw = await failure(
      cloudWatchClient(sandbox).send(new ListMetricsCommand({})),
    );
    expect(cw.name).toBe('Throttling');
    expect(log.filter(e => e.service !== 'sandbox').map(e => e.fault)).toEqual([
      'Throttling',
      'Throttling',
      'Throttling',
    ]);
  });

  it('throttles about the configured share of calls, which the SDK retries through', async () => {
    await putFaults(sandbox, { estate: { throttleRate: 0.3, seed: 7 } });
    const once = kafkaClient(sandbox, { maxAttempts: 1 });
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, () =>
        once.send(new ListClustersV2Command({})).then(
          () => 'ok',
          error => error.name,
        ),
      ),
    );
    const throttled = outcomes.filter(o => o === 'TooManyRequestsException');
    expect(throttled.length).toBeGreaterThanOrEqual(20);
    expect(throttled.length).toBeLessThanOrEqual(40);
    expect(throttled.length + outcomes.filter(o => o === 'ok').length).toBe(
      100,
    );
    // With retries every call gets through.
    const retrying = kafkaClient(sandbox, { maxAttempts: 8 });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        retrying.send(new ListClustersV2Command({})),
      ),
    );
    expect(answers.every(a => a.ClusterInfoList!.length > 0)).toBe(true);
  }, 30_000);

  it('answers 500s at the server error rate', async () => {
    await putFaults(sandbox, { estate: { serverErrorRate: 1 } });
    const kafka = await failure(
      kafkaClient(sandbox).send(new ListClustersV2Command({})),
    );
    expect(kafka.$metadata.httpStatusCode).toBe(500);
    expect(kafka.name).toBe('InternalServerErrorException');
    const flink = await failure(
      flinkClient(sandbox).send(new ListApplicationsCommand({})),
    );
    expect(flink.$metadata.httpStatusCode).toBe(500);
  });

  it('adds latency per call and per operation', async () => {
    await putFaults(sandbox, {
      estate: { latencyMs: 0, latencyByOperation: { ListClustersV2: 150 } },
    });
    const started = Date.now();
    await kafkaClient(sandbox).send(new ListClustersV2Command({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const fast = Date.now();
    await flinkClient(sandbox).send(new ListApplicationsCommand({}));
    expect(Date.now() - fast).toBeLessThan(140);
  });

  it('denies one operation of one account, naming the IAM action, and leaves the other account alone', async () => {
    await putFaults(sandbox, {
      accounts: {
        '111111111111': [{ error: 'AccessDenied', service: 'kafka' }],
      },
    });
    const denied = await failure(
      kafkaClient(sandbox).send(new ListClustersV2Command({})),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('kafka:ListClustersV2');
    const other = await kafkaClient(sandbox, { credentials: ACCOUNT_2 }).send(
      new ListClustersV2Command({}),
    );
    expect(other.ClusterInfoList!.length).toBeGreaterThan(0);
  });

  it('hangs an account until the client gives up', async () => {
    await putFaults(sandbox, {
      accounts: { '111111111111': [{ error: 'Timeout', delayMs: 5_000 }] },
    });
    const hung = await failure(
      kafkaClient(sandbox, { requestTimeout: 200 }).send(
        new ListClustersV2Command({}),
      ),
    );
    expect(hung.name).toBe('TimeoutError');
    const other = await kafkaClient(sandbox, { credentials: ACCOUNT_2 }).send(
      new ListClustersV2Command({}),
    );
    expect(other.ClusterInfoList!.length).toBeGreaterThan(0);
  });

  it('enforces per-operation rate limits as token buckets per account and region', async () => {
    await putFaults(sandbox, {
      estate: {
        rateLimits: {
          enabled: true,
          overrides: { ListClustersV2: { perSecond: 1, burst: 3 } },
        },
      },
    });
    const kafka = kafkaClient(sandbox);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        kafka.send(new ListClustersV2Command({})).then(
          () => 'ok',
          error => error.name,
        ),
      ),
    );
    expect(outcomes.filter(o => o === 'ok')).toHaveLength(3);
    expect(outcomes.filter(o => o === 'TooManyRequestsException')).toHaveLength(
      2,
    );
    // Another account has its own bucket.
    await kafkaClient(sandbox, { credentials: ACCOUNT_2 }).send(
      new ListClustersV2Command({}),
    );
    const state = await (await fetch(`${sandbox.url}${FAULTS_PATH}`)).json();
    expect(state.rateLimited).toEqual({ ListClustersV2: 2 });
    // The quotas in force, overrides included, for measurements to state.
    expect(state.rateLimits.ListClustersV2).toEqual({
      perSecond: 1,
      burst: 3,
    });
    expect(state.rateLimits.DescribeTopic).toMatchObject({
      perSecond: 10,
      source: 'assumed',
    });
  });
});

describe('FaultInjector', () => {
  const scenario = parseScenario({
    name: 'f',
    accounts: {
      '111111111111': {
        accessKeyId: 'AKIAFAULTS0000000001',
        regions: { 'us-east-1': {} },
        faults: [{ error: 'ServerError', operation: 'ListNodes', times: 1 }],
      },
    },
    faults: { rateLimits: { enabled: true } },
  });
  const account = scenario.accounts[0];

  it('refills a bucket at the documented rate', () => {
    let now = 0;
    const faults = new FaultInjector(scenario.faults, {
      timeoutMs: 1000,
      now: () => now,
    });
    const call = {
      account,
      region: 'us-east-1',
      service: 'monitoring' as const,
      operation: 'GetMetricData',
    };
    const burst = RATE_LIMITS.GetMetricData.burst;
    for (let i = 0; i < burst; i++)
      expect(faults.decide(call).error).toBe(undefined);
    expect(faults.decide(call).error?.queryCode).toBe('Throttling');
    now += 100; // 0.1 s at 50/s: 5 more calls
    const refilled = Array.from({ length: 6 }, () => faults.decide(call).error);
    expect(refilled.filter(e => !e)).toHaveLength(5);
  });

  it('fires a scenario fault only `times` times', () => {
    const faults = new FaultInjector(undefined, { timeoutMs: 1000 });
    const call = {
      account,
      region: 'us-east-1',
      service: 'kafka' as const,
      operation: 'ListNodes',
    };
    expect(faults.decide(call).error?.status).toBe(500);
    expect(faults.decide(call).error).toBe(undefined);
  });
});
