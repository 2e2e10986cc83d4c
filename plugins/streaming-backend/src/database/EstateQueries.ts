import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type { StreamingAssetQuery } from '@backstage-streaming/plugin-streaming-node';
import {
  AssetCost,
  AssetType,
  ChargebackAsset,
  ChargebackGroupBy,
  ChargebackModel,
  ChargebackResponse,
  ClusterType,
  estateChargeback,
  EstateAssetRow,
  EstateCostGroup,
  EstateCoverage,
  EstateSortField,
  EstateSummaryResponse,
  gbPerMonth,
  HealthStatus,
  SavingsResponse,
} from '@backstage-streaming/plugin-streaming-common';
import { Knex } from 'knex';
import { whereAssetCriteria } from './assetFilterSql';

/**
 * What a caller may see of the stored estate: every asset, none, or those a
 * conditional decision's filters allow (applied in SQL).
 */
export type AssetScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'some'; criteria: PermissionCriteria<StreamingAssetQuery> };

/** The caller's `streaming.asset.read` and `streaming.cost.read` scopes. */
export interface EstateAccess {
  read: AssetScope;
  cost: AssetScope;
}

export interface EstateFilters {
  accountId?: string;
  region?: string;
  clusterType?: ClusterType;
  /** A normalised owner entity ref. */
  owner?: string;
  healthStatus?: HealthStatus;
  unowned?: boolean;
  q?: string;
}

/** Where the previous page ended: the sort value and ARN of its last row. */
export interface EstateCursor {
  /** The sort the cursor was made for: a cursor is only valid with it. */
  orderBy: string;
  value: string | number | null;
  arn: string;
}

export interface EstateListParams {
  assetType: AssetType;
  limit: number;
  sort: { field: EstateSortField; direction: 'asc' | 'desc' };
  cursor?: EstateCursor;
  filters: EstateFilters;
}

const CURSOR_VERSION = 1;

/** An opaque cursor: base64url JSON of a version, the sort, its value and the ARN. */
export function encodeEstateCursor(cursor: EstateCursor): string {
  return Buffer.from(
    JSON.stringify({
      v: CURSOR_VERSION,
      o: cursor.orderBy,
      s: cursor.value,
      a: cursor.arn,
    }),
  ).toString('base64url');
}

/** The cursor in `text`, or undefined when it is not one this version made. */
export function decodeEstateCursor(text: string): EstateCursor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      parsed?.v !== CURSOR_VERSION ||
      typeof parsed.o !== 'string' ||
      typeof parsed.a !== 'string' ||
      !(
        parsed.s === null ||
        typeof parsed.s === 'string' ||
        (typeof parsed.s === 'number' && Number.isFinite(parsed.s))
      )
    ) {
      return undefined;
    }
    return { orderBy: parsed.o, value: parsed.s, arn: parsed.a };
  } catch {
    return undefined;
  }
}

/** The stored column each sort field orders by. */
const SORT_COLUMNS: Record<EstateSortField, string> = {
  name: 'name_lower',
  monthlyUsd: 'monthly_usd',
  usdPerGbIn: 'usd_per_gb_in',
  health: 'health_rank',
  lag: 'max_lag',
  kpus: 'kpus',
  partitions: 'partitions',
};
const COST_SORT_FIELDS: EstateSortField[] = ['monthlyUsd', 'usdPerGbIn'];

/**
 * The stored columns a list row reads: not the cost and KPU JSON, which can
 * be large (a cluster's carries the split over its topics) and no list shows.
 */
const LIST_COLUMNS = [
  'arn',
  'asset_type',
  'account_id',
  'region',
  'name',
  'name_lower',
  'cluster_arn',
  'cluster_type',
  'owner',
  'tag_owner',
  'unowned',
  'health_status',
  'health_rank',
  'monthly_usd',
  'cost_complete',
  'usd_per_gb_in',
  'bytes_in_per_sec',
  'bytes_out_per_sec',
  'max_lag',
  'kpus',
  'kpu_limit_usage',
  'partitions',
  'saving_usd',
  'stale',
  'gone',
];

/** The asset kinds whose cost is the estate's: a topic's is a share of its cluster's. */
const PRICED_TYPES: AssetType[] = ['kafka-cluster', 'flink-application'];

