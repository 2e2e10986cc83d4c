import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { SeriesBudget } from '@backstage-streaming/plugin-streaming-node';
import { describeMetricsUsage } from '../metrics/collectMetrics';
import {
  AccountRegion,
  scheduleAccountRegionTasks,
  shareOfCap,
  TriggerOutcome,
} from './accountRegionTasks';
import { InventoryStore } from '../database/InventoryStore';
import { CoalescedRun } from './CoalescedRun';
import { InventoryRefresher } from './InventoryRefresher';
import { SlowMetricsRefresher } from './SlowMetricsRefresher';

export const REFRESH_TASK_ID = 'streaming-inventory-refresh';
export const SLOW_METRICS_TASK_ID = 'streaming-slow-metrics-refresh';

/**
 * Schedules the inventory refresh and the slow metrics as one global task per
 * account-region each. After an account-region's inventory is stored, the
 * estate-wide pass (owners, purge, cache drop) runs, coalesced in this
 * process, so its cost does not grow with the number of account-regions.
 */
export async function scheduleRefreshTasks(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  targets: AccountRegion[];
  /** Where each account-region's asset count of its last refresh is read from. */
  store: Pick<InventoryStore, 'listRefreshStatus'>;
  inventory: InventoryRefresher;
  slowMetrics: SlowMetricsRefresher;
  schedule: SchedulerServiceTaskScheduleDefinition;
  slowSchedule: SchedulerServiceTaskScheduleDefinition;
  maxSeriesPerRefresh: number;
  frequencySeconds: number | null;
  slowFrequencySeconds: number | null;
}): Promise<{ triggerRefresh(): Promise<TriggerOutcome> }> {
  const { scheduler, logger, targets, inventory, slowMetrics, store } = options;
  const seriesShare = async (target: AccountRegion) =>
    shareOfCap(
      options.maxSeriesPerRefresh,
      target,
      targets,
      new Map(
        (await store.listRefreshStatus()).map(s => [
          `${s.accountId}/${s.region}`,
          s.assetsSeen,
        ]),
      ),
    );
  const finish = new CoalescedRun(async () => {
    await inventory.finishRefresh(targets);
  });

  const inventoryTasks = await scheduleAccountRegionTasks({
    scheduler,
    logger,
    taskId: REFRESH_TASK_ID,
    targets,
    schedule: options.schedule,
    run: async target => {
      const { accountId, region } = target;
      logger.debug(
        `Streaming inventory of account ${accountId} in ${region} started`,
      );
      const budget = new SeriesBudget(await seriesShare(target));
      const outcome = await inventory.refreshAccountRegion(
        accountId,
        region,
        budget,
      );
      logger.info(
        `Streaming inventory of account ${accountId} in ${region} ${
          outcome.ok ? 'refreshed' : 'failed (known assets kept, marked stale)'
        }: ${outcome.assets} assets, ${outcome.gone} newly gone`,
      );
      logger.info(
        describeMetricsUsage(
          `inventory metrics of ${accountId} in ${region}`,
          budget.requested,
          budget.skipped,
          options.frequencySeconds,
        ),
      );
      await finish.request();
    },
  });

  await scheduleAccountRegionTasks({
    scheduler,
    logger,
    taskId: SLOW_METRICS_TASK_ID,
    targets,
    schedule: options.slowSchedule,
    run: async target => {
      const { accountId, region } = target;
      const budget = new SeriesBudget(await seriesShare(target));
      await slowMetrics.refreshAndDerive(accountId, region, budget);
      logger.info(
        describeMetricsUsage(
          `slow metrics of ${accountId} in ${region}`,
          budget.requested,
          budget.skipped,
          options.slowFrequencySeconds,
        ),
      );
    },
  });

  return { triggerRefresh: () => inventoryTasks.triggerAll() };
}
