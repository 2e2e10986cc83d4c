import {
  assetRow,
  listResponse,
  ordersStandardRow,
} from '../../testUtils/estateFixtures';
import { groupTotals } from './groupTotals';

const sharedCluster = 'arn:aws:kafka:us-east-1:111111111111:cluster/shared/1';

describe('groupTotals', () => {
  it("adds clusters and applications at full cost and topic shares on others' clusters only", () => {
    const ownTopic = assetRow({
      name: 'orders.created',
      assetType: 'kafka-topic',
      clusterArn: ordersStandardRow.arn,
      monthlyUsd: 40,
    });
    const sharedTopic = assetRow({
      name: 'orders.audit',
      assetType: 'kafka-topic',
      clusterArn: sharedCluster,
      monthlyUsd: 12.25,
      healthStatus: 'critical',
    });
    const app = assetRow({
      name: 'orders-enricher',
      assetType: 'flink-application',
      monthlyUsd: 350.1,
      healthStatus: 'warning',
    });

    const totals = groupTotals({
      clusters: listResponse([ordersStandardRow]),
      topics: listResponse([ownTopic, sharedTopic]),
      consumerGroups: listResponse([]),
      applications: listResponse([app]),
    });

    // 612.48 + 350.10 + 12.25; orders.created is inside orders-standard's cost.
    expect(totals.monthlyUsd).toBe(974.83);
    expect(totals.complete).toBe(true);
    expect(totals.counts).toEqual({
      clusters: 1,
      topics: 2,
      consumerGroups: 0,
      applications: 1,
    });
    expect(totals.health).toEqual({
      healthy: 2,
      warning: 1,
      critical: 1,
      unknown: 0,
    });
    expect(totals.worst.map(row => row.name)).toEqual([
      'orders.audit',
      'orders-enricher',
    ]);
  });

  it('is a lower bound when a part is unpriced or more rows exist than were read', () => {
    const unpriced = listResponse([
      { ...ordersStandardRow, costComplete: false },
    ]);
    expect(
      groupTotals({
        clusters: unpriced,
        topics: listResponse([]),
        consumerGroups: listResponse([]),
        applications: listResponse([]),
      }).complete,
    ).toBe(false);
    expect(
      groupTotals({
        clusters: listResponse([ordersStandardRow], { totalCount: 600 }),
        topics: listResponse([]),
        consumerGroups: listResponse([]),
        applications: listResponse([]),
      }).complete,
    ).toBe(false);
  });

  it('has no cost when none may be seen', () => {
    const hidden = { cost: { shown: 'none' as const, reason: 'denied' } };
    const { monthlyUsd, ...noCost } = ordersStandardRow;
    const totals = groupTotals({
      clusters: listResponse([noCost], hidden),
      topics: listResponse([], hidden),
      consumerGroups: listResponse([], hidden),
      applications: listResponse([], hidden),
    });
    expect(totals.monthlyUsd).toBeUndefined();
    expect(totals.counts.clusters).toBe(1);
  });
});
