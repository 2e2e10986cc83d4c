import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

export interface AccountRegion {
  accountId: string;
  region: string;
}

/** The scheduler task id of one account-region's share of a task: `<taskId>:<account>:<region>`. */
export function accountRegionTaskId(
  taskId: string,
  target: AccountRegion,
): string {
  return `${taskId}:${target.accountId}:${target.region}`;
}

/** What triggering every account-region task of a task found. */
export type TriggerOutcome = 'started' | 'already-running';

export interface AccountRegionTasks {
  taskIds: string[];
  /**
   * Asks the scheduler to run every account-region task now. Tasks already
   * running (on any replica) are left to finish; `already-running` when all were.
   */
  triggerAll(): Promise<TriggerOutcome>;
}

/**
 * Schedules one global task per account and region for a piece of work done
 * per account-region (the inventory refresh, the slow metrics; any new task
 * can opt in). Each task is claimed by one replica at a time, so replicas
 * share a large estate, and a slow or hanging account holds up only its own
 * task: the others run on their own schedule.
 */
export async function scheduleAccountRegionTasks(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  taskId: string;
  targets: AccountRegion[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  run: (target: AccountRegion, signal?: AbortSignal) => Promise<void>;
}): Promise<AccountRegionTasks> {
  const { scheduler, logger, taskId, targets, schedule, run } = options;
  const taskIds: string[] = [];
  for (const target of targets) {
    const id = accountRegionTaskId(taskId, target);
    taskIds.push(id);
    await scheduler.scheduleTask({
      id,
      ...schedule,
      scope: 'global',
      fn: async signal => {
        try {
          await run(target, signal);
        } catch (error) {
          // The work records its own failures; this keeps one from failing the task.
          logger.warn(
            `Task ${id} failed: ${(error as Error).message ?? String(error)}`,
          );
        }
      },
    });
  }
  return {
    taskIds,
    async triggerAll() {
      // All at once: a trigger may wait for a lock (or, in tests, the run).
      const outcomes = await Promise.allSettled(
        taskIds.map(id => scheduler.triggerTask(id)),
      );
      const failure = outcomes.find(
        (o): o is PromiseRejectedResult =>
          o.status === 'rejected' && o.reason?.name !== 'ConflictError',
      );
      if (failure) throw failure.reason;
      const started = outcomes.filter(o => o.status === 'fulfilled').length;
      return started > 0 || taskIds.length === 0
        ? 'started'
        : 'already-running';
    },
  };
}

/**
 * The share of a per-refresh cap one account-region task may use: the cap
 * split in proportion to the assets each account-region had at its last
 * refresh (one never read, or failing, weighs the average of the others), so
 * the whole refresh stays within the cap wherever its tasks run, and a large
 * account-region is not starved by many small ones.
 */
export function shareOfCap(
  cap: number,
  target: AccountRegion,
  targets: AccountRegion[],
  assetsSeen: Map<string, number>,
): number {
  const key = (t: AccountRegion) => `${t.accountId}/${t.region}`;
  const known = targets
    .map(t => assetsSeen.get(key(t)) ?? 0)
    .filter(n => n > 0);
  const fallback = known.length
    ? known.reduce((a, b) => a + b, 0) / known.length
    : 1;
  const weight = (t: AccountRegion) => assetsSeen.get(key(t)) || fallback;
  const total = targets.reduce((sum, t) => sum + weight(t), 0);
  if (total <= 0) return Math.max(1, cap);
  return Math.max(1, Math.floor((cap * weight(target)) / total));
}
