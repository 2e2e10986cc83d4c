import type { AssetCost } from '../costSchema';
import type {
  ChargebackGroupBy,
  ChargebackResponse,
  ChargebackRow,
} from '../estateSchema';
import type { ClusterType } from '../schema';
import { allocateCents, UNOWNED } from './chargeback';
import {
  ChargebackModel,
  DEFAULT_CHARGEBACK_MODEL,
  describeChargebackModel,
} from './chargebackModel';

/**
 * The estate's chargeback: each cluster's and application's line items
 * (dedicated assets at full cost, topic shares of shared clusters, platform
 * overhead) grouped by owner, account, region or cluster type, with unowned and
 * platform-overhead lines, to the cent. The split of one cluster is the
 * chargeback model (chargebackModel.ts).
 */

/** One line item of the estate's chargeback, in whole cents. */
export interface ChargebackItem {
  /** The asset it comes from (a topic's share carries the topic's ARN). */
  arn: string;
  /**
   * `dedicated`: an asset one owner uses alone, at full cost; `share`: a
   * topic's share of a shared cluster; `platform-overhead`: internal topics
   * and the unallocated rest of a shared cluster.
   */
  kind: 'dedicated' | 'share' | 'platform-overhead';
  owner: string | null;
  accountId: string;
  region: string;
  /** The cluster's type; null for a Flink application. */
  clusterType: ClusterType | null;
  cents: number;
  /** A share's part of its cluster's shared fixed cost. */
  fixedCents: number;
  /** A share's usage-priced parts. */
  usageCents: number;
  /** False when the figure is a lower bound. */
  complete: boolean;
  /** How the figure was worked out, in words. */
  basis: string;
}

/** A cluster or application as the refresh stored it, for the chargeback. */
export interface ChargebackAsset {
  arn: string;
  assetType: 'kafka-cluster' | 'flink-application';
  owner: string | null;
  accountId: string;
  region: string;
  clusterType: ClusterType | null;
  /** The estimate; null when not priced. */
  monthlyUsd: number | null;
  /** False (or null) when `monthlyUsd` is a lower bound. */
  complete: boolean | null;
  /** A cluster's split over its topics, as served (AssetCost.chargeback). */
  chargeback?: AssetCost['chargeback'] | null;
}

const usdToCents = (usd: number | null | undefined) =>
  Math.round((usd ?? 0) * 100);

/**
 * The chargeback line items of one cluster or application. An application,
 * a cluster without topic shares, and a cluster whose topics all belong to one
 * owner are dedicated: one item at full cost. A shared cluster gives one item
 * per topic share plus one platform-overhead item (internal topics and the
 * unallocated rest). The items' cents add up to the asset's cost to the cent.
 */
export function chargebackItemsOf(asset: ChargebackAsset): ChargebackItem[] {
  const complete = asset.complete === true && asset.monthlyUsd !== null;
  const base = {
    accountId: asset.accountId,
    region: asset.region,
    clusterType: asset.clusterType,
    complete,
  };
  const split = asset.chargeback;
  const totalCents = split
    ? usdToCents(split.totalUsd)
    : usdToCents(asset.monthlyUsd);
  const owners = [...new Set(split?.shares.map(s => s.owner) ?? [])];
  // Every topic share belongs to the same (known) owner: the cluster is theirs.
  const soleOwner = owners.length === 1 ? owners[0] : null;
  if (!split || split.shares.length === 0 || soleOwner) {
    return [
      {
        ...base,
        arn: asset.arn,
        kind: 'dedicated',
        owner: soleOwner ?? asset.owner,
        cents: totalCents,
        fixedCents: 0,
        usageCents: 0,
        basis:
          asset.assetType === 'flink-application'
            ? 'Flink applications at full cost.'
            : 'Clusters used by one owner alone at full cost.',
      },
    ];
  }
  const items: ChargebackItem[] = split.shares.map(share => {
    const cents = usdToCents(share.usd);
    const usageCents = usdToCents(share.usageUsd);
    return {
      ...base,
      arn: share.arn,
      kind: 'share',
      owner: share.owner,
      cents,
      usageCents,
      fixedCents: share.fixedUsd === undefined ? cents : cents - usageCents,
      basis: split.basisDescription,
    };
  });
  const sharedCents = items.reduce((sum, item) => sum + item.cents, 0);
  items.push({
    ...base,
    arn: asset.arn,
    kind: 'platform-overhead',
    owner: null,
    cents: totalCents - sharedCents,
    fixedCents: totalCents - sharedCents,
    usageCents: 0,
    basis: `Internal topics (pattern ${split.platformOverhead.pattern}) and any unallocated rest of shared clusters.`,
  });
  return items;
}

/**
 * An asset's chargeback items at `cents` instead of the cost its split was
 * made for (the estate's total split to the cent over its assets, or a
 * backfilled day repriced at that day's throughput): the items scaled to it,
 * still adding up to it exactly. A share keeps its usage part where it can
 * and its fixed part is the rest.
 */
