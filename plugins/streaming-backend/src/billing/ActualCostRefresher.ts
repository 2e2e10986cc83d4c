import type { LoggerService } from '@backstage/backend-plugin-api';
import { billingPeriods } from '@backstage-streaming/plugin-streaming-common';
import {
  AwsReadError,
  CostGroup,
  StreamingBillingReader,
} from '@backstage-streaming/plugin-streaming-node';
import type { CostExplorerStore } from '../database/CostExplorerStore';
import type { CostExplorerSettings } from '../service/billingConfig';

/** Why a payer account's reads stopped, stored as the `status` read. */
export interface CostExplorerStatus {
  state: 'ok' | 'no-access' | 'error' | 'budget-exhausted';
  message?: string;
}

/** Cost Explorer requests made in one run, by operation. */
class RequestTally {
  private readonly counts = new Map<string, number>();

  /** Counts the requests before making them: a failed request is charged too. */
  async run<T>(
    operation: string,
    requests: number,
    call: () => Promise<T>,
  ): Promise<T> {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + requests);
    return call();
  }

  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort());
  }
}

/** Days into the next month after which a month's bill is taken as final. */
const SETTLE_DAYS = 5;

/** The UTC day (YYYY-MM-DD) from which a period ending on `end` counts as settled. */
function settledOn(end: string): string {
  const date = new Date(`${end}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + SETTLE_DAYS);
  return date.toISOString().slice(0, 10);
}

/** The day's request budget would be passed: nothing more is read today. */
class BudgetExhausted extends Error {}

/** Requests a look-up of the service names makes (one search each for Kafka, Flink, Kinesis Analytics). */
const LOOKUP_REQUESTS = 3;

/**
 * Reads MSK's and Managed Flink's actual cost from Cost Explorer in each
 * payer account, once a day, within the configured number of requests a day
 * (Cost Explorer charges per request), caching every answer in the database.
 * The last full month is read daily until it has settled (SETTLE_DAYS into
 * the next month), then kept; the month so far and the per-resource costs
 * once a day. A failure keeps the cached answers.
 */
export class ActualCostRefresher {
  constructor(
    private readonly options: {
      reader: StreamingBillingReader;
      store: CostExplorerStore;
      settings: CostExplorerSettings;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async refresh(): Promise<void> {
    if (!this.options.settings.enabled) return;
    for (const payer of this.options.settings.payerAccountIds) {
      await this.refreshPayer(payer);
    }
  }

  private async refreshPayer(payer: string): Promise<void> {
    const { reader, store, settings, logger } = this.options;
    const now = this.options.now?.() ?? new Date();
    const nowIso = now.toISOString();
    const day = nowIso.slice(0, 10);
    const periods = billingPeriods(now);
    const cached = new Map(
      (await store.list())
        .filter(r => r.payerAccountId === payer)
        .map(r => [r.kind, r]),
    );
    let used = await store.requestsOn(payer, day);
    // Counted here, per request made, rather than by the SDK clients: the
    // budget must hold whichever reader is behind the interface.
    const counter = new RequestTally();
    const skipped: string[] = [];
    const afford = (requests: number) =>
      used + counter.total() + requests <= settings.maxRequestsPerDay;
    let status: CostExplorerStatus = { state: 'ok' };
    try {
      let services = cached.get('services')?.result as string[] | undefined;
      if (
        !services ||
        cached.get('services')!.period.start !== periods.lastMonth.start
      ) {
        if (!afford(LOOKUP_REQUESTS)) throw new BudgetExhausted();
        services = await counter.run(
          'GetDimensionValues',
          LOOKUP_REQUESTS,
          () => reader.lookUpStreamingServiceNames(payer, periods.lastMonth),
        );
        await store.save({
          payerAccountId: payer,
          kind: 'services',
          period: periods.lastMonth,
          readAt: nowIso,
          result: services,
        });
      }
      if (services.length === 0) {
        status = {
          state: 'ok',
          message:
            'Cost Explorer lists no MSK or Managed Flink cost in this payer account',
        };
      } else {
        const reads: Array<{
          kind: string;
          period: { start: string; end: string };
          operation: string;
          once?: boolean;
          read: () => Promise<CostGroup[]>;
        }> = [];
        {
          const tagKey = settings.tagKey;
          const groupBy = [
            { Type: 'DIMENSION' as const, Key: 'LINKED_ACCOUNT' },
            { Type: 'TAG' as const, Key: tagKey },
          ];
          reads.push({
            kind: 'last-month',
            period: periods.lastMonth,
            operation: 'GetCostAndUsage',
            once: true,
            read: () =>
              reader.readCostGroups(
                payer,
                periods.lastMonth,
                services!,
                groupBy,
              ),
          });
          if (periods.monthToDate) {
            const mtd = periods.monthToDate;
            reads.push({
              kind: 'month-to-date',
              period: mtd,
              operation: 'GetCostAndUsage',
              read: () => reader.readCostGroups(payer, mtd, services!, groupBy),
            });
          }
        }
        if (settings.resourceLevel) {
          reads.push({
            kind: 'resources',
            period: periods.lastTwoWeeks,
            operation: 'GetCostAndUsageWithResources',
            read: () =>
              reader.readResourceCosts(payer, periods.lastTwoWeeks, services!),
          });
        }
        for (const read of reads) {
          const previous = cached.get(read.kind);
          // A closed month's bill is read again daily until it has settled
          // (AWS finalises it in the first days of the next month), then kept.
          if (
            read.once &&
            previous?.period.start === read.period.start &&
            previous.readAt.slice(0, 10) >= settledOn(read.period.end)
          )
            continue;
          if (previous?.readAt.slice(0, 10) === day) continue;
          if (!afford(1)) {
            skipped.push(read.kind);
            continue;
          }
          const groups = await counter.run(read.operation, 1, read.read);
          await store.save({
            payerAccountId: payer,
            kind: read.kind,
            period: read.period,
            readAt: nowIso,
            result: groups,
          });
        }
        if (skipped.length) {
          status = {
            state: 'budget-exhausted',
            message: `streaming.costExplorer.maxRequestsPerDay (${
              settings.maxRequestsPerDay
            }) reached: ${skipped.join(
              ', ',
            )} not read today; the cached answers stay`,
          };
        }
      }
    } catch (error) {
      if (error instanceof BudgetExhausted) {
        status = {
          state: 'budget-exhausted',
          message: `streaming.costExplorer.maxRequestsPerDay (${settings.maxRequestsPerDay}) reached before the service names could be looked up`,
        };
      } else if (error instanceof AwsReadError) {
        const denied = /AccessDenied|UnrecognizedClient|not authorized/i.test(
          `${error.detail.code} ${error.detail.message}`,
        );
        status = {
          state: denied ? 'no-access' : 'error',
          message: denied
            ? `account ${payer} may not read Cost Explorer (${
                error.detail.iamAction ?? error.detail.operation
              } denied): grant it, or list the payer (management) account in streaming.costExplorer.payerAccountIds`
            : `${error.detail.code}: ${error.detail.message}`,
        };
      } else {
        status = { state: 'error', message: String(error) };
      }
    } finally {
      await store.addRequests(payer, day, counter.total());
      used += counter.total();
    }
    await store.save({
      payerAccountId: payer,
      kind: 'status',
      period: periods.lastMonth,
      readAt: nowIso,
      result: status,
    });
    // Each request costs USD 0.01 (Cost Explorer pricing): every one is counted here.
    logger.info(
      `Cost Explorer read for payer account ${payer}: ${counter.total()} requests ${JSON.stringify(
        counter.toJSON(),
      )}, ${used} of ${settings.maxRequestsPerDay} today; status ${
        status.state
      }${status.message ? ` (${status.message})` : ''}`,
    );
  }
}
