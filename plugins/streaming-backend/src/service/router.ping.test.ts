import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { streamingAwsServiceRef } from '@backstage-streaming/plugin-streaming-node';
import request from 'supertest';
import { FakeStreamingAwsService } from '../__fixtures__/snapshots';
import { streamingPlugin } from '../plugin';

async function startBackend(runRefresh: boolean) {
  const { server } = await startTestBackend({
    features: [
      streamingPlugin,
      mockServices.rootConfig.factory({
        data: {
          streaming: {
            refresh: {
              frequency: { minutes: 10 },
              timeout: { minutes: 1 },
              debounceSeconds: 0,
            },
          },
        },
      }),
      catalogServiceMock.factory({ entities: [] }),
      createServiceFactory({
        service: streamingAwsServiceRef,
        deps: {},
        factory: () => new FakeStreamingAwsService(),
      }),
      mockServices.scheduler.factory({
        skipTaskRunOnStartup: !runRefresh,
        includeInitialDelayedTasksOnStartup: true,
      }),
    ],
  });
  return server;
}

describe('GET /api/streaming/v1/ping (the bench reference route)', () => {
  it('answers a signed-in caller whether the first account-region has refreshed', async () => {
    const before = await startBackend(false);
    const pending = await request(before).get('/api/streaming/v1/ping');
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({ ok: true, refreshed: false });

    const after = await startBackend(true);
    const refreshed = await request(after).get('/api/streaming/v1/ping');
    expect(refreshed.body).toEqual({ ok: true, refreshed: true });
    // Nothing /v1/status guards: no account id, region or error text.
    expect(JSON.stringify(refreshed.body)).not.toContain('111111111111');
  });

  it('answers 401 without credentials', async () => {
    const server = await startBackend(false);
    const res = await request(server)
      .get('/api/streaming/v1/ping')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
