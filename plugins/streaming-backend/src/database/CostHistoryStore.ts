import {
  AssetCost,
  ClusterType,
} from '@backstage-streaming/plugin-streaming-common';
import { Knex } from 'knex';

/** Rows per statement: stays under SQLite's bound-parameter limit (10 columns each). */
const CHUNK = 90;

export type CostHistoryScope = 'estate' | 'cluster' | 'application' | 'owner';

/** The key of the estate's own row. */
export const ESTATE_KEY = '*';

/** One day's figures of the estate, a cluster, an application or an owner. */
export interface CostHistoryRecord {
  scope: CostHistoryScope;
  /** ARN, owner entity ref (or `unowned`), or `*` for the estate. */
  key: string;
  name: string | null;
  owner: string | null;
  monthlyUsd: number;
  /** False when `monthlyUsd` is a lower bound. */
  complete: boolean;
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
}

export interface CostHistoryDay extends CostHistoryRecord {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Reconstructed from CloudWatch history, not recorded on the day. */
  backfilled: boolean;
}

export interface CostChange {
  scope: 'cluster' | 'application' | 'owner';
  key: string;
  name: string;
  fromUsd: number;
  toUsd: number;
  deltaUsd: number;
}

/** A cluster or application as the refresh derived it (streaming_asset_views), for the daily snapshot. */
export interface CostedAsset {
  arn: string;
  assetType: 'kafka-cluster' | 'flink-application';
  name: string;
  owner: string | null;
  accountId: string;
  region: string;
  clusterType: ClusterType | null;
  monthlyUsd: number | null;
  complete: boolean | null;
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
  cost: AssetCost | null;
}

interface HistoryRow {
  day: string;
  scope: string;
  key: string;
  name: string | null;
  owner: string | null;
  monthly_usd: number | string;
  complete: boolean | number;
  bytes_in_per_sec: number | string | null;
  bytes_out_per_sec: number | string | null;
  backfilled: boolean | number;
}

/** The UTC day of a time, YYYY-MM-DD. */
export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** The UTC day `days` before `day`. */
export function daysBefore(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000));
}

const numberOrNull = (value: number | string | null) =>
  value === null ? null : Number(value);

/** The stored AssetCost; null when absent or not JSON (the asset is then recorded at its monthly_usd only). */
function parseCost(json: string | null): AssetCost | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as AssetCost;
  } catch {
    return null;
  }
}

function fromRow(row: HistoryRow): CostHistoryDay {
  return {
    day: row.day,
    scope: row.scope as CostHistoryScope,
    key: row.key,
    name: row.name,
    owner: row.owner,
    monthlyUsd: Number(row.monthly_usd),
    complete: Boolean(row.complete),
    bytesInPerSec: numberOrNull(row.bytes_in_per_sec),
    bytesOutPerSec: numberOrNull(row.bytes_out_per_sec),
    backfilled: Boolean(row.backfilled),
  };
}

/**
 * The daily cost history (`streaming_cost_history`): one row per day for the
 * estate, each cluster, each application and each owner. Written by the daily
 * snapshot and the first-start backfill; read by the estate API's history.
 */
