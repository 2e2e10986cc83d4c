import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { streamingEntityName } from '@backstage-streaming/plugin-streaming-common';
import { ResponseError } from '@backstage/errors';
import { useAppLocation } from '@backstage/frontend-plugin-api';
import {
  configure,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { StreamingApi, streamingApiRef } from '../../api';
import {
  chargebackResponse,
  fullCoverage,
  historyResponse,
  legacyUnownedRow,
  listResponse,
  ordersStandardRow,
  paymentsExpressRow,
  savingsResponse,
  summaryResponse,
} from '../../testUtils/estateFixtures';
import { EstateContent } from './EstateContent';

jest.setTimeout(30_000);
// The page's parts load in turn; on a busy machine that takes more than the default second.
configure({ asyncUtilTimeout: 10_000 });

function mockApi(overrides: Partial<StreamingApi> = {}) {
  const api = {
    getEntityStreaming: jest.fn(),
    getMetricSeries: jest.fn(),
    getEstateSummary: jest.fn().mockResolvedValue(summaryResponse()),
    getCostHistory: jest.fn().mockResolvedValue(historyResponse()),
    listEstate: jest
      .fn()
      .mockResolvedValue(
        listResponse([ordersStandardRow, paymentsExpressRow, legacyUnownedRow]),
      ),
    getChargeback: jest.fn().mockResolvedValue(chargebackResponse()),
    getSavings: jest.fn().mockResolvedValue(savingsResponse()),
    downloadEstateCsv: jest.fn(),
    ...overrides,
  };
  return api as jest.Mocked<StreamingApi> & typeof api;
}

/** The address the page is at, so a test sees what a copied link would carry. */
function LocationProbe() {
  const location = useAppLocation();
  return <output data-testid="location">{location.search}</output>;
}

function currentSearch(): URLSearchParams {
  return new URLSearchParams(screen.getByTestId('location').textContent ?? '');
}

async function renderPage(api: StreamingApi, url = '/streaming') {
  return renderInTestApp(
    <>
      <EstateContent />
      <LocationProbe />
    </>,
    {
      apis: [[streamingApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: [url],
    },
  );
}

function rowOf(name: string): HTMLElement {
  const row = screen.getByText(name).closest('tr');
  if (!row) throw new Error(`No table row for ${name}`);
  return row;
}

describe('EstateContent', () => {
  it('shows skeletons while the summary loads', async () => {
    await renderPage(
      mockApi({ getEstateSummary: jest.fn(() => new Promise(() => {})) }),
    );
    expect(
      screen.getByRole('progressbar', { name: 'Loading streaming data' }),
    ).toBeInTheDocument();
  });

  it('says the backend could not be reached when it is down', async () => {
    await renderPage(
      mockApi({
        getEstateSummary: jest
          .fn()
          .mockRejectedValue(new TypeError('Failed to fetch')),
      }),
    );
    expect(
      await screen.findByText(/The streaming backend could not be reached/),
    ).toBeInTheDocument();
  });

  it('says when the backend answers 503', async () => {
    const response = new Response(
      JSON.stringify({ error: { name: 'Error', message: 'database gone' } }),
      { status: 503, headers: { 'content-type': 'application/json' } },
    );
    await renderPage(
      mockApi({
        getEstateSummary: jest
          .fn()
          .mockRejectedValue(await ResponseError.fromResponse(response)),
      }),
    );
    expect(
      await screen.findByText(/The streaming backend is not answering \(503\)/),
    ).toBeInTheDocument();
  });

  it('tells an empty estate from one not refreshed yet', async () => {
    const empty = {
      'kafka-cluster': 0,
      'kafka-topic': 0,
      'consumer-group': 0,
      'flink-application': 0,
    };
    const { unmount } = await renderPage(
      mockApi({
        getEstateSummary: jest
          .fn()
          .mockResolvedValue(summaryResponse({ assetCounts: empty })),
      }),
    );
    expect(
      await screen.findByText('No streaming assets in the estate'),
    ).toBeInTheDocument();
    unmount();

    await renderPage(
      mockApi({
        getEstateSummary: jest.fn().mockResolvedValue(
          summaryResponse({
            assetCounts: empty,
            coverage: { ...fullCoverage, refreshedAt: null },
          }),
        ),
      }),
    );
    expect(
      await screen.findByText(/Streaming inventory not refreshed yet/),
    ).toBeInTheDocument();
  });

  it('shows the summary tiles, the trend changes and the clusters with owner and entity links', async () => {
    const api = mockApi();
    await renderPage(api);

    const cost = await screen.findByRole('group', { name: 'Monthly cost' });
    expect(cost).toHaveTextContent('≥ $2,804.18/month');
    expect(cost).toHaveTextContent('$2,502.68 of it fully priced');
    expect(screen.getByRole('group', { name: 'Unowned' })).toHaveTextContent(
      '4 assets≥ $301.50/month',
    );
    expect(screen.getByRole('group', { name: 'Health' })).toHaveTextContent(
      /Critical1Warning2Unknown0Healthy9/,
    );
    expect(
      screen.getByRole('list', { name: 'Nearest KPU limit' }),
    ).toHaveTextContent('orders-enricher: 4 of 64 KPUs (6%) · team-orders');
    expect(
      await screen.findByRole('list', { name: 'Largest changes' }),
    ).toHaveTextContent(
      'payments-express (cluster): $1,790.20 → $1,890.20 (+$100.00/month)',
    );

    await screen.findByText('orders-standard');
    const orders = within(rowOf('orders-standard'));
    expect(orders.getByRole('link', { name: 'team-orders' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-orders',
    );
    expect(
      orders.getByRole('link', { name: 'component:orders-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/orders-service');
    expect(orders.getByText('$612.48/month')).toBeInTheDocument();
    expect(
      within(rowOf('legacy-analytics')).getByText('unknown'),
    ).toBeInTheDocument();
    expect(api.listEstate).toHaveBeenCalledWith('clusters', { limit: 50 });
  });

  it('names the failed account-regions when data is partial', async () => {
    const coverage = {
      ...fullCoverage,
      failedAccountRegions: [
        {
          accountId: '222222222222',
          region: 'eu-west-1',
          lastErrorCode: 'AccessDeniedException',
          lastSuccessAt: null,
        },
      ],
    };
    await renderPage(
      mockApi({
        getEstateSummary: jest
          .fn()
          .mockResolvedValue(summaryResponse({ coverage })),
      }),
    );
    expect(
      await screen.findByText(
        /Partial data: the latest refresh of 1 account-region failed/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'Failed account-regions' }),
    ).toHaveTextContent(
      '222222222222 / eu-west-1 (AccessDeniedException): never read',
    );
  });

  it('marks stale rows and says how many there are', async () => {
    await renderPage(
      mockApi({
        listEstate: jest
          .fn()
          .mockResolvedValue(
            listResponse([{ ...ordersStandardRow, stale: true }]),
          ),
      }),
    );
    expect(
      await screen.findByText(/Stale data: 1 row shows the last known state/),
    ).toBeInTheDocument();
    expect(
      within(rowOf('orders-standard')).getByText('Stale'),
    ).toBeInTheDocument();
  });

  it('leaves the cost columns out, with the reason, when cost may not be seen', async () => {
    const cost = {
      shown: 'none' as const,
      reason: 'streaming.cost.read is denied to user:default/guest',
    };
    const { monthlyUsd, usdPerGbIn, costComplete, savingUsd, ...noCost } =
      ordersStandardRow;
    await renderPage(
      mockApi({
        getEstateSummary: jest
          .fn()
          .mockResolvedValue(summaryResponse({ cost })),
        listEstate: jest
          .fn()
          .mockResolvedValue(listResponse([noCost], { cost })),
      }),
    );
    await screen.findByText('orders-standard');
    expect(
      screen.getAllByText(
        /Cost is not shown: you may not see the cost of these assets/,
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByText(cost.reason).length).toBeGreaterThan(0);
    const table = screen.getByRole('table', { name: 'clusters' });
    expect(within(table).queryByText('Monthly cost')).not.toBeInTheDocument();
    expect(within(table).queryByText('$/GB in')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('group', { name: 'Monthly cost' }),
    ).not.toBeInTheDocument();
  });

  it('says the view is restricted when permissions hide assets', async () => {
    await renderPage(
      mockApi({
        getEstateSummary: jest.fn().mockResolvedValue(
          summaryResponse({
            coverage: { ...fullCoverage, restricted: true },
          }),
        ),
      }),
    );
    expect(
      await screen.findByText(
        /Restricted view: you see only the assets you may read/,
      ),
    ).toBeInTheDocument();
  });

  it('reads the tab, filters and order from the URL', async () => {
    const api = mockApi();
    await renderPage(
      api,
      '/streaming?tab=topics&owner=group%3Adefault%2Fteam-orders&orderBy=monthlyUsd%3Adesc&healthStatus=warning&clusterType=nonsense',
    );
    await screen.findByText('orders-standard');
    expect(api.listEstate).toHaveBeenCalledWith('topics', {
      owner: 'group:default/team-orders',
      healthStatus: 'warning',
      orderBy: 'monthlyUsd:desc',
      limit: 50,
    });
    expect(screen.getByRole('tab', { name: 'Topics' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByLabelText('Owner')).toHaveValue(
      'group:default/team-orders',
    );
  });

  it('puts a new order, search and page into the query it sends', async () => {
    const api = mockApi({
      listEstate: jest.fn().mockResolvedValue(
        listResponse([ordersStandardRow], {
          totalCount: 120,
          nextCursor: 'c2',
        }),
      ),
    });
    await renderPage(api);
    await screen.findByText('orders-standard');

    fireEvent.click(screen.getByRole('button', { name: 'Monthly cost' }));
    await waitFor(() =>
      expect(api.listEstate).toHaveBeenLastCalledWith('clusters', {
        orderBy: 'monthlyUsd:desc',
        limit: 50,
      }),
    );
    await screen.findByText('orders-standard');
    fireEvent.click(screen.getByRole('button', { name: 'Monthly cost' }));
    await waitFor(() =>
      expect(api.listEstate).toHaveBeenLastCalledWith('clusters', {
        orderBy: 'monthlyUsd:asc',
        limit: 50,
      }),
    );

    await screen.findByText('orders-standard');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(api.listEstate).toHaveBeenLastCalledWith('clusters', {
        orderBy: 'monthlyUsd:asc',
        cursor: 'c2',
        limit: 50,
      }),
    );

    await screen.findByText('orders-standard');
    const search = screen.getByLabelText('Search by name');
    fireEvent.change(search, { target: { value: 'orders' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    // A new search starts at the first page again.
    await waitFor(() =>
      expect(api.listEstate).toHaveBeenLastCalledWith('clusters', {
        q: 'orders',
        orderBy: 'monthlyUsd:asc',
        limit: 50,
      }),
    );
    // The address carries the view, so a copied link opens the same one.
    expect(Object.fromEntries(currentSearch())).toEqual({
      q: 'orders',
      orderBy: 'monthlyUsd:asc',
    });
  });

  it('keeps a tab change and a filter in the address', async () => {
    const api = mockApi();
    await renderPage(api);
    await screen.findByText('orders-standard');

    fireEvent.click(screen.getByRole('tab', { name: 'Consumer groups' }));
    await waitFor(() =>
      expect(api.listEstate).toHaveBeenLastCalledWith('consumer-groups', {
        limit: 50,
      }),
    );
    await screen.findByText('orders-standard');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Unowned only' }));
    await waitFor(() =>
      expect(Object.fromEntries(currentSearch())).toEqual({
        tab: 'consumer-groups',
        unowned: 'true',
      }),
    );
    expect(api.listEstate).toHaveBeenLastCalledWith('consumer-groups', {
      unowned: true,
      limit: 50,
    });
  });

  it('downloads the current view as CSV through the API', async () => {
    const saved: string[] = [];
    const createObjectURL = jest.fn(() => 'blob:estate');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordDownload(this: HTMLAnchorElement) {
        saved.push(this.download);
      });
    const api = mockApi({
      downloadEstateCsv: jest.fn().mockResolvedValue({
        blob: new Blob(['name\n']),
        fileName: 'clusters.csv',
      }),
    });
    await renderPage(api, '/streaming?q=orders&cursor=c2');
    await screen.findByText('orders-standard');

    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(saved).toEqual(['clusters.csv']));
    expect(api.downloadEstateCsv).toHaveBeenCalledWith({
      list: 'clusters',
      query: { q: 'orders', cursor: 'c2', limit: 50 },
    });
    click.mockRestore();
  });

  it('shows one chargeback row per owner, with unowned and platform overhead lines', async () => {
    const api = mockApi();
    await renderPage(api, '/streaming?tab=chargeback');
    const table = await screen.findByRole('table', { name: 'Chargeback' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map(row => row.querySelector('td,th')?.textContent)).toEqual([
      'Owner',
      expect.stringMatching(/^team-payments/),
      expect.stringMatching(/^team-orders/),
      expect.stringMatching(/^Unowned/),
      expect.stringMatching(/^Platform overhead/),
    ]);
    expect(within(rows[1]).getByText('$1,890.20/month')).toBeInTheDocument();
    expect(api.getChargeback).toHaveBeenCalledWith('owner');

    fireEvent.mouseDown(screen.getByRole('button', { name: /Group by/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Account' }));
    await waitFor(() =>
      expect(api.getChargeback).toHaveBeenLastCalledWith('account'),
    );
  });

  it('ranks the savings with their monthly difference', async () => {
    await renderPage(mockApi(), '/streaming?tab=savings');
    const table = await screen.findByRole('table', { name: 'Savings' });
    expect(within(table).getByText('$420.00/month')).toBeInTheDocument();
    expect(
      within(table).getByText(
        'express.m7g.large × 3 instead of express.m7g.xlarge × 3',
      ),
    ).toBeInTheDocument();
  });

  /** The page with a catalog holding a Resource for each of these assets. */
  async function renderWithResources(arns: string[], url = '/streaming') {
    const resources = arns.map(arn => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: streamingEntityName(arn), namespace: 'default' },
      spec: { type: 'kafka-cluster', owner: 'group:default/team-orders' },
    }));
    await renderInTestApp(<EstateContent />, {
      apis: [
        [streamingApiRef, mockApi()],
        [catalogApiRef, catalogApiMock({ entities: resources })],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: [url],
    });
  }

  it('links the assets the catalog holds as Resources to their entity pages', async () => {
    await renderWithResources([ordersStandardRow.arn]);

    await screen.findByText('payments-express');
    expect(
      await within(rowOf('orders-standard')).findByRole('link', {
        name: 'orders-standard',
      }),
    ).toHaveAttribute(
      'href',
      `/catalog/default/resource/${streamingEntityName(ordersStandardRow.arn)}`,
    );
    expect(
      within(rowOf('payments-express')).queryByRole('link', {
        name: 'payments-express',
      }),
    ).not.toBeInTheDocument();
  });

  it('links the asset of a saving to its Resource entity page', async () => {
    const arn = savingsResponse().items[0].arn;
    await renderWithResources([arn], '/streaming?tab=savings');
    const table = await screen.findByRole('table', { name: 'Savings' });
    expect(
      await within(table).findByRole('link', { name: 'payments-express' }),
    ).toHaveAttribute(
      'href',
      `/catalog/default/resource/${streamingEntityName(arn)}`,
    );
  });
});
