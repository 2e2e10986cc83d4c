import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import type { EstateActualCost } from '@backstage-streaming/plugin-streaming-common';
import { ActualCostCard } from './ActualCostCard';

const lastMonth = (
  actualUsd: number,
  estimateUsd: number,
  reasons: string[] = [],
) => ({
  period: { start: '2026-10-01', end: '2026-11-01' },
  actualUsd,
  estimateUsd,
  estimateComplete: true,
  differencePercent:
    Math.round(((actualUsd - estimateUsd) / estimateUsd) * 1000) / 10,
  exceedsThreshold: reasons.length > 0,
  reasons,
});

describe('ActualCostCard', () => {
  it('shows the estate and each owner billed beside the estimate, untagged cost by name', async () => {
    const actual: EstateActualCost = {
      state: 'ok',
      message: 'Actual cost from Cost Explorer',
      readAt: '2026-11-30T06:00:00.000Z',
      tagKey: 'owner',
      lastMonth: lastMonth(5630.49, 5400),
      monthToDate: null,
      byAccount: [],
      byOwner: [
        {
          owner: 'group:default/team-platform',
          lastMonth: lastMonth(3244.67, 2950.58, [
            'the bill includes charges the estimate does not price, such as data transfer',
          ]),
        },
        { owner: 'unowned', lastMonth: lastMonth(2790, 2792.14) },
      ],
      untaggedLastMonthUsd: 2790,
    };
    await renderInTestApp(<ActualCostCard actual={actual} />);
    expect(screen.getByText(/Last full month/)).toHaveTextContent(
      'billed $5,630.49, estimated $5,400.00 (+4.3%)',
    );
    const table = screen.getByRole('table', {
      name: 'Actual cost by owner, last full month',
    });
    const platform = within(table).getByText('team-platform').closest('tr')!;
    expect(platform).toHaveTextContent('+10.0%');
    expect(platform).toHaveTextContent('data transfer');
    const untagged = within(table).getByText('untagged').closest('tr')!;
    expect(untagged).toHaveTextContent('agree');
  });

  it('says plainly when Cost Explorer is off or the payer account has no access', async () => {
    const base = {
      readAt: null,
      tagKey: null,
      lastMonth: null,
      monthToDate: null,
      byAccount: [],
      byOwner: [],
      untaggedLastMonthUsd: null,
    };
    await renderInTestApp(
      <ActualCostCard
        actual={{
          ...base,
          state: 'no-access',
          message:
            'payer account 111111111111: account 111111111111 may not read Cost Explorer (ce:GetDimensionValues denied)',
        }}
      />,
    );
    expect(screen.getByText(/may not read Cost Explorer/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
