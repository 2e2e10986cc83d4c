import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  EntityStreamingResponse,
  getMetric,
  MetricRange,
} from '@backstage-streaming/plugin-streaming-common';
import { StreamingApi, StreamingClient, streamingApiRef } from '../../api';
import {
  detailedApplication,
  detailedCluster,
  detailedResponse,
  detailedTopic,
  incompleteCostResponse,
  ordersServiceEntity,
  ordersServiceResponse,
  plainEntity,
  seriesResponse,
} from '../../testUtils/fixtures';
import { StreamingContent } from './StreamingContent';
import { estateMethodsNotCalled } from '../../testUtils/estateFixtures';

const server = setupServer();
registerMswTestHooks(server);

// Drawing several recharts charts under jsdom takes seconds on a small machine.
jest.setTimeout(30_000);

const entityUrl = '*/api/streaming/v1/entity/default/component/orders-service';
const metricsUrl = '*/api/streaming/v1/metrics';

interface ChartRequest {
  arn: string;
  metric: string;
  range: string;
  entityRef: string;
}

let chartRequests: ChartRequest[];

function chartRequestOf(request: Request): ChartRequest {
  const query = new URL(request.url).searchParams;
  return {
    arn: query.get('arn') ?? '',
    metric: query.get('metric') ?? '',
    range: query.get('range') ?? '',
    entityRef: query.get('entityRef') ?? '',
  };
}

/** Every chart answers three points of its own metric, recording what was asked. */
function answerCharts() {
  server.use(
    http.get(metricsUrl, ({ request }) => {
      const asked = chartRequestOf(request);
      chartRequests.push(asked);
      const metric = getMetric(asked.metric);
      return HttpResponse.json(
        seriesResponse({
          arn: asked.arn,
          metricId: metric.id,
          label: metric.label,
          unit: metric.unit,
          range: asked.range as MetricRange,
        }),
      );
    }),
  );
}

function answer(response: EntityStreamingResponse) {
  server.use(http.get(entityUrl, () => HttpResponse.json(response)));
}

function errorBody(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

function client(): StreamingApi {
  return new StreamingClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch(),
  });
}

async function renderContent(
  options: { entity?: Entity; api?: StreamingApi } = {},
) {
  return renderInTestApp(
    <EntityProvider entity={options.entity ?? ordersServiceEntity}>
      <StreamingContent />
    </EntityProvider>,
    { apis: [[streamingApiRef, options.api ?? client()]] },
  );
}

function section(name: string): HTMLElement {
  const heading = screen
    .getAllByText(name)
    .find(element => element.closest('.MuiCard-root'));
  const card = heading?.closest('.MuiCard-root');
  if (!card) throw new Error(`No section for ${name}`);
  return card as HTMLElement;
}

function factsOf(
  container: HTMLElement,
  label: string,
): Record<string, string> {
  const list = within(container).getByLabelText(label);
  const facts: Record<string, string> = {};
  list.querySelectorAll('dt').forEach(term => {
    facts[term.textContent ?? ''] = term.nextElementSibling?.textContent ?? '';
  });
  return facts;
}

const onlyCluster: EntityStreamingResponse = {
  ...detailedResponse,
  topics: [],
  applications: [],
};

beforeEach(() => {
  chartRequests = [];
  answerCharts();
});