const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
const bool = (value: unknown): boolean => value === true || value === 1;
/** Money rounded at the edge, to the cent. */
const cents = (usd: number) => Math.round(usd * 100) / 100;

// LIKE wildcards in a search are literal.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, c => `\\${c}`);

/**
 * The estate's read queries, over the stored views only
 * (streaming_asset_views, _tags, _claims, _attachments and
 * streaming_refresh_status; the cost history is CostHistoryStore's). Permission scopes become where-clauses and a
 * computed `cost_visible` column, so paging, counts and totals cover only what
 * the caller may see.
 */
export class EstateQueries {
  constructor(private readonly knex: Knex) {}

  /** 1 where the caller may see the cost of the row aliased `alias`, else 0. */
  private costVisible(cost: AssetScope, alias: string): Knex.Raw {
    if (cost.kind === 'all') return this.knex.raw('1');
    if (cost.kind === 'none') return this.knex.raw('0');
    const sub = this.knex
      .select(this.knex.raw('1'))
      .from('streaming_asset_views as cv')
      .whereRaw('?? = ??', ['cv.arn', `${alias}.arn`])
      .where(b => whereAssetCriteria(b, cost.criteria, 'cv', this.knex));
    return this.knex.raw('(case when exists ? then 1 else 0 end)', [sub]);
  }

  /**
   * The rows the caller may read (not gone), with the cluster's name and
   * `cost_visible`, as a subquery aliased `v` the other queries select from.
   */
  private permitted(
    access: EstateAccess,
    extra?: (builder: Knex.QueryBuilder) => void,
    options: { json?: boolean } = {},
  ): Knex.QueryBuilder {
    const { knex } = this;
    const inner = knex
      .select(
        ...(options.json ? ['v.*'] : LIST_COLUMNS.map(c => `v.${c}`)),
        'c.name as cluster_name',
        knex.raw('? as cost_visible', [this.costVisible(access.cost, 'v')]),
      )
      .from('streaming_asset_views as v')
      .leftJoin('streaming_asset_views as c', 'c.arn', 'v.cluster_arn')
      .where('v.gone', false);
    if (access.read.kind === 'none') inner.whereRaw('1 = 0');
    if (access.read.kind === 'some') {
      const criteria = access.read.criteria;
      inner.where(b => whereAssetCriteria(b, criteria, 'v', knex));
    }
    extra?.(inner);
    return inner;
  }

  private applyFilters(
    builder: Knex.QueryBuilder,
    assetType: AssetType,
    filters: EstateFilters,
  ) {
    builder.where('v.asset_type', assetType);
    if (filters.accountId) builder.where('v.account_id', filters.accountId);
    if (filters.region) builder.where('v.region', filters.region);
    if (filters.clusterType) {
      builder.where('v.cluster_type', filters.clusterType);
    }
    if (filters.owner) {
      // The stored lower-cased owner: streaming_asset_views_type_owner_lower_idx serves it.
      builder.where('v.owner_lower', filters.owner.toLocaleLowerCase('en-US'));
    }
    if (filters.healthStatus) {
      builder.where('v.health_status', filters.healthStatus);
    }
    if (filters.unowned !== undefined) {
      builder.where('v.unowned', filters.unowned);
    }
    if (filters.q) {
      builder.whereRaw(`?? like ? escape '\\'`, [
        'v.name_lower',
        `%${escapeLike(filters.q.toLocaleLowerCase('en-US'))}%`,
      ]);
    }
  }

  /** The sort expression: a cost column reads null where the cost is hidden. */
  private sortExpression(
    field: EstateSortField,
    access: EstateAccess,
  ): Knex.Raw {
    const column = `v.${SORT_COLUMNS[field]}`;
    if (COST_SORT_FIELDS.includes(field) && access.cost.kind !== 'all') {
      return this.knex.raw('(case when ? = 1 then ?? end)', [
        this.costVisible(access.cost, 'v'),
        column,
      ]);
    }
    return this.knex.raw('??', [column]);
  }

