import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { streamingEntityName } from '@backstage-streaming/plugin-streaming-common';
import { screen, within } from '@testing-library/react';
import type { EntityStreamingResponse } from '@backstage-streaming/plugin-streaming-common';
import { StreamingApi, StreamingClient, streamingApiRef } from '../../api';
import {
  detailedResponse,
  incompleteCostResponse,
  ordersCluster,
  ordersServiceEntity,
  ordersServiceResponse,
  plainEntity,
} from '../../testUtils/fixtures';
import type { Entity } from '@backstage/catalog-model';
import { StreamingOverviewCard } from './StreamingOverviewCard';
import { estateMethodsNotCalled } from '../../testUtils/estateFixtures';

const server = setupServer();
registerMswTestHooks(server);

const entityUrl = '*/api/streaming/v1/entity/default/component/orders-service';

function answer(response: EntityStreamingResponse) {
  server.use(http.get(entityUrl, () => HttpResponse.json(response)));
}

async function renderCard(
  client: StreamingApi = new StreamingClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch(),
  }),
  entity: Entity = ordersServiceEntity,
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <StreamingOverviewCard />
    </EntityProvider>,
    { apis: [[streamingApiRef, client]] },
  );
}

function rowOf(name: string): HTMLElement {
  const row = screen.getByText(name).closest('tr');
  if (!row) throw new Error(`No table row for ${name}`);
  return row;
}

function factsOf(row: ReturnType<typeof within>): string[] {
  return row
    .getAllByRole('listitem')
    .map((item: HTMLElement) => item.textContent ?? '');
}

