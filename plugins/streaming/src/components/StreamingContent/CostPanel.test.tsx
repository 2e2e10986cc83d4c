import { renderInTestApp } from '@backstage/frontend-test-utils';
import { configure, screen } from '@testing-library/react';
import type {
  AssetActualCost,
  AssetCost,
} from '@backstage-streaming/plugin-streaming-common';
import { StreamingApi, streamingApiRef } from '../../api';
import { actualCostDisabled } from '../../testUtils/estateFixtures';
import { CostPanel } from './CostPanel';

jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

const ARN =
  'arn:aws:kafka:eu-west-1:111111111111:cluster/events-serverless/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170-s1';

/** The demo's Serverless cluster priced from the eu-west-1 price list with configured assumptions. */
const serverlessCost: AssetCost = {
  estimate: {
    region: 'eu-west-1',
    monthlyUsd: 624.27,
    complete: true,
    parts: [
      {
        item: 'serverlessClusterHour',
        description: 'Cluster hours',
        quantity: 730,
        unit: 'cluster-hour',
        unitUsd: 0.825,
        monthlyUsd: 602.25,
        source:
          'AWS Price List API (AmazonMSK EU-Kafka.Serverless.Cluster, price list version 20261101000000, published 2026-11-01)',
        priceOrigin: 'price-list',
        priceAsOf: '2026-11-01',
      },
      {
        item: 'serverlessPartitionHour',
        description: 'Partition hours',
        quantity: 13140,
        unit: 'partition-hour',
        unitUsd: 0.00165,
        monthlyUsd: 21.68,
        source:
          'configured at streaming.pricing.regions.eu-west-1.items.serverlessPartitionHour',
        priceOrigin: 'configuration',
        priceAsOf: null,
        assumedIn: 'streaming.pricing.assumptions[0]',
        reason: 'assumed in streaming.pricing.assumptions[0]',
      },
      {
        item: 'serverlessStorageGbMonth',
        description: 'Storage',
        quantity: 3.4,
        unit: 'GB-month',
        unitUsd: 0.1,
        monthlyUsd: 0.34,
        source: 'AWS MSK skill msk_sizing.py (2026-06-23)',
        priceOrigin: 'built-in',
        priceAsOf: '2026-06-23',
      },
    ],
    unknownParts: [],
    hoursPerMonth: 730,
    gbUnit: 'GB (10^9 bytes)',
    notes: [],
  },
  lowerBound: false,
  missing: [],
  usdPerGbIn: null,
  usdPerGbOut: null,
};

async function renderPanel(getActualCost: StreamingApi['getActualCost']) {
  await renderInTestApp(
    <CostPanel
      cost={serverlessCost}
      permission={{ permitted: true }}
      subject="events-serverless"
      actualCostArn={ARN}
    />,
    {
      apis: [[streamingApiRef, { getActualCost } as unknown as StreamingApi]],
    },
  );
}

describe('CostPanel', () => {
  it('says where each price came from, with its date, and lists the assumptions', async () => {
    await renderPanel(async arn => actualCostDisabled(arn));
    expect(screen.getByText('AWS Price List, 2026-11-01')).toHaveAttribute(
      'title',
      expect.stringContaining('EU-Kafka.Serverless.Cluster'),
    );
    expect(screen.getByText('configured')).toBeInTheDocument();
    expect(screen.getByText('built-in table, 2026-06-23')).toBeInTheDocument();
    expect(
      screen.getByText(
        /Partition hours: 13,140 partition-hour, assumed in streaming\.pricing\.assumptions\[0\]/,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Cost Explorer is not enabled/),
    ).toBeInTheDocument();
  });

  it('shows the bill of the last 14 days beside the estimate, with why they differ', async () => {
    const actual: AssetActualCost = {
      arn: ARN,
      state: 'ok',
      message: 'Actual cost from Cost Explorer',
      readAt: '2026-11-30T06:00:00.000Z',
      lastTwoWeeks: {
        period: { start: '2026-11-16', end: '2026-11-30' },
        actualUsd: 320,
        estimateUsd: 287.35,
        estimateComplete: true,
        differencePercent: 11.4,
        exceedsThreshold: true,
        reasons: ['the bill includes charges the estimate does not price'],
      },
    };
    const getActualCost = jest.fn().mockResolvedValue(actual);
    await renderPanel(getActualCost);
    expect(
      await screen.findByText(/last 14 days \(2026-11-16 to 2026-11-30/),
    ).toHaveTextContent('billed $320.00, estimated $287.35 (+11.4%)');
    expect(
      screen.getByText('the bill includes charges the estimate does not price'),
    ).toBeInTheDocument();
    expect(getActualCost).toHaveBeenCalledWith(ARN);
  });
});
