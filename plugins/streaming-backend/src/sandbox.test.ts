import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Sandbox, startSandbox } from '@backstage-streaming/aws-sandbox';
import request from 'supertest';
import { streamingPlugin } from './plugin';

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
