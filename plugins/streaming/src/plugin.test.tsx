import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  EntityGroupStreamingCard,
  EntityStreamingContent,
  StreamingEstatePage,
  EntityStreamingOverviewCard,
  isStreamingAvailable,
  streamingApiRef,
  streamingPlugin,
} from './index';
import type { StreamingApi } from './index';
import { estatePageRouteRef, streamingContentRouteRef } from './routes';
import {
  chargebackResponse,
  estateMethodsNotCalled,
  historyResponse,
  listResponse,
  ordersStandardRow,
  summaryResponse,
} from './testUtils/estateFixtures';
import {
  ordersServiceEntity,
  ordersServiceResponse,
  plainEntity,
  seriesResponse,
} from './testUtils/fixtures';

function mockStreamingApi(): jest.Mocked<StreamingApi> {
  return {
    getEntityStreaming: jest.fn().mockResolvedValue(ordersServiceResponse),
    getMetricSeries: jest.fn().mockResolvedValue(seriesResponse()),
    listEstate: jest.fn(),
    getEstateSummary: jest.fn(),
    getChargeback: jest.fn(),
    getSavings: jest.fn(),
    getCostHistory: jest.fn(),
    downloadEstateCsv: jest.fn(),
    // Answered as a backend with Cost Explorer off.
    getActualCost: jest.fn(estateMethodsNotCalled().getActualCost),
    getOwnerActualCost: jest.fn(estateMethodsNotCalled().getOwnerActualCost),
  };
}

// Pages and cards load lazily; the first load transpiles them, which is slow under Jest on a busy machine.
jest.setTimeout(30_000);

describe('streaming plugin (legacy frontend system)', () => {
  it('registers the streaming API factory, the estate page route and the Streaming tab route', () => {
    expect(
      [...streamingPlugin.getApis()].map(factory => factory.api.id),
    ).toEqual(['plugin.streaming.api', 'plugin.streaming.scaffolder']);
    expect(streamingPlugin.routes).toEqual({
      root: estatePageRouteRef,
      entityContent: streamingContentRouteRef,
    });
  });

  it('renders the estate page with its header, the view read from and written to the URL', async () => {
    const streamingApi = mockStreamingApi();
    streamingApi.getEstateSummary.mockResolvedValue(summaryResponse());
    streamingApi.getCostHistory.mockResolvedValue(historyResponse());
    streamingApi.listEstate.mockResolvedValue(
      listResponse([ordersStandardRow]),
    );

    await renderInTestApp(
      <TestApiProvider apis={[[streamingApiRef, streamingApi]]}>
        <Routes>
          <Route path="/streaming" element={<StreamingEstatePage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/streaming?tab=topics&q=orders'],
        mountedRoutes: {
          '/streaming': estatePageRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );

    expect(await screen.findByText('orders-standard')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Streaming' })).toBeVisible();
    expect(streamingApi.listEstate).toHaveBeenCalledWith('topics', {
      q: 'orders',
      limit: 50,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Partitions' }));
    await waitFor(() =>
      expect(streamingApi.listEstate).toHaveBeenLastCalledWith('topics', {
        q: 'orders',
        orderBy: 'partitions:desc',
        limit: 50,
      }),
    );
  });

  it('renders the group card, linking to the estate page where the app mounts it', async () => {
    const streamingApi = mockStreamingApi();
    streamingApi.getEstateSummary.mockResolvedValue(summaryResponse());
    streamingApi.getChargeback.mockResolvedValue(chargebackResponse());

    await renderInTestApp(
      <TestApiProvider apis={[[streamingApiRef, streamingApi]]}>
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'team-orders', namespace: 'default' },
            spec: { type: 'team', children: [] },
          }}
        >
          <EntityGroupStreamingCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/estate': estatePageRouteRef } },
    );

    expect(
      await screen.findByRole('link', { name: 'Open in the streaming estate' }),
    ).toHaveAttribute('href', '/estate?owner=group%3Adefault%2Fteam-orders');
  });

  it('renders the overview card for the current entity', async () => {
    const streamingApi = mockStreamingApi();

    await renderInTestApp(
      <TestApiProvider apis={[[streamingApiRef, streamingApi]]}>
        <EntityProvider entity={ordersServiceEntity}>
          <EntityStreamingOverviewCard />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(await screen.findByText('orders-standard')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Health: Critical' }),
    ).toBeInTheDocument();
    expect(streamingApi.getEntityStreaming).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'orders-service',
    });
  });

  it('renders the Streaming tab content, with charts read for this entity', async () => {
    const streamingApi = mockStreamingApi();

    await renderInTestApp(
      <TestApiProvider apis={[[streamingApiRef, streamingApi]]}>
        <EntityProvider entity={ordersServiceEntity}>
          <Routes>
            <Route path="/streaming/*" element={<EntityStreamingContent />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
      { routeEntries: ['/streaming'] },
    );

    expect(await screen.findByText('MSK clusters (1)')).toBeInTheDocument();
    expect(screen.getByText('Flink applications (1)')).toBeInTheDocument();
    expect(
      screen.getByRole('group', {
        name: 'Time range for orders-enricher charts',
      }),
    ).toBeInTheDocument();
    expect(streamingApi.getMetricSeries).toHaveBeenCalledWith(
      expect.objectContaining({
        arn: ordersServiceResponse.applications[0].arn,
        metricId: 'flink.kpus',
        range: '24h',
        entityRef: 'component:default/orders-service',
      }),
    );
  });

  it('lists the annotations to add on an entity without them', async () => {
    const streamingApi = mockStreamingApi();

    await renderInTestApp(
      <TestApiProvider apis={[[streamingApiRef, streamingApi]]}>
        <EntityProvider entity={plainEntity}>
          <Routes>
            <Route path="/streaming/*" element={<EntityStreamingContent />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
      { routeEntries: ['/streaming'] },
    );

    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText('aws.amazon.com/amazon-msk-cluster-arn').length,
    ).toBeGreaterThan(0);
    expect(streamingApi.getEntityStreaming).not.toHaveBeenCalled();
    expect(isStreamingAvailable(plainEntity)).toBe(false);
  });
});
