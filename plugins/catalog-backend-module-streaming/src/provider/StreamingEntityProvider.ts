import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  AssetType,
  CatalogFeedAsset,
  CatalogFeedState,
  STREAMING_PROVIDER_LOCATION,
} from '@backstage-streaming/plugin-streaming-common';
import { CatalogFeed, CatalogFeedClient } from '../client/CatalogFeedClient';
import { STREAMING_ATTACHMENTS_REFRESH_KEY } from '../processor/StreamingRelationsProcessor';
import { assetToEntity } from './assetToEntity';
import { passesFilters } from './assetFilter';
import { readStreamingProviderConfig, StreamingProviderConfig } from './config';

/**
 * Adopters' changes to the entities before they reach the catalog: return the
 * entity (changed or not), or undefined to leave the asset out.
 */
export type StreamingEntityTransform = (
  entity: Entity,
  asset: CatalogFeedAsset,
) => Entity | undefined | Promise<Entity | undefined>;

/** What one run applied, for logs and tests. */
export interface StreamingProviderRun {
  mutation: 'full' | 'delta';
  entities: number;
  removed: number;
}

/**
 * Turns the streaming backend's inventory into Resource entities
 * (docs/catalog.md). It reads the backend's internal feed, never AWS. A full
 * mutation replaces what it provided only when every account-region in scope
 * refreshed successfully; otherwise a delta mutation upserts what the good
 * account-regions hold and removes only what a successful listing found gone,
 * so a failed or partial refresh deletes nothing.
 */
