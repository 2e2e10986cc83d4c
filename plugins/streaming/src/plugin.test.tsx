import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import {
  EntityStreamingOverviewCard,
  streamingApiRef,
  streamingPlugin,
} from './index';
import type { StreamingApi } from './index';
import {
  ordersServiceEntity,
  ordersServiceResponse,
} from './testUtils/fixtures';

describe('streaming plugin (legacy frontend system)', () => {
  it('registers the streaming API factory', () => {
    expect(
      [...streamingPlugin.getApis()].map(factory => factory.api.id),
    ).toEqual(['plugin.streaming.api']);
  });

  it('renders the overview card for the current entity', async () => {
    const streamingApi: jest.Mocked<StreamingApi> = {
      getEntityStreaming: jest.fn().mockResolvedValue(ordersServiceResponse),
    };

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
});