  /**
   * The query of one page (one row more than the limit, to know whether
   * another page follows): keyset after the cursor, nulls last either way.
   */
  listQuery(params: EstateListParams, access: EstateAccess): Knex.QueryBuilder {
    const { knex } = this;
    const { field, direction } = params.sort;
    const sortValue = this.sortExpression(field, access);
    const query = this.permitted(access, b =>
      this.applyFilters(b, params.assetType, params.filters),
    ).select(knex.raw('? as sort_value', [sortValue]));
    const nullable = field !== 'name';
    const cmp = direction === 'asc' ? '>' : '<';
    const { cursor } = params;
    if (cursor) {
      if (cursor.value === null) {
        query.whereRaw(`? is null and ?? ${cmp} ?`, [
          sortValue,
          'v.arn',
          cursor.arn,
        ]);
      } else {
        query.where(b => {
          b.whereRaw(`? ${cmp} ?`, [sortValue, cursor.value]).orWhereRaw(
            `? = ? and ?? ${cmp} ?`,
            [sortValue, cursor.value, 'v.arn', cursor.arn],
          );
          if (nullable) b.orWhereRaw('? is null', [sortValue]);
        });
      }
    }
    query
      .orderByRaw(nullable ? `? ${direction} nulls last` : `? ${direction}`, [
        sortValue,
      ])
      .orderBy('v.arn', direction)
      .limit(params.limit + 1);
    return query;
  }

