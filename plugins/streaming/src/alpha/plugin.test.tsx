import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  createExtensionTester,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import streamingPlugin from '../alpha';
import {
  ordersServiceEntity,
  ordersServiceResponse,
  plainEntity,
  seriesResponse,
} from '../testUtils/fixtures';

const server = setupServer();
registerMswTestHooks(server);

const overviewCard = streamingPlugin.getExtension(
  'entity-card:streaming/overview',
);
const streamingTab = streamingPlugin.getExtension('entity-content:streaming');

function renderEntityPage(entity: Entity) {
  return renderTestApp({
    features: [streamingPlugin],
    extensions: [createTestEntityPage({ entity })],
    config: { backend: { baseUrl: 'http://backstage.test' } },
  });
}

function answerEntity() {
  server.use(
    http.get('*/api/streaming/v1/entity/default/component/orders-service', () =>
      HttpResponse.json(ordersServiceResponse),
    ),
    http.get('*/api/streaming/v1/metrics', ({ request }) => {
      const query = new URL(request.url).searchParams;
      return HttpResponse.json(
        seriesResponse({ metricId: query.get('metric') ?? '' }),
      );
    }),
  );
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

  it('offers the Streaming tab at /streaming, in the observability group, on annotated entities only', () => {
    const tester = createExtensionTester(streamingTab);

    expect(tester.get(coreExtensionData.routePath)).toBe('streaming');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Streaming');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'observability',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter!(ordersServiceEntity)).toBe(true);
    expect(filter!(plainEntity)).toBe(false);
  });

  it('shows the card and the tab, fed by its own API extension, on an annotated entity', async () => {
    answerEntity();
    renderEntityPage(ordersServiceEntity);

    // The tab's heading, then the application in both the card and the tab.
    expect(
      await screen.findByText('Flink applications (1)', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('orders-enricher')).toHaveLength(2);
    expect(screen.getByText('Streaming')).toBeInTheDocument();
  });

  it('leaves the card and the tab out for an entity without streaming annotations', async () => {
    renderEntityPage(plainEntity);

    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(screen.queryByText('Streaming')).not.toBeInTheDocument();
  });
});
