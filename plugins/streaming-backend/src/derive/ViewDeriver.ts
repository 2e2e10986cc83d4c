import { LoggerService } from '@backstage/backend-plugin-api';
import { CostCalculator } from '../cost/CostCalculator';
import { AssetViewStore } from '../database/AssetViewStore';
import { InventoryStore } from '../database/InventoryStore';
import { OwnershipSettings } from '../service/toAssets';
import { deriveAccountRegion } from './deriveViews';

/** How far back recorded parallelism changes count as autoscaling events. */
const AUTOSCALING_WINDOW_MS = 30 * 86_400_000;

/**
 * The refresh-time derivation: after the inventory of an account-region
 * changes (its refresh, the slow metrics refresh, the owner pass), its
 * assets' cost, shares, KPUs, health and right-sizing are computed once and
 * stored, so readers only read. Only that account-region is re-derived; one
 * whose refresh failed keeps the rows derived before (marked stale).
 */
export class ViewDeriver {
  /**
   * The derivation running now, or done: the next one starts after it. One
   * account-region's assets, views and rows are in memory at a time, however
   * many account-region tasks finish together (at 30,000 topics, twenty at
   * once grew the heap by hundreds of MB that V8 then kept). The writes of
   * SQLite are serial anyway; on PostgreSQL a derivation takes well under a
   * second, against minutes of AWS reads per refresh.
   */
  private previous: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      store: InventoryStore;
      views: AssetViewStore;
      costs: CostCalculator;
      ownership: OwnershipSettings;
      logger?: LoggerService;
      now?: () => Date;
      /** Called after each derivation, e.g. to drop cached entity resolutions. */
      onDerived?: () => void;
      /**
       * Called before each derivation, e.g. to load the prices another
       * replica's price-list task stored since this one last read them.
       */
      beforeDerive?: () => Promise<unknown>;
    },
  ) {}

  /** Derives one account-region, after any derivation already under way in this process. */
  deriveAccountRegion(accountId: string, region: string): Promise<void> {
    const run = this.previous.then(() =>
      this.deriveAccountRegionNow(accountId, region),
    );
    // The queue goes on after a failure; the caller sees it.
    this.previous = run.catch(() => undefined);
    return run;
  }

  private async deriveAccountRegionNow(
    accountId: string,
    region: string,
  ): Promise<void> {
    const { store, views, costs, ownership, now } = this.options;
    await this.options.beforeDerive?.();
    const at = now?.() ?? new Date();
    const assets = await store.listAccountRegionAssets(accountId, region);
    const applications = assets
      .filter(a => a.assetType === 'flink-application')
      .map(a => a.arn);
    const parallelism = await store.parallelismHistories(
      applications,
      new Date(at.getTime() - AUTOSCALING_WINDOW_MS).toISOString(),
    );
    const derived = deriveAccountRegion({
      assets,
      parallelism,
      costs,
      ownership,
      derivedAt: at.toISOString(),
    });
    await views.replaceAccountRegion(accountId, region, derived);
    this.options.onDerived?.();
  }

  /** Derives each account-region; one failing is logged and leaves its rows as they were. */
  async deriveAll(
    targets: Array<{ accountId: string; region: string }>,
  ): Promise<void> {
    for (const { accountId, region } of targets) {
      try {
        await this.deriveAccountRegion(accountId, region);
      } catch (error) {
        this.options.logger?.warn(
          `Could not derive the stored streaming views of account ${accountId} in ${region}; the previous ones stay: ${error}`,
        );
      }
    }
  }

  /**
   * On start-up after an upgrade, an inventory stored before views existed
   * gets its views at once rather than at the next refresh.
   */
  async deriveIfNeverDerived(
    targets: Array<{ accountId: string; region: string }>,
  ): Promise<boolean> {
    const { store, views } = this.options;
    if (!(await views.isEmpty()) || (await store.countAssets()) === 0) {
      return false;
    }
    await this.deriveAll(targets);
    return true;
  }

  async markAccountRegionStale(accountId: string, region: string) {
    await this.options.views.markAccountRegionStale(accountId, region);
    this.options.onDerived?.();
  }
}