  /** One page of a list, sorted with nulls last, after the cursor. */
  async listPage(
    params: EstateListParams,
    access: EstateAccess,
  ): Promise<{
    items: EstateAssetRow[];
    nextCursor: string | null;
    costVisible: boolean[];
  }> {
    const { field, direction } = params.sort;
    const orderBy = `${field}:${direction}`;
    const rows: any[] = await this.listQuery(params, access);
    const page = rows.slice(0, params.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > params.limit && last
        ? encodeEstateCursor({
            orderBy,
            value: cursorValue(field, last.sort_value),
            arn: last.arn,
          })
        : null;
    const items = await this.toAssetRows(page);
    return {
      items,
      nextCursor,
      costVisible: page.map(row => bool(Number(row.cost_visible))),
    };
  }

  /** Rows matching the filters that the caller may read. */
  async count(
    assetType: AssetType,
    filters: EstateFilters,
    access: EstateAccess,
  ): Promise<number> {
    const inner = this.permitted(access, b =>
      this.applyFilters(b, assetType, filters),
    );
    const [row]: any[] = await this.knex
      .from(inner.clearSelect().select('v.arn').as('p'))
      .select(this.knex.raw('count(*) as n'));
    return Number(row.n);
  }

  /** List rows of stored view rows, with claims and attaching entities batched. */
  private async toAssetRows(rows: any[]): Promise<EstateAssetRow[]> {
    const arns = rows.map(r => r.arn);
    // Claims and attaching entities of the page in one statement.
    const related: any[] = arns.length
      ? await this.knex
          .select(
            this.knex.raw('? as kind', ['claim']),
            'arn',
            'owner as value',
          )
          .from('streaming_asset_claims')
          .whereIn('arn', arns)
          .unionAll(b =>
            b
              .select(
                this.knex.raw('? as kind', ['entity']),
                'arn',
                'entity_ref as value',
              )
              .from('streaming_asset_attachments')
              .whereIn('arn', arns),
          )
          .orderBy(['kind', 'arn', 'value'])
      : [];
    const claimsOf = groupBy(
      related.filter(r => r.kind === 'claim'),
      r => r.arn,
      r => r.value as string,
    );
    const entitiesOf = groupBy(
      related.filter(r => r.kind === 'entity'),
      r => r.arn,
      r => r.value as string,
    );
    return rows.map(row => {
      const item: EstateAssetRow = {
        arn: row.arn,
        assetType: row.asset_type,
        name: row.name,
        accountId: row.account_id,
        region: row.region,
        clusterType: row.cluster_type ?? null,
        clusterArn: row.cluster_arn ?? null,
        clusterName: row.cluster_name ?? null,
        owner: row.owner ?? null,
        unowned: bool(row.unowned),
        claimedBy: claimsOf.get(row.arn) ?? [],
        healthStatus: row.health_status,
        bytesInPerSec: num(row.bytes_in_per_sec),
        bytesOutPerSec: num(row.bytes_out_per_sec),
        maxLag: num(row.max_lag),
        kpus: num(row.kpus),
        kpuLimitUsage: num(row.kpu_limit_usage),
        partitions: num(row.partitions),
        stale: bool(row.stale),
        entityRefs: entitiesOf.get(row.arn) ?? [],
      };
      if (Number(row.cost_visible) === 1) {
        item.monthlyUsd = num(row.monthly_usd);
        item.costComplete =
          row.cost_complete === null ? null : bool(row.cost_complete);
        item.usdPerGbIn = num(row.usd_per_gb_in);
        item.savingUsd = num(row.saving_usd);
      }
      return item;
    });
  }

  /** Failed account-regions and the time of the latest refresh. */
  async coverage(access: EstateAccess): Promise<EstateCoverage> {
    const rows = await this.knex('streaming_refresh_status').orderBy([
      'account_id',
      'region',
    ]);
    const attempts = rows.map(r => r.last_attempt_at as string).sort();
    return {
      restricted: access.read.kind !== 'all',
      failedAccountRegions: rows
        .filter(r => r.last_error_code)
        .map(r => ({
          accountId: r.account_id,
          region: r.region,
          lastErrorCode: r.last_error_code ?? null,
          lastSuccessAt: r.last_success_at ?? null,
        })),
      refreshedAt: attempts.length ? attempts[attempts.length - 1] : null,
    };
  }

  /**
   * The rows the caller may read (not gone), aliased `p`, of `assetTypes`
   * when given: what the summary aggregates over, straight from the table
   * (no cluster join, no subquery), so each aggregate reads an index or the
   * few rows of its kinds.
   */
  private scoped(
    access: EstateAccess,
    assetTypes?: AssetType[],
    owner?: string,
  ): Knex.QueryBuilder {
    const { knex } = this;
    const query = knex
      .from('streaming_asset_views as p')
      .where('p.gone', false);
    if (assetTypes) query.whereIn('p.asset_type', assetTypes);
    if (owner) query.where('p.owner_lower', owner.toLocaleLowerCase('en-US'));
    if (access.read.kind === 'none') query.whereRaw('1 = 0');
    if (access.read.kind === 'some') {
      const criteria = access.read.criteria;
      query.where(b => whereAssetCriteria(b, criteria, 'p', knex));
    }
    return query;
  }

  /**
   * Money over the permitted clusters and applications whose cost is
   * visible, grouped by `column` (or the whole estate without one).
   */
  private async money(
    access: EstateAccess,
    /** Named, not positional: an owner ref and a column name are both strings. */
    { owner, column }: { owner?: string; column?: string } = {},
  ): Promise<
    Array<{
      key: string | null;
      monthlyUsd: number;
      completeUsd: number;
      incomplete: number;
      assetCount: number;
    }>
  > {
    const { knex } = this;
    const visible = this.costVisible(access.cost, 'p');
    const query = this.scoped(access, PRICED_TYPES, owner).select(
      knex.raw(
        'coalesce(sum(case when ? = 1 then p.monthly_usd end), 0) as monthly',
        [visible],
      ),
      knex.raw(
        'coalesce(sum(case when ? = 1 and p.cost_complete = ? then p.monthly_usd end), 0) as complete_usd',
        [visible, true],
      ),
      knex.raw(
        'sum(case when ? = 1 and (p.monthly_usd is null or p.cost_complete is null or p.cost_complete = ?) then 1 else 0 end) as incomplete',
        [visible, false],
      ),
      knex.raw('count(*) as asset_count'),
    );
    if (column) {
      query.select(`p.${column} as key`).groupBy(`p.${column}`);
    }
    const rows: any[] = await query;
    return rows.map(r => ({
      key: column ? r.key ?? null : null,
      monthlyUsd: Number(r.monthly ?? 0),
      completeUsd: Number(r.complete_usd ?? 0),
      incomplete: Number(r.incomplete ?? 0),
      assetCount: Number(r.asset_count),
    }));
  }

  /**
   * The clusters' and applications' estimates by the owner their tags name
   * (`tag_owner`; `unowned` for none): what Cost Explorer's grouping by the
   * owner cost-allocation tag is compared with, since the bill knows tags,
   * not catalog ownership.
   */
  async moneyByTagOwner(
    access: EstateAccess,
  ): Promise<Array<{ key: string; monthlyUsd: number; complete: boolean }>> {
    return (await this.money(access, { column: 'tag_owner' })).map(r => ({
      key: r.key ?? 'unowned',
      monthlyUsd: cents(r.monthlyUsd),
      complete: r.incomplete === 0,
    }));
  }

  /**
   * The summary's counts by kind, health and ownership in one pass over
   * every readable asset: streaming_asset_views_counts_idx covers it.
   */
  summaryCountsQuery(access: EstateAccess, owner?: string): Knex.QueryBuilder {
    return this.scoped(access, undefined, owner)
      .select(
        'p.asset_type as type',
        'p.health_status as status',
        'p.unowned as unowned',
        this.knex.raw('count(*) as n'),
      )
      .groupBy('p.asset_type', 'p.health_status', 'p.unowned');
  }

  /**
   * The estate's totals: a handful of aggregate queries over the stored
   * views, the read and cost decisions applied in SQL. Only the counts read
   * every row (an index of their own covers them); the money, $/GB and KPU
   * figures read the clusters and applications alone.
   */
  async summary(
    access: EstateAccess,
    /** Only the assets of this owner (a normalised entity ref), as the owner filter of the lists. */
    owner?: string,
  ): Promise<Omit<EstateSummaryResponse, 'cost' | 'coverage'>> {
    const { knex } = this;
    const groups = (
      rows: Awaited<ReturnType<EstateQueries['money']>>,
      nullKey: string,
    ): EstateCostGroup[] =>
      rows
        .map(r => ({
          key: r.key ?? nullKey,
          monthlyUsd: cents(r.monthlyUsd),
          complete: r.incomplete === 0,
          assetCount: r.assetCount,
        }))
        .sort(
          (a, b) => b.monthlyUsd - a.monthlyUsd || a.key.localeCompare(b.key),
        );
    const visible = () => this.costVisible(access.cost, 'p');
    const [
      [total],
      byClusterType,
      byAccount,
      byRegion,
      byOwner,
      perGb,
      counts,
      unowned,
      kpus,
      nearest,
    ] = await Promise.all([
      this.money(access, { owner }),
      this.money(access, { owner, column: 'cluster_type' }),
      this.money(access, { owner, column: 'account_id' }),
      this.money(access, { owner, column: 'region' }),
      this.money(access, { owner, column: 'owner' }),
      this.scoped(access, ['kafka-cluster'], owner)
        .whereRaw('? = 1', [visible()])
        .whereNotNull('p.monthly_usd')
        .whereNotNull('p.bytes_in_per_sec')
        .select(
          knex.raw('coalesce(sum(p.monthly_usd), 0) as usd'),
          knex.raw('coalesce(sum(p.bytes_in_per_sec), 0) as bytes_in'),
        ),
      this.summaryCountsQuery(access, owner),
      this.scoped(access, PRICED_TYPES, owner)
        .where('p.unowned', true)
        .select(
          knex.raw(
            'coalesce(sum(case when ? = 1 then p.monthly_usd end), 0) as usd',
            [visible()],
          ),
          knex.raw(
            'sum(case when ? = 1 and (p.monthly_usd is null or p.cost_complete = ?) then 1 else 0 end) as incomplete',
            [visible(), false],
          ),
        ),
      this.scoped(access, ['flink-application'], owner)
        .whereNotNull('p.kpus')
        .select('p.account_id', 'p.region', knex.raw('sum(p.kpus) as kpus'))
        .groupBy('p.account_id', 'p.region')
        .orderBy(['p.account_id', 'p.region']),
      this.scoped(access, ['flink-application'], owner)
        .whereNotNull('p.kpu_limit_usage')
        .whereNotNull('p.kpus')
        .select(
          'p.arn',
          'p.name',
          'p.owner',
          'p.kpus',
          'p.kpu_limit_usage',
          'p.kpu',
        )
        .orderBy('p.kpu_limit_usage', 'desc')
        .orderBy('p.arn')
        .limit(10),
    ]);
    const gbIn = gbPerMonth(Number(perGb[0]?.bytes_in ?? 0));
    const healthCounts: Record<HealthStatus, number> = {
      healthy: 0,
      warning: 0,
      critical: 0,
      unknown: 0,
    };
    const assetCounts: Record<AssetType, number> = {
      'kafka-cluster': 0,
      'kafka-topic': 0,
      'consumer-group': 0,
      'flink-application': 0,
    };
    let unownedCount = 0;
    for (const row of counts as any[]) {
      const n = Number(row.n);
      const status = row.status as HealthStatus;
      const type = row.type as AssetType;
      healthCounts[status] = (healthCounts[status] ?? 0) + n;
      assetCounts[type] = (assetCounts[type] ?? 0) + n;
      if (bool(row.unowned)) unownedCount += n;
    }
    const unownedRow: any = unowned[0] ?? {};
    return {
      monthlyUsd: cents(total?.monthlyUsd ?? 0),
      complete: (total?.incomplete ?? 0) === 0,
      completeMonthlyUsd: cents(total?.completeUsd ?? 0),
      byClusterType: groups(
        byClusterType.map(r => ({ ...r, key: r.key ?? 'flink-application' })),
        'flink-application',
      ),
      byAccount: groups(byAccount, 'unknown'),
      byRegion: groups(byRegion, 'unknown'),
      byOwner: groups(byOwner, 'unowned'),
      usdPerGbIn: gbIn > 0 ? Number(perGb[0].usd) / gbIn : null,
      health: healthCounts,
      unowned: {
        assetCount: unownedCount,
        monthlyUsd: cents(Number(unownedRow.usd ?? 0)),
        complete: Number(unownedRow.incomplete ?? 0) === 0,
      },
      kpusByAccountRegion: (kpus as any[]).map(r => ({
        accountId: r.account_id,
        region: r.region,
        kpus: Number(r.kpus),
      })),
      nearestKpuLimit: (nearest as any[]).map(r => {
        const usage = Number(r.kpu_limit_usage);
        const kpuCount = Number(r.kpus);
        let limit: number | undefined;
        try {
          limit = JSON.parse(r.kpu ?? 'null')?.limit;
        } catch {
          limit = undefined;
        }
        return {
          arn: r.arn,
          name: r.name,
          owner: r.owner ?? null,
          kpus: kpuCount,
          kpuLimit:
            typeof limit === 'number' ? limit : kpuLimitOf(kpuCount, usage),
          usage,
        };
      }),
      assetCounts,
    };
  }

  /**
   * The chargeback of the clusters and applications the caller may read and
   * see the cost of (both decisions applied in SQL): each asset's line items
   * from the split the refresh stored with it (chargebackItemsOf: dedicated
   * at full cost, topic shares of shared clusters by the chargeback model,
   * internal topics and the unallocated rest as platform overhead), grouped by
   * `grouping` with the unowned and platform-overhead lines (rollUpChargeback),
   * totalling the estate's cost to the cent. Rows whose cost the caller may
   * not see are left out of every figure.
   */
  async chargeback(
    grouping: ChargebackGroupBy,
    access: EstateAccess,
    model: ChargebackModel,
  ): Promise<Omit<ChargebackResponse, 'cost' | 'coverage'>> {
    const { knex } = this;
    const rows: any[] =
      access.cost.kind === 'none'
        ? []
        : await knex
            .from(this.permitted(access, undefined, { json: true }).as('p'))
            .whereIn('p.asset_type', PRICED_TYPES)
            .where('p.cost_visible', 1)
            .select(
              'p.arn',
              'p.asset_type',
              'p.owner',
              'p.account_id',
              'p.region',
              'p.cluster_type',
              'p.monthly_usd',
              'p.cost_complete',
              // Only a cluster's stored cost carries the split over its topics.
              knex.raw('case when p.asset_type = ? then p.cost end as cost', [
                'kafka-cluster',
              ]),
            )
            .orderBy('p.arn');
    const assets: ChargebackAsset[] = rows.map(row => ({
      arn: row.arn,
      assetType: row.asset_type,
      owner: row.owner ?? null,
      accountId: row.account_id,
      region: row.region,
      clusterType: row.cluster_type ?? null,
      monthlyUsd: num(row.monthly_usd),
      complete:
        row.cost_complete === null || row.cost_complete === undefined
          ? null
          : bool(row.cost_complete),
      chargeback: storedChargeback(row.cost),
    }));
    return estateChargeback(assets, grouping, model);
  }

  /**
   * The ARNs of the clusters and applications whose cost the caller may see
   * (read and cost decisions applied), as a subquery: what the cost history's
   * largest changes are limited to for a caller who may not see everything.
   */
  costVisibleAssetArns(access: EstateAccess): Knex.QueryBuilder {
    return this.permitted(access, inner =>
      inner.whereIn('v.asset_type', PRICED_TYPES),
    )
      .clearSelect()
      .select('v.arn')
      .whereRaw('? = 1', [this.costVisible(access.cost, 'v')]);
  }

  /** Right-sizing savings, largest first, over rows whose cost is visible. */
  async savings(
    params: { limit: number; cursor?: EstateCursor },
    access: EstateAccess,
  ): Promise<Omit<SavingsResponse, 'cost' | 'coverage'>> {
    const { knex } = this;
    const base = () =>
      knex
        .from(this.permitted(access, undefined, { json: true }).as('p'))
        .where('p.cost_visible', 1)
        .where('p.saving_usd', '>', 0);
    const page = base()
      .select('p.*')
      .orderBy('p.saving_usd', 'desc')
      .orderBy('p.arn', 'desc')
      .limit(params.limit + 1);
    const { cursor } = params;
    if (cursor) {
      page.where(b =>
        b
          .where('p.saving_usd', '<', Number(cursor.value))
          .orWhere(inner =>
            inner
              .where('p.saving_usd', Number(cursor.value))
              .where('p.arn', '<', cursor.arn),
          ),
      );
    }
    const [rows, [totals]] = await Promise.all([
      page as Promise<any[]>,
      base().select(
        knex.raw('count(*) as n'),
        knex.raw('coalesce(sum(p.saving_usd), 0) as usd'),
      ),
    ]);
    const items = rows.slice(0, params.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(row => ({
        arn: row.arn,
        assetType: row.asset_type,
        name: row.name,
        owner: row.owner ?? null,
        accountId: row.account_id,
        region: row.region,
        monthlySavingUsd: cents(Number(row.saving_usd)),
        ...bestChange(row.cost),
      })),
      totalMonthlySavingUsd: cents(Number((totals as any).usd)),
      totalCount: Number((totals as any).n),
      nextCursor:
        rows.length > params.limit && last
          ? encodeEstateCursor({
              orderBy: 'saving:desc',
              value: Number(last.saving_usd),
              arn: last.arn,
            })
          : null,
    };
  }
}

/**
 * The split over its topics a cluster's stored cost carries; null when there
 * is none or the JSON does not parse (the cluster then counts as its owner's,
 * at full cost).
 */
function storedChargeback(
  costJson: string | null | undefined,
): AssetCost['chargeback'] | null {
  if (!costJson) return null;
  try {
    return (JSON.parse(costJson) as AssetCost | null)?.chargeback ?? null;
  } catch {
    return null;
  }
}

/** The cursor value of a row's sort value: text for names, else a number or null. */
function cursorValue(
  field: EstateSortField,
  value: unknown,
): string | number | null {
  if (value === null || value === undefined) return null;
  return field === 'name' ? String(value) : Number(value);
}

/** The per-application KPU limit implied by KPUs in use and their share of it. */
function kpuLimitOf(kpus: number, usage: number): number {
  return usage > 0 ? Math.round(kpus / usage) : 0;
}

/** The recommendation with the largest saving in a stored cost, in words. */
function bestChange(costJson: string | null): {
  change: string;
  message: string;
} {
  try {
    const cost = JSON.parse(costJson ?? 'null');
    let best: { change: string; message: string; delta: number } | undefined;
    for (const rec of cost?.rightsizing?.recommendations ?? []) {
      for (const option of rec.options ?? []) {
        if (
          typeof option.monthlyUsdDelta === 'number' &&
          (!best || option.monthlyUsdDelta < best.delta)
        ) {
          best = {
            change: String(option.change),
            message: String(rec.message),
            delta: option.monthlyUsdDelta,
          };
        }
      }
    }
    if (best) return { change: best.change, message: best.message };
  } catch {
    // A stored cost that does not parse: the saving still shows, without words.
  }
  return { change: '', message: '' };
}

function groupBy<T, V>(
  rows: T[],
  key: (row: T) => string,
  value: (row: T) => V,
): Map<string, V[]> {
  const map = new Map<string, V[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(value(row));
    else map.set(k, [value(row)]);
  }
  return map;
}
