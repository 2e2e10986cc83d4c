import { allocateCents, toCents } from './chargeback';
import type { CostEstimate, CostItem } from './cost';

/**
 * The chargeback model: how a cluster's monthly cost becomes topic shares
 * (estateChargeback.ts rolls shares and dedicated assets up for the estate).
 *
 * - Usage-priced parts go straight to the topic that caused them: data in by
 *   its bytes in, data out by its bytes out, Serverless partition-hours by its
 *   partitions.
 * - Only the shared fixed cost (brokers, provisioned storage and throughput,
 *   stored GB, Serverless cluster-hours, tiered storage) is split: a fixed part
 *   by partitions and a usage part by bytes in and out, in the configured
 *   ratio (`streaming.chargeback.model`).
 * - Internal topics' shares are the platform overhead; whatever nothing can be
 *   weighed by is unallocated. Shares + overhead + unallocated = the cluster's
 *   cost, to the cent (one largest-remainder split of the whole).
 */

/** The split of a shared cluster's fixed cost; the two shares sum to 1. */
export interface ChargebackModel {
  /** The part split by each topic's share of the partitions. */
  partitionsShare: number;
  /** The part split by each topic's share of bytes in and out. */
  bytesShare: number;
}

/**
 * 30% by partitions (what a topic holds on the brokers whether or not it
 * carries traffic) and 70% by bytes (what drives broker size): most of a
 * broker's cost follows throughput, but an idle topic still pays for its place.
 */
export const DEFAULT_CHARGEBACK_MODEL: ChargebackModel = {
  partitionsShare: 0.3,
  bytesShare: 0.7,
};

/**
 * A valid model, or an error that says what to fix: both shares numbers in
 * [0, 1] that sum to 1. `where` names the configuration key in the message.
 */
