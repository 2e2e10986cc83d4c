import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  StreamingAsset,
  streamingAssetSchema,
} from '@backstage-streaming/plugin-streaming-common';
import {
  PreviousInventory,
  topicFingerprint,
} from '@backstage-streaming/plugin-streaming-node';
import { Knex } from 'knex';
import { ZodError } from 'zod';
import { ParsedTextMemo, textVersion } from './ParsedTextMemo';
import { migrateLatest } from './migrate';
import { retryOnDeadlock } from './deadlockRetry';

const MIGRATIONS_DIR = resolvePackagePath(
  '@backstage-streaming/plugin-streaming-backend',
  'migrations',
);

/** Rows per statement: stays under SQLite's bound-parameter limit. */
const CHUNK = 100;

export interface RefreshStatusRecord {
  accountId: string;
  region: string;
  lastAttemptAt: string;
  lastSuccessAt: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  assetsSeen: number;
  /** Topics the last read left awaiting a DescribeTopic (deferred by the budget, or failed). */
  topicsAwaitingDescribe: number;
  calls: Record<string, number>;
}

const COLUMNS_EXCEPT_OWNER: (keyof AssetRow)[] = [
  'asset_type',
  'account_id',
  'region',
  'name',
  'cluster_arn',
  'data',
  'refreshed_at',
  'stale',
  'gone',
  'last_seen_at',
];

interface AssetRow {
  arn: string;
  asset_type: string;
  account_id: string;
  region: string;
  name: string;
  cluster_arn: string | null;
  data: string;
  refreshed_at: string;
  stale: boolean | number;
  gone: boolean | number;
  last_seen_at: string | null;
  owner: string | null;
  slow_metrics?: string | null;
  claimed_by?: string | null;
}