describe('StreamingContent', () => {
  it('shows skeletons while the entity loads', async () => {
    await renderContent({
      api: {
        getEntityStreaming: () => new Promise(() => {}),
        getMetricSeries: () => new Promise(() => {}),
        ...estateMethodsNotCalled(),
      },
    });

    expect(
      screen.getByRole('progressbar', { name: 'Loading streaming data' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('MSK clusters (1)')).not.toBeInTheDocument();
  });

  it('lists the annotations to add when the entity has none, without asking the backend', async () => {
    const api: StreamingApi = {
      getEntityStreaming: jest.fn(),
      getMetricSeries: jest.fn(),
      ...estateMethodsNotCalled(),
    };
    await renderContent({ entity: plainEntity, api });

    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    for (const annotation of [
      'aws.amazon.com/amazon-msk-cluster-arn',
      'aws.amazon.com/amazon-msk-topics',
      'aws.amazon.com/amazon-managed-flink-application-arn',
    ]) {
      expect(screen.getAllByText(annotation).length).toBeGreaterThan(0);
    }
    expect(
      screen.getByText(/Any one of these annotations is enough/),
    ).toBeInTheDocument();
    expect(api.getEntityStreaming).not.toHaveBeenCalled();
  });

  it('names the annotation and value at fault and still shows what resolved', async () => {
    answer({
      ...onlyCluster,
      problems: [
        {
          kind: 'annotation-malformed',
          annotation: 'aws.amazon.com/amazon-msk-cluster-arn',
          value: 'orders-standard',
          message:
            'orders-standard is not an MSK cluster ARN. Use arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>.',
        },
      ],
    });
    await renderContent();

    const panel = await screen.findByRole('alert');
    expect(panel).toHaveTextContent(
      "1 problem with this entity's streaming data",
    );
    expect(
      within(panel).getByText(/orders-standard is not an MSK cluster ARN/),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(
        'Annotation aws.amazon.com/amazon-msk-cluster-arn, value "orders-standard"',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('MSK clusters (1)')).toBeInTheDocument();
  });

  it('says when the inventory has not been refreshed yet', async () => {
    answer({
      ...ordersServiceResponse,
      clusters: [],
      topics: [],
      applications: [],
      inventoryRefreshedAt: null,
    });
    await renderContent();

    expect(
      await screen.findByText(/Streaming inventory not refreshed yet/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('No streaming assets found'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/Inventory refreshed/)).not.toBeInTheDocument();
  });

  it('says which asset was not found when nothing resolved', async () => {
    answer({
      ...ordersServiceResponse,
      clusters: [],
      topics: [],
      applications: [],
      problems: [
        {
          kind: 'asset-not-found',
          annotation: 'aws.amazon.com/amazon-managed-flink-application-arn',
          value:
            'arn:aws:kinesisanalytics:us-east-1:111111111111:application/billing-batch',
          message:
            'No Managed Flink application billing-batch was seen in account 111111111111 in us-east-1 at the last refresh. Check the ARN.',
        },
      ],
    });
    await renderContent();

    expect(
      await screen.findByText('No streaming assets found'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No Managed Flink application billing-batch was seen/),
    ).toBeInTheDocument();
  });

  it('marks an asset gone from AWS with when it was last seen', async () => {
    answer({
      ...onlyCluster,
      clusters: [
        {
          ...detailedCluster,
          gone: true,
          lastSeenAt: '2026-10-30T08:00:00.000Z',
        },
      ],
    });
    await renderContent();

    const cluster = await screen.findByText('MSK clusters (1)');
    expect(cluster).toBeInTheDocument();
    expect(screen.getByText('gone from AWS')).toBeInTheDocument();
    expect(
      screen.getByText(
        new RegExp(
          `orders-standard was not in the latest listing of account 111111111111 in us-east-1; it was last seen ${escapeRegExp(
            new Date('2026-10-30T08:00:00.000Z').toLocaleString(),
          )}`,
        ),
      ),
    ).toBeInTheDocument();
  });

  it('marks stale data with its last refresh time', async () => {
    answer({
      ...onlyCluster,
      clusters: [{ ...detailedCluster, stale: true }],
    });
    await renderContent();

    const refreshed = new Date(detailedCluster.refreshedAt).toLocaleString();
    expect(
      await screen.findByText(/Stale data: 1 asset shows the last known state/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(`stale · last refreshed ${refreshed}`),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `The latest refresh of account 111111111111 in us-east-1 failed; this is the state last refreshed ${refreshed}.`,
      ),
    ).toBeInTheDocument();
  });

  it('says cost is not permitted, with the reason, instead of any figure', async () => {
    const { cost: _clusterCost, ...uncostedCluster } = detailedCluster;
    answer({
      ...onlyCluster,
      clusters: [uncostedCluster],
      cost: {
        permitted: false,
        reason:
          'Cost is shown to those allowed streaming.cost.read on this entity.',
      },
    });
    await renderContent();

    expect(
      await screen.findByText(
        'Cost not shown: Cost is shown to those allowed streaming.cost.read on this entity.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Estimated cost/)).not.toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Cost of orders-standard' }),
    ).not.toBeInTheDocument();
  });

  it('says why an asset has no cost when cost is permitted for some assets only', async () => {
    const { cost: _clusterCost, ...uncostedCluster } = detailedCluster;
    answer({
      ...onlyCluster,
      clusters: [uncostedCluster],
      cost: {
        permitted: true,
        reason:
          'Cost is shown only for the assets you may see the cost of (streaming.cost.read); 1 of the 2 assets here have none.',
      },
    });
    await renderContent();

    expect(
      await screen.findByText(
        'Cost not shown: Cost is shown only for the assets you may see the cost of (streaming.cost.read); 1 of the 2 assets here have none.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No cost estimate/)).not.toBeInTheDocument();
  });

  it('says a cost is unknown rather than $0 when no part has a price', async () => {
    const cost = detailedApplication.cost!;
    answer({
      ...detailedResponse,
      clusters: [],
      topics: [],
      applications: [
        {
          ...detailedApplication,
          cost: {
            ...cost,
            estimate: {
              ...cost.estimate,
              monthlyUsd: 0,
              parts: cost.estimate.parts.map(part => ({
                ...part,
                monthlyUsd: null,
              })),
            },
          },
        },
      ],
    });
    await renderContent();

    await screen.findByText('Flink applications (1)');
    expect(section('orders-enricher')).toHaveTextContent(
      'Estimated cost: unknown at list prices in us-east-1.',
    );
  });

  it('says the backend is down when it answers 503', async () => {
    server.use(
      http.get(entityUrl, () =>
        errorBody(
          503,
          'ServiceUnavailableError',
          'Streaming backend is starting',
        ),
      ),
    );
    await renderContent();

    expect(
      await screen.findByText(/The streaming backend is not answering \(503\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Streaming backend is starting'),
    ).toBeInTheDocument();
  });

  it('says the backend cannot be reached when the request fails', async () => {
    server.use(http.get(entityUrl, () => HttpResponse.error()));
    await renderContent();

    expect(
      await screen.findByText(/The streaming backend could not be reached/),
    ).toBeInTheDocument();
  });

  it('says when the entity is not allowed', async () => {
    server.use(
      http.get(entityUrl, () =>
        errorBody(
          403,
          'NotAllowedError',
          'You are not allowed to read the streaming assets of component:default/orders-service',
        ),
      ),
    );
    await renderContent();

    expect(
      await screen.findByText(
        /You are not allowed to see this entity's streaming assets\./,
      ),
    ).toBeInTheDocument();
  });

  it('shows a cluster with its setup, security, load against limits, findings and cost', async () => {
    answer(onlyCluster);
    await renderContent();

    await screen.findByText('MSK clusters (1)');
    const cluster = section('orders-standard');
    expect(
      within(cluster).getByText(
        'Standard cluster · us-east-1 · account 111111111111',
      ),
    ).toBeInTheDocument();
    expect(within(cluster).getByText('Owner: team-orders')).toBeInTheDocument();
    expect(factsOf(cluster, 'Facts about orders-standard')).toMatchObject({
      State: 'ACTIVE',
      Brokers: '3 × kafka.m7g.large (ids 1, 2, 3)',
      'Kafka version': '3.6.0',
      Storage: '1,000 GiB per broker, local storage',
      'Availability Zones': 'use1-az1, use1-az2, use1-az4',
      'Enhanced monitoring': 'PER_TOPIC_PER_BROKER',
      'Throughput (busiest broker)': '2.5 MB/s in · 5 MB/s out',
      'CPU (user + system, busiest broker)': '41.5%',
      'Data disk used (fullest broker)': '62%',
      'Partitions per broker': '1,200 of 1,000 recommended (MSK allows 1,500)',
    });
    expect(
      within(cluster).getByRole('progressbar', {
        name: 'Partitions per broker',
      }),
    ).toHaveAttribute('aria-valuenow', '100');

    const badges = within(cluster).getByRole('list', {
      name: 'Encryption and authentication',
    });
    expect(
      within(badges)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'TLS between clients and brokers',
      'TLS between brokers',
      'Encrypted at rest (KMS)',
      'IAM auth',
      'Unauthenticated access allowed (weaker)',
    ]);

    const findings = within(cluster).getByRole('list', {
      name: 'Health findings for orders-standard',
    });
    expect(
      within(findings).getByRole('img', { name: 'Health: Warning' }),
    ).toBeInTheDocument();
    expect(findings).toHaveTextContent(
      'Measured 1,200 · threshold 1,000 · rule msk.cluster.partitions-per-broker',
    );

    expect(cluster).toHaveTextContent(
      'Estimated cost: $746.76/month at list prices in us-east-1.',
    );
    expect(
      within(cluster).getByText('$0.0432 per GB in · $0.0216 per GB out'),
    ).toBeInTheDocument();
    const breakdown = within(cluster).getByRole('table', {
      name: 'Cost of orders-standard',
    });
    expect(
      within(breakdown)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual([
      'PartQuantityUnit pricePrice fromMonthly',
      'Broker hours (3 × kafka.m7g.large)2,190 broker-hour$0.204—$446.76',
      'Broker storage (3 × 1000 GiB)3,000 GB-month$0.10—$300.00',
    ]);
    expect(
      within(cluster).getByText(
        /Basis: partitions and bytes\. Split by each topic/,
      ),
    ).toBeInTheDocument();
    const chargeback = within(cluster).getByRole('table', {
      name: 'Chargeback of orders-standard by owner',
    });
    expect(
      within(chargeback)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual([
      'OwnerTopicsMonthly share',
      'team-orders3$600.50',
      'unowned30$146.26',
    ]);
    expect(
      within(cluster).getByText('3 → 6 brokers: adds $746.76/month'),
    ).toBeInTheDocument();
    expect(
      within(cluster).getByText(
        'kafka.m7g.large → kafka.m7g.2xlarge: cost change unknown (a price is missing)',
      ),
    ).toBeInTheDocument();
    expect(
      within(cluster).getByText(
        'kafka.m7g.xlarge → kafka.m7g.large: saves $446.76/month',
      ),
    ).toBeInTheDocument();
  });

  it('shows every figure of an incomplete estimate as a lower bound with what is missing, and internal topics as platform overhead', async () => {
    answer(incompleteCostResponse);
    await renderContent();

    await screen.findByText('MSK clusters (1)');
    const cluster = section('orders-standard');
    expect(cluster).toHaveTextContent(
      'Estimated cost: ≥ $746.76/month (missing: Tiered storage) at list prices in us-east-1.',
    );
    expect(
      within(cluster).getByText(
        '≥ $0.0432 per GB in (missing: Tiered storage) · ≥ $0.0216 per GB out (missing: Tiered storage)',
      ),
    ).toBeInTheDocument();
    const chargeback = within(cluster).getByRole('table', {
      name: 'Chargeback of orders-standard by owner',
    });
    expect(
      within(chargeback)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual([
      'OwnerTopicsMonthly share',
      'team-orders3≥ $600.50 (missing: Tiered storage)',
      'unowned29≥ $100.00 (missing: Tiered storage)',
      'Platform overhead (internal topics)1≥ $46.26 (missing: Tiered storage)',
    ]);

    const topic = section('payments.settled');
    expect(topic).toHaveTextContent(
      "Share of its cluster: ≥ $0.00/month (missing: Tiered storage) of the cluster's ≥ $746.76/month (missing: Tiered storage), split by partitions and bytes.",
    );
  });

  it('shows a topic with its configuration, consumers and lag, and its share of the cluster cost', async () => {
    answer({ ...detailedResponse, clusters: [], applications: [] });
    await renderContent();

    await screen.findByText('Kafka topics (1)');
    const topic = section('payments.settled');
    expect(factsOf(topic, 'Facts about payments.settled')).toMatchObject({
      Cluster: 'orders-standard',
      Partitions: '6',
      'Replication factor': '2',
      'Min in-sync replicas': '2',
      Retention: '7 d',
      'Out-of-sync replicas': '0',
      'Bytes in': '1.2 MB/s',
      'Bytes out': '2.4 MB/s',
    });
    const consumers = within(topic).getByRole('table', {
      name: 'Consumer groups of payments.settled',
    });
    expect(
      within(consumers)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual([
      'Consumer groupMax offset lagTotal offset lagTime behind',
      'settlement-reconciler1,5204,1001 min 35 s',
    ]);
    expect(topic).toHaveTextContent(
      "Share of its cluster: $120.25/month of the cluster's $746.76/month, split by partitions and bytes.",
    );
  });

  it('says a topic’s configuration is not read yet when the refresh has not described it', async () => {
    answer({
      ...detailedResponse,
      clusters: [],
      applications: [],
      topics: [{ ...detailedTopic, configs: undefined }],
    });
    await renderContent();

    await screen.findByText('Kafka topics (1)');
    const facts = factsOf(
      section('payments.settled'),
      'Facts about payments.settled',
    );
    expect(facts).toMatchObject({
      Partitions: '6',
      Configuration: 'Not read yet',
    });
    expect(facts).not.toHaveProperty('Retention');
    expect(facts).not.toHaveProperty('Min in-sync replicas');
  });

  it('says how a topic’s share was worked out under the chargeback model', async () => {
    const share = detailedTopic.cost!.share!;
    answer({
      ...detailedResponse,
      clusters: [],
      applications: [],
      topics: [
        {
          ...detailedTopic,
          cost: {
            ...detailedTopic.cost!,
            share: {
              ...share,
              fixedUsd: 100.25,
              usageUsd: 20,
              basisDescription:
                '30% of the shared fixed cost by partitions (6 of 27 partitions); 70% of the shared fixed cost by bytes in and out (12% of the bytes in and out)',
            },
          },
        },
      ],
    });
    await renderContent();

    await screen.findByText('Kafka topics (1)');
    expect(section('payments.settled')).toHaveTextContent(
      "Share of its cluster: $120.25/month of the cluster's $746.76/month, split by partitions and bytes: 30% of the shared fixed cost by partitions (6 of 27 partitions); 70% of the shared fixed cost by bytes in and out (12% of the bytes in and out).",
    );
  });

  it('shows a Serverless cluster with its topics discovered from CloudWatch, its throughput summed over them, and charts that are sums', async () => {
    const serverlessArn =
      'arn:aws:kafka:eu-west-1:111111111111:cluster/events-serverless/5e4d-s1';
    const serverless = {
      ...detailedCluster,
      arn: serverlessArn,
      name: 'events-serverless',
      region: 'eu-west-1',
      clusterType: 'serverless' as const,
      brokerCount: null,
      instanceType: null,
      kafkaVersion: null,
      cpuPercent: null,
      details: undefined,
      brokers: undefined,
      topicListing: 'unsupported' as const,
      metrics: {
        'msk.cluster.bytesInTotal': 770_000,
        'msk.cluster.bytesOutTotal': 2_020_000,
        'msk.cluster.throughputWindowHours': 1,
      },
    };
    const discovered = {
      ...detailedTopic,
      arn: 'arn:aws:kafka:eu-west-1:111111111111:topic/events-serverless/5e4d-s1/platform.events',
      name: 'platform.events',
      region: 'eu-west-1',
      clusterArn: serverlessArn,
      clusterName: 'events-serverless',
      partitionCount: null,
      replicationFactor: null,
      outOfSyncReplicaCount: null,
      configs: undefined,
      consumers: undefined,
      discoveredFrom: 'metrics' as const,
      metrics: {
        'msk.serverless.topic.bytesIn': 650_000,
        'msk.serverless.topic.bytesOut': 1_900_000,
      },
    };
    answer({
      ...detailedResponse,
      clusters: [serverless],
      topics: [discovered],
      applications: [],
    });
    await renderContent();

    await screen.findByText('MSK clusters (1)');
    const cluster = section('events-serverless');
    expect(factsOf(cluster, 'Facts about events-serverless')).toMatchObject({
      'Throughput (sum over topics, average over the last 1 h)':
        '770 kB/s in · 2.02 MB/s out',
      Topics:
        'Discovered from CloudWatch: the topics that carried traffic in the last 14 days (idle topics are not listed)',
    });
    expect(cluster).toHaveTextContent(
      "MSK Serverless publishes no cluster-level or partition metrics: the cluster charts are sums over its topics' series, and topics without datapoints in the last 14 days are not listed.",
    );
    await waitFor(() =>
      expect(
        chartRequests
          .filter(r => r.arn === serverlessArn)
          .map(r => r.metric)
          .sort(),
      ).toEqual([
        'msk.serverless.cluster.bytesIn',
        'msk.serverless.cluster.bytesOut',
      ]),
    );

    const topic = section('platform.events');
    const serverlessFacts = factsOf(topic, 'Facts about platform.events');
    expect(serverlessFacts).toMatchObject({
      Cluster: 'events-serverless',
      'Bytes in': '650 kB/s',
      'Bytes out': '1.9 MB/s',
    });
    // Its note says why there is no configuration; nothing awaits a refresh.
    expect(serverlessFacts).not.toHaveProperty('Configuration');
    expect(topic).toHaveTextContent(
      'Discovered from CloudWatch: MSK Serverless has no topic API, so partitions and configuration are not known, and a topic idle for 14 days (no datapoints) is not listed.',
    );
  });

  it('shows a Flink application with parallelism, KPUs, checkpoints, restarts and deployments', async () => {
    answer({ ...detailedResponse, clusters: [], topics: [] });
    await renderContent();

    await screen.findByText('Flink applications (1)');
    const application = section('orders-enricher');
    expect(factsOf(application, 'Facts about orders-enricher')).toMatchObject({
      Status: 'RUNNING',
      Runtime: 'FLINK-1_20',
      Mode: 'STREAMING',
      Version: '7',
      Parallelism: '4 configured, 4 running, 1 per KPU, autoscaling on',
      'KPUs in use': "5 of the account's 64 KPU limit (7.8%)",
      Checkpoints: 'Every 1 min',
      'Last checkpoint took': '1 s',
      'Failed checkpoints (recent)': '0',
      'Restarts (recent)': '2',
      Downtime: 'None',
      Snapshots: 'Enabled',
      'Automatic rollback': 'Enabled',
      Monitoring: 'APPLICATION metrics, INFO logs',
    });
    const operations = within(application).getByRole('table', {
      name: 'Recent operations of orders-enricher',
    });
    expect(
      within(operations).getByRole('img', { name: 'FAILED' }),
    ).toBeInTheDocument();
    expect(
      within(operations).getByRole('img', { name: 'SUCCESSFUL' }),
    ).toBeInTheDocument();
    expect(
      within(operations).getByText('RollbackApplication'),
    ).toBeInTheDocument();
    expect(
      within(application).getByText(/No findings: every health rule/),
    ).toBeInTheDocument();
    expect(application).toHaveTextContent(
      'Estimated cost: ≥ $421.50/month (missing: Durable backups) at list prices in us-east-1.',
    );
    expect(
      within(application).getByText(/the total is a lower bound/),
    ).toBeInTheDocument();
    const breakdown = within(application).getByRole('table', {
      name: 'Cost of orders-enricher',
    });
    expect(
      within(breakdown).getByText(/No API gives the backup size/),
    ).toBeInTheDocument();
    expect(
      within(breakdown).getAllByText('unknown').length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      within(application).getByText(
        '≥ $0.16 per million records (missing: Durable backups)',
      ),
    ).toBeInTheDocument();
  });

  it('draws the default charts with a text summary and re-reads them when the range changes', async () => {
    answer(onlyCluster);
    await renderContent();

    const cpu = await findChart('CPU (user) of orders-standard, last 24 hours');
    expect(cpu.querySelector('svg')).not.toBeNull();
    expect(cpu.querySelector('.recharts-line')).not.toBeNull();
    expect(
      screen.getByRole('img', {
        name: 'Bytes in of orders-standard, last 24 hours',
      }),
    ).toBeInTheDocument();
    const figure = cpu.closest('figure')!;
    expect(within(figure).getByText(/^latest 20%/)).toHaveTextContent(
      'latest 20%, min 10%, max 30%, average 20%.',
    );
    await waitFor(() =>
      expect(chartRequests.map(r => r.metric).sort()).toEqual([
        'msk.broker.bytesIn',
        'msk.broker.bytesOut',
        'msk.broker.cpuUser',
        'msk.broker.diskUsed',
      ]),
    );
    expect(chartRequests[0]).toMatchObject({
      arn: detailedCluster.arn,
      range: '24h',
      entityRef: 'component:default/orders-service',
    });

    chartRequests = [];
    const picker = screen.getByRole('group', {
      name: 'Time range for orders-standard charts',
    });
    expect(
      within(picker).getByRole('button', { name: '24 hours' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(
      within(picker).getByRole('button', { name: '7 days' }),
    );

    expect(
      await findChart('CPU (user) of orders-standard, last 7 days'),
    ).toBeInTheDocument();
    expect(
      within(picker).getByRole('button', { name: '7 days' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(chartRequests).toHaveLength(4));
    expect(new Set(chartRequests.map(r => r.range))).toEqual(new Set(['7d']));
  });

  it('changes the range from the keyboard', async () => {
    answer(onlyCluster);
    await renderContent();
    await findChart('CPU (user) of orders-standard, last 24 hours');

    const picker = screen.getByRole('group', {
      name: 'Time range for orders-standard charts',
    });
    within(picker).getByRole('button', { name: '24 hours' }).focus();
    await userEvent.tab();
    expect(
      within(picker).getByRole('button', { name: '7 days' }),
    ).toHaveFocus();
    await userEvent.keyboard('{Enter}');

    expect(
      await findChart('CPU (user) of orders-standard, last 7 days'),
    ).toBeInTheDocument();
  });

  it('offers every chartable metric of the asset and charts one when picked', async () => {
    answer({ ...detailedResponse, clusters: [], topics: [] });
    await renderContent();
    await findChart('KPUs of orders-enricher, last 24 hours');
    const choices = screen.getByRole('list', {
      name: 'Metrics to chart for orders-enricher',
    });
    const restarts = within(choices).getByRole('button', { name: 'Restarts' });
    expect(restarts).toHaveAttribute('aria-pressed', 'false');
    // FLINK-1_20 publishes fullRestarts, not numRestarts; backpressure needs TASK level.
    expect(
      within(choices).queryByRole('button', { name: 'Backpressured time' }),
    ).not.toBeInTheDocument();

    await userEvent.click(restarts);

    expect(
      await findChart('Restarts of orders-enricher, last 24 hours'),
    ).toBeInTheDocument();
    expect(chartRequests.map(r => r.metric)).toContain('flink.fullRestarts');
    expect(restarts).toHaveAttribute('aria-pressed', 'true');
  });

  it('explains a chart the backend refuses as not published, and says when it is rate-limited or CloudWatch is down', async () => {
    answer(onlyCluster);
    let cpuAnswers = 0;
    server.use(
      http.get(metricsUrl, ({ request }) => {
        const asked = chartRequestOf(request);
        chartRequests.push(asked);
        switch (asked.metric) {
          case 'msk.broker.diskUsed':
            return errorBody(
              400,
              'InputError',
              'msk.broker.diskUsed (KafkaDataLogsDiskUsed) is not published for orders-standard',
            );
          case 'msk.broker.bytesIn': {
            const limited = errorBody(
              429,
              'TooManyRequestsError',
              'Too many chart requests; try again in 1 s',
            );
            limited.headers.set('Retry-After', '1');
            cpuAnswers += 1;
            return cpuAnswers === 1
              ? limited
              : HttpResponse.json(
                  seriesResponse({
                    metricId: asked.metric,
                    label: 'Bytes in',
                    unit: 'bytes/s',
                  }),
                );
          }
          case 'msk.broker.bytesOut':
            return errorBody(
              503,
              'ServiceUnavailableError',
              'CloudWatch could not be read for Bytes out of orders-standard (Throttling: Rate exceeded); try again shortly',
            );
          default:
            return HttpResponse.json(
              seriesResponse({
                metricId: asked.metric,
                stale: true,
                staleReason: 'Throttling: Rate exceeded',
              }),
            );
        }
      }),
    );
    await renderContent();

    expect(
      await screen.findByText(/^Not published for this asset/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'msk.broker.diskUsed (KafkaDataLogsDiskUsed) is not published for orders-standard',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Too many chart requests. Retrying in 1 s.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /CloudWatch could not be read and no earlier data is cached/,
      ),
    ).toBeInTheDocument();

    // A stale series still draws, marked stale with when it was read.
    const cpu = screen.getByRole('img', {
      name: 'CPU (user) of orders-standard, last 24 hours',
    });
    const cpuFigure = cpu.closest('figure')!;
    expect(within(cpuFigure).getByText('stale')).toBeInTheDocument();
    expect(cpuFigure).toHaveTextContent(/Stale: last read from CloudWatch at/);

    // The rate-limited chart asks again by itself once Retry-After has passed.
    expect(
      await screen.findByRole(
        'img',
        { name: 'Bytes in of orders-standard, last 24 hours' },
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
    expect(
      chartRequests.filter(r => r.metric === 'msk.broker.bytesIn'),
    ).toHaveLength(2);
  });

  it('shows every section of the full response', async () => {
    answer(detailedResponse);
    await renderContent();

    expect(await screen.findByText('MSK clusters (1)')).toBeInTheDocument();
    expect(screen.getByText('Kafka topics (1)')).toBeInTheDocument();
    expect(screen.getByText('Flink applications (1)')).toBeInTheDocument();
    expect(
      screen.getByText(
        `Inventory refreshed ${new Date(
          detailedResponse.inventoryRefreshedAt!,
        ).toLocaleString()}`,
      ),
    ).toBeInTheDocument();
    expect(section(detailedTopic.name)).toBeInTheDocument();
    expect(section(detailedApplication.name)).toBeInTheDocument();
  });
});

/** Charts draw after their series arrives; recharts is slow under jsdom. */
function findChart(name: string) {
  return screen.findByRole('img', { name }, { timeout: 5000 });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
