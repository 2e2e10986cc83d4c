/**
 * How much a cumulative counter (e.g. `numRestarts`, `numberOfFailedCheckpoints`,
 * which count since the job started) grew over a window of datapoints, oldest
 * first. A drop means the job was resubmitted and the counter restarted from
 * zero, so the value after the drop is all new. Null with fewer than two
 * datapoints: one value alone says nothing about growth.
 */
export function counterIncrease(values: readonly number[]): number | null {
  if (values.length < 2) {
    return null;
  }
  let increase = 0;
  for (let i = 1; i < values.length; i++) {
    const delta = values[i] - values[i - 1];
    increase += delta >= 0 ? delta : values[i];
  }
  return increase;
}
