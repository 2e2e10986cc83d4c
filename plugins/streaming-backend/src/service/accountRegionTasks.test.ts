import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  accountRegionTaskId,
  scheduleAccountRegionTasks,
  shareOfCap,
} from './accountRegionTasks';

const targets = [
  { accountId: '111111111111', region: 'us-east-1' },
  { accountId: '111111111111', region: 'eu-west-1' },
  { accountId: '222222222222', region: 'us-east-1' },
];

describe('scheduleAccountRegionTasks', () => {
  it('schedules one global task per account-region, each running its own target', async () => {
    const scheduled: Array<{ id: string; scope?: string; fn: Function }> = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        scheduled.push(task as any);
      },
    });
    const ran: string[] = [];
    const tasks = await scheduleAccountRegionTasks({
      scheduler,
      logger: mockServices.logger.mock(),
      taskId: 'work',
      targets,
      schedule: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
      run: async t => {
        ran.push(`${t.accountId}/${t.region}`);
      },
    });
    expect(scheduled.map(t => [t.id, t.scope])).toEqual([
      ['work:111111111111:us-east-1', 'global'],
      ['work:111111111111:eu-west-1', 'global'],
      ['work:222222222222:us-east-1', 'global'],
    ]);
    expect(tasks.taskIds).toEqual(scheduled.map(t => t.id));
    await scheduled[1].fn(new AbortController().signal);
    expect(ran).toEqual(['111111111111/eu-west-1']);
    expect(accountRegionTaskId('work', targets[2])).toBe(
      'work:222222222222:us-east-1',
    );
  });

  it('keeps a failing run from failing the task, and logs it', async () => {
    const scheduled: Array<{ fn: Function }> = [];
    const logger = mockServices.logger.mock();
    await scheduleAccountRegionTasks({
      scheduler: mockServices.scheduler.mock({
        scheduleTask: async task => {
          scheduled.push(task as any);
        },
      }),
      logger,
      taskId: 'work',
      targets: targets.slice(0, 1),
      schedule: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
      run: async () => {
        throw new Error('database went away');
      },
    });
    await expect(
      scheduled[0].fn(new AbortController().signal),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('database went away'),
    );
  });

  it('triggers every task; already-running only when every one is running', async () => {
    const running = new Set<string>();
    const triggered: string[] = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async () => {},
      triggerTask: async id => {
        if (running.has(id)) throw new ConflictError(`${id} is running`);
        triggered.push(id);
      },
    });
    const tasks = await scheduleAccountRegionTasks({
      scheduler,
      logger: mockServices.logger.mock(),
      taskId: 'work',
      targets,
      schedule: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
      run: async () => {},
    });
    running.add(tasks.taskIds[0]);
    expect(await tasks.triggerAll()).toBe('started');
    expect(triggered).toEqual(tasks.taskIds.slice(1));
    tasks.taskIds.forEach(id => running.add(id));
    expect(await tasks.triggerAll()).toBe('already-running');
  });
});

describe('shareOfCap', () => {
  const seen = (entries: Array<[string, number]>) => new Map(entries);

  it('splits the cap by the assets each account-region had, within the cap', () => {
    const assets = seen([
      ['111111111111/us-east-1', 900],
      ['111111111111/eu-west-1', 90],
      ['222222222222/us-east-1', 10],
    ]);
    const shares = targets.map(t => shareOfCap(5000, t, targets, assets));
    expect(shares).toEqual([4500, 450, 50]);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
  });

  it('weighs an account-region never read (or failing) as the average of the others', () => {
    const assets = seen([
      ['111111111111/us-east-1', 300],
      ['111111111111/eu-west-1', 100],
    ]);
    expect(targets.map(t => shareOfCap(600, t, targets, assets))).toEqual([
      300, 100, 200,
    ]);
  });

  it('splits evenly before any refresh, and gives each at least one series', () => {
    expect(targets.map(t => shareOfCap(3000, t, targets, seen([])))).toEqual([
      1000, 1000, 1000,
    ]);
    expect(shareOfCap(1, targets[0], targets, seen([]))).toBe(1);
  });
});
