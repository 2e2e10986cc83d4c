import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { configure, screen } from '@testing-library/react';
import { StreamingApi, streamingApiRef } from '../../api';
import { estatePageRouteRef } from '../../routes';
import {
  chargebackResponse,
  estateMethodsNotCalled,
  summaryResponse,
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
  methods: Pick<StreamingApi, 'getEstateSummary' | 'getChargeback'> &
    Partial<StreamingApi>,
) {
  const api: StreamingApi = {
    ...estateMethodsNotCalled(),
    getEntityStreaming: jest.fn(),
    getMetricSeries: jest.fn(),
    ...methods,
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
  it("shows the team's bill of last month beside its estimate", async () => {
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
    await renderCard({
      getEstateSummary: jest.fn(async () => summaryResponse()),
      getChargeback: jest.fn(async () => chargebackResponse()),
      getOwnerActualCost,
    });
    expect(
      await screen.findByText(/Billed last month \(Cost Explorer, owner tag\)/),
    ).toHaveTextContent('billed $1,042.39, estimated $1,016.79 (+2.5%)');
    expect(getOwnerActualCost).toHaveBeenCalledWith(
      'group:default/team-orders',
    );
  });

  it("shows the team's assets, health and chargeback, linking to the estate filtered by the team", async () => {
    const getEstateSummary = jest.fn(async () => summaryResponse());
    const getChargeback = jest.fn(async () => chargebackResponse());
    await renderCard({ getEstateSummary, getChargeback });

    expect(
      await screen.findByText(
        '3 clusters · 6 topics · 2 consumer groups · 1 Flink applications',
      ),
    ).toBeInTheDocument();
    // team-orders' chargeback row, as the estate page's chargeback tab shows it.
    expect(screen.getByLabelText('Monthly cost')).toHaveTextContent(
      '$512.48/month',
    );
    expect(screen.getByLabelText('Health counts')).toHaveTextContent('9');
    expect(
      screen.getByText(
        'How it is charged: shared-standard: 30% by partitions, 70% by bytes in and out',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open in the streaming estate' }),
    ).toHaveAttribute('href', '/streaming?owner=group%3Adefault%2Fteam-orders');
    expect(getEstateSummary).toHaveBeenCalledWith({
      owner: 'group:default/team-orders',
    });
    expect(getChargeback).toHaveBeenCalledWith('owner');
  });

  it('says when the team owns nothing', async () => {
    await renderCard({
      getEstateSummary: jest.fn(async () =>
        summaryResponse({
          assetCounts: {
            'kafka-cluster': 0,
            'kafka-topic': 0,
            'consumer-group': 0,
            'flink-application': 0,
          },
        }),
      ),
      getChargeback: jest.fn(async () => chargebackResponse({ rows: [] })),
    });
    expect(
      await screen.findByText('This team owns no streaming assets.'),
    ).toBeInTheDocument();
  });

  it('says why the cost is missing when it may not be seen', async () => {
    await renderCard({
      getEstateSummary: jest.fn(async () => summaryResponse()),
      getChargeback: jest.fn(async () =>
        chargebackResponse({
          rows: [],
          cost: { shown: 'none', reason: 'denied' },
        }),
      ),
    });
    expect(
      await screen.findByText(/you may not see this team's cost/),
    ).toBeInTheDocument();
  });

  it('says the backend could not be reached', async () => {
    const down = jest.fn().mockRejectedValue(new TypeError('Failed to fetch'));
    await renderCard({ getEstateSummary: down, getChargeback: down });
    expect(
      await screen.findByText(/The streaming backend could not be reached/),
    ).toBeInTheDocument();
  });
});
