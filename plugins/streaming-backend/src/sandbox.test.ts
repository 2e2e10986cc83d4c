import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Sandbox, startSandbox } from '@backstage-streaming/aws-sandbox';
import request from 'supertest';
import { streamingPlugin } from './plugin';
import {
  capturingLoggers,
  manuallyTriggeredScheduler,
} from './__testUtils__/sandboxBackend';
import { accountRegionTaskId } from './service/accountRegionTasks';
import { REFRESH_TASK_ID } from './service/refreshTasks';

// The backend with the real AWS readers against the local sandbox: one account
// healthy, one denied, one throttled.
describe('streaming backend against the sandbox', () => {
  let sandbox: Sandbox;
  const cluster = (name: string) => ({
    name,
    type: 'standard',
    kafkaVersion: '3.6.0',
    brokers: 3,
    tags: { owner: 'team-a' },
    topics: [{ name: `${name}.events`, partitions: 3, replicationFactor: 3 }],
  });

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      scenario: {
        name: 'mixed',
        accounts: {
          '111111111111': {
            accessKeyId: 'AKIAOKAY000000000001',
            secretAccessKey: 's1',
            regions: { 'us-east-1': { clusters: [cluster('healthy')] } },
          },
          '222222222222': {
            accessKeyId: 'AKIADENIED0000000002',
            secretAccessKey: 's2',
            regions: { 'us-east-1': { clusters: [cluster('denied')] } },
            faults: [{ error: 'AccessDenied', operation: 'ListClustersV2' }],
          },
          '333333333333': {
            accessKeyId: 'AKIATHROTTLE0000003',
            secretAccessKey: 's3',
            regions: { 'us-east-1': { clusters: [cluster('throttled')] } },
            faults: [
              {
                error: 'Throttling',
                service: 'kafka',
                operation: 'ListClustersV2',
              },
            ],
          },
        },
      },
    });
  });
  afterAll(() => sandbox.close());

  it('keeps the healthy account and reports the denied and throttled ones in /status', async () => {
    const { server } = await startTestBackend({
      features: [
        streamingPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.rootConfig.factory({
          data: {
            aws: {
              accounts: [
                {
                  accountId: '111111111111',
                  accessKeyId: 'AKIAOKAY000000000001',
                  secretAccessKey: 's1',
                },
                {
                  accountId: '222222222222',
                  accessKeyId: 'AKIADENIED0000000002',
                  secretAccessKey: 's2',
                },
                {
                  accountId: '333333333333',
                  accessKeyId: 'AKIATHROTTLE0000003',
                  secretAccessKey: 's3',
                },
              ],
            },
            streaming: {
              aws: {
                endpoint: sandbox.url,
                maxAttempts: 2,
                accounts: [
                  { accountId: '111111111111', regions: ['us-east-1'] },
                  { accountId: '222222222222', regions: ['us-east-1'] },
                  { accountId: '333333333333', regions: ['us-east-1'] },
                ],
              },
            },
          },
        }),
      ],
    });

    const res = await request(server).get('/api/streaming/v1/status');
    expect(res.status).toBe(200);
    const byAccount = Object.fromEntries(
      res.body.accountRegions.map((s: any) => [s.accountId, s]),
    );
    expect(byAccount['111111111111']).toMatchObject({
      state: 'ok',
      assetsSeen: 2,
      lastErrorCode: null,
    });
    expect(byAccount['111111111111'].calls).toMatchObject({
      ListClustersV2: 1,
      ListTopics: 1,
    });
    expect(byAccount['222222222222']).toMatchObject({
      state: 'error',
      lastErrorCode: 'AccessDeniedException',
      lastSuccessAt: null,
    });
    expect(byAccount['222222222222'].lastErrorMessage).toContain(
      'kafka:ListClustersV2',
    );
    expect(byAccount['333333333333']).toMatchObject({
      state: 'error',
      lastErrorCode: 'TooManyRequestsException',
    });
    expect(res.body.assets).toBe(2);
  });
});

