import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import {
  estimateProposalMonthlyCost,
  resolvePricing,
  ScaffolderCluster,
} from '@backstage-streaming/plugin-streaming-common';
import { StreamingClient, streamingScaffolderApiRef } from '../../api';
import { CostEstimateField } from './CostEstimateField';
import { ClusterPickerField } from './ClusterPickerField';

// The first render of a test app loads MUI and the app shell; on a busy machine that takes seconds.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const ORDERS: ScaffolderCluster = {
  arn: 'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/abc-1',
  name: 'orders-standard',
  accountId: '111111111111',
  region: 'us-east-1',
  clusterType: 'standard',
  state: 'ACTIVE',
  kafkaVersion: '3.6.0',
  instanceType: 'kafka.m7g.large',
  brokerCount: 3,
  partitionBudget: {
    recommendedPerBroker: 1000,
    capacity: 3000,
    replicasInUse: 2900,
    remainingReplicas: 100,
  },
};

/** The backend answers with the real cost rules, so the field shows what the route would. */
function estimateRoute(bodies: unknown[]) {
  server.use(
    http.post('*/api/streaming/v1/estimate', async ({ request }) => {
      const body = await request.json();
      bodies.push(body);
      return HttpResponse.json(
        estimateProposalMonthlyCost(body as any, resolvePricing()),
      );
    }),
    http.get('*/api/streaming/v1/scaffolder/clusters', () =>
      HttpResponse.json({ clusters: [ORDERS] }),
    ),
  );
}

const client = () =>
  new StreamingClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch(),
  });

/** The field inside a form whose other values change when "Change" is clicked, as a user would edit them. */
function Harness(props: {
  kind: string;
  formData: Record<string, unknown>;
  next?: Record<string, unknown>;
  onChange?: jest.Mock;
}) {
  const [formData, setFormData] = useState(props.formData);
  return (
    <>
      <CostEstimateField
        {...({
          uiSchema: { 'ui:options': { kind: props.kind } },
          formContext: { formData },
          onChange: props.onChange ?? jest.fn(),
          schema: { title: 'Estimated monthly price' },
          idSchema: { $id: 'root_estimate' },
        } as any)}
      />
      <button onClick={() => setFormData({ ...formData, ...props.next })}>
        Change
      </button>
    </>
  );
}

const field = (
  kind: string,
  formData: Record<string, unknown>,
  onChange?: jest.Mock,
  next?: Record<string, unknown>,
) => (
  <Harness kind={kind} formData={formData} onChange={onChange} next={next} />
);

const slow = { timeout: 5000 };

describe('CostEstimateField', () => {
  it('prices the cluster in the form and updates as the brokers change', async () => {
    const bodies: unknown[] = [];
    estimateRoute(bodies);
    const onChange = jest.fn();
    const form = {
      clusterType: 'standard',
      region: 'us-east-1',
      instanceType: 'kafka.m7g.large',
      brokerCount: 3,
      volumeSizeGiB: 1000,
    };
    await renderInTestApp(
      field('kafka-cluster', form, onChange, { brokerCount: 6 }),
      { apis: [[streamingScaffolderApiRef, client()]] },
    );
    // 3 × $0.204 × 730 + 3 × 1000 GB × $0.10
    expect(
      await screen.findByText('$746.76/month', undefined, slow),
    ).toBeInTheDocument();
    expect(bodies[0]).toEqual({ kind: 'kafka-cluster', ...form });
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(746.76));

    fireEvent.click(screen.getByText('Change'));
    await waitFor(() => expect(bodies).toHaveLength(2), slow);
    expect(bodies[1]).toEqual({
      kind: 'kafka-cluster',
      ...form,
      brokerCount: 6,
    });
    expect(
      await screen.findByText('$1,493.52/month', undefined, slow),
    ).toBeInTheDocument();
  });

  it('says an estimate with unknown parts is a lower bound', async () => {
    estimateRoute([]);
    await renderInTestApp(
      field('kafka-cluster', {
        clusterType: 'serverless',
        region: 'us-east-1',
      }),
      { apis: [[streamingScaffolderApiRef, client()]] },
    );
    expect(await screen.findByText(/^≥/, undefined, slow)).toBeInTheDocument();
    expect(
      screen.getByText(/a price limit cannot be checked against it/),
    ).toBeInTheDocument();
  });

  it('shows the partition budget left on the chosen cluster for a topic', async () => {
    estimateRoute([]);
    await renderInTestApp(
      field(
        'kafka-topic',
        { clusterArn: ORDERS.arn, partitions: 6, replicationFactor: 3 },
        undefined,
        { partitions: 40 },
      ),
      { apis: [[streamingScaffolderApiRef, client()]] },
    );
    expect(
      await screen.findByText(
        'Partition budget left on orders-standard after this topic: 82 replicas (of 3,000 recommended).',
        undefined,
        slow,
      ),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByText('Change'));
    expect(
      await screen.findByText(
        'Over the partition budget of orders-standard by 20 replicas: the task will refuse it.',
        undefined,
        slow,
      ),
    ).toBeInTheDocument();
  });

  it('asks for what is missing instead of a price', async () => {
    estimateRoute([]);
    await renderInTestApp(field('flink-application', { parallelism: 2 }), {
      apis: [[streamingScaffolderApiRef, client()]],
    });
    expect(
      await screen.findByText(
        'Fill in region to see the price.',
        undefined,
        slow,
      ),
    ).toBeInTheDocument();
  });
});

describe('ClusterPickerField', () => {
  it('lists the clusters with type, region and partition budget', async () => {
    estimateRoute([]);
    await renderInTestApp(
      <ClusterPickerField
        {...({
          onChange: jest.fn(),
          schema: { title: 'Cluster' },
          idSchema: { $id: 'root_clusterArn' },
          uiSchema: {},
        } as any)}
      />,
      { apis: [[streamingScaffolderApiRef, client()]] },
    );
    await waitFor(
      () =>
        expect(screen.getByRole('button')).not.toHaveAttribute('aria-disabled'),
      slow,
    );
    fireEvent.mouseDown(screen.getByRole('button'));
    expect(
      await screen.findByText(
        'orders-standard (standard, us-east-1, 111111111111): 100 of 3,000 partition replicas free',
        undefined,
        slow,
      ),
    ).toBeInTheDocument();
  });
});