export function checkChargebackModel(
  value: { partitionsShare?: unknown; bytesShare?: unknown },
  where = 'streaming.chargeback.model',
): ChargebackModel {
  const read = (key: 'partitionsShare' | 'bytesShare', fallback: number) => {
    const v = value[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new Error(
        `${where}.${key} must be a number from 0 to 1, got ${JSON.stringify(
          v,
        )}`,
      );
    }
    return v;
  };
  const partitionsGiven = value.partitionsShare !== undefined;
  const bytesGiven = value.bytesShare !== undefined;
  // One share given: the other is the rest.
  const partitionsShare = read(
    'partitionsShare',
    bytesGiven
      ? 1 - (value.bytesShare as number)
      : DEFAULT_CHARGEBACK_MODEL.partitionsShare,
  );
  const bytesShare = read(
    'bytesShare',
    partitionsGiven ? 1 - partitionsShare : DEFAULT_CHARGEBACK_MODEL.bytesShare,
  );
  if (Math.abs(partitionsShare + bytesShare - 1) > 1e-9) {
    throw new Error(
      `${where}.partitionsShare and ${where}.bytesShare must sum to 1, got ${partitionsShare} + ${bytesShare}`,
    );
  }
  return { partitionsShare, bytesShare };
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

/** The model in words, e.g. "30% by partitions, 70% by bytes in and out". */
export function describeChargebackModel(model: ChargebackModel): string {
  return `Shared fixed cost (brokers, provisioned storage and throughput) split ${percent(
    model.partitionsShare,
  )} by partitions and ${percent(
    model.bytesShare,
  )} by bytes in and out; usage-priced parts (per-GB data, partition-hours) go to the topic that caused them.`;
}

/** Which usage-priced cost items a topic causes, and by which measure. */
export const USAGE_PRICED_ITEMS: Partial<
  Record<CostItem, 'dataIn' | 'dataOut' | 'partitionHours'>
> = {
  expressDataInGb: 'dataIn',
  serverlessDataInGb: 'dataIn',
  serverlessDataOutGb: 'dataOut',
  serverlessPartitionHour: 'partitionHours',
};

/** A cluster's monthly cost by how the model splits it. */
export interface ClusterCostBreakdown {
  /** The estimate's monthly cost: the parts below sum to it. */
  totalUsd: number;
  /** Split by the model: brokers, provisioned storage and throughput, stored GB, cluster-hours. */
  sharedUsd: number;
  dataInUsd: number;
  dataOutUsd: number;
  partitionHoursUsd: number;
}

/** Sorts an estimate's known parts into the shared fixed cost and the usage-priced parts. */
export function clusterCostBreakdown(
  estimate: Pick<CostEstimate, 'monthlyUsd' | 'parts'>,
): ClusterCostBreakdown {
  const usage = { dataIn: 0, dataOut: 0, partitionHours: 0 };
  for (const part of estimate.parts) {
    const kind = USAGE_PRICED_ITEMS[part.item];
    if (kind && part.monthlyUsd) usage[kind] += part.monthlyUsd;
  }
  const usageUsd = usage.dataIn + usage.dataOut + usage.partitionHours;
  return {
    totalUsd: estimate.monthlyUsd,
    sharedUsd: Math.max(0, estimate.monthlyUsd - usageUsd),
    dataInUsd: usage.dataIn,
    dataOutUsd: usage.dataOut,
    partitionHoursUsd: usage.partitionHours,
  };
}

export interface ChargebackTopic {
  arn: string;
  /** An internal topic (see isInternalTopic): its share goes to the platform overhead line, not to an owner. */
  internal?: boolean;
  /** Owning group's entity ref; null when nobody is known to own the topic. */
  owner: string | null;
  /** Average per-topic `BytesInPerSec` over the window; absent when the cluster's monitoring level has no per-topic metrics. */
  bytesIn?: number | null;
  /** Average per-topic `BytesOutPerSec` over the window, likewise. */
  bytesOut?: number | null;
  partitions: number;
}

/** `bytes-in`: the bytes part of the model was split by measured bytes; `partitions`: bytes unknown, all by partitions. */
export type ChargebackBasis = 'bytes-in' | 'partitions' | 'none';

export interface TopicShare {
  arn: string;
  owner: string | null;
  /** The topic's bytes in (and out) under the `bytes-in` basis, else its partitions. */
  weight: number;
  cents: number;
  usd: number;
  /** Its part of the shared fixed cost. */
  fixedCents: number;
  /** The usage-priced parts it caused. */
  usageCents: number;
  /** How this share was worked out, in words. */
  basisDescription: string;
}

export interface ClusterCostSplit {
  basis: ChargebackBasis;
  /** What the basis means, for display next to the numbers. */
  basisDescription: string;
  model: ChargebackModel;
  /** The cluster's cost, rounded to the cent: the shares add up to exactly this. */
  totalCents: number;
  /** Shares of the non-internal topics. */
  shares: TopicShare[];
  /** What the internal topics weigh: the cluster's platform overhead, charged to no team. */
  platformOverhead: { cents: number; usd: number; topics: TopicShare[] };
  /** Cents no topic carries: the whole total when there is nothing to split by, else what no measure could weigh. */
  unallocatedCents: number;
  /**
   * True when the total is the lower bound of an incomplete estimate: every
   * share, the overhead and the owner roll-ups are then lower bounds too.
   */
  lowerBound: boolean;
}

function checkWeight(value: number, name: string) {
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a number of 0 or more, got ${value}`);
  }
}

/** One way of weighing topics: per-topic weights, their sum and a name for the words. */
interface Measure {
  name: string;
  weights: number[];
  total: number;
}

function measure(name: string, weights: number[] | null): Measure | null {
  if (!weights) return null;
  const total = weights.reduce((a, b) => a + b, 0);
  return total > 0 ? { name, weights, total } : null;
}

function allKnown(values: Array<number | null | undefined>): number[] | null {
  return values.length > 0 &&
    values.every((v): v is number => typeof v === 'number')
    ? (values as number[])
    : null;
}

/**
 * Splits a cluster's monthly cost across its topics by the chargeback model.
 * `cost` is the estimate's breakdown (clusterCostBreakdown), or a plain total
 * that is all shared fixed cost. Each pool is weighed by its measure, falling
 * back when the measure is unknown or zero for every topic: bytes to
 * partitions and partitions to bytes. With nothing to weigh by, the pool's
 * cost is unallocated (with no topics, the whole cost is).
 */
export function splitClusterCost(
  cost: number | ClusterCostBreakdown,
  topics: ChargebackTopic[],
  options: {
    /** False when the cost is the lower bound of an incomplete estimate. */
    estimateComplete?: boolean;
    model?: ChargebackModel;
  } = {},
): ClusterCostSplit {
  const model = options.model ?? DEFAULT_CHARGEBACK_MODEL;
  const lowerBound = options.estimateComplete === false;
  const breakdown: ClusterCostBreakdown =
    typeof cost === 'number'
      ? {
          totalUsd: cost,
          sharedUsd: cost,
          dataInUsd: 0,
          dataOutUsd: 0,
          partitionHoursUsd: 0,
        }
      : cost;
  const totalCents = toCents(breakdown.totalUsd);
  topics.forEach((topic, index) => {
    checkWeight(topic.partitions, `topics[${index}].partitions`);
    for (const key of ['bytesIn', 'bytesOut'] as const) {
      const value = topic[key];
      if (value !== undefined && value !== null) {
        checkWeight(value, `topics[${index}].${key}`);
      }
    }
  });

  const partitions = measure(
    'partitions',
    topics.map(t => t.partitions),
  );
  const bytesIn = allKnown(topics.map(t => t.bytesIn));
  const bytesOut = allKnown(topics.map(t => t.bytesOut));
  const bytes =
    measure(
      'bytes in and out',
      bytesIn && bytesOut ? bytesIn.map((b, i) => b + bytesOut[i]) : null,
    ) ?? measure('bytes in', bytesIn);

  if (!partitions && !bytes) {
    return {
      basis: 'none',
      basisDescription:
        'No topic has bytes or partitions to split by; the whole cost is unallocated.',
      model,
      totalCents,
      shares: [],
      platformOverhead: { cents: 0, usd: 0, topics: [] },
      unallocatedCents: totalCents,
      lowerBound,
    };
  }

  const pools: Array<{
    label: string;
    usd: number;
    fixed: boolean;
    by: Measure | null;
  }> = [
    {
      label: `${percent(model.partitionsShare)} of the shared fixed cost`,
      usd: breakdown.sharedUsd * model.partitionsShare,
      fixed: true,
      by: partitions ?? bytes,
    },
    {
      label: `${percent(model.bytesShare)} of the shared fixed cost`,
      usd: breakdown.sharedUsd * model.bytesShare,
      fixed: true,
      by: bytes ?? partitions,
    },
    {
      label: 'data in',
      usd: breakdown.dataInUsd,
      fixed: false,
      by: measure('bytes in', bytesIn) ?? partitions,
    },
    {
      label: 'data out',
      usd: breakdown.dataOutUsd,
      fixed: false,
      by: measure('bytes out', bytesOut) ?? partitions,
    },
    {
      label: 'partition-hours',
      usd: breakdown.partitionHoursUsd,
      fixed: false,
      by: partitions ?? bytes,
    },
  ].filter(pool => pool.usd > 0);

  // Exact (unrounded) amounts per topic, then one largest-remainder split of
  // the whole total over them: the cents add up to the total exactly.
  const fixedExact = topics.map(() => 0);
  const usageExact = topics.map(() => 0);
  let unallocatedExact = 0;
  for (const pool of pools) {
    if (!pool.by) {
      unallocatedExact += pool.usd;
      continue;
    }
    const into = pool.fixed ? fixedExact : usageExact;
    pool.by.weights.forEach((w, i) => {
      into[i] += (pool.usd * w) / pool.by!.total;
    });
  }
  const n = topics.length;
  const cents =
    totalCents > 0
      ? allocateCents(totalCents, [
          ...fixedExact,
          ...usageExact,
          unallocatedExact,
        ])
      : new Array(2 * n + 1).fill(0);

  const bytesUsed = Boolean(bytes) && model.bytesShare > 0;
  // Both fixed parts weighed alike (bytes unknown, or no partitions): say it once.
  const weighed = pools.filter(pool => pool.by);
  const fixedPools = weighed.filter(pool => pool.fixed);
  const described =
    fixedPools.length === 2 && fixedPools[0].by === fixedPools[1].by
      ? [
          { ...fixedPools[0], label: 'the shared fixed cost' },
          ...weighed.filter(pool => !pool.fixed),
        ]
      : weighed;
  const shareWords = (i: number): string =>
    described
      .map(pool => {
        const by = pool.by!;
        const of =
          by.name === 'partitions'
            ? `${by.weights[i]} of ${by.total} partitions`
            : `${percent(by.weights[i] / by.total)} of the ${by.name}`;
        return `${pool.label} by ${by.name} (${of})`;
      })
      .join('; ');
  const allShares: TopicShare[] = topics.map((topic, i) => {
    const fixedCents = cents[i];
    const usageCents = cents[n + i];
    return {
      arn: topic.arn,
      owner: topic.owner,
      weight: bytesUsed && bytes ? bytes.weights[i] : topic.partitions,
      cents: fixedCents + usageCents,
      usd: (fixedCents + usageCents) / 100,
      fixedCents,
      usageCents,
      basisDescription: shareWords(i),
    };
  });
  const overhead = allShares.filter((_, i) => topics[i].internal);
  const overheadCents = overhead.reduce((sum, share) => sum + share.cents, 0);
  const fallbacks = [
    !bytes &&
      'per-topic bytes are not available at this cluster’s monitoring level, so the bytes part is split by partitions',
    !partitions &&
      'no topic has a known partition count, so the partitions part is split by bytes',
    unallocatedExact > 0 && 'a part no measure could weigh is unallocated',
  ].filter(Boolean);
  return {
    basis: bytesUsed ? 'bytes-in' : 'partitions',
    basisDescription: [
      describeChargebackModel(model),
      ...fallbacks.map(
        f => `${String(f)[0].toUpperCase()}${String(f).slice(1)}.`,
      ),
    ].join(' '),
    model,
    totalCents,
    shares: allShares.filter((_, i) => !topics[i].internal),
    platformOverhead: {
      cents: overheadCents,
      usd: overheadCents / 100,
      topics: overhead,
    },
    unallocatedCents: cents[2 * n],
    lowerBound,
  };
}
