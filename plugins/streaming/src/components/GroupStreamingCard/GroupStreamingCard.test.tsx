import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { configure, screen } from '@testing-library/react';
import type {
  EstateAssetRow,
  EstateList,
} from '@backstage-streaming/plugin-streaming-common';
import { StreamingApi, streamingApiRef } from '../../api';
import { estatePageRouteRef } from '../../routes';
import {
  assetRow,
  estateMethodsNotCalled,
  listResponse,
  ordersStandardRow,
} from '../../testUtils/estateFixtures';
import { GroupStreamingCard } from './GroupStreamingCard';

jest.setTimeout(30_000);
// The page's parts load in turn; on a busy machine that takes more than the default second.
configure({ asyncUtilTimeout: 10_000 });

const teamOrders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-orders', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function renderCard(
  listEstate: StreamingApi['listEstate'],
  overrides: Partial<StreamingApi> = {},
) {
  const api: StreamingApi = {
    ...estateMethodsNotCalled(),
    getEntityStreaming: jest.fn(),
    getMetricSeries: jest.fn(),
    listEstate,
    ...overrides,
  };
  return renderInTestApp(
    <EntityProvider entity={teamOrders}>
      <GroupStreamingCard />
    </EntityProvider>,
    {
      apis: [[streamingApiRef, api]],
      mountedRoutes: {
        '/streaming': estatePageRouteRef as any,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('GroupStreamingCard', () => {
  it("shows the team's bill of last month beside its estimate, or says why not", async () => {
    const getOwnerActualCost = jest.fn(async (owner: string) => ({
      owner,
      state: 'ok' as const,
      message: 'Actual cost from Cost Explorer',
      readAt: '2026-11-30T06:00:00.000Z',
      tagKey: 'owner',
      lastMonth: {
        period: { start: '2026-10-01', end: '2026-11-01' },
        actualUsd: 1042.39,
        estimateUsd: 1016.79,
        estimateComplete: true,
        differencePercent: 2.5,
        exceedsThreshold: false,
        reasons: [],
      },
    }));
    await renderCard(
      jest.fn(async (list: EstateList) =>
        listResponse(list === 'clusters' ? [ordersStandardRow] : []),
      ),
      { getOwnerActualCost },
    );
    expect(
      await screen.findByText(/Billed last month \(Cost Explorer, owner tag\)/),
    ).toHaveTextContent('billed $1,042.39, estimated $1,016.79 (+2.5%)');
    expect(getOwnerActualCost).toHaveBeenCalledWith(
      'group:default/team-orders',
    );
  });

  it("shows the team's assets, health and monthly cost, linking to the estate filtered by the team", async () => {
    const app = assetRow({
      name: 'orders-enricher',
      assetType: 'flink-application',
      monthlyUsd: 350.1,
      healthStatus: 'critical',
    });
    const rows: Partial<Record<EstateList, EstateAssetRow[]>> = {
      clusters: [ordersStandardRow],
      applications: [app],
    };
    const listEstate = jest.fn(async (list: EstateList) =>
      listResponse(rows[list] ?? []),
    );
    await renderCard(listEstate);

    expect(
      await screen.findByText(
        '1 clusters · 0 topics · 0 consumer groups · 1 Flink applications',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Monthly cost')).toHaveTextContent(
      '$962.58/month',
    );
    expect(screen.getByText(/orders-enricher/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open in the streaming estate' }),
    ).toHaveAttribute('href', '/streaming?owner=group%3Adefault%2Fteam-orders');
    for (const list of [
      'clusters',
      'topics',
      'consumer-groups',
      'applications',
    ]) {
      expect(listEstate).toHaveBeenCalledWith(list, {
        owner: 'group:default/team-orders',
        limit: 500,
        orderBy: 'health:desc',
      });
    }
  });

  it('says when the team owns nothing', async () => {
    await renderCard(jest.fn(async () => listResponse([])));
    expect(
      await screen.findByText('This team owns no streaming assets.'),
    ).toBeInTheDocument();
  });

  it('says the backend could not be reached', async () => {
    await renderCard(
      jest.fn().mockRejectedValue(new TypeError('Failed to fetch')),
    );
    expect(
      await screen.findByText(/The streaming backend could not be reached/),
    ).toBeInTheDocument();
  });
});
