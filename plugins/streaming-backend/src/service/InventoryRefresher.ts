import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  HealthThresholds,
  STREAMING_ANNOTATIONS,
  isStreamingProviderEntity,
  StreamingAsset,
} from '@backstage-streaming/plugin-streaming-common';
import {
  AwsCallCounter,
  AwsReadError,
  mapWithConcurrency,
  SeriesBudget,
  StreamingAwsService,
  toAwsCallError,
} from '@backstage-streaming/plugin-streaming-node';
import { InventoryStore } from '../database/InventoryStore';
import { AssetViewStore } from '../database/AssetViewStore';
import { ViewDeriver } from '../derive/ViewDeriver';
import { EntityAssetResolver } from './EntityAssetResolver';
import {
  collectMetrics,
  describeMetricsUsage,
} from '../metrics/collectMetrics';
import { ownerFromTags, OwnershipSettings, snapshotToAssets } from './toAssets';

/** Account-regions read at once; each one bounds its own calls too. */
const ACCOUNT_REGION_CONCURRENCY = 2;

export interface RefreshSummary {
  accountRegions: number;
  failed: number;
  assets: number;
  gone: number;
  purged: number;
}

export interface InventoryRefresherOptions {
  aws: StreamingAwsService;
  store: InventoryStore;
  resolver: EntityAssetResolver;
  /** Derives the stored views after each change; the attachments go to its store. */
  deriver: ViewDeriver;
  views: AssetViewStore;
  /** Called when a whole refresh has completed (e.g. to drop cached resolutions). */
  onRefreshed?: () => void;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  thresholds: HealthThresholds;
  ownership: OwnershipSettings;
  /** Gone assets are deleted this many days after they were last seen. */
  purgeGoneAfterDays: number;
  /** Cap on CloudWatch series one refresh requests (streaming.metrics.maxSeriesPerRefresh). */
  maxSeriesPerRefresh: number;
  /** DescribeTopic calls per account-region per refresh (streaming.refresh.maxTopicDescribes); 0 or absent: no limit. */
  maxTopicDescribes?: number;
  /** How often the refresh runs, for the metrics cost log line; null for cron schedules. */
  frequencySeconds: number | null;
  now?: () => Date;
}

/**
 * Reads every configured account and region and persists what it finds. One
 * account-region failing is recorded for it alone: its known assets are kept,
 * marked stale, and the others refresh normally.
 */
