import { LoggerService } from '@backstage/backend-plugin-api';
import { HealthThresholds } from '@backstage-streaming/plugin-streaming-common';
import {
  AwsReadError,
  mapWithConcurrency,
  StreamingAwsService,
  toAwsCallError,
} from '@backstage-streaming/plugin-streaming-node';
import { InventoryStore } from '../database/InventoryStore';
import { snapshotToAssets } from './toAssets';

/** Account-regions read at once; each one bounds its own calls too. */
const ACCOUNT_REGION_CONCURRENCY = 2;

export interface RefreshSummary {
  accountRegions: number;
  failed: number;
  assets: number;
}

/**
 * Reads every configured account and region and persists what it finds. One
 * account-region failing is recorded for it alone: its known assets are kept,
 * marked stale, and the others refresh normally.
 */
export class InventoryRefresher {
  constructor(
    private readonly options: {
      aws: StreamingAwsService;
      store: InventoryStore;
      logger: LoggerService;
      thresholds: HealthThresholds;
      ownerTagKeys: string[];
      now?: () => Date;
    },
  ) {}

  async refreshAll(): Promise<RefreshSummary> {
    const { aws, logger } = this.options;
    const targets = aws.config.accounts.flatMap(account =>
      account.regions.map(region => ({ accountId: account.accountId, region })),
    );
    const outcomes = await mapWithConcurrency(targets, ACCOUNT_REGION_CONCURRENCY, target =>
      this.refreshAccountRegion(target.accountId, target.region),
    );
    const summary = {
      accountRegions: targets.length,
      failed: outcomes.filter(o => !o.ok).length,
      assets: outcomes.reduce((sum, o) => sum + o.assets, 0),
    };
    logger.info(
      `Streaming inventory refreshed: ${summary.assets} assets from ${summary.accountRegions} account-regions, ${summary.failed} failed`,
    );
    return summary;
  }

  async refreshAccountRegion(
    accountId: string,
    region: string,
  ): Promise<{ ok: boolean; assets: number }> {
    const { aws, store, logger, thresholds, ownerTagKeys } = this.options;
    const startedAt = (this.options.now?.() ?? new Date()).toISOString();
    try {
      const snapshot = await aws.readAccountRegion(accountId, region);
      const assets = snapshotToAssets(snapshot, { refreshedAt: startedAt, thresholds, ownerTagKeys });
      const listedFor = new Set(snapshot.topicsListedFor);
      await store.replaceAccountRegion({
        accountId,
        region,
        assets,
        keepTopicsOfClusters: snapshot.clusters.map(c => c.arn).filter(arn => !listedFor.has(arn)),
      });
      await store.upsertRefreshStatus({
        accountId,
        region,
        lastAttemptAt: startedAt,
        lastSuccessAt: startedAt,
        lastErrorCode: null,
        lastErrorMessage: null,
        assetsSeen: assets.length,
        calls: snapshot.calls,
      });
      return { ok: true, assets: assets.length };
    } catch (error) {
      const detail =
        error instanceof AwsReadError ? error.detail : toAwsCallError('Refresh', error);
      logger.warn(
        `Streaming refresh of account ${accountId} in ${region} failed: ${detail.operation} ${detail.code}: ${detail.message}`,
      );
      await store.markAccountRegionStale(accountId, region);
      const previous = await store.getRefreshStatus(accountId, region);
      await store.upsertRefreshStatus({
        accountId,
        region,
        lastAttemptAt: startedAt,
        lastSuccessAt: previous?.lastSuccessAt ?? null,
        lastErrorCode: detail.code,
        lastErrorMessage: `${detail.operation}: ${detail.message}`,
        assetsSeen: 0,
        calls: {},
      });
      return { ok: false, assets: 0 };
    }
  }
}
