import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  StreamingAsset,
  streamingAssetSchema,
} from '@backstage-streaming/plugin-streaming-common';
import { Knex } from 'knex';

const MIGRATIONS_DIR = resolvePackagePath(
  '@backstage-streaming/plugin-streaming-backend',
  'migrations',
);

/** Rows per insert: stays under SQLite's bound-parameter limit. */
const INSERT_CHUNK = 100;

export interface RefreshStatusRecord {
  accountId: string;
  region: string;
  lastAttemptAt: string;
  lastSuccessAt: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  assetsSeen: number;
  calls: Record<string, number>;
}

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
}

/** The persisted inventory. All reads serve page views; writes come from refreshes. */
export class InventoryStore {
  static async create(database: DatabaseService): Promise<InventoryStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      // knex takes a lock table, so replicas starting together migrate once.
      await knex.migrate.latest({ directory: MIGRATIONS_DIR });
    }
    return new InventoryStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  /**
   * Replaces what is known of one account and region after a successful read.
   * Assets it no longer lists are removed, except those under `keepArnsOf`
   * (topics of clusters whose topic listing failed), which are kept stale.
   */
  async replaceAccountRegion(options: {
    accountId: string;
    region: string;
    assets: StreamingAsset[];
    keepTopicsOfClusters: string[];
  }): Promise<void> {
    const { accountId, region, assets, keepTopicsOfClusters } = options;
    await this.knex.transaction(async tx => {
      const rows = assets.map(toRow);
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await tx<AssetRow>('streaming_assets')
          .insert(rows.slice(i, i + INSERT_CHUNK))
          .onConflict('arn')
          .merge();
      }
      const seen = new Set(assets.map(a => a.arn));
      const existing = await tx<AssetRow>('streaming_assets')
        .where({ account_id: accountId, region })
        .select('arn', 'asset_type', 'cluster_arn');
      const keep = new Set(keepTopicsOfClusters);
      const removed: string[] = [];
      const keptStale: string[] = [];
      for (const row of existing) {
        if (seen.has(row.arn)) continue;
        if (row.asset_type === 'kafka-topic' && row.cluster_arn && keep.has(row.cluster_arn)) {
          keptStale.push(row.arn);
        } else {
          removed.push(row.arn);
        }
      }
      for (let i = 0; i < removed.length; i += INSERT_CHUNK) {
        await tx('streaming_assets').whereIn('arn', removed.slice(i, i + INSERT_CHUNK)).delete();
      }
      for (let i = 0; i < keptStale.length; i += INSERT_CHUNK) {
        await tx('streaming_assets')
          .whereIn('arn', keptStale.slice(i, i + INSERT_CHUNK))
          .update({ stale: true });
      }
    });
  }

  /** After a failed read: keep every known asset of the account and region, marked stale. */
  async markAccountRegionStale(accountId: string, region: string): Promise<number> {
    return this.knex('streaming_assets')
      .where({ account_id: accountId, region })
      .update({ stale: true });
  }

  async getAssetsByArns(arns: string[]): Promise<StreamingAsset[]> {
    if (arns.length === 0) return [];
    const rows: AssetRow[] = [];
    for (let i = 0; i < arns.length; i += INSERT_CHUNK) {
      rows.push(
        ...(await this.knex<AssetRow>('streaming_assets').whereIn('arn', arns.slice(i, i + INSERT_CHUNK))),
      );
    }
    return rows.map(fromRow);
  }

  async findByTypeAndName(assetType: StreamingAsset['assetType'], name: string): Promise<StreamingAsset[]> {
    const rows = await this.knex<AssetRow>('streaming_assets').where({ asset_type: assetType, name });
    return rows.map(fromRow);
  }

  async findTopic(clusterArn: string, topicName: string): Promise<StreamingAsset | undefined> {
    const row = await this.knex<AssetRow>('streaming_assets')
      .where({ asset_type: 'kafka-topic', cluster_arn: clusterArn, name: topicName })
      .first();
    return row ? fromRow(row) : undefined;
  }

  async countAssets(): Promise<number> {
    const [{ count }] = await this.knex('streaming_assets').count({ count: '*' });
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
        calls: JSON.stringify(status.calls),
      })
      .onConflict(['account_id', 'region'])
      .merge();
  }

  async getRefreshStatus(accountId: string, region: string): Promise<RefreshStatusRecord | undefined> {
    const row = await this.knex('streaming_refresh_status')
      .where({ account_id: accountId, region })
      .first();
    return row ? toStatus(row) : undefined;
  }

  async listRefreshStatus(): Promise<RefreshStatusRecord[]> {
    const rows = await this.knex('streaming_refresh_status').orderBy(['account_id', 'region']);
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
    cluster_arn: asset.assetType === 'kafka-topic' ? asset.clusterArn : null,
    data: JSON.stringify(asset),
    refreshed_at: asset.refreshedAt,
    stale: asset.stale,
  };
}

function fromRow(row: AssetRow): StreamingAsset {
  // Parsing through the schema keeps a row written by an older version from
  // reaching the API in a shape the frontend does not expect.
  const asset = streamingAssetSchema.parse(JSON.parse(row.data));
  return { ...asset, stale: Boolean(row.stale) };
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
    calls: JSON.parse(row.calls ?? '{}'),
  };
}