export class CostHistoryStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Replaces the day's rows with these, in one transaction: running the
   * snapshot twice a day leaves one row per scope and key, and an asset gone
   * since the earlier run leaves the day. A recorded day replaces a backfilled one.
   */
  async replaceDay(
    day: string,
    records: CostHistoryRecord[],
    options: { backfilled?: boolean } = {},
  ): Promise<void> {
    const rows = records.map(record => ({
      day,
      scope: record.scope,
      key: record.key,
      name: record.name,
      owner: record.owner,
      monthly_usd: record.monthlyUsd,
      complete: record.complete,
      bytes_in_per_sec: record.bytesInPerSec,
      bytes_out_per_sec: record.bytesOutPerSec,
      backfilled: options.backfilled ?? false,
    }));
    await this.knex.transaction(async tx => {
      await tx('streaming_cost_history').where({ day }).delete();
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx('streaming_cost_history').insert(rows.slice(i, i + CHUNK));
      }
    });
  }

  /** Deletes the days before the retention period; returns how many rows went. */
  async purgeOlderThan(
    retentionDays: number,
    now = new Date(),
  ): Promise<number> {
    const oldest = daysBefore(utcDay(now), retentionDays - 1);
    return this.knex('streaming_cost_history')
      .where('day', '<', oldest)
      .delete();
  }

  /** Whether any day is stored (the backfill runs only when none is). */
  async isEmpty(): Promise<boolean> {
    const row = await this.knex('streaming_cost_history').first('day');
    return !row;
  }

  /**
   * The estate's (`key` `*`) or an owner's figures per day over the last
   * `days` days including today, oldest first. Days without a snapshot are
   * absent, not zero.
   */
  async series(query: {
    scope: CostHistoryScope;
    key: string;
    days: number;
    now?: Date;
  }): Promise<CostHistoryDay[]> {
    const from = daysBefore(utcDay(query.now ?? new Date()), query.days - 1);
    const rows: HistoryRow[] = await this.knex('streaming_cost_history')
      .where({ scope: query.scope, key: query.key })
      .andWhere('day', '>=', from)
      .orderBy('day', 'asc');
    return rows.map(fromRow);
  }

  /**
   * The clusters, applications and owners whose monthly cost changed most
   * between the first and the last stored day of the last `days` days
   * (largest absolute change first). Something new in the period counts from
   * 0, something gone counts to 0. With `owner`, only that owner's clusters,
   * applications and own row. With `assets` (a subquery of ARNs: those a
   * caller may see the cost of), only those clusters and applications, and
   * no owner rows, which cover assets beyond them.
   */
  async largestChanges(query: {
    days: number;
    limit?: number;
    owner?: string;
    assets?: Knex.QueryBuilder;
    now?: Date;
  }): Promise<CostChange[]> {
    const from = daysBefore(utcDay(query.now ?? new Date()), query.days - 1);
    const bounds = await this.knex('streaming_cost_history')
      .where({ scope: 'estate', key: ESTATE_KEY })
      .andWhere('day', '>=', from)
      .min({ first: 'day' })
      .max({ last: 'day' })
      .first();
    const first: string | null = bounds?.first ?? null;
    const last: string | null = bounds?.last ?? null;
    if (!first || !last || first === last) return [];
    let rowsQuery = this.knex('streaming_cost_history')
      .whereIn('day', [first, last])
      .whereIn('scope', ['cluster', 'application', 'owner']);
    if (query.owner !== undefined) {
      const owner = query.owner;
      rowsQuery = rowsQuery.andWhere(q =>
        q
          .where('owner', owner)
          .orWhere(o => o.where({ scope: 'owner', key: owner })),
      );
    }
    if (query.assets) {
      rowsQuery = rowsQuery
        .whereIn('scope', ['cluster', 'application'])
        .whereIn('key', query.assets);
    }
    const rows: HistoryRow[] = await rowsQuery;
    const byKey = new Map<string, CostChange>();
    for (const row of rows.map(fromRow)) {
      const id = `${row.scope}|${row.key}`;
      const change = byKey.get(id) ?? {
        scope: row.scope as CostChange['scope'],
        key: row.key,
        name: row.name ?? row.key,
        fromUsd: 0,
        toUsd: 0,
        deltaUsd: 0,
      };
      if (row.day === first) change.fromUsd = row.monthlyUsd;
      else {
        change.toUsd = row.monthlyUsd;
        change.name = row.name ?? row.key;
      }
      byKey.set(id, change);
    }
    return [...byKey.values()]
      .map(c => ({
        ...c,
        deltaUsd: Math.round((c.toUsd - c.fromUsd) * 100) / 100,
      }))
      .filter(c => c.deltaUsd !== 0)
      .sort(
        (a, b) =>
          Math.abs(b.deltaUsd) - Math.abs(a.deltaUsd) ||
          a.key.localeCompare(b.key),
      )
      .slice(0, query.limit ?? 10);
  }

  /**
   * The clusters and applications the refresh derived (not gone), with the
   * cost it stored: what the daily snapshot records.
   */
  async costedAssets(): Promise<CostedAsset[]> {
    const rows: Array<{
      arn: string;
      asset_type: string;
      name: string;
      owner: string | null;
      account_id: string;
      region: string;
      cluster_type: string | null;
      monthly_usd: number | string | null;
      cost_complete: boolean | number | null;
      bytes_in_per_sec: number | string | null;
      bytes_out_per_sec: number | string | null;
      cost: string | null;
    }> = await this.knex('streaming_asset_views')
      .select(
        'arn',
        'asset_type',
        'name',
        'owner',
        'account_id',
        'region',
        'cluster_type',
        'monthly_usd',
        'cost_complete',
        'bytes_in_per_sec',
        'bytes_out_per_sec',
        'cost',
      )
      .whereIn('asset_type', ['kafka-cluster', 'flink-application'])
      .andWhere('gone', false)
      .orderBy('arn');
    return rows.map(row => ({
      arn: row.arn,
      assetType: row.asset_type as CostedAsset['assetType'],
      name: row.name,
      owner: row.owner,
      accountId: row.account_id,
      region: row.region,
      clusterType: row.cluster_type as ClusterType | null,
      monthlyUsd: numberOrNull(row.monthly_usd),
      complete: row.cost_complete === null ? null : Boolean(row.cost_complete),
      bytesInPerSec: numberOrNull(row.bytes_in_per_sec),
      bytesOutPerSec: numberOrNull(row.bytes_out_per_sec),
      cost: parseCost(row.cost),
    }));
  }
}