export function chargebackItemsAt(
  asset: ChargebackAsset,
  cents: number,
): ChargebackItem[] {
  const items = chargebackItemsOf(asset);
  const current = items.reduce((sum, item) => sum + item.cents, 0);
  if (current === cents) return items;
  if (current === 0) {
    // Nothing to scale by: the first item carries it all.
    return items.map((item, i) => ({
      ...item,
      cents: i === 0 ? cents : 0,
      fixedCents: i === 0 && item.kind !== 'dedicated' ? cents : 0,
      usageCents: 0,
    }));
  }
  const scaled =
    cents > 0
      ? allocateCents(
          cents,
          items.map(item => item.cents),
        )
      : items.map(() => 0);
  return items.map((item, i) => {
    if (item.kind === 'dedicated') {
      return { ...item, cents: scaled[i] };
    }
    const usageCents = Math.min(
      scaled[i],
      item.cents > 0
        ? Math.round((item.usageCents * scaled[i]) / item.cents)
        : 0,
    );
    return {
      ...item,
      cents: scaled[i],
      usageCents,
      fixedCents: scaled[i] - usageCents,
    };
  });
}

/**
 * The chargeback of the clusters and applications given (those a caller may
 * see the cost of), grouped by `groupBy`. Their total is the sum of their
 * monthly costs rounded once, to the cent, as the estate summary rounds it;
 * each asset's part of it comes from one largest-remainder split, and its
 * items (chargebackItemsOf) are scaled to that part. So rows + unowned +
 * platform overhead = the estate's cost, to the cent.
 */
export function estateChargeback(
  assets: ChargebackAsset[],
  groupBy: ChargebackGroupBy,
  model: ChargebackModel = DEFAULT_CHARGEBACK_MODEL,
): Omit<ChargebackResponse, 'cost' | 'coverage'> {
  const exact = assets.map(asset => Math.max(0, asset.monthlyUsd ?? 0));
  const sum = exact.reduce((a, b) => a + b, 0);
  const totalCents = Math.round(sum * 100);
  const parts = sum > 0 ? allocateCents(totalCents, exact) : exact.map(() => 0);
  return rollUpChargeback(
    assets.flatMap((asset, i) => chargebackItemsAt(asset, parts[i])),
    groupBy,
    model,
  );
}

/** The group key of an item; Flink applications group as `flink` by cluster type. */
function keyOf(item: ChargebackItem, groupBy: ChargebackGroupBy): string {
  switch (groupBy) {
    case 'owner':
      return item.owner ?? UNOWNED;
    case 'account':
      return item.accountId;
    case 'region':
      return item.region;
    case 'clusterType':
      return item.clusterType ?? 'flink';
    default:
      throw new Error(`Unknown chargeback grouping ${String(groupBy)}`);
  }
}

function emptyRow(key: string): ChargebackRow & { cents: number } {
  return {
    key,
    cents: 0,
    monthlyUsd: 0,
    complete: true,
    dedicatedUsd: 0,
    sharedFixedUsd: 0,
    usageUsd: 0,
    assetCount: 0,
    basis: [],
  };
}

/** The most distinct basis sentences a row lists. */
const MAX_BASIS_LINES = 5;

/**
 * The estate's chargeback grouped by owner, account, region or cluster type.
 * Items without an owner form the `unowned` line and platform-overhead items
 * the `platformOverhead` line, whatever the grouping; the other items form the
 * rows. rows + unowned + platformOverhead = `monthlyUsd` to the cent.
 */
export function rollUpChargeback(
  items: ChargebackItem[],
  groupBy: ChargebackGroupBy,
  model: ChargebackModel = DEFAULT_CHARGEBACK_MODEL,
): Omit<ChargebackResponse, 'cost' | 'coverage'> {
  const rows = new Map<string, ChargebackRow & { cents: number }>();
  const unowned = emptyRow(UNOWNED);
  const overhead = emptyRow('platform-overhead');
  const parts = new Map<
    ChargebackRow,
    { dedicated: number; fixed: number; usage: number; arns: Set<string> }
  >();
  let totalCents = 0;
  let complete = true;
  for (const item of items) {
    let row: ChargebackRow & { cents: number };
    if (item.kind === 'platform-overhead') row = overhead;
    else if (item.owner === null) row = unowned;
    else {
      const key = keyOf(item, groupBy);
      row = rows.get(key) ?? emptyRow(key);
      rows.set(key, row);
    }
    const sums = parts.get(row) ?? {
      dedicated: 0,
      fixed: 0,
      usage: 0,
      arns: new Set<string>(),
    };
    parts.set(row, sums);
    row.cents += item.cents;
    if (item.kind === 'share') {
      sums.fixed += item.fixedCents;
      sums.usage += item.usageCents;
    } else if (item.kind === 'dedicated') {
      sums.dedicated += item.cents;
    } else {
      sums.fixed += item.cents;
    }
    sums.arns.add(item.arn);
    row.complete = row.complete && item.complete;
    if (!row.basis.includes(item.basis) && row.basis.length < MAX_BASIS_LINES) {
      row.basis.push(item.basis);
    }
    totalCents += item.cents;
    complete = complete && item.complete;
  }
  const finish = (row: ChargebackRow & { cents: number }): ChargebackRow => {
    const sums = parts.get(row);
    const { cents, ...rest } = row;
    return {
      ...rest,
      monthlyUsd: cents / 100,
      dedicatedUsd: (sums?.dedicated ?? 0) / 100,
      sharedFixedUsd: (sums?.fixed ?? 0) / 100,
      usageUsd: (sums?.usage ?? 0) / 100,
      assetCount: sums?.arns.size ?? 0,
    };
  };
  return {
    groupBy,
    monthlyUsd: totalCents / 100,
    complete,
    model: { ...model, description: describeChargebackModel(model) },
    rows: [...rows.values()]
      .sort((a, b) => b.cents - a.cents || a.key.localeCompare(b.key))
      .map(finish),
    unowned: finish(unowned),
    platformOverhead: finish(overhead),
  };
}