/** The persisted inventory. Reads serve page views; writes come from refreshes. */
export class InventoryStore {
  static async create(
    database: DatabaseService,
    options: { logger?: LoggerService } = {},
  ): Promise<InventoryStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      // Replicas starting together: one migrates, the others wait for it.
      await migrateLatest(knex, MIGRATIONS_DIR);
    }
    return new InventoryStore(knex, options.logger);
  }

  /** ARNs of stored rows that no longer fit the schema, each logged once. */
  private readonly unreadable = new Set<string>();

  /** Validated assets by ARN, while their stored JSON is unchanged: entity pages re-read the same rows. */
  private readonly parsed = new ParsedTextMemo<StreamingAsset>(5000);

  constructor(
    private readonly knex: Knex,
    private readonly logger?: LoggerService,
  ) {}

  /**
   * Stored rows skipped because they no longer fit the schema (written by
   * another version, or edited by hand) and not readable since; counted by
   * this instance.
   */
  skippedRowCount(): number {
    return this.unreadable.size;
  }

  /**
   * The assets of stored rows. A row that no longer fits the schema is
   * skipped, so it cannot stop a listing, a refresh or the owner pass; it is
   * logged the first time only, and counted until a refresh rewrites it.
   */
  private assetsOf(rows: AssetRow[]): StreamingAsset[] {
    const assets: StreamingAsset[] = [];
    for (const row of rows) {
      try {
        assets.push(
          fromRow(row, data =>
            this.parsed.get(row.arn, textVersion(data), data, text =>
              streamingAssetSchema.parse(JSON.parse(text)),
            ),
          ),
        );
        this.unreadable.delete(row.arn);
      } catch (error) {
        if (this.unreadable.has(row.arn)) continue;
        this.unreadable.add(row.arn);
        this.logger?.warn(
          `Skipped the stored streaming asset ${row.arn} (${
            row.asset_type
          }): it does not fit the current schema (${describeParseError(
            error,
          )}); the next refresh that lists it stores it again`,
        );
      }
    }
    return assets;
  }

  /**
   * Stores what a successful read of one account and region found. Assets it
   * no longer lists are marked gone (kept until purged); topics of clusters
   * whose topic listing failed are kept as they were, marked stale. Topics of
   * `discoveredTopicsOfClusters` (MSK Serverless, whose topics the slower
   * refresh finds in CloudWatch) are left to that refresh.
   */
  async replaceAccountRegion(options: {
    accountId: string;
    region: string;
    assets: StreamingAsset[];
    keepTopicsOfClusters: string[];
    discoveredTopicsOfClusters?: string[];
  }): Promise<{ gone: number }> {
    const { accountId, region, assets, keepTopicsOfClusters } = options;
    const discovered = new Set(options.discoveredTopicsOfClusters ?? []);
    return retryOnDeadlock(() =>
      this.knex.transaction(async tx => {
        // An asset whose tags name no owner keeps the owner last derived from the
        // entities attaching it; the refresh recomputes that once all is read.
        const withOwner = assets.filter(asset => asset.owner !== null);
        const withoutOwner = assets.filter(asset => asset.owner === null);
        // Rows (each with its asset's JSON) are built a chunk at a time, not all at once.
        for (let i = 0; i < withOwner.length; i += CHUNK) {
          await tx<AssetRow>('streaming_assets')
            .insert(withOwner.slice(i, i + CHUNK).map(toRow))
            .onConflict('arn')
            .merge();
        }
        for (let i = 0; i < withoutOwner.length; i += CHUNK) {
          await tx<AssetRow>('streaming_assets')
            .insert(withoutOwner.slice(i, i + CHUNK).map(toRow))
            .onConflict('arn')
            .merge(COLUMNS_EXCEPT_OWNER);
        }
        const seen = new Set(assets.map(a => a.arn));
        // Consumer groups come from the slower metrics refresh, not these listings.
        const existing = await tx<AssetRow>('streaming_assets')
          .where({ account_id: accountId, region })
          .whereNot({ asset_type: 'consumer-group' })
          .select('arn', 'asset_type', 'cluster_arn', 'gone');
        const keep = new Set(keepTopicsOfClusters);
        const nowGone: string[] = [];
        const keptStale: string[] = [];
        for (const row of existing) {
          if (seen.has(row.arn)) continue;
          if (
            row.asset_type === 'kafka-topic' &&
            row.cluster_arn &&
            discovered.has(row.cluster_arn)
          )
            continue;
          if (
            row.asset_type === 'kafka-topic' &&
            row.cluster_arn &&
            keep.has(row.cluster_arn)
          ) {
            keptStale.push(row.arn);
          } else if (!row.gone) {
            nowGone.push(row.arn);
          }
        }
        for (let i = 0; i < nowGone.length; i += CHUNK) {
          await tx('streaming_assets')
            .whereIn('arn', nowGone.slice(i, i + CHUNK))
            .update({ gone: true, stale: false });
        }
        for (let i = 0; i < keptStale.length; i += CHUNK) {
          await tx('streaming_assets')
            .whereIn('arn', keptStale.slice(i, i + CHUNK))
            .update({ stale: true });
        }
        return { gone: nowGone.length };
      }),
    );
  }

  /**
   * Stores the consumer groups the slower metrics refresh found on these
   * clusters; groups no longer reporting lag are marked gone.
   */
  async replaceConsumerGroups(options: {
    clusterArns: string[];
    groups: StreamingAsset[];
  }): Promise<void> {
    await this.replaceFoundOnClusters(
      'consumer-group',
      options.clusterArns,
      options.groups,
    );
  }

  /**
   * Stores the topics the slower refresh found in CloudWatch for these MSK
   * Serverless clusters (only clusters whose discovery succeeded): topics no
   * longer listed (idle for 14 days) are marked gone, the others live again.
   */
  async replaceDiscoveredTopics(options: {
    clusterArns: string[];
    topics: StreamingAsset[];
  }): Promise<void> {
    await this.replaceFoundOnClusters(
      'kafka-topic',
      options.clusterArns,
      options.topics,
    );
  }

  /**
   * Upserts the assets of one type found on these clusters from metrics, and
   * marks the ones of that type no longer found on them gone.
   */
  private async replaceFoundOnClusters(
    assetType: 'consumer-group' | 'kafka-topic',
    clusterArns: string[],
    found: StreamingAsset[],
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      const rows = found.map(toRow);
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx<AssetRow>('streaming_assets')
          .insert(rows.slice(i, i + CHUNK))
          .onConflict('arn')
          .merge(COLUMNS_EXCEPT_OWNER);
      }
      const seen = new Set(found.map(asset => asset.arn));
      for (let i = 0; i < clusterArns.length; i += CHUNK) {
        const existing = await tx<AssetRow>('streaming_assets')
          .where({ asset_type: assetType, gone: false })
          .whereIn('cluster_arn', clusterArns.slice(i, i + CHUNK))
          .select('arn');
        const gone = existing.map(row => row.arn).filter(arn => !seen.has(arn));
        for (let j = 0; j < gone.length; j += CHUNK) {
          await tx('streaming_assets')
            .whereIn('arn', gone.slice(j, j + CHUNK))
            .update({ gone: true });
        }
      }
    });
  }

  /** Consumer groups of a cluster, e.g. to show who reads a topic. */
  async findConsumerGroupsOfCluster(
    clusterArn: string,
  ): Promise<StreamingAsset[]> {
    const rows = await this.knex<AssetRow>('streaming_assets')
      .where({
        asset_type: 'consumer-group',
        cluster_arn: clusterArn,
        gone: false,
      })
      .orderBy('name');
    return this.assetsOf(rows);
  }

  /** Stores the latest slow-cadence metric values of assets (per-topic throughput, lag). */
  async setSlowMetrics(
    values: Map<string, Record<string, number | null>>,
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      for (const [arn, metrics] of values) {
        await tx('streaming_assets')
          .where({ arn })
          .update({ slow_metrics: JSON.stringify(metrics) });
      }
    });
  }

  /** Records an application's CurrentParallelism when it differs from the last one recorded. */
  async recordParallelism(
    arn: string,
    observedAt: string,
    currentParallelism: number,
    parallelismPerKpu: number,
  ): Promise<void> {
    const last = await this.knex('streaming_flink_parallelism')
      .where({ arn })
      .orderBy('observed_at', 'desc')
      .first();
    if (
      last &&
      Number(last.current_parallelism) === currentParallelism &&
      Number(last.parallelism_per_kpu) === parallelismPerKpu
    ) {
      return;
    }
    await this.knex('streaming_flink_parallelism')
      .insert({
        arn,
        observed_at: observedAt,
        current_parallelism: currentParallelism,
        parallelism_per_kpu: parallelismPerKpu,
      })
      .onConflict(['arn', 'observed_at'])
      .ignore();
  }

  /** Recorded parallelism changes of an application since a time, oldest first. */
  async parallelismHistory(
    arn: string,
    since: string,
  ): Promise<
    Array<{
      timestamp: string;
      currentParallelism: number;
      parallelismPerKpu: number;
    }>
  > {
    const rows = await this.knex('streaming_flink_parallelism')
      .where({ arn })
      .andWhere('observed_at', '>=', since)
      .orderBy('observed_at');
    return rows.map(row => ({
      timestamp: row.observed_at,
      currentParallelism: Number(row.current_parallelism),
      parallelismPerKpu: Number(row.parallelism_per_kpu),
    }));
  }

  /** After a failed read: keep every known asset of the account and region, marked stale. */
  async markAccountRegionStale(
    accountId: string,
    region: string,
  ): Promise<number> {
    return this.knex('streaming_assets')
      .where({ account_id: accountId, region, gone: false })
      .update({ stale: true });
  }

  /** Deletes assets gone since before the given time. */
  async purgeGone(lastSeenBefore: string): Promise<number> {
    return this.knex('streaming_assets')
      .where({ gone: true })
      .andWhere('last_seen_at', '<', lastSeenBefore)
      .delete();
  }

  /** What the last refresh stored for an account and region, so unchanged assets are not described again. */
  async previousInventory(
    accountId: string,
    region: string,
  ): Promise<PreviousInventory> {
    const rows = await this.knex<AssetRow>('streaming_assets').where({
      account_id: accountId,
      region,
      gone: false,
    });
    const previous: PreviousInventory = {
      clusters: new Map(),
      topics: new Map(),
      applications: new Map(),
    };
    for (const asset of this.assetsOf(rows)) {
      if (asset.assetType === 'kafka-cluster') {
        previous.clusters.set(asset.arn, {
          currentVersion: asset.details?.currentVersion ?? null,
          details: asset.details ?? null,
        });
      } else if (asset.assetType === 'kafka-topic') {
        previous.topics.set(asset.arn, {
          // The listing the configs were read at; rows stored before it was
          // kept fall back to their own listing, as they were compared then.
          fingerprint: asset.configsFingerprint ?? topicFingerprint(asset),
          configs: asset.configs ?? null,
          ...(asset.describeFailed ? { describeFailed: true } : {}),
        });
      } else if (asset.assetType === 'flink-application') {
        previous.applications.set(asset.arn, {
          versionId: asset.versionId,
          details: asset.details ?? null,
          status: asset.status,
          operations: asset.operations ?? null,
        });
      }
    }
    return previous;
  }

  /**
   * Sets the owner and the claimants of assets whose tags name no owner, from
   * the entities that attach them.
   */
  async setOwners(
    owners: Map<string, { owner: string | null; claimedBy: string[] }>,
  ): Promise<void> {
    const byOwnership = new Map<string, string[]>();
    for (const [arn, ownership] of owners) {
      const key = JSON.stringify([ownership.owner, ownership.claimedBy]);
      byOwnership.set(key, [...(byOwnership.get(key) ?? []), arn]);
    }
    await retryOnDeadlock(() =>
      this.knex.transaction(async tx => {
        for (const [key, arns] of byOwnership) {
          const [owner, claimedBy] = JSON.parse(key) as [
            string | null,
            string[],
          ];
          for (let i = 0; i < arns.length; i += CHUNK) {
            await tx('streaming_assets')
              .whereIn('arn', arns.slice(i, i + CHUNK))
              .update({
                owner,
                claimed_by: claimedBy.length ? JSON.stringify(claimedBy) : null,
              });
          }
        }
      }),
    );
  }

  async getAssetsByArns(arns: string[]): Promise<StreamingAsset[]> {
    const rows: AssetRow[] = [];
    const unique = [...new Set(arns)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      rows.push(
        ...(await this.knex<AssetRow>('streaming_assets').whereIn(
          'arn',
          unique.slice(i, i + CHUNK),
        )),
      );
    }
    return this.assetsOf(rows);
  }

  async listAssets(
    filter: { assetType?: StreamingAsset['assetType'] } = {},
  ): Promise<StreamingAsset[]> {
    const query = this.knex<AssetRow>('streaming_assets').orderBy('arn');
    if (filter.assetType) query.where({ asset_type: filter.assetType });
    return this.assetsOf(await query);
  }

  /** Clusters or applications with that name; live ones first, gone ones only when no live one exists. */
  async findByTypeAndName(
    assetType: StreamingAsset['assetType'],
    name: string,
  ): Promise<StreamingAsset[]> {
    const rows = await this.knex<AssetRow>('streaming_assets').where({
      asset_type: assetType,
      name,
    });
    const assets = this.assetsOf(rows);
    const live = assets.filter(a => !a.gone);
    return live.length > 0 ? live : assets;
  }

  async findTopic(
    clusterArn: string,
    topicName: string,
  ): Promise<StreamingAsset | undefined> {
    const row = await this.knex<AssetRow>('streaming_assets')
      .where({
        asset_type: 'kafka-topic',
        cluster_arn: clusterArn,
        name: topicName,
      })
      .first();
    return row ? this.assetsOf([row])[0] : undefined;
  }

  /** Topics of a cluster whose name starts with the prefix. */
  async findTopicsByPrefix(
    clusterArn: string,
    prefix: string,
  ): Promise<StreamingAsset[]> {
    const rows = await this.knex<AssetRow>('streaming_assets')
      .where({ asset_type: 'kafka-topic', cluster_arn: clusterArn })
      .orderBy('name');
    // Compared in code, not with LIKE, so '_' and '%' in topic names are literal.
    return this.assetsOf(rows.filter(row => row.name.startsWith(prefix)));
  }

  /** The account-regions that have stored assets, so a pass over every asset can read them a region at a time. */
  async listAssetAccountRegions(): Promise<
    Array<{ accountId: string; region: string }>
  > {
    const rows = await this.knex('streaming_assets')
      .distinct('account_id', 'region')
      .orderBy(['account_id', 'region']);
    return rows.map(r => ({ accountId: r.account_id, region: r.region }));
  }

  /** Every stored asset of an account-region, gone ones included, for the derivation. */
  async listAccountRegionAssets(
    accountId: string,
    region: string,
  ): Promise<StreamingAsset[]> {
    const rows = await this.knex<AssetRow>('streaming_assets')
      .where({ account_id: accountId, region })
      .orderBy('arn');
    return this.assetsOf(rows);
  }

  /** Recorded parallelism changes of these applications since a time, oldest first, in one statement per 1,000. */
  async parallelismHistories(
    arns: string[],
    since: string,
  ): Promise<
    Map<string, Array<{ timestamp: string; currentParallelism: number }>>
  > {
    const histories = new Map<
      string,
      Array<{ timestamp: string; currentParallelism: number }>
    >();
    for (let i = 0; i < arns.length; i += 1000) {
      const rows = await this.knex('streaming_flink_parallelism')
        .whereIn('arn', arns.slice(i, i + 1000))
        .andWhere('observed_at', '>=', since)
        .orderBy(['arn', 'observed_at']);
      for (const row of rows) {
        const list = histories.get(row.arn) ?? [];
        list.push({
          timestamp: row.observed_at,
          currentParallelism: Number(row.current_parallelism),
        });
        histories.set(row.arn, list);
      }
    }
    return histories;
  }

  /** Clusters with any of these names, in one statement. */
  async findClustersByNames(names: string[]): Promise<StreamingAsset[]> {
    if (names.length === 0) return [];
    const rows = await this.knex<AssetRow>('streaming_assets')
      .where({ asset_type: 'kafka-cluster' })
      .whereIn('name', [...new Set(names)]);
    return this.assetsOf(rows);
  }

  /**
   * Topics of these clusters named exactly or starting with a prefix, in one
   * statement: each prefix is a LIKE with its wildcards escaped (an index
   * range on the name), re-checked in code since SQLite's LIKE ignores case.
   */
  async findTopicsByNamesAndPrefixes(
    requests: Array<{ clusterArn: string; name?: string; prefix?: string }>,
  ): Promise<StreamingAsset[]> {
    if (requests.length === 0) return [];
    const rows = await this.knex<AssetRow>('streaming_assets')
      .where({ asset_type: 'kafka-topic' })
      .where(q => {
        for (const r of requests) {
          q.orWhere(w => {
            w.where({ cluster_arn: r.clusterArn });
            if (r.name !== undefined) w.where({ name: r.name });
            else if (r.prefix) {
              w.whereRaw("name like ? escape '\\'", [
                `${r.prefix.replace(/[\\%_]/g, c => `\\${c}`)}%`,
              ]);
            }
          });
        }
      })
      .orderBy('name');
    const wanted = rows.filter(row =>
      requests.some(
        r =>
          r.clusterArn === row.cluster_arn &&
          (r.name !== undefined
            ? row.name === r.name
            : row.name.startsWith(r.prefix ?? '')),
      ),
    );
    return this.assetsOf(wanted);
  }

  /** Live consumer groups of these clusters, in one statement, e.g. to show who reads a topic. */
  async findConsumerGroupsOfClusters(
    clusterArns: string[],
  ): Promise<StreamingAsset[]> {
    if (clusterArns.length === 0) return [];
    const rows = await this.knex<AssetRow>('streaming_assets')
      .where({ asset_type: 'consumer-group', gone: false })
      .whereIn('cluster_arn', [...new Set(clusterArns)])
      .orderBy('name');
    return this.assetsOf(rows);
  }

  /**
   * One page of assets in ARN order after `after`, gone ones included (the
   * catalog feed removes their entities): the reader holds one page at a time.
   */
  async pageAssets(options: {
    after?: string;
    limit: number;
    assetTypes?: StreamingAsset['assetType'][];
    accountIds?: string[];
    regions?: string[];
  }): Promise<StreamingAsset[]> {
    const query = this.knex<AssetRow>('streaming_assets')
      .orderBy('arn')
      .limit(options.limit);
    if (options.after) query.where('arn', '>', options.after);
    if (options.assetTypes?.length)
      query.whereIn('asset_type', options.assetTypes);
    if (options.accountIds?.length)
      query.whereIn('account_id', options.accountIds);
    if (options.regions?.length) query.whereIn('region', options.regions);
    return this.assetsOf(await query);
  }

  /** Live topics of an account-region with these names, on any of its clusters. */
  async findLiveTopicsByNames(
    accountId: string,
    region: string,
    names: string[],
  ): Promise<StreamingAsset[]> {
    if (names.length === 0) return [];
    const unique = [...new Set(names)];
    const rows: AssetRow[] = [];
    for (let i = 0; i < unique.length; i += CHUNK) {
      rows.push(
        ...(await this.knex<AssetRow>('streaming_assets')
          .where({
            asset_type: 'kafka-topic',
            account_id: accountId,
            region,
            gone: false,
          })
          .whereIn('name', unique.slice(i, i + CHUNK))),
      );
    }
    return this.assetsOf(rows);
  }

  async countAssets(): Promise<number> {
    const [{ count }] = await this.knex('streaming_assets').count({
      count: '*',
    });
    return Number(count);
  }

  async upsertRefreshStatus(status: RefreshStatusRecord): Promise<void> {
    await this.knex('streaming_refresh_status')
      .insert({
        account_id: status.accountId,
        region: status.region,
        last_attempt_at: status.lastAttemptAt,
        last_success_at: status.lastSuccessAt,
        last_error_code: status.lastErrorCode,
        last_error_message: status.lastErrorMessage,
        assets_seen: status.assetsSeen,
        topics_awaiting_describe: status.topicsAwaitingDescribe,
        calls: JSON.stringify(status.calls),
      })
      .onConflict(['account_id', 'region'])
      .merge();
  }

  async getRefreshStatus(
    accountId: string,
    region: string,
  ): Promise<RefreshStatusRecord | undefined> {
    const row = await this.knex('streaming_refresh_status')
      .where({ account_id: accountId, region })
      .first();
    return row ? toStatus(row) : undefined;
  }

  async listRefreshStatus(): Promise<RefreshStatusRecord[]> {
    const rows = await this.knex('streaming_refresh_status').orderBy([
      'account_id',
      'region',
    ]);
    return rows.map(toStatus);
  }
}

