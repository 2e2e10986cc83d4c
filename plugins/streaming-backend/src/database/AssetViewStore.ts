import {
  AssetCost,
  KpuUsage,
} from '@backstage-streaming/plugin-streaming-common';
import { Knex } from 'knex';
import { ParsedTextMemo } from './ParsedTextMemo';

/** Rows per insert: 29 columns × 100 rows stays under SQLite's (32,766) and PostgreSQL's bound-parameter limits. */
const WRITE_CHUNK = 100;
/** How often a write refreshes SQLite's planner statistics of the views. */
const STATISTICS_INTERVAL_MS = 10 * 60_000;
/** ARNs per read: one statement for any entity page (bound-parameter limits are far above). */
const READ_CHUNK = 1000;

/** One asset's figures as the refresh derived them (streaming_asset_views). */
export interface AssetView {
  arn: string;
  assetType: string;
  accountId: string;
  region: string;
  name: string;
  clusterArn: string | null;
  clusterType: string | null;
  owner: string | null;
  tagOwner: string | null;
  healthStatus: string;
  monthlyUsd: number | null;
  costComplete: boolean | null;
  usdPerGbIn: number | null;
  bytesInPerSec: number | null;
  bytesOutPerSec: number | null;
  maxLag: number | null;
  kpus: number | null;
  kpuLimitUsage: number | null;
  partitions: number | null;
  savingUsd: number | null;
  stale: boolean;
  gone: boolean;
  /** The AssetCost served for the asset (a topic's: its share), absent when not priced. */
  cost: AssetCost | null;
  /** An application's KPU usage as served. */
  kpu: KpuUsage | null;
  derivedAt: string;
}

/** Everything derived for one account-region, written together. */
export interface DerivedAccountRegion {
  views: AssetView[];
  tags: Array<{ arn: string; key: string; value: string }>;
  claims: Array<{ arn: string; owner: string }>;
}

