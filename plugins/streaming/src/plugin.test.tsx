import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  EntityStreamingContent,
  EntityStreamingOverviewCard,
  isStreamingAvailable,
  streamingApiRef,
  streamingPlugin,
} from './index';
import type { StreamingApi } from './index';
import { streamingContentRouteRef } from './routes';
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
  };
}

describe('streaming plugin (legacy frontend system)', () => {
  it('registers the streaming API factory and the Streaming tab route', () => {
    expect(
      [...streamingPlugin.getApis()].map(factory => factory.api.id),
    ).toEqual(['plugin.streaming.api', 'plugin.streaming.scaffolder']);
    expect(streamingPlugin.routes).toEqual({
      entityContent: streamingContentRouteRef,
    });
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