// The DescribeTopic budget with the real readers and store: a backlog worked
// through over refreshes, reported in /status and the log, failures retried.
describe('the DescribeTopic budget against the sandbox', () => {
  const accountId = '111111111111';
  const region = 'us-east-1';
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      scenario: {
        name: 'budget',
        accounts: {
          [accountId]: {
            accessKeyId: 'AKIAOKAY000000000001',
            secretAccessKey: 's1',
            regions: {
              [region]: {
                clusters: [
                  {
                    name: 'big',
                    type: 'standard',
                    kafkaVersion: '3.6.0',
                    brokers: 3,
                    tags: { owner: 'team-a' },
                    topics: [{ name: 'events.#', count: 5 }],
                  },
                ],
              },
            },
          },
        },
      },
    });
  });
  afterAll(() => sandbox.close());

  const setFaults = (faults: object[] | undefined) =>
    fetch(`${sandbox.url}/_sandbox/faults`, {
      method: faults ? 'PUT' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: faults
        ? JSON.stringify({ accounts: { [accountId]: faults } })
        : undefined,
    });

  it('describes at most the budget per refresh, says how many topics await one, and retries failed ones after new ones', async () => {
    const lines: string[] = [];
    const { scheduler, schedulerFactory } = manuallyTriggeredScheduler();
    const { server } = await startTestBackend({
      features: [
        streamingPlugin,
        catalogServiceMock.factory({ entities: [] }),
        schedulerFactory,
        mockServices.rootConfig.factory({
          data: {
            aws: {
              accounts: [
                {
                  accountId,
                  accessKeyId: 'AKIAOKAY000000000001',
                  secretAccessKey: 's1',
                },
              ],
            },
            streaming: {
              aws: {
                endpoint: sandbox.url,
                maxAttempts: 1,
                accounts: [{ accountId, regions: [region] }],
              },
              refresh: { maxTopicDescribes: 2 },
            },
          },
        }),
        ...capturingLoggers(lines),
      ],
    });
    const refresh = async () => {
      await scheduler.triggerTask(
        accountRegionTaskId(REFRESH_TASK_ID, { accountId, region }),
      );
      const res = await request(server).get('/api/streaming/v1/status');
      return res.body.accountRegions[0];
    };
    // 5 topics, 2 described: events.000 and .001 (by ARN).
    const first = await refresh();
    expect(first).toMatchObject({ state: 'ok', topicsAwaitingDescribe: 3 });
    expect(first.calls.DescribeTopic).toBe(2);
    expect(first.calls.ListTopics).toBe(1);
    expect(
      lines.filter(l => l.includes('await a DescribeTopic')).join('\n'),
    ).toContain(
      `Streaming inventory of account ${accountId} in ${region}: 3 topics await a DescribeTopic beyond this refresh's budget of 2 (streaming.refresh.maxTopicDescribes)`,
    );

    // DescribeTopic denied: .002 and .003 fail, .004 is deferred.
    await setFaults([{ operation: 'DescribeTopic', error: 'AccessDenied' }]);
    const denied = await refresh();
    expect(denied).toMatchObject({ state: 'ok', topicsAwaitingDescribe: 3 });

    // Allowed again: .004 (never tried) comes before the failed .002; .003 waits.
    await setFaults(undefined);
    const third = await refresh();
    expect(third.topicsAwaitingDescribe).toBe(1);
    expect(third.calls.DescribeTopic).toBe(2);

    const fourth = await refresh();
    expect(fourth.topicsAwaitingDescribe).toBe(0);
    expect(fourth.calls.DescribeTopic).toBe(1);

    // Every configuration read: no DescribeTopic while nothing changes.
    const fifth = await refresh();
    expect(fifth.topicsAwaitingDescribe).toBe(0);
    expect(fifth.calls.DescribeTopic).toBeUndefined();
    expect(lines.filter(l => l.includes('await a DescribeTopic'))).toHaveLength(
      3,
    );
  });
});
