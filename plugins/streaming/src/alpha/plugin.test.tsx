import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  createExtensionTester,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import streamingPlugin from '../alpha';
import {
  ordersServiceEntity,
  ordersServiceResponse,
  plainEntity,
} from '../testUtils/fixtures';

const server = setupServer();
registerMswTestHooks(server);

const overviewCard = streamingPlugin.getExtension(
  'entity-card:streaming/overview',
);

function renderEntityPage(entity: Entity) {
  return renderTestApp({
    features: [streamingPlugin],
    extensions: [createTestEntityPage({ entity })],
    config: { backend: { baseUrl: 'http://backstage.test' } },
  });
}

describe('streaming plugin (new frontend system)', () => {
  it('gives the overview card a filter that matches annotated entities only', () => {
    const filter = createExtensionTester(overviewCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );

    expect(filter).toBeDefined();
    expect(filter!(ordersServiceEntity)).toBe(true);
    expect(filter!(plainEntity)).toBe(false);
  });

  it('shows the card, fed by its own API extension, on an annotated entity', async () => {
    server.use(
      http.get(
        '*/api/streaming/v1/entity/default/component/orders-service',
        () => HttpResponse.json(ordersServiceResponse),
      ),
    );
    renderEntityPage(ordersServiceEntity);

    expect(await screen.findByText('orders-enricher')).toBeInTheDocument();
    expect(screen.getByText('Streaming')).toBeInTheDocument();
  });

  it('leaves the card out for an entity without streaming annotations', async () => {
    renderEntityPage(plainEntity);

    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(screen.queryByText('Streaming')).not.toBeInTheDocument();
  });
});