export class InventoryRefresher {
  constructor(private readonly options: InventoryRefresherOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async refreshAll(): Promise<RefreshSummary> {
    const { logger } = this.options;
    // One cap for the whole refresh, drawn from by concurrent account-regions.
    const budget = new SeriesBudget(this.options.maxSeriesPerRefresh);
    const targets = this.targets();
    const outcomes = await mapWithConcurrency(
      targets,
      ACCOUNT_REGION_CONCURRENCY,
      target =>
        this.refreshAccountRegion(target.accountId, target.region, budget),
    );
    const purged = await this.finishRefresh(targets);
    const summary = {
      accountRegions: targets.length,
      failed: outcomes.filter(o => !o.ok).length,
      assets: outcomes.reduce((sum, o) => sum + o.assets, 0),
      gone: outcomes.reduce((sum, o) => sum + o.gone, 0),
      purged,
    };
    logger.info(
      `Streaming inventory refreshed: ${summary.assets} assets from ${summary.accountRegions} account-regions, ${summary.failed} failed, ${summary.gone} newly gone, ${summary.purged} purged`,
    );
    logger.info(
      describeMetricsUsage(
        'inventory metrics',
        budget.requested,
        budget.skipped,
        this.options.frequencySeconds,
      ),
    );
    return summary;
  }

  /**
   * The estate-wide steps after account-regions were refreshed: owners from
   * the entities that attach assets (re-deriving the account-regions whose
   * owners changed), the purge of long-gone assets, and the cache drop.
   * Returns how many assets were purged.
   */
  async finishRefresh(
    targets: Array<{ accountId: string; region: string }> = this.targets(),
  ): Promise<number> {
    const { store, purgeGoneAfterDays } = this.options;
    const ownersChanged = await this.assignOwnersFromEntities();
    // Owners feed the shares, the owner columns and the claims: re-derive where they changed.
    await this.options.deriver.deriveAll(
      targets.filter(t => ownersChanged.has(`${t.accountId}/${t.region}`)),
    );
    const purged = await store.purgeGone(
      new Date(
        this.now().getTime() - purgeGoneAfterDays * 86_400_000,
      ).toISOString(),
    );
    if (purged > 0) await this.options.views.deleteOrphans();
    this.options.onRefreshed?.();
    return purged;
  }

  private targets() {
    return this.options.aws.config.accounts.flatMap(account =>
      account.regions.map(region => ({ accountId: account.accountId, region })),
    );
  }

  async refreshAccountRegion(
    accountId: string,
    region: string,
    budget: SeriesBudget = new SeriesBudget(this.options.maxSeriesPerRefresh),
  ): Promise<{ ok: boolean; assets: number; gone: number }> {
    const { aws, store, logger, thresholds, ownership } = this.options;
    const startedAt = this.now().toISOString();
    try {
      const previous = await store.previousInventory(accountId, region);
      const snapshot = await aws.readAccountRegion(
        accountId,
        region,
        previous,
        { maxTopicDescribes: this.options.maxTopicDescribes ?? 0 },
      );
      if (snapshot.topicsDeferred > 0) {
        logger.info(
          `Streaming inventory of account ${accountId} in ${region}: ${snapshot.topicsDeferred} topics await a DescribeTopic beyond this refresh's budget of ${this.options.maxTopicDescribes} (streaming.refresh.maxTopicDescribes); they keep their stored configuration and later refreshes describe them`,
        );
      }
      // First pass: the assets as listed, to plan which metrics to read for them.
      const listed = snapshotToAssets(snapshot, {
        refreshedAt: startedAt,
        thresholds,
        ownership,
      });
      const clusters = new Map(
        listed.flatMap(a =>
          a.assetType === 'kafka-cluster' ? [[a.arn, a] as const] : [],
        ),
      );
      let metrics;
      let metricsProblem;
      const metricCalls = new AwsCallCounter();
      try {
        metrics = await collectMetrics({
          aws,
          accountId,
          region,
          assets: listed,
          clusters,
          cadence: 'inventory',
          budget,
          counterWindowSeconds: thresholds.flinkCounterWindowMinutes * 60,
          counter: metricCalls,
          now: new Date(startedAt),
        });
      } catch (error) {
        // Without metrics the inventory still counts; the metric rules say "unknown".
        metricsProblem =
          error instanceof AwsReadError
            ? error.detail
            : toAwsCallError('GetMetricData', error);
      }
      const assets = snapshotToAssets(snapshot, {
        refreshedAt: startedAt,
        thresholds,
        ownership,
        metrics,
        metricsProblem,
      });
      const listedFor = new Set(snapshot.topicsListedFor);
      const serverless = snapshot.clusters
        .filter(c => c.clusterType === 'serverless')
        .map(c => c.arn);
      const { gone } = await store.replaceAccountRegion({
        accountId,
        region,
        assets,
        keepTopicsOfClusters: snapshot.clusters
          .map(c => c.arn)
          .filter(arn => !listedFor.has(arn) && !serverless.includes(arn)),
        // Serverless topics come from the slower refresh's CloudWatch discovery.
        discoveredTopicsOfClusters: serverless,
      });
      for (const application of snapshot.applications) {
        const parallelism = application.details?.parallelism;
        if (parallelism?.currentParallelism) {
          await store.recordParallelism(
            application.arn,
            startedAt,
            parallelism.currentParallelism,
            parallelism.parallelismPerKpu ?? 1,
          );
        }
      }
      await store.upsertRefreshStatus({
        accountId,
        region,
        lastAttemptAt: startedAt,
        lastSuccessAt: startedAt,
        lastErrorCode: null,
        lastErrorMessage: null,
        assetsSeen: assets.length,
        topicsAwaitingDescribe: snapshot.topicsAwaitingDescribe,
        calls: {
          ...snapshot.calls,
          ...metricCalls.toJSON(),
        },
      });
      await this.options.deriver.deriveAll([{ accountId, region }]);
      return { ok: true, assets: assets.length, gone };
    } catch (error) {
      const detail =
        error instanceof AwsReadError
          ? error.detail
          : toAwsCallError('Refresh', error);
      logger.warn(
        `Streaming refresh of account ${accountId} in ${region} failed: ${detail.operation} ${detail.code}: ${detail.message}`,
      );
      await store.markAccountRegionStale(accountId, region);
      // The rows derived before stay (stale), like the assets they describe.
      await this.options.deriver.markAccountRegionStale(accountId, region);
      const previousStatus = await store.getRefreshStatus(accountId, region);
      await store.upsertRefreshStatus({
        accountId,
        region,
        lastAttemptAt: startedAt,
        lastSuccessAt: previousStatus?.lastSuccessAt ?? null,
        lastErrorCode: detail.code,
        lastErrorMessage: `${detail.operation}: ${detail.message}`,
        assetsSeen: 0,
        // Nothing was described: the backlog the last successful read left stands.
        topicsAwaitingDescribe: previousStatus?.topicsAwaitingDescribe ?? 0,
        calls: error instanceof AwsReadError ? error.calls ?? {} : {},
      });
      return { ok: false, assets: 0, gone: 0 };
    }
  }

  /**
   * Assets whose tags name no owner are claimed by the owners of the entities
   * that attach them: one claimant owns the asset; several different ones
   * leave it unowned with the claimants recorded, so no entity wins by its
   * name. A tag owner always wins over claims. The entities are read with the
   * plugin's own credentials; when the catalog cannot be read, the owners
   * stored before are kept. Records which entities attach which assets, and
   * returns the account-regions (`account/region`) whose owners changed.
   */
  async assignOwnersFromEntities(): Promise<Set<string>> {
    const { catalog, auth, resolver, store, logger, ownership, views } =
      this.options;
    let entities: Entity[];
    try {
      const response = await catalog.getEntities(
        {
          filter: STREAMING_ANNOTATIONS.map(annotation => ({
            [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
          })),
          fields: ['kind', 'metadata', 'spec.owner'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      // The catalog provider's Resources stand for assets; they never claim them.
      entities = response.items.filter(e => !isStreamingProviderEntity(e));
    } catch (error) {
      logger.warn(
        `Could not read annotated entities to derive asset owners: ${error}`,
      );
      return new Set();
    }

    const claimants = new Map<string, Set<string>>();
    const attachments: Array<{
      arn: string;
      entityRef: string;
      entityOwner: string | null;
    }> = [];
    const statuses = await store.listRefreshStatus();
    for (const entity of entities) {
      const owner = ownerOfEntity(entity);
      const attached = await resolver.resolveAttachments(entity, statuses);
      const entityRef = stringifyEntityRef(entity);
      for (const asset of [
        ...attached.clusters,
        ...attached.topics,
        ...attached.applications,
        ...attached.consumerGroups,
      ]) {
        attachments.push({ arn: asset.arn, entityRef, entityOwner: owner });
        if (!owner) continue;
        claimants.set(
          asset.arn,
          (claimants.get(asset.arn) ?? new Set()).add(owner),
        );
      }
    }

    const owners = new Map<
      string,
      { owner: string | null; claimedBy: string[] }
    >();
    const changedAccountRegions = new Set<string>();
    // A region at a time (a topic's or group's cluster is in its own
    // account-region), so the pass never holds the whole estate's assets.
    for (const { accountId, region } of await store.listAssetAccountRegions()) {
      const assets = await store.listAccountRegionAssets(accountId, region);
      const clusterTagOwner = new Map<string, string | null>();
      for (const asset of assets) {
        if (asset.assetType === 'kafka-cluster') {
          clusterTagOwner.set(asset.arn, ownerFromTags(asset.tags, ownership));
        }
      }
      for (const asset of assets) {
        if (tagOwner(asset, clusterTagOwner, ownership)) {
          // A claim never overrides a tag owner; drop claims recorded before the tag.
          if (asset.claimedBy?.length) {
            owners.set(asset.arn, { owner: asset.owner, claimedBy: [] });
            changedAccountRegions.add(`${accountId}/${region}`);
          }
          continue;
        }
        // A topic or consumer group nobody attaches is claimed with its cluster.
        const claimedBy = [
          ...(claimants.get(asset.arn) ??
            (asset.assetType === 'kafka-topic' ||
            asset.assetType === 'consumer-group'
              ? claimants.get(asset.clusterArn)
              : undefined) ??
            []),
        ].sort();
        const derived = claimedBy.length === 1 ? claimedBy[0] : null;
        if (
          derived !== asset.owner ||
          claimedBy.join(',') !== (asset.claimedBy ?? []).join(',')
        ) {
          owners.set(asset.arn, { owner: derived, claimedBy });
          changedAccountRegions.add(`${accountId}/${region}`);
        }
      }
    }
    await store.setOwners(owners);
    await views.replaceAttachments(attachments);
    return changedAccountRegions;
  }
}

function tagOwner(
  asset: StreamingAsset,
  clusterTagOwner: Map<string, string | null>,
  ownership: OwnershipSettings,
): string | null {
  // Topics and consumer groups carry no tags: their cluster's tags speak for them.
  if (asset.assetType === 'kafka-topic' || asset.assetType === 'consumer-group')
    return clusterTagOwner.get(asset.clusterArn) ?? null;
  return ownerFromTags(asset.tags, ownership);
}

function ownerOfEntity(entity: Entity): string | null {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return null;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return null;
  }
}