describe('StreamingOverviewCard', () => {
  it('lists the cluster, topic and Flink application with their facts and health', async () => {
    answer(ordersServiceResponse);
    await renderCard();

    expect(await screen.findByText('orders-standard')).toBeInTheDocument();

    const cluster = within(rowOf('orders-standard'));
    expect(cluster.getByText('Standard cluster')).toBeInTheDocument();
    expect(factsOf(cluster)).toEqual([
      'State: ACTIVE',
      'Brokers: 3',
      'Instance type: kafka.m7g.large',
      'Kafka: 3.6.0',
    ]);
    expect(cluster.getByText('us-east-1')).toBeInTheDocument();
    expect(cluster.getByText('111111111111')).toBeInTheDocument();
    expect(
      cluster.getByRole('img', { name: 'Health: Healthy' }),
    ).toHaveTextContent('Healthy');

    const topic = within(rowOf('payments.settled'));
    expect(topic.getByText('Topic')).toBeInTheDocument();
    expect(factsOf(topic)).toEqual([
      'Cluster: orders-standard',
      'Partitions: 6',
      'Replication factor: 2',
    ]);
    expect(
      topic.getByRole('img', { name: 'Health: Warning' }),
    ).toBeInTheDocument();
    expect(
      topic.getByText(/Replication factor 2 is below 3/),
    ).toBeInTheDocument();
    expect(topic.getByText('stale')).toBeInTheDocument();

    const application = within(rowOf('orders-enricher'));
    expect(application.getByText('Flink application')).toBeInTheDocument();
    expect(factsOf(application)).toEqual([
      'Status: ROLLED_BACK',
      'Runtime: FLINK-1_20',
    ]);
    expect(
      application.getByRole('img', { name: 'Health: Critical' }),
    ).toBeInTheDocument();
    expect(
      application.getByText(/rolled back to its previous version/),
    ).toBeInTheDocument();
    expect(application.queryByText('stale')).not.toBeInTheDocument();

    expect(screen.getByText(/inventory refreshed/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows problems above the assets that did resolve', async () => {
    answer({
      ...ordersServiceResponse,
      clusters: [],
      applications: [],
      problems: [
        {
          kind: 'annotation-malformed',
          annotation: 'aws.amazon.com/amazon-managed-flink-application-arn',
          value: 'orders-enricher',
          message:
            'orders-enricher is not a Managed Flink application ARN. Use arn:aws:kinesisanalytics:<region>:<account>:application/<name>.',
        },
      ],
    });
    await renderCard();

    const panel = await screen.findByRole('alert');
    expect(panel).toHaveTextContent(
      "1 problem with this entity's streaming data",
    );
    expect(
      within(panel).getByText(
        /orders-enricher is not a Managed Flink application ARN/,
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(
        'Annotation aws.amazon.com/amazon-managed-flink-application-arn, value "orders-enricher"',
      ),
    ).toBeInTheDocument();
    // The topic still renders below the problem.
    expect(screen.getByText('payments.settled')).toBeInTheDocument();
  });

  it('says when the inventory has not been refreshed yet', async () => {
    answer({
      ...ordersServiceResponse,
      clusters: [],
      topics: [],
      applications: [],
      inventoryRefreshedAt: null,
    });
    await renderCard();

    expect(
      await screen.findByText(/Streaming inventory not refreshed yet/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('No streaming assets found'),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says when the annotations matched nothing', async () => {
    answer({
      ...ordersServiceResponse,
      clusters: [],
      topics: [],
      applications: [],
    });
    await renderCard();

    expect(
      await screen.findByText('No streaming assets found'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the backend error when the backend cannot answer', async () => {
    server.use(
      http.get(entityUrl, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: 'Streaming backend is starting',
            },
            request: {
              method: 'GET',
              url: '/v1/entity/default/component/orders-service',
            },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    await renderCard();

    expect(
      await screen.findByText(/The streaming backend is not answering \(503\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Streaming backend is starting/),
    ).toBeInTheDocument();
  });

  it('shows skeletons while loading', async () => {
    await renderCard({
      getEntityStreaming: () => new Promise(() => {}),
      getMetricSeries: () => new Promise(() => {}),
      ...estateMethodsNotCalled(),
    });

    expect(
      screen.getByRole('progressbar', { name: 'Loading streaming data' }),
    ).toBeInTheDocument();
  });

  it("shows each asset's owner, monthly cost, cost per GB and the KPUs a Flink application uses", async () => {
    answer(detailedResponse);
    await renderCard();

    expect(await screen.findByText('orders-standard')).toBeInTheDocument();
    const cluster = within(rowOf('orders-standard'));
    expect(cluster.getByText('Owner: team-orders')).toBeInTheDocument();
    expect(cluster.getByText('$746.76/month')).toBeInTheDocument();
    expect(cluster.getByText('$0.0432/GB in')).toBeInTheDocument();
    expect(cluster.getByText('$0.0216/GB out')).toBeInTheDocument();

    const topic = within(rowOf('payments.settled'));
    expect(topic.getByText('$120.25/month')).toBeInTheDocument();
    expect(topic.getByText('share of its cluster')).toBeInTheDocument();

    const application = within(rowOf('orders-enricher'));
    // An incomplete estimate is a lower bound.
    expect(
      application.getByText('≥ $421.50/month (missing: Durable backups)'),
    ).toBeInTheDocument();
    expect(factsOf(application)).toEqual([
      'Status: RUNNING',
      'Runtime: FLINK-1_20',
      'KPUs in use: 5',
    ]);
    expect(
      screen.getByRole('columnheader', { name: 'Cost' }),
    ).toBeInTheDocument();
  });

  it('shows a topic share and cost per GB of an incomplete estimate as lower bounds with what is missing, never a bare $0.00', async () => {
    answer(incompleteCostResponse);
    await renderCard();

    expect(await screen.findByText('orders-standard')).toBeInTheDocument();
    const cluster = within(rowOf('orders-standard'));
    expect(
      cluster.getByText('≥ $746.76/month (missing: Tiered storage)'),
    ).toBeInTheDocument();
    expect(
      cluster.getByText('≥ $0.0432/GB in (missing: Tiered storage)'),
    ).toBeInTheDocument();
    const topic = within(rowOf('payments.settled'));
    expect(
      topic.getByText('≥ $0.00/month (missing: Tiered storage)'),
    ).toBeInTheDocument();
    expect(topic.queryByText('$0.00/month')).not.toBeInTheDocument();
  });

  it('says cost is not permitted, with the reason, and shows no cost column', async () => {
    answer({
      ...ordersServiceResponse,
      cost: {
        permitted: false,
        reason:
          'Cost is shown to those allowed streaming.cost.read on this entity.',
      },
    });
    await renderCard();

    expect(
      await screen.findByText(
        'Cost not shown: Cost is shown to those allowed streaming.cost.read on this entity.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Cost' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('orders-standard')).toBeInTheDocument();
  });

  it('shows the cost of the assets that may show it, says why the others have none, and names claimants', async () => {
    const [cluster] = detailedResponse.clusters;
    answer({
      ...detailedResponse,
      clusters: [
        {
          ...cluster,
          cost: undefined,
          owner: null,
          claimedBy: [
            'group:default/team-analytics',
            'group:default/team-platform',
          ],
        },
      ],
      cost: {
        permitted: true,
        reason:
          'Cost is shown only for the assets you may see the cost of (streaming.cost.read); 1 of the 3 assets here have none.',
      },
    });
    await renderCard();

    expect(
      await screen.findByText(
        'Cost is shown only for the assets you may see the cost of (streaming.cost.read); 1 of the 3 assets here have none.',
      ),
    ).toBeInTheDocument();
    const clusterRow = within(rowOf('orders-standard'));
    expect(
      clusterRow.getByText(
        'Owner: unknown (claimed by team-analytics, team-platform)',
      ),
    ).toBeInTheDocument();
    expect(clusterRow.queryByText('$746.76/month')).not.toBeInTheDocument();
    expect(
      within(rowOf('payments.settled')).getByText('$120.25/month'),
    ).toBeInTheDocument();
  });

  it('marks an asset that is gone from AWS', async () => {
    answer({
      ...ordersServiceResponse,
      clusters: [{ ...ordersServiceResponse.clusters[0], gone: true }],
    });
    await renderCard();

    expect(await screen.findByText('orders-standard')).toBeInTheDocument();
    expect(
      within(rowOf('orders-standard')).getByText('gone'),
    ).toBeInTheDocument();
  });

  it('lists the annotations to add when placed on an entity without them', async () => {
    const api: StreamingApi = {
      getEntityStreaming: jest.fn(),
      getMetricSeries: jest.fn(),
      ...estateMethodsNotCalled(),
    };
    await renderCard(api, plainEntity);

    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(api.getEntityStreaming).not.toHaveBeenCalled();
  });

  it('links an asset to its Resource entity page when the catalog holds it, plain text otherwise', async () => {
    answer(ordersServiceResponse);
    const clusterResource: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: streamingEntityName(ordersCluster.arn),
        namespace: 'default',
      },
      spec: { type: 'kafka-cluster', owner: 'group:default/team-orders' },
    };
    await renderInTestApp(
      <EntityProvider entity={ordersServiceEntity}>
        <StreamingOverviewCard />
      </EntityProvider>,
      {
        apis: [
          [
            streamingApiRef,
            new StreamingClient({
              discoveryApi: mockApis.discovery({
                baseUrl: 'http://backstage.test',
              }),
              fetchApi: mockApis.fetch(),
            }),
          ],
          [catalogApiRef, catalogApiMock({ entities: [clusterResource] })],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    const clusterLink = await screen.findByRole('link', {
      name: 'orders-standard',
    });
    expect(clusterLink).toHaveAttribute(
      'href',
      `/catalog/default/resource/${streamingEntityName(ordersCluster.arn)}`,
    );
    expect(rowOf('orders-standard')).toContainElement(clusterLink);
    // No Resource for the topic and the application: their names stay text.
    for (const name of ['payments.settled', 'orders-enricher']) {
      expect(
        within(rowOf(name)).queryByRole('link', { name }),
      ).not.toBeInTheDocument();
    }
  });
});