export class StreamingEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastGeneration?: string;
  private running?: Promise<StreamingProviderRun | undefined>;

  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      scheduler: SchedulerService;
      discovery: DiscoveryService;
      auth: AuthService;
      transforms?: StreamingEntityTransform[];
      /** Replaces the HTTP client, for tests. */
      feed?: CatalogFeed;
    },
  ): StreamingEntityProvider | undefined {
    const settings = readStreamingProviderConfig(config);
    if (!settings) return undefined;
    return new StreamingEntityProvider(
      settings,
      options.feed ?? new CatalogFeedClient(options.discovery, options.auth),
      options.logger.child({ target: 'streaming-provider' }),
      options.transforms ?? [],
      options.scheduler,
      options.scheduler.createScheduledTaskRunner(settings.schedule),
    );
  }

  private constructor(
    private readonly settings: StreamingProviderConfig,
    private readonly feed: CatalogFeed,
    private readonly logger: LoggerService,
    private readonly transforms: StreamingEntityTransform[],
    private readonly scheduler: SchedulerService,
    private readonly taskRunner: SchedulerServiceTaskRunner,
  ) {}

  getProviderName(): string {
    return STREAMING_PROVIDER_LOCATION;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
    if (this.settings.changeCheckSeconds > 0) {
      await this.scheduler.scheduleTask({
        id: `${this.getProviderName()}:change-check`,
        frequency: { seconds: this.settings.changeCheckSeconds },
        timeout: { minutes: 10 },
        initialDelay: { seconds: this.settings.changeCheckSeconds },
        fn: async () => {
          await this.refreshIfChanged();
        },
      });
    }
  }

  /** Re-reads the inventory when a refresh stored something since the last run. */
  async refreshIfChanged(): Promise<StreamingProviderRun | undefined> {
    try {
      const state = await this.feed.getState();
      if (state.generation === this.lastGeneration) return undefined;
    } catch (error) {
      this.logger.warn(
        `Could not ask the streaming backend for changes: ${error}`,
      );
      return undefined;
    }
    return this.refresh();
  }

  /** One run; errors are logged, never thrown, and leave the catalog as it was. */
  async refresh(): Promise<StreamingProviderRun | undefined> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async run(): Promise<StreamingProviderRun | undefined> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    try {
      const state = await this.feed.getState();
      const inScope = state.accountRegions.filter(
        ar =>
          (this.settings.filters.accounts.length === 0 ||
            this.settings.filters.accounts.includes(ar.accountId)) &&
          (this.settings.filters.regions.length === 0 ||
            this.settings.filters.regions.includes(ar.region)),
      );
      // With no account-region in scope, "all refreshed" would be vacuous
      // and a full mutation would delete everything: never.
      const complete =
        inScope.length > 0 && inScope.every(ar => ar.state === 'ok');
      const { entities, removed } = await this.readEntities(state, complete);
      if (complete) {
        await this.connection.applyMutation({ type: 'full', entities });
      } else {
        await this.connection.applyMutation({
          type: 'delta',
          added: entities,
          removed,
        });
      }
      if (state.generation !== this.lastGeneration) {
        // What entities attach may have changed with the refresh: re-process them.
        await this.connection.refresh({
          keys: [STREAMING_ATTACHMENTS_REFRESH_KEY],
        });
      }
      this.lastGeneration = state.generation;
      const run: StreamingProviderRun = {
        mutation: complete ? 'full' : 'delta',
        entities: entities.length,
        removed: removed.length,
      };
      this.logger.info(
        `Applied a ${run.mutation} mutation: ${run.entities} entities${
          complete
            ? ''
            : `, ${
                run.removed
              } removed (account-regions not refreshed: ${inScope
                .filter(ar => ar.state !== 'ok')
                .map(ar => `${ar.accountId}/${ar.region} ${ar.state}`)
                .join(', ')})`
        }`,
      );
      return run;
    } catch (error) {
      this.logger.error(
        `Could not read the streaming inventory; the catalog keeps what it had: ${error}`,
      );
      return undefined;
    }
  }

  /**
   * Reads the feed a page at a time. In a delta (`complete` false) only
   * assets of account-regions that refreshed are upserted; assets a
   * successful listing found gone are removed either way (a full mutation
   * removes them by leaving them out).
   */
  private async readEntities(
    state: CatalogFeedState,
    complete: boolean,
  ): Promise<{
    entities: DeferredEntity[];
    removed: Array<{ entityRef: string; locationKey: string }>;
  }> {
    const { settings } = this;
    const refreshed = new Set(
      state.accountRegions
        .filter(ar => ar.state === 'ok')
        .map(ar => `${ar.accountId}/${ar.region}`),
    );
    // Clusters are always read: topics and consumer groups take their tags
    // (filters, system) from them. ARNs sort `cluster/` before `group/` and
    // `topic/` within an account-region, so a cluster comes before its topics.
    const readTypes: AssetType[] = [
      ...new Set<AssetType>(['kafka-cluster', ...settings.assetTypes]),
    ];
    const clusterTags = new Map<string, Record<string, string>>();
    const entities: DeferredEntity[] = [];
    const removed: Array<{ entityRef: string; locationKey: string }> = [];
    let after: string | undefined;
    do {
      const page = await this.feed.getPage({
        after,
        limit: settings.pageSize,
        assetTypes: readTypes,
        accountIds: settings.filters.accounts,
        regions: settings.filters.regions,
        flinkTopicKeys: settings.flinkTopicPropertyKeys,
      });
      for (const asset of page.items) {
        if (asset.assetType === 'kafka-cluster') {
          clusterTags.set(asset.arn, asset.tags);
        }
        if (!settings.assetTypes.includes(asset.assetType)) continue;
        const tagsOfCluster = asset.clusterArn
          ? clusterTags.get(asset.clusterArn)
          : undefined;
        if (!passesFilters(asset, settings.filters, tagsOfCluster)) continue;
        const entity = await this.transform(
          assetToEntity(asset, settings, tagsOfCluster),
          asset,
        );
        if (!entity) continue;
        if (asset.gone) {
          if (!complete) {
            removed.push({
              entityRef: stringifyEntityRef(entity),
              locationKey: STREAMING_PROVIDER_LOCATION,
            });
          }
          continue;
        }
        if (complete || refreshed.has(`${asset.accountId}/${asset.region}`)) {
          entities.push({ entity, locationKey: STREAMING_PROVIDER_LOCATION });
        }
      }
      after = page.nextAfter ?? undefined;
    } while (after);
    return { entities, removed };
  }

  private async transform(
    entity: Entity,
    asset: CatalogFeedAsset,
  ): Promise<Entity | undefined> {
    let current: Entity | undefined = entity;
    for (const transform of this.transforms) {
      if (!current) return undefined;
      current = await transform(current, asset);
    }
    return current;
  }
}