export const HEALTH_RANK: Record<string, number> = {
  healthy: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

/**
 * The stored views of assets: written only by the refresh-time derivation
 * (derive/), read by the entity answer and the estate lists, so a page view
 * never re-derives a cluster.
 */
export class AssetViewStore {
  /** Parsed cost and KPU JSON by ARN while unchanged: entity pages re-read the same views. */
  private readonly parsed = new ParsedTextMemo<unknown>(5000);
  /** When this instance last refreshed SQLite's planner statistics (0: never). */
  private statisticsUpdatedAt = 0;

  constructor(private readonly knex: Knex) {}

  /**
   * Replaces what is derived for one account-region, in one transaction: a
   * reader sees the previous rows or the new ones, never a mix.
   */
  async replaceAccountRegion(
    accountId: string,
    region: string,
    derived: DerivedAccountRegion,
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      const ofAccountRegion = tx('streaming_asset_views')
        .where({ account_id: accountId, region })
        .select('arn');
      await tx('streaming_asset_tags').whereIn('arn', ofAccountRegion).delete();
      await tx('streaming_asset_claims')
        .whereIn('arn', ofAccountRegion.clone())
        .delete();
      await tx('streaming_asset_views')
        .where({ account_id: accountId, region })
        .delete();
      // Rows of these assets left without a view (written before, or by hand) go too.
      const arns = derived.views.map(v => v.arn);
      for (let i = 0; i < arns.length; i += READ_CHUNK) {
        for (const table of [
          'streaming_asset_tags',
          'streaming_asset_claims',
        ]) {
          await tx(table)
            .whereIn('arn', arns.slice(i, i + READ_CHUNK))
            .delete();
        }
      }
      // Rows (with their cost and KPU JSON) are built a chunk at a time, not all at once.
      await insertChunked(tx, 'streaming_asset_views', derived.views, toRow);
      await insertChunked(tx, 'streaming_asset_tags', derived.tags);
      await insertChunked(tx, 'streaming_asset_claims', derived.claims);
    });
    if (Date.now() - this.statisticsUpdatedAt > STATISTICS_INTERVAL_MS) {
      await this.updatePlannerStatistics();
    }
  }

  /**
   * SQLite plans without statistics until ANALYZE runs: it then prefers a
   * list's sort index to a selective filter's (e.g. one owner's topics,
   * sorted by partitions, read by scanning every topic). ANALYZE of the
   * views after a write, at most every STATISTICS_INTERVAL_MS (it takes about
   * 80 ms at 30,000 topics and blocks the event loop with better-sqlite3; the
   * distributions it measures change slowly), keeps its plans on the filter's
   * index. PostgreSQL's autovacuum keeps its own statistics.
   */
  async updatePlannerStatistics(): Promise<void> {
    const client = String(this.knex.client.config.client);
    if (client !== 'better-sqlite3' && client !== 'sqlite3') return;
    this.statisticsUpdatedAt = Date.now();
    await this.knex.raw('analyze streaming_asset_views');
  }

  /** After a failed read: the rows stay as derived, flagged stale like their assets. */
  async markAccountRegionStale(accountId: string, region: string) {
    await this.knex('streaming_asset_views')
      .where({ account_id: accountId, region, gone: false })
      .update({ stale: true });
  }

  /** Which entities attach which assets, as the owner pass found them (replaces all). */
  async replaceAttachments(
    attachments: Array<{
      arn: string;
      entityRef: string;
      entityOwner: string | null;
    }>,
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      await tx('streaming_asset_attachments').delete();
      await insertChunked(
        tx,
        'streaming_asset_attachments',
        attachments.map(a => ({
          arn: a.arn,
          entity_ref: a.entityRef,
          entity_owner: a.entityOwner,
        })),
      );
    });
  }

  /** Removes the views, tags, claims and attachments of assets no longer stored (purged). */
  async deleteOrphans(): Promise<void> {
    const stored = this.knex('streaming_assets').select('arn');
    for (const table of [
      'streaming_asset_tags',
      'streaming_asset_claims',
      'streaming_asset_attachments',
      'streaming_asset_views',
    ]) {
      await this.knex(table).whereNotIn('arn', stored.clone()).delete();
    }
  }

  async isEmpty(): Promise<boolean> {
    return !(await this.knex('streaming_asset_views').select('arn').first());
  }

  /** The views of these assets, in one statement for up to 1,000 ARNs. */
  async getViews(arns: string[]): Promise<Map<string, AssetView>> {
    const unique = [...new Set(arns)];
    const views = new Map<string, AssetView>();
    for (let i = 0; i < unique.length; i += READ_CHUNK) {
      const rows = await this.knex('streaming_asset_views').whereIn(
        'arn',
        unique.slice(i, i + READ_CHUNK),
      );
      for (const row of rows) {
        views.set(
          row.arn,
          fromRow(row, (key, text) =>
            // Rewritten only by a derivation, which sets a new derived_at.
            this.parsed.get(
              `${row.arn}#${key}`,
              row.derived_at,
              text,
              JSON.parse,
            ),
          ),
        );
      }
    }
    return views;
  }

  /** Live assets of a type carrying every one of the tags, in one statement. */
  async arnsWithTags(
    assetType: string,
    tags: Record<string, string>,
  ): Promise<string[]> {
    const pairs = Object.entries(tags);
    if (pairs.length === 0) return [];
    const rows = await this.knex('streaming_asset_tags as t')
      .join('streaming_asset_views as v', 'v.arn', 't.arn')
      .where({ 'v.asset_type': assetType, 'v.gone': false })
      .where(q => {
        for (const [key, value] of pairs) {
          q.orWhere(w => w.where({ 't.key': key, 't.value': value }));
        }
      })
      .groupBy('t.arn')
      .havingRaw('count(*) = ?', [pairs.length])
      .select('t.arn');
    return rows.map(row => row.arn as string).sort();
  }

  async listAttachments(): Promise<
    Array<{ arn: string; entityRef: string; entityOwner: string | null }>
  > {
    const rows = await this.knex('streaming_asset_attachments').orderBy([
      'arn',
      'entity_ref',
    ]);
    return rows.map(row => ({
      arn: row.arn,
      entityRef: row.entity_ref,
      entityOwner: row.entity_owner ?? null,
    }));
  }

  /** The live assets one entity attaches, as the last owner pass recorded them. */
  async listAttachedArns(entityRef: string): Promise<string[]> {
    const rows = await this.knex('streaming_asset_attachments as a')
      .join('streaming_asset_views as v', 'v.arn', 'a.arn')
      .where({ 'a.entity_ref': entityRef, 'v.gone': false })
      .orderBy('a.arn')
      .select('a.arn');
    return rows.map(row => row.arn as string);
  }

  async listTags(arn: string): Promise<Array<{ key: string; value: string }>> {
    return this.knex('streaming_asset_tags')
      .where({ arn })
      .orderBy('key')
      .select('key', 'value');
  }

  async listClaims(arn: string): Promise<string[]> {
    const rows = await this.knex('streaming_asset_claims')
      .where({ arn })
      .orderBy('owner');
    return rows.map(row => row.owner);
  }
}

