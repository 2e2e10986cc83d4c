import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import type { EntityStreamingResponse } from '@backstage-streaming/plugin-streaming-common';
import { StreamingApi, StreamingClient, streamingApiRef } from '../../api';
import {
  ordersServiceEntity,
  ordersServiceResponse,
} from '../../testUtils/fixtures';
import { StreamingOverviewCard } from './StreamingOverviewCard';

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
) {
  return renderInTestApp(
    <EntityProvider entity={ordersServiceEntity}>
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
      await screen.findByText(
        /Could not load streaming data: Request failed with 503/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Streaming backend is starting/),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderCard({ getEntityStreaming: () => new Promise(() => {}) });

    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });
});
