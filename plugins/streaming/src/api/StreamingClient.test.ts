import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  ordersCluster,
  ordersServiceResponse,
  seriesResponse,
} from '../testUtils/fixtures';
import { packEntityAnswer } from '@backstage-streaming/plugin-streaming-common';
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

  it('asks for the packed answer and unpacks it', async () => {
    const queries: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/v1/entity/default/component/orders-service`,
        ({ request }) => {
          queries.push(new URL(request.url).search);
          return HttpResponse.json(packEntityAnswer(ordersServiceResponse));
        },
      ),
    );

    const response = await createClient().getEntityStreaming({
      namespace: 'default',
      kind: 'Component',
      name: 'orders-service',
    });

    expect(queries).toEqual(['?sharedEstimates=true']);
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

  describe('getMetricSeries', () => {
    const request = {
      arn: ordersCluster.arn,
      metricId: 'msk.broker.cpuUser',
      range: '7d' as const,
      entityRef: 'component:default/orders-service',
    };

    it('asks for one metric of one asset over a range, for the entity showing it', async () => {
      const asked: URLSearchParams[] = [];
      server.use(
        http.get(`${baseUrl}/v1/metrics`, ({ request: req }) => {
          asked.push(new URL(req.url).searchParams);
          return HttpResponse.json(seriesResponse({ range: '7d' }));
        }),
      );

      const response = await createClient().getMetricSeries(request);

      expect(response).toEqual(seriesResponse({ range: '7d' }));
      expect(Object.fromEntries(asked[0])).toEqual({
        arn: ordersCluster.arn,
        metric: 'msk.broker.cpuUser',
        range: '7d',
        entityRef: 'component:default/orders-service',
      });
    });

    it('rejects with the status and Retry-After when rate-limited', async () => {
      server.use(
        http.get(`${baseUrl}/v1/metrics`, () =>
          HttpResponse.json(
            {
              error: {
                name: 'TooManyRequestsError',
                message: 'Too many chart requests; try again in 12 s',
              },
              response: { statusCode: 429 },
            },
            { status: 429, headers: { 'Retry-After': '12' } },
          ),
        ),
      );

      const error = await createClient()
        .getMetricSeries(request)
        .catch(e => e);

      expect(error).toMatchObject({ name: 'ResponseError', statusCode: 429 });
      expect(error.response.headers.get('retry-after')).toBe('12');
      expect(error.cause.message).toBe(
        'Too many chart requests; try again in 12 s',
      );
    });

    it('rejects a series that does not match the schema', async () => {
      server.use(
        http.get(`${baseUrl}/v1/metrics`, () =>
          HttpResponse.json({ ...seriesResponse(), series: [{ label: 'x' }] }),
        ),
      );

      await expect(createClient().getMetricSeries(request)).rejects.toThrow(
        /unexpected answer for msk.broker.cpuUser of arn:aws:kafka:.*: series.0.points/,
      );
    });

    it('refuses an unknown range or a missing field before asking', async () => {
      await expect(
        createClient().getMetricSeries({ ...request, range: '2h' as any }),
      ).rejects.toThrow("range must be one of 1h, 24h, 7d, 30d, got '2h'");
      await expect(
        createClient().getMetricSeries({ ...request, entityRef: '' }),
      ).rejects.toThrow(/needs an arn, a metricId and an entityRef/);
    });
  });
});