async function insertChunked<T extends object>(
  tx: Knex.Transaction,
  table: string,
  items: T[],
  toRowOf: (item: T) => object = item => item,
): Promise<void> {
  for (let i = 0; i < items.length; i += WRITE_CHUNK) {
    await tx(table).insert(items.slice(i, i + WRITE_CHUNK).map(toRowOf));
  }
}

function toRow(view: AssetView) {
  return {
    arn: view.arn,
    asset_type: view.assetType,
    account_id: view.accountId,
    region: view.region,
    name: view.name,
    name_lower: view.name.toLocaleLowerCase('en-US'),
    cluster_arn: view.clusterArn,
    cluster_type: view.clusterType,
    owner: view.owner,
    owner_lower: view.owner?.toLocaleLowerCase('en-US') ?? null,
    tag_owner: view.tagOwner,
    unowned: view.owner === null,
    health_status: view.healthStatus,
    health_rank: HEALTH_RANK[view.healthStatus] ?? HEALTH_RANK.unknown,
    monthly_usd: view.monthlyUsd,
    cost_complete: view.costComplete,
    usd_per_gb_in: view.usdPerGbIn,
    bytes_in_per_sec: view.bytesInPerSec,
    bytes_out_per_sec: view.bytesOutPerSec,
    max_lag: view.maxLag,
    kpus: view.kpus,
    kpu_limit_usage: view.kpuLimitUsage,
    partitions: view.partitions,
    saving_usd: view.savingUsd,
    stale: view.stale,
    gone: view.gone,
    cost: view.cost ? JSON.stringify(view.cost) : null,
    kpu: view.kpu ? JSON.stringify(view.kpu) : null,
    derived_at: view.derivedAt,
  };
}

const numberOrNull = (value: unknown) =>
  value === null || value === undefined ? null : Number(value);
const booleanOrNull = (value: unknown) =>
  value === null || value === undefined ? null : Boolean(value);

function fromRow(
  row: any,
  parse: (key: 'cost' | 'kpu', text: string) => unknown,
): AssetView {
  return {
    arn: row.arn,
    assetType: row.asset_type,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    clusterArn: row.cluster_arn ?? null,
    clusterType: row.cluster_type ?? null,
    owner: row.owner ?? null,
    tagOwner: row.tag_owner ?? null,
    healthStatus: row.health_status,
    monthlyUsd: numberOrNull(row.monthly_usd),
    costComplete: booleanOrNull(row.cost_complete),
    usdPerGbIn: numberOrNull(row.usd_per_gb_in),
    bytesInPerSec: numberOrNull(row.bytes_in_per_sec),
    bytesOutPerSec: numberOrNull(row.bytes_out_per_sec),
    maxLag: numberOrNull(row.max_lag),
    kpus: numberOrNull(row.kpus),
    kpuLimitUsage: numberOrNull(row.kpu_limit_usage),
    partitions: numberOrNull(row.partitions),
    savingUsd: numberOrNull(row.saving_usd),
    stale: Boolean(row.stale),
    gone: Boolean(row.gone),
    cost: row.cost ? (parse('cost', row.cost) as AssetCost) : null,
    kpu: row.kpu ? (parse('kpu', row.kpu) as KpuUsage) : null,
    derivedAt: row.derived_at,
  };
}
