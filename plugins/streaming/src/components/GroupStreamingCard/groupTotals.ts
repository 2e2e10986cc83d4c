import type {
  EstateAssetRow,
  EstateListResponse,
  HealthStatus,
} from '@backstage-streaming/plugin-streaming-common';

/** What a team's card shows, from the estate lists filtered by the team as owner. */
export interface GroupTotals {
  counts: {
    clusters: number;
    topics: number;
    consumerGroups: number;
    applications: number;
  };
  health: Record<HealthStatus, number>;
  /** Undefined when no cost may be shown. */
  monthlyUsd?: number;
  /** False when a part is unpriced, withheld, or beyond the rows read. */
  complete: boolean;
  /** The worst assets first, for the card's short list. */
  worst: EstateAssetRow[];
}

const RANK: Record<HealthStatus, number> = {
  healthy: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

/**
 * A team's monthly cost: its clusters and applications at full cost, plus the
 * shares of its topics on clusters it does not own (a topic on its own
 * cluster is already in that cluster's cost).
 */
export function groupTotals(lists: {
  clusters: EstateListResponse;
  topics: EstateListResponse;
  consumerGroups: EstateListResponse;
  applications: EstateListResponse;
}): GroupTotals {
  const { clusters, topics, consumerGroups, applications } = lists;
  const ownClusters = new Set(clusters.items.map(row => row.arn));
  const priced = [
    ...clusters.items,
    ...applications.items,
    ...topics.items.filter(
      row => !row.clusterArn || !ownClusters.has(row.clusterArn),
    ),
  ];
  const all = [
    ...clusters.items,
    ...topics.items,
    ...consumerGroups.items,
    ...applications.items,
  ];
  const health: Record<HealthStatus, number> = {
    healthy: 0,
    warning: 0,
    critical: 0,
    unknown: 0,
  };
  for (const row of all) health[row.healthStatus] += 1;
  const costShown = [clusters, topics, applications].some(
    list => list.cost.shown !== 'none',
  );
  let monthlyUsd = 0;
  let complete = [clusters, topics, applications].every(
    list => list.cost.shown === 'all' && list.items.length === list.totalCount,
  );
  for (const row of priced) {
    if (typeof row.monthlyUsd === 'number') monthlyUsd += row.monthlyUsd;
    if (typeof row.monthlyUsd !== 'number' || row.costComplete === false) {
      complete = false;
    }
  }
  return {
    counts: {
      clusters: clusters.totalCount,
      topics: topics.totalCount,
      consumerGroups: consumerGroups.totalCount,
      applications: applications.totalCount,
    },
    health,
    monthlyUsd: costShown ? Math.round(monthlyUsd * 100) / 100 : undefined,
    complete,
    worst: all
      .filter(
        row =>
          row.healthStatus === 'critical' || row.healthStatus === 'warning',
      )
      .sort((a, b) => RANK[b.healthStatus] - RANK[a.healthStatus])
      .slice(0, 5),
  };
}
