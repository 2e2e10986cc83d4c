import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import type { Entity } from '@backstage/catalog-model';
import {
  streamingAssetReadPermission,
  streamingCostReadPermission,
  streamingRefreshPermission,
  streamingStatusReadPermission,
} from '@backstage-streaming/plugin-streaming-common';
import {
  DefaultStreamingBillingReader,
  streamingAssetPermissionRules,
  streamingAssetResourceRef,
  streamingAwsServiceRef,
} from '@backstage-streaming/plugin-streaming-node';
import { PriceListStore } from './database/PriceListStore';
import { CostExplorerStore } from './database/CostExplorerStore';
import { CurrentPricing } from './pricing/CurrentPricing';
import { PriceListRefresher } from './pricing/PriceListRefresher';
import { ActualCostRefresher } from './billing/ActualCostRefresher';
import { ActualCostService } from './billing/ActualCostService';
import { createBillingRoutes } from './service/billingRoutes';
import { InventoryStore } from './database/InventoryStore';
import { CostHistoryStore } from './database/CostHistoryStore';
import { CostHistoryRecorder } from './history/CostHistoryRecorder';
import { AssetViewStore } from './database/AssetViewStore';
import { ViewDeriver } from './derive/ViewDeriver';
import { EntityAnswer } from './service/EntityAnswer';
import { ResolutionCache } from './service/ResolutionCache';
import { DecisionCache } from './service/CallerCaches';
import { TtlCache } from './service/TtlCache';
import { frequencySeconds, readStreamingBackendConfig } from './service/config';
import { SlowMetricsRefresher } from './service/SlowMetricsRefresher';
import { MetricSeriesService } from './metrics/MetricSeriesService';
import { RateLimiter } from './metrics/RateLimiter';
import { EntityAssetResolver } from './service/EntityAssetResolver';
import { CostCalculator } from './cost/CostCalculator';
import { InventoryRefresher } from './service/InventoryRefresher';
import { scheduleRefreshTasks } from './service/refreshTasks';
import { AssetAccess } from './service/AssetAccess';
import { createRouter, EncodedAnswer, RefreshTrigger } from './service/router';
import { createEstateRouter } from './service/estateRouter';
import { createCatalogFeedRouter } from './service/catalogFeedRoutes';
import { EstateQueries } from './database/EstateQueries';

export { REFRESH_TASK_ID, SLOW_METRICS_TASK_ID } from './service/refreshTasks';
export { accountRegionTaskId } from './service/accountRegionTasks';
export const COST_HISTORY_TASK_ID = 'streaming-cost-history';
export const PRICE_LIST_TASK_ID = 'streaming-price-list';
export const COST_EXPLORER_TASK_ID = 'streaming-cost-explorer';

/**
 * Serialised answers kept per cache, in bytes: an entity attaching a large
 * prefix or a 500-row estate page is hundreds of kB, so the entry counts
 * alone would let a cache hold hundreds of MB (docs/installing.md, memory).
 */
const ANSWER_CACHE_BYTES = {
  sizeOf: (answer: EncodedAnswer) => answer.body.byteLength,
  maxSize: 32 * 1024 * 1024,
};

/**
 * The streaming backend: keeps the MSK and Managed Flink inventory fresh on a
 * schedule and serves it to entity pages from the database, never from a live
 * AWS call per page view.
 */
