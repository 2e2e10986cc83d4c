import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { screen, waitFor } from '@testing-library/react';
import { streamingEntityName } from '@backstage-streaming/plugin-streaming-common';
import {
  CatalogResourceLink,
  CatalogResourceLinksProvider,
} from './CatalogResourceLink';

const CLUSTER_ARN =
  'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-1';
const TOPIC_ARN =
  'arn:aws:kafka:us-east-1:111111111111:topic/orders-standard/7d1a9c2e-1/payments.settled';

/** A Resource as the catalog module ingests it: named by streamingEntityName. */
function resourceOf(arn: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: streamingEntityName(arn), namespace: 'default' },
    spec: { type: 'kafka-cluster', owner: 'group:default/team-orders' },
  };
}

/** The catalog client the app provides. */
type CatalogApi = (typeof catalogApiRef)['T'];

function render(catalogApi: CatalogApi, exclude?: string) {
  return renderInTestApp(
    <CatalogResourceLinksProvider
      arns={[CLUSTER_ARN, TOPIC_ARN, CLUSTER_ARN]}
      exclude={exclude}
    >
      <p>
        <CatalogResourceLink arn={CLUSTER_ARN}>
          orders-standard
        </CatalogResourceLink>
      </p>
      <p>
        <CatalogResourceLink arn={TOPIC_ARN}>
          payments.settled
        </CatalogResourceLink>
      </p>
    </CatalogResourceLinksProvider>,
    {
      apis: [[catalogApiRef, catalogApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('CatalogResourceLink', () => {
  it('links an asset whose Resource the catalog holds and leaves the others plain', async () => {
    await render(catalogApiMock({ entities: [resourceOf(CLUSTER_ARN)] }));

    expect(
      await screen.findByRole('link', { name: 'orders-standard' }),
    ).toHaveAttribute(
      'href',
      `/catalog/default/resource/${streamingEntityName(CLUSTER_ARN)}`,
    );
    expect(screen.getByText('payments.settled')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'payments.settled' }),
    ).not.toBeInTheDocument();
  });

  it('asks the catalog once, for each distinct asset, with minimal fields', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntitiesByRefs: jest.fn().mockResolvedValue({
        items: [undefined, resourceOf(TOPIC_ARN)],
      }),
    });
    await render(catalogApi);

    expect(
      await screen.findByRole('link', { name: 'payments.settled' }),
    ).toBeInTheDocument();
    expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledTimes(1);
    const request = catalogApi.getEntitiesByRefs.mock.calls[0][0];
    // Sorted ARNs: the cluster's before the topic's.
    expect(request.entityRefs).toEqual([
      `resource:default/${streamingEntityName(CLUSTER_ARN)}`,
      `resource:default/${streamingEntityName(TOPIC_ARN)}`,
    ]);
    expect(request.fields).toEqual([
      'kind',
      'metadata.namespace',
      'metadata.name',
    ]);
    expect(
      screen.queryByRole('link', { name: 'orders-standard' }),
    ).not.toBeInTheDocument();
  });

  it('does not ask about, nor link, the entity being viewed', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntitiesByRefs: jest.fn().mockResolvedValue({ items: [undefined] }),
    });
    await render(
      catalogApi,
      `resource:default/${streamingEntityName(CLUSTER_ARN)}`,
    );

    await waitFor(() =>
      expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledTimes(1),
    );
    expect(catalogApi.getEntitiesByRefs.mock.calls[0][0].entityRefs).toEqual([
      `resource:default/${streamingEntityName(TOPIC_ARN)}`,
    ]);
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows plain names when the catalog fails', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntitiesByRefs: jest.fn().mockRejectedValue(new Error('catalog down')),
    });
    await render(catalogApi);

    await waitFor(() =>
      expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledTimes(1),
    );
    expect(screen.getByText('orders-standard')).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });
});
