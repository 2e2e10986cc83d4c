import type {
  ChargebackResponse,
  EstateSummaryResponse,
  HealthStatus,
} from '@backstage-streaming/plugin-streaming-common';

/**
 * What a team's card shows: the backend's own figures, so they equal the
 * estate page's (the chargeback tab's row of the team, the summary's counts
 * filtered by the team as owner).
 */
export interface GroupFigures {
  counts: {
    clusters: number;
    topics: number;
    consumerGroups: number;
    applications: number;
  };
  health: Record<HealthStatus, number>;
  /** The team's chargeback; undefined when no cost may be shown. */
  monthlyUsd?: number;
  /** False when a part is unpriced or some of the team's cost is withheld. */
  complete: boolean;
  /** How the team's cost was worked out (full cost, shares of shared clusters), in sentences. */
  basis: string[];
}

/**
 * A team's figures from `GET /v1/summary?owner=<team>` (counts by kind and
 * health) and its row of `GET /v1/chargeback?groupBy=owner` (dedicated assets
 * at full cost, shares of shared clusters and the usage its topics caused).
 * A team with no row is charged nothing.
 */
export function groupFigures(
  owner: string,
  summary: EstateSummaryResponse,
  chargeback: ChargebackResponse,
): GroupFigures {
  const counts = {
    clusters: summary.assetCounts['kafka-cluster'],
    topics: summary.assetCounts['kafka-topic'],
    consumerGroups: summary.assetCounts['consumer-group'],
    applications: summary.assetCounts['flink-application'],
  };
  const key = owner.toLocaleLowerCase('en-US');
  const row = chargeback.rows.find(
    r => r.key.toLocaleLowerCase('en-US') === key,
  );
  if (chargeback.cost.shown === 'none') {
    return { counts, health: summary.health, complete: false, basis: [] };
  }
  return {
    counts,
    health: summary.health,
    monthlyUsd: row?.monthlyUsd ?? 0,
    complete: chargeback.cost.shown === 'all' && (row?.complete ?? true),
    basis: row?.basis ?? [],
  };
}