export const streamingPlugin = createBackendPlugin({
  pluginId: 'streaming',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        cache: coreServices.cache,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        aws: streamingAwsServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        cache,
        permissions,
        permissionsRegistry,
        catalog,
        aws,
      }) {
        const settings = readStreamingBackendConfig(config);
        const store = await InventoryStore.create(database, { logger });
        // Per-caller caches (docs/permissions.md): never older than the TTL
        // (at most 30 s), dropped with the resolutions when a refresh or a
        // derivation completes.
        const cacheOptions = {
          ttlSeconds: settings.entityCacheTtlSeconds,
          maxEntries: 5000,
        };
        const decisions = new DecisionCache(permissions, cacheOptions);
        const entityCaches = {
          entities: new TtlCache<Entity>(cacheOptions),
          /** The estate lists' total counts. */
          counts: new TtlCache<number>(cacheOptions),
          answers: new TtlCache<EncodedAnswer>({
            ...cacheOptions,
            maxEntries: 500,
            ...ANSWER_CACHE_BYTES,
          }),
          /** Serialised estate answers: a list page is up to 500 rows, so fewer entries. */
          estateAnswers: new TtlCache<EncodedAnswer>({
            ...cacheOptions,
            maxEntries: 200,
            ...ANSWER_CACHE_BYTES,
          }),
        };
        permissionsRegistry.addPermissions([
          streamingRefreshPermission,
          streamingStatusReadPermission,
        ]);
        const access = new AssetAccess({
          store,
          ownership: settings.ownership,
          permissions,
          decisions,
          ruleset: {
            // Resolved on use: the ruleset includes rules modules add later.
            getRuleByName: name =>
              permissionsRegistry
                .getPermissionRuleset(streamingAssetResourceRef)
                .getRuleByName(name),
          },
        });
        permissionsRegistry.addResourceType({
          resourceRef: streamingAssetResourceRef,
          permissions: [
            streamingAssetReadPermission,
            streamingCostReadPermission,
          ],
          rules: Object.values(streamingAssetPermissionRules),
          // Resource refs are asset ARNs; the permission backend asks with
          // them to decide conditions for `authorize` calls.
          getResources: arns => access.getResources(arns),
        });
        const views = new AssetViewStore(await database.getClient());
        const resolver = new EntityAssetResolver(store, aws.config, views);
        const resolutions = new ResolutionCache(cacheOptions);
        const invalidateCaches = () => {
          resolutions.invalidate();
          decisions.invalidate();
          entityCaches.entities.invalidate();
          entityCaches.answers.invalidate();
          entityCaches.counts.invalidate();
          entityCaches.estateAnswers.invalidate();
        };
        // The prices in force: streaming.pricing over the stored Price List
        // API prices over the built-in tables; the stored ones from the start,
        // so a restart or an unreachable API keeps the last good prices.
        const pricing = new CurrentPricing(settings.pricing);
        const priceLists = new PriceListStore(await database.getClient());
        const billingReader = DefaultStreamingBillingReader.fromConfig(config);
        const accountRegions = aws.config.accounts.flatMap(account =>
          account.regions.map(region => ({
            accountId: account.accountId,
            region,
          })),
        );
        const priceListRefresher = new PriceListRefresher({
          reader: billingReader,
          store: priceLists,
          pricing,
          settings: settings.priceList,
          regions: [...new Set(accountRegions.map(t => t.region))],
          logger,
        });
        await priceListRefresher.useStored();
        const deriver = new ViewDeriver({
          store,
          views,
          costs: new CostCalculator(pricing, settings.kpuLimit, {
            internalTopicPattern: settings.internalTopicPattern,
            chargebackModel: settings.chargebackModel,
          }),
          ownership: settings.ownership,
          logger,
          onDerived: invalidateCaches,
          // The price-list task runs on one replica: every replica derives
          // with the prices stored last, not the ones it read at start-up.
          beforeDerive: () => priceListRefresher.useStored(),
        });
        await deriver.deriveIfNeverDerived(accountRegions);
        for (const warning of settings.pricing.warnings) {
          logger.warn(warning);
        }
        const refresher = new InventoryRefresher({
          aws,
          store,
          resolver,
          deriver,
          views,
          onRefreshed: invalidateCaches,
          catalog,
          auth,
          logger,
          thresholds: settings.thresholds,
          ownership: settings.ownership,
          purgeGoneAfterDays: settings.purgeGoneAfterDays,
          maxSeriesPerRefresh: settings.maxSeriesPerRefresh,
          maxTopicDescribes: settings.maxTopicDescribes,
          frequencySeconds: frequencySeconds(settings.schedule),
        });
        const slowRefresher = new SlowMetricsRefresher({
          aws,
          store,
          deriver,
          logger,
          thresholds: settings.thresholds,
          ownership: settings.ownership,
          maxSeriesPerRefresh: settings.maxSeriesPerRefresh,
          frequencySeconds: frequencySeconds(settings.slowSchedule),
          throughputWindowHours: settings.throughputWindowHours,
        });

        if (aws.config.accounts.length === 0) {
          logger.warn(
            'streaming.aws.accounts lists no account: the streaming inventory stays empty',
          );
        }
        // One global task per account-region: replicas share the estate and
        // a slow account delays only its own task.
        const refreshTasks = await scheduleRefreshTasks({
          scheduler,
          logger,
          targets: aws.config.accounts.flatMap(account =>
            account.regions.map(region => ({
              accountId: account.accountId,
              region,
            })),
          ),
          store,
          inventory: refresher,
          slowMetrics: slowRefresher,
          schedule: settings.schedule,
          slowSchedule: settings.slowSchedule,
          maxSeriesPerRefresh: settings.maxSeriesPerRefresh,
          frequencySeconds: frequencySeconds(settings.schedule),
          slowFrequencySeconds: frequencySeconds(settings.slowSchedule),
        });

        const costHistory = new CostHistoryStore(await database.getClient());
        const costHistoryRecorder = new CostHistoryRecorder({
          history: costHistory,
          inventory: store,
          aws,
          logger,
          retentionDays: settings.historyRetentionDays,
          backfillDays: settings.historyBackfillDays,
          maxSeries: settings.maxSeriesPerRefresh,
        });
        await scheduler.scheduleTask({
          id: COST_HISTORY_TASK_ID,
          // Today's row is replaced on each run, so the day's last run stands;
          // hourly, so the first start records (and backfills) soon after the
          // first refresh has derived the estate, whenever that finishes.
          frequency: { hours: 1 },
          timeout: { minutes: 15 },
          initialDelay: { minutes: 2 },
          scope: 'global',
          fn: async () => {
            await costHistoryRecorder.run();
          },
        });

        await scheduler.scheduleTask({
          id: PRICE_LIST_TASK_ID,
          ...settings.priceList.schedule,
          scope: 'global',
          fn: async () => {
            const result = await priceListRefresher.refresh();
            // New prices: the stored estimates are derived again with them.
            if (result.stored.length > 0) {
              await deriver.deriveAll(accountRegions);
            }
          },
        });

        const costExplorerStore = new CostExplorerStore(
          await database.getClient(),
        );
        if (settings.costExplorer.enabled) {
          const actualCostRefresher = new ActualCostRefresher({
            reader: billingReader,
            store: costExplorerStore,
            settings: settings.costExplorer,
            logger,
          });
          await scheduler.scheduleTask({
            id: COST_EXPLORER_TASK_ID,
            ...settings.costExplorer.schedule,
            scope: 'global',
            fn: async () => {
              await actualCostRefresher.refresh();
            },
          });
        }
        const actualCost = new ActualCostService({
          store: costExplorerStore,
          settings: settings.costExplorer,
          ownership: settings.ownership,
          accountIds: aws.config.accounts.map(a => a.accountId),
        });

        const triggerRefresh: RefreshTrigger = async () => {
          const attempts = (await store.listRefreshStatus())
            .map(s => s.lastAttemptAt)
            .sort();
          const last = attempts[attempts.length - 1];
          if (
            last &&
            Date.now() - Date.parse(last) <
              settings.refreshDebounceSeconds * 1000
          ) {
            return { state: 'recently-refreshed', lastRefreshAt: last };
          }
          return { state: await refreshTasks.triggerRefresh() };
        };

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            catalog,
            store,
            answer: new EntityAnswer({
              store,
              views,
              resolver,
              cache: resolutions,
              awsConfig: aws.config,
            }),
            access,
            awsConfig: aws.config,
            triggerRefresh,
            pricing,
            entityCaches,
            metricSeries: new MetricSeriesService({ aws, cache, logger }),
            rateLimiter: new RateLimiter(settings.rateLimit),
          }),
        );
        httpRouter.use(
          createCatalogFeedRouter({
            httpAuth,
            store,
            views,
            awsConfig: aws.config,
          }),
        );
        httpRouter.use(
          createBillingRoutes({
            httpAuth,
            access,
            store,
            views,
            pricing,
            priceLists,
            actualCost,
          }),
        );
        httpRouter.use(
          createEstateRouter({
            httpAuth,
            permissions,
            queries: new EstateQueries(await database.getClient()),
            history: costHistory,
            decisions,
            counts: entityCaches.counts,
            answers: entityCaches.estateAnswers,
            chargebackModel: settings.chargebackModel,
            actualCost,
            getRuleset: () =>
              permissionsRegistry.getPermissionRuleset(
                streamingAssetResourceRef,
              ),
          }),
        );
      },
    });
  },
});