function toRow(asset: StreamingAsset): AssetRow {
  return {
    arn: asset.arn,
    asset_type: asset.assetType,
    account_id: asset.accountId,
    region: asset.region,
    name: asset.name,
    cluster_arn:
      asset.assetType === 'kafka-topic' || asset.assetType === 'consumer-group'
        ? asset.clusterArn
        : null,
    data: JSON.stringify(asset),
    refreshed_at: asset.refreshedAt,
    stale: asset.stale,
    gone: false,
    last_seen_at: asset.refreshedAt,
    owner: asset.owner,
  };
}

function fromRow(
  row: AssetRow,
  parseData: (data: string) => StreamingAsset,
): StreamingAsset {
  // Parsing through the schema keeps a row written by an older version from
  // reaching the API in a shape the frontend does not expect.
  const asset = parseData(row.data);
  const slow = row.slow_metrics
    ? (JSON.parse(row.slow_metrics) as Record<string, number | null>)
    : undefined;
  const claimedBy = row.claimed_by
    ? (JSON.parse(row.claimed_by) as string[])
    : [];
  return {
    ...asset,
    ...(slow ? { metrics: { ...(asset.metrics ?? {}), ...slow } } : {}),
    owner: row.owner ?? null,
    ...(claimedBy.length ? { claimedBy } : {}),
    stale: Boolean(row.stale),
    gone: Boolean(row.gone),
    lastSeenAt: row.last_seen_at ?? asset.refreshedAt,
  };
}

/** What made a row unreadable: field paths and issue codes, never stored values. */
function describeParseError(error: unknown): string {
  if (error instanceof ZodError) {
    return error.issues
      .slice(0, 5)
      .map(issue => `${issue.path.join('.') || '(row)'}: ${issue.code}`)
      .join(', ');
  }
  return error instanceof SyntaxError
    ? 'not valid JSON'
    : (error as Error)?.name ?? 'unknown error';
}

function toStatus(row: any): RefreshStatusRecord {
  return {
    accountId: row.account_id,
    region: row.region,
    lastAttemptAt: row.last_attempt_at,
    lastSuccessAt: row.last_success_at ?? null,
    lastErrorCode: row.last_error_code ?? null,
    lastErrorMessage: row.last_error_message ?? null,
    assetsSeen: Number(row.assets_seen),
    topicsAwaitingDescribe: Number(row.topics_awaiting_describe ?? 0),
    calls: JSON.parse(row.calls ?? '{}'),
  };
}
