/**
 * The CloudWatch series one refresh may request
 * (`streaming.metrics.maxSeriesPerRefresh`), shared by every account-region
 * the refresh reads and by consumer-group discovery. `take` checks and draws
 * in one synchronous step, so account-regions refreshing concurrently cannot
 * overdraw it.
 */
export class SeriesBudget {
  private requestedSeries = 0;
  private skippedSeries = 0;

  constructor(readonly max: number) {}

  /** Draws `count` series when they all fit, else records them as skipped and returns false. */
  take(count: number): boolean {
    if (this.requestedSeries + count > this.max) {
      this.skippedSeries += count;
      return false;
    }
    this.requestedSeries += count;
    return true;
  }

  /** Series drawn so far (each one "metric requested" in GetMetricData billing). */
  get requested(): number {
    return this.requestedSeries;
  }

  /** Series left out because they did not fit. */
  get skipped(): number {
    return this.skippedSeries;
  }
}
