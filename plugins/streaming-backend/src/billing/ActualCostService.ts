import {
  AssetActualCost,
  compareActualWithEstimate,
  EstateActualCost,
  EstateMoney,
  OwnerActualCost,
} from '@backstage-streaming/plugin-streaming-common';
import type { CostGroup } from '@backstage-streaming/plugin-streaming-node';
import type {
  CostExplorerRead,
  CostExplorerStore,
} from '../database/CostExplorerStore';
import type { CostExplorerSettings } from '../service/billingConfig';
import { ownerFromTags, OwnershipSettings } from '../service/toAssets';
import type { CostExplorerStatus } from './ActualCostRefresher';

/** The estimates the actual cost is compared with, from the caller's estate summary. */
export interface EstimatesToCompare extends EstateMoney {
  byAccount: Array<EstateMoney & { key: string }>;
  /** By the owner the clusters' and applications' tags name (`unowned` for none). */
  byOwner: Array<EstateMoney & { key: string }>;
}

const DISABLED_MESSAGE =
  'Cost Explorer is not enabled (streaming.costExplorer.enabled): only estimates are shown';

/**
 * Actual (Cost Explorer, cached in the database) beside the stored
 * estimates, for the estate, its accounts, its owners and single assets.
 * Reads stored rows only, never Cost Explorer itself.
 */
export class ActualCostService {
  constructor(
    private readonly options: {
      store: CostExplorerStore;
      settings: CostExplorerSettings;
      ownership: OwnershipSettings;
      /** The configured accounts: bills of other linked accounts are left out. */
      accountIds: string[];
    },
  ) {}

  get enabled(): boolean {
    return this.options.settings.enabled;
  }

  private async reads() {
    const reads = await this.options.store.list();
    const of = (kind: string) => reads.filter(r => r.kind === kind);
    const statuses = of('status') as CostExplorerRead<CostExplorerStatus>[];
    return { of, statuses };
  }

  private status(
    statuses: CostExplorerRead<CostExplorerStatus>[],
    dataReadAt: string | null,
  ): { state: EstateActualCost['state']; message: string } {
    const bad = statuses.find(s => s.result.state !== 'ok');
    if (bad) {
      return {
        state: bad.result.state as EstateActualCost['state'],
        message: `payer account ${bad.payerAccountId}: ${
          bad.result.message ?? bad.result.state
        }`,
      };
    }
    if (!dataReadAt) {
      return {
        state: 'not-read-yet',
        message:
          statuses[0]?.result.message ??
          'Cost Explorer has not been read yet: the first read runs soon after start-up',
      };
    }
    return { state: 'ok', message: 'Actual cost from Cost Explorer' };
  }

  /** `permitted`: the caller may see the cost of every asset (the bill is not split by permission). */
  async forEstate(
    estimates: EstimatesToCompare,
    permitted: boolean,
  ): Promise<EstateActualCost> {
    const { settings } = this.options;
    const empty = {
      lastMonth: null,
      monthToDate: null,
      byAccount: [],
      byOwner: [],
      untaggedLastMonthUsd: null,
      tagKey: settings.enabled ? settings.tagKey : null,
      readAt: null,
    };
    if (!settings.enabled) {
      return { ...empty, state: 'disabled', message: DISABLED_MESSAGE };
    }
    if (!permitted) {
      return {
        ...empty,
        state: 'not-permitted',
        message:
          'The bill covers the whole estate; it is shown only to those who may see the cost of every asset (streaming.cost.read)',
      };
    }
    const { of, statuses } = await this.reads();
    const lastMonthGroups = this.groups(of('last-month'));
    const mtdGroups = this.groups(of('month-to-date'));
    const readAt = newest([...of('last-month'), ...of('month-to-date')]);
    const status = this.status(statuses, readAt);
    const threshold = settings.differenceThresholdPercent;
    const tag = settings.tagKey;
    const untagged = (groups: CostGroup[]) =>
      sum(groups.filter(g => g.keys[1] === `${tag}$`));
    const compare = (
      groups: CostGroup[] | null,
      period: { start: string; end: string } | undefined,
      estimate: EstateMoney,
      monthToDate: boolean,
      untaggedUsd?: number,
    ) =>
      groups && period
        ? compareActualWithEstimate({
            period,
            actualUsd: sum(groups),
            estimateMonthlyUsd: estimate.monthlyUsd,
            estimateComplete: estimate.complete,
            thresholdPercent: threshold,
            monthToDate,
            untaggedUsd,
          })
        : null;
    const lastMonthPeriod = of('last-month')[0]?.period;
    const byAccount = lastMonthGroups
      ? estimates.byAccount.flatMap(account => {
          const groups = lastMonthGroups.filter(g => g.keys[0] === account.key);
          const result = compare(groups, lastMonthPeriod, account, false);
          return result ? [{ accountId: account.key, lastMonth: result }] : [];
        })
      : [];
    const ownerOf = (key: string | undefined) => {
      const value = key?.slice(tag.length + 1) ?? '';
      return (
        (value && ownerFromTags({ [tag]: value }, this.options.ownership)) || ''
      );
    };
    const ownerGroups = new Map<string, CostGroup[]>();
    for (const group of lastMonthGroups ?? []) {
      const owner = ownerOf(group.keys[1]);
      if (!owner) continue;
      ownerGroups.set(owner, [...(ownerGroups.get(owner) ?? []), group]);
    }
    const untaggedGroups = (lastMonthGroups ?? []).filter(
      g => !ownerGroups.has(ownerOf(g.keys[1])),
    );
    const byOwner = estimates.byOwner.flatMap(owner => {
      const result = compare(
        owner.key === 'unowned'
          ? untaggedGroups
          : ownerGroups.get(owner.key) ?? [],
        lastMonthPeriod,
        owner,
        false,
      );
      return result && lastMonthGroups
        ? [{ owner: owner.key, lastMonth: result }]
        : [];
    });
    const untaggedUsd = lastMonthGroups ? untagged(lastMonthGroups) : null;
    const total = lastMonthGroups ? sum(lastMonthGroups) : 0;
    const tagNotActivated =
      lastMonthGroups &&
      total > 0 &&
      untaggedUsd !== null &&
      untaggedUsd >= total - 0.005 &&
      estimates.byOwner.length > 0
        ? `All of last month's cost is without a value of the tag '${tag}', though assets carry it: activate '${tag}' as a cost-allocation tag in the Billing console (it applies from activation on)`
        : undefined;
    return {
      ...status,
      readAt,
      tagKey: tag,
      lastMonth: compare(
        lastMonthGroups,
        lastMonthPeriod,
        estimates,
        false,
        untaggedUsd ?? undefined,
      ),
      monthToDate: compare(
        mtdGroups,
        of('month-to-date')[0]?.period,
        estimates,
        true,
        mtdGroups ? untagged(mtdGroups) : undefined,
      ),
      byAccount,
      byOwner,
      untaggedLastMonthUsd: untaggedUsd === null ? null : round2(untaggedUsd),
      ...(tagNotActivated ? { tagNotActivated } : {}),
    };
  }

