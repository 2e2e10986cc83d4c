import { renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import streamingPlugin from '@backstage-streaming/plugin-streaming/alpha';
import { streamingApiRef } from '@backstage-streaming/plugin-streaming';
import { screen, within } from '@testing-library/react';

const ordersService = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-msk-cluster-arn':
        'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
};

const teamOrders = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-orders', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const plainService = {
  ...ordersService,
  metadata: { name: 'plain-service', namespace: 'default' },
};

function emptyList() {
  return {
    items: [],
    totalCount: 0,
    nextCursor: null,
    cost: { shown: 'all' },
    coverage: {
      restricted: false,
      failedAccountRegions: [],
      refreshedAt: null,
    },
  };
}

const noCoverageGaps = {
  restricted: false,
  failedAccountRegions: [],
  refreshedAt: null,
};

/** An owner with no assets: zero counts and no chargeback row. */
function emptyOwnerSummary() {
  return {
    health: { healthy: 0, warning: 0, critical: 0, unknown: 0 },
    assetCounts: {
      'kafka-cluster': 0,
      'kafka-topic': 0,
      'consumer-group': 0,
      'flink-application': 0,
    },
    cost: { shown: 'all' },
    coverage: noCoverageGaps,
  };
}

function emptyChargeback() {
  return { groupBy: 'owner', rows: [], cost: { shown: 'all' } };
}

function renderEntityPage(name: string, tab = '', kind = 'component') {
  const streamingApi = {
    getEntityStreaming: jest.fn().mockResolvedValue({
      entityRef: `component:default/${name}`,
      clusters: [],
      topics: [],
      applications: [],
      problems: [],
      inventoryRefreshedAt: null,
    }),
    getMetricSeries: jest.fn(),
    listEstate: jest.fn().mockResolvedValue(emptyList()),
    getEstateSummary: jest.fn().mockResolvedValue(emptyOwnerSummary()),
    getChargeback: jest.fn().mockResolvedValue(emptyChargeback()),
  };
  renderTestApp({
    features: [catalogPlugin, streamingPlugin],
    initialRouteEntries: [`/catalog/default/${kind}/${name}${tab}`],
    apis: [
      [
        catalogApiRef,
        catalogApiMock({
          entities: [ordersService, plainService, teamOrders],
        }),
      ],
      [streamingApiRef, streamingApi],
    ],
  });
  return streamingApi;
}

// The entity page loads each card lazily; the first load transpiles them, which is slow under Jest.
const pageLoad = { timeout: 20_000 };
jest.setTimeout(40_000);

describe('app entity page', () => {
  it('shows the streaming card on an annotated component', async () => {
    const streamingApi = renderEntityPage('orders-service');

    expect(
      await screen.findByText(
        /Streaming inventory not refreshed yet/,
        undefined,
        pageLoad,
      ),
    ).toBeInTheDocument();
    expect(streamingApi.getEntityStreaming).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'orders-service',
    });
  });

  it('offers a Streaming tab on an annotated component and shows it at /streaming', async () => {
    const streamingApi = renderEntityPage('orders-service', '/streaming');

    // The entity page's tabs are links in its content navigation; the open one is the current page.
    const tabs = await screen.findByRole(
      'navigation',
      { name: 'Content navigation' },
      pageLoad,
    );
    expect(
      within(tabs).getByRole('link', { name: 'Streaming' }),
    ).toHaveAttribute('aria-current', 'page');
    expect(
      await screen.findByText(
        /Streaming inventory not refreshed yet/,
        undefined,
        pageLoad,
      ),
    ).toBeInTheDocument();
    expect(streamingApi.getEntityStreaming).toHaveBeenCalled();
  });

  it('leaves the streaming card off other components', async () => {
    const streamingApi = renderEntityPage('plain-service');

    // The catalog's last overview card: once it is there, every card that passed its filter has loaded.
    expect(
      await screen.findByText('Has subcomponents', undefined, pageLoad),
    ).toBeInTheDocument();
    // Only the sidebar's estate page item says Streaming: no card, no tab.
    expect(
      screen
        .queryAllByText('Streaming')
        .filter(element => !element.closest('nav')),
    ).toHaveLength(0);
    expect(
      screen.queryByRole('navigation', { name: 'Content navigation' }),
    ).not.toHaveTextContent('Streaming');
    expect(streamingApi.getEntityStreaming).not.toHaveBeenCalled();
  });

  it('lists the estate page in the sidebar at /streaming', async () => {
    renderEntityPage('plain-service');

    const link = await screen.findByRole(
      'link',
      { name: 'Streaming' },
      pageLoad,
    );
    expect(link).toHaveAttribute('href', '/streaming');
    expect(link.closest('nav')).not.toBeNull();
  });

  it("shows the Streaming card on a group's page, read by the group as owner", async () => {
    const streamingApi = renderEntityPage('team-orders', '', 'group');

    expect(
      await screen.findByText(
        'This team owns no streaming assets.',
        undefined,
        pageLoad,
      ),
    ).toBeInTheDocument();
    expect(streamingApi.getEstateSummary).toHaveBeenCalledWith({
      owner: 'group:default/team-orders',
    });
    expect(streamingApi.getChargeback).toHaveBeenCalledWith('owner');
  });
});
