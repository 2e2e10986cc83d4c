import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  chargebackResponse,
  historyResponse,
  listResponse,
  ordersStandardRow,
  summaryResponse,
} from '../testUtils/estateFixtures';
import { estateListParams, StreamingClient } from './StreamingClient';

const server = setupServer();
registerMswTestHooks(server);

const baseUrl = 'http://backstage.test/api/streaming';

function createClient(token?: string) {
  return new StreamingClient({
    discoveryApi: mockApis.discovery.mock({ getBaseUrl: async () => baseUrl }),
    fetchApi: token
      ? {
          fetch: (input, init) => {
            const headers = new Headers(init?.headers);
            headers.set('authorization', `Bearer ${token}`);
            return fetch(input, { ...init, headers });
          },
        }
      : mockApis.fetch(),
  });
}

/** Answers one route and records the URLs and headers it was asked with. */
function answer(path: string, body: () => Response) {
  const seen: Array<{ url: URL; headers: Headers }> = [];
  server.use(
    http.get(`${baseUrl}${path}`, ({ request }) => {
      seen.push({ url: new URL(request.url), headers: request.headers });
      return body();
    }),
  );
  return seen;
}

describe('StreamingClient estate methods', () => {
  it('sends only the list parameters that are set', () => {
    expect(
      estateListParams({
        q: 'orders',
        owner: 'group:default/team-orders',
        unowned: false,
        region: '',
        orderBy: 'monthlyUsd:desc',
        limit: 50,
      }).toString(),
    ).toBe(
      'q=orders&owner=group%3Adefault%2Fteam-orders&orderBy=monthlyUsd%3Adesc&limit=50',
    );
    expect(estateListParams({ unowned: true }).toString()).toBe('unowned=true');
  });

  it('reads a list page with its filters, order and cursor', async () => {
    const seen = answer('/v1/topics', () =>
      HttpResponse.json(listResponse([ordersStandardRow])),
    );

    const page = await createClient().listEstate('topics', {
      owner: 'group:default/team-orders',
      orderBy: 'lag:desc',
      cursor: 'abc',
      limit: 100,
    });

    expect(page.items[0].name).toBe('orders-standard');
    expect(Object.fromEntries(seen[0].url.searchParams)).toEqual({
      owner: 'group:default/team-orders',
      orderBy: 'lag:desc',
      cursor: 'abc',
      limit: '100',
    });
  });

  it('refuses an unknown list before asking', async () => {
    await expect(
      createClient().listEstate('brokers' as any, {}),
    ).rejects.toThrow(
      "list must be one of clusters, topics, consumer-groups, applications, got 'brokers'",
    );
  });

  it('reads the summary, the chargeback by a grouping and an owner history', async () => {
    const summary = answer('/v1/summary', () =>
      HttpResponse.json(summaryResponse()),
    );
    const chargeback = answer('/v1/chargeback', () =>
      HttpResponse.json(chargebackResponse({ groupBy: 'region' })),
    );
    const history = answer('/v1/history', () =>
      HttpResponse.json(historyResponse()),
    );
    const client = createClient();

    expect((await client.getEstateSummary()).monthlyUsd).toBe(2804.18);
    expect(summary[0].url.search).toBe('');
    await client.getEstateSummary({ owner: 'group:default/team-orders' });
    expect(summary[1].url.searchParams.get('owner')).toBe(
      'group:default/team-orders',
    );
    expect((await client.getChargeback('region')).groupBy).toBe('region');
    expect(chargeback[0].url.searchParams.get('groupBy')).toBe('region');
    await client.getCostHistory({
      scope: 'owner',
      key: 'group:default/team-orders',
      days: 90,
    });
    expect(Object.fromEntries(history[0].url.searchParams)).toEqual({
      scope: 'owner',
      key: 'group:default/team-orders',
      days: '90',
    });
    await expect(client.getChargeback('team' as any)).rejects.toThrow(
      /groupBy must be one of owner, account, region, clusterType/,
    );
    await expect(
      client.getCostHistory({ scope: 'owner', days: 30 }),
    ).rejects.toThrow(/needs the owner ref/);
  });

  it('throws a ResponseError with the backend message on a 400', async () => {
    answer('/v1/clusters', () =>
      HttpResponse.json(
        {
          error: {
            name: 'InputError',
            message: "orderBy: expected <field>:asc|desc, got 'cost'",
          },
          response: { statusCode: 400 },
        },
        { status: 400 },
      ),
    );
    const error = await createClient()
      .listEstate('clusters', {})
      .catch(e => e);
    expect(error).toMatchObject({ name: 'ResponseError', statusCode: 400 });
    expect(error.cause.message).toMatch(/orderBy/);
  });

  it('downloads the whole view as CSV with the credentials, without the page cursor', async () => {
    const seen = answer(
      '/v1/clusters',
      () =>
        new HttpResponse('name,owner\norders-standard,team-orders\n', {
          headers: {
            'content-type': 'text/csv',
            'content-disposition':
              'attachment; filename="clusters-2026-11-30.csv"',
          },
        }),
    );

    const file = await createClient('user-token').downloadEstateCsv({
      list: 'clusters',
      query: { q: 'orders', cursor: 'abc', limit: 50, orderBy: 'name:asc' },
    });

    expect(file.fileName).toBe('clusters-2026-11-30.csv');
    expect(await file.blob.text()).toBe(
      'name,owner\norders-standard,team-orders\n',
    );
    expect(Object.fromEntries(seen[0].url.searchParams)).toEqual({
      q: 'orders',
      orderBy: 'name:asc',
      format: 'csv',
    });
    expect(seen[0].headers.get('accept')).toBe('text/csv');
    expect(seen[0].headers.get('authorization')).toBe('Bearer user-token');
  });

  it('downloads the chargeback as CSV, named after its grouping when the backend names no file', async () => {
    const seen = answer(
      '/v1/chargeback',
      () =>
        new HttpResponse('key,monthlyUsd\n', {
          headers: { 'content-type': 'text/csv' },
        }),
    );

    const file = await createClient().downloadEstateCsv({
      chargeback: 'owner',
    });

    expect(file.fileName).toBe('chargeback-by-owner.csv');
    expect(Object.fromEntries(seen[0].url.searchParams)).toEqual({
      groupBy: 'owner',
      format: 'csv',
    });
  });
});
