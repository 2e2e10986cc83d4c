import { CoalescedRun } from './CoalescedRun';

describe('CoalescedRun', () => {
  it('folds requests made during a run into one more run', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const run = new CoalescedRun(async () => {
      runs += 1;
      if (runs === 1) await new Promise<void>(r => (release = r));
    });
    const first = run.request();
    const during = [run.request(), run.request(), run.request()];
    release();
    await Promise.all([first, ...during]);
    expect(runs).toBe(2);
    await run.request();
    expect(runs).toBe(3);
  });

  it('runs again after a failed run', async () => {
    let runs = 0;
    const run = new CoalescedRun(async () => {
      runs += 1;
      if (runs === 1) throw new Error('boom');
    });
    await expect(run.request()).rejects.toThrow('boom');
    await run.request();
    expect(runs).toBe(2);
  });
});
