/**
 * Runs a job at most once at a time in this process: a request made while it
 * runs is folded into one more run after it, so a burst of requests (every
 * account-region task finishing) costs two runs, not one each.
 */
export class CoalescedRun {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly job: () => Promise<void>) {}

  /** Resolves once a run that started after this request has finished. */
  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.job();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
