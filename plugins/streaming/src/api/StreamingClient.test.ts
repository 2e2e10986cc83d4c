import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ordersServiceResponse } from '../testUtils/fixtures';
import { StreamingClient } from './StreamingClient';

const server = setupServer();
registerMswTestHooks(server);

const baseUrl = 'http://backstage.test/api/streaming';

function createClient() {
  return new StreamingClient({
    discoveryApi: mockApis.discovery.mock({ getBaseUrl: async () => baseUrl }),
    fetchApi: mockApis.fetch(),
  });
}

describe('StreamingClient', () => {
  it('reads an entity by namespace, lower-case kind and name', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entity/default/component/orders-service`, () =>
        HttpResponse.json(ordersServiceResponse),
      ),
    );

    const response = await createClient().getEntityStreaming({
      namespace: 'default',
      kind: 'Component',
      name: 'orders-service',
    });

    expect(response).toEqual(ordersServiceResponse);
  });

  it('encodes each path segment', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${baseUrl}/v1/entity/*`, ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return HttpResponse.json(ordersServiceResponse);
      }),
    );

    await createClient().getEntityStreaming({
      namespace: 'team a',
      kind: 'component',
      name: 'odd/name',
    });

    expect(seen).toEqual([
      '/api/streaming/v1/entity/team%20a/component/odd%2Fname',
    ]);
  });

  it('throws a ResponseError carrying the backend error', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entity/*`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'No entity component:default/ghost',
            },
            request: {
              method: 'GET',
              url: '/v1/entity/default/component/ghost',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    await expect(
      createClient().getEntityStreaming({
        namespace: 'default',
        kind: 'component',
        name: 'ghost',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: expect.objectContaining({
        name: 'NotFoundError',
        message: 'No entity component:default/ghost',
      }),
    });
  });

  it('rejects an answer that does not match the schema', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entity/*`, () =>
        HttpResponse.json({ ...ordersServiceResponse, clusters: 'none' }),
      ),
    );

    await expect(
      createClient().getEntityStreaming({
        namespace: 'default',
        kind: 'component',
        name: 'orders-service',
      }),
    ).rejects.toThrow(
      /unexpected answer for component:default\/orders-service: clusters/,
    );
  });

  it('refuses an incomplete entity ref', async () => {
    await expect(
      createClient().getEntityStreaming({
        namespace: 'default',
        kind: '',
        name: 'orders-service',
      }),
    ).rejects.toThrow(/needs a namespace, kind and name/);
  });
});
