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
import { fireEvent, screen } from '@testing-library/react';
import streamingPlugin from '../alpha';
import { estatePageRouteRef } from '../routes';
import {
  chargebackResponse,
  historyResponse,
  listResponse,
  ordersStandardRow,
  summaryResponse,
} from '../testUtils/estateFixtures';
import {
  ordersServiceEntity,
  ordersServiceResponse,
  plainEntity,
  seriesResponse,
} from '../testUtils/fixtures';

const server = setupServer();

/** "Streaming" on the page itself; the sidebar always has the estate page's item. */
function streamingOutsideSidebar() {
  return screen
    .queryAllByText('Streaming')
    .filter(element => !element.closest('nav'));
}
registerMswTestHooks(server);

const overviewCard = streamingPlugin.getExtension(
  'entity-card:streaming/overview',
);
const streamingTab = streamingPlugin.getExtension('entity-content:streaming');
const estatePage = streamingPlugin.getExtension('page:streaming');

const teamOrders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-orders', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

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

// Pages and cards load lazily; the first load transpiles them, which is slow under Jest on a busy machine.
jest.setTimeout(30_000);

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

  it('offers the estate page at /streaming with a nav title, icon and route ref', () => {
    const tester = createExtensionTester(estatePage);

    expect(tester.get(coreExtensionData.routePath)).toBe('/streaming');
    expect(tester.get(coreExtensionData.title)).toBe('Streaming');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();
    expect(tester.get(coreExtensionData.routeRef)).toBe(estatePageRouteRef);
  });

  it('puts the Streaming card on Group pages, linking to the estate filtered by the group', async () => {
    const summaryOwners: Array<string | null> = [];
    server.use(
      http.get('*/api/streaming/v1/summary', ({ request }) => {
        summaryOwners.push(new URL(request.url).searchParams.get('owner'));
        return HttpResponse.json(summaryResponse());
      }),
      http.get('*/api/streaming/v1/chargeback', () =>
        HttpResponse.json(chargebackResponse()),
      ),
    );
    renderEntityPage(teamOrders);

    const link = await screen.findByRole(
      'link',
      { name: 'Open in the streaming estate' },
      { timeout: 10_000 },
    );
    expect(link).toHaveAttribute(
      'href',
      '/streaming?owner=group%3Adefault%2Fteam-orders',
    );
    expect(
      await screen.findByText(
        '3 clusters · 6 topics · 2 consumer groups · 1 Flink applications',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Monthly cost')).toHaveTextContent(
      '$512.48/month',
    );
    expect(summaryOwners).toEqual(['group:default/team-orders']);
  });

  it('leaves the group card off other kinds', async () => {
    answerEntity();
    renderEntityPage(ordersServiceEntity);
    await screen.findByText('Flink applications (1)', undefined, {
      timeout: 10_000,
    });
    expect(
      screen.queryByRole('link', { name: 'Open in the streaming estate' }),
    ).not.toBeInTheDocument();
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
    expect(streamingOutsideSidebar()).not.toHaveLength(0);
  });

  it('leaves the card and the tab out for an entity without streaming annotations', async () => {
    renderEntityPage(plainEntity);

    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(streamingOutsideSidebar()).toHaveLength(0);
  });

  it('lists the estate page in the sidebar, and opens it from there', async () => {
    server.use(
      http.get('*/api/streaming/v1/summary', () =>
        HttpResponse.json(summaryResponse()),
      ),
      http.get('*/api/streaming/v1/history', () =>
        HttpResponse.json(historyResponse()),
      ),
      http.get('*/api/streaming/v1/clusters', () =>
        HttpResponse.json(listResponse([ordersStandardRow])),
      ),
    );
    renderEntityPage(plainEntity);

    const link = await screen.findByRole('link', { name: 'Streaming' });
    expect(link).toHaveAttribute('href', '/streaming');
    fireEvent.click(link);
    expect(
      await screen.findByText('orders-standard', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
  });
});