  /** One owner's last full month (the group page's card), by the owner tag as on the estate summary. */
  async forOwner(
    owner: string,
    byTagOwner: Array<EstateMoney & { key: string }>,
    permitted: boolean,
  ): Promise<OwnerActualCost> {
    const estate = await this.forEstate(
      {
        monthlyUsd: 0,
        complete: true,
        byAccount: [],
        byOwner: byTagOwner.filter(o => o.key === owner),
      },
      permitted,
    );
    return {
      owner,
      state: estate.state,
      message: estate.message,
      readAt: estate.readAt,
      tagKey: estate.tagKey,
      lastMonth: estate.byOwner[0]?.lastMonth ?? null,
      ...(estate.tagNotActivated
        ? { tagNotActivated: estate.tagNotActivated }
        : {}),
    };
  }

  /** An asset's last 14 days, where resource-level data was read (the caller's cost permission is checked by the route). */
  async forAsset(
    arn: string,
    estimate: EstateMoney | null,
  ): Promise<AssetActualCost> {
    const { settings } = this.options;
    if (!settings.enabled) {
      return {
        arn,
        state: 'disabled',
        message: DISABLED_MESSAGE,
        readAt: null,
        lastTwoWeeks: null,
      };
    }
    if (!settings.resourceLevel) {
      return {
        arn,
        state: 'disabled',
        message:
          'Per-resource actual cost is not read (streaming.costExplorer.resourceLevel is off): see the owner and estate totals',
        readAt: null,
        lastTwoWeeks: null,
      };
    }
    const { of, statuses } = await this.reads();
    const reads = of('resources') as CostExplorerRead<CostGroup[]>[];
    const readAt = newest(reads);
    const status = this.status(statuses, readAt);
    const groups = reads.flatMap(r => r.result).filter(g => g.keys[0] === arn);
    const period = reads[0]?.period;
    if (!period || !estimate) {
      return {
        arn,
        ...status,
        readAt,
        lastTwoWeeks: null,
        ...(estimate
          ? {}
          : { message: 'The asset has no cost estimate to compare with' }),
      };
    }
    return {
      arn,
      ...status,
      readAt,
      ...(groups.length === 0
        ? {
            message:
              'Cost Explorer lists no cost for this resource in the last 14 days (resource-level data may not be enabled in Cost Explorer preferences)',
          }
        : {}),
      lastTwoWeeks: compareActualWithEstimate({
        period,
        actualUsd: sum(groups),
        estimateMonthlyUsd: estimate.monthlyUsd,
        estimateComplete: estimate.complete,
        thresholdPercent: settings.differenceThresholdPercent,
      }),
    };
  }

  /** Every payer's groups of one read kind, limited to configured accounts; null when never read. */
  private groups(reads: CostExplorerRead[]): CostGroup[] | null {
    if (reads.length === 0) return null;
    const accounts = new Set(this.options.accountIds);
    return reads
      .flatMap(r => r.result as CostGroup[])
      .filter(g => accounts.has(g.keys[0]));
  }
}

function sum(groups: CostGroup[]): number {
  return groups.reduce((total, g) => total + g.usd, 0);
}

function round2(usd: number): number {
  return Math.round(usd * 100) / 100;
}

function newest(reads: CostExplorerRead[]): string | null {
  return (
    reads
      .map(r => r.readAt)
      .sort()
      .at(-1) ?? null
  );
}
