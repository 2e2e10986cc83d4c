/**
 * Chargeback: a shared cluster's monthly cost split across its topics and
 * rolled up per owner. Money is handled in whole cents so the shares add up
 * to the cluster's cost exactly.
 */

/**
 * Topics whose name matches this are Kafka's and MSK's own (e.g.
 * `__consumer_offsets`, `__amazon_msk_canary`, `__transaction_state`): their
 * share is the cluster's platform overhead, not a team's.
 */
export const DEFAULT_INTERNAL_TOPIC_PATTERN = '^__';

/** Whether a topic is internal by the (configured) pattern. */
export function isInternalTopic(
  topicName: string,
  pattern: RegExp = new RegExp(DEFAULT_INTERNAL_TOPIC_PATTERN),
): boolean {
  return pattern.test(topicName);
}

export interface ChargebackTopic {
  arn: string;
  /** An internal topic (see isInternalTopic): its share goes to the platform overhead line, not to an owner. */
  internal?: boolean;
  /** Owning group's entity ref; null when nobody is known to own the topic. */
  owner: string | null;
  /** Average per-topic `BytesInPerSec` over the window; absent when the cluster's monitoring level has no per-topic metrics. */
  bytesIn?: number | null;
  partitions: number;
}

export type ChargebackBasis = 'bytes-in' | 'partitions' | 'none';

export interface TopicShare {
  arn: string;
  owner: string | null;
  /** The topic's bytes in or partitions, per the basis. */
  weight: number;
  cents: number;
  usd: number;
}

export interface ClusterCostSplit {
  basis: ChargebackBasis;
  /** What the basis means, for display next to the numbers. */
  basisDescription: string;
  /** The cluster's cost, rounded to the cent: the shares add up to exactly this. */
  totalCents: number;
  /** Shares of the non-internal topics. */
  shares: TopicShare[];
  /** What the internal topics weigh: the cluster's platform overhead, charged to no team. */
  platformOverhead: { cents: number; usd: number; topics: TopicShare[] };
  /** Cents no topic carries: the whole total when there is nothing to split by, else 0. */
  unallocatedCents: number;
  /**
   * True when the total is the lower bound of an incomplete estimate: every
   * share, the overhead and the owner roll-ups are then lower bounds too.
   */
  lowerBound: boolean;
}

/** Enhanced monitoring levels that publish per-topic `BytesInPerSec` (PER_TOPIC_PER_BROKER and above). */
export function hasPerTopicMetrics(enhancedMonitoring: string | null): boolean {
  return (
    enhancedMonitoring === 'PER_TOPIC_PER_BROKER' ||
    enhancedMonitoring === 'PER_TOPIC_PER_PARTITION'
  );
}

export function toCents(usd: number): number {
  if (!Number.isFinite(usd) || usd < 0) {
    throw new Error(`A cost must be a number of 0 or more, got ${usd}`);
  }
  return Math.round(usd * 100);
}

/**
 * Splits `totalCents` in proportion to `weights` by the largest-remainder
 * method: every share gets the floor of its exact value, and the cents left
 * over go one each to the largest fractional parts (earlier entries win ties).
 */
export function allocateCents(totalCents: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) {
    throw new Error('Cannot split a cost by weights that sum to zero');
  }
  const exact = weights.map(w => (totalCents * w) / sum);
  const cents = exact.map(Math.floor);
  let left = totalCents - cents.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - cents[index] }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  // Float error can leave `left` one off either way; walk the order in the matching direction.
  for (let i = 0; left > 0; i = (i + 1) % byRemainder.length, left--) {
    cents[byRemainder[i].index] += 1;
  }
  for (
    let i = byRemainder.length - 1;
    left < 0;
    i = (i - 1 + byRemainder.length) % byRemainder.length
  ) {
    if (cents[byRemainder[i].index] > 0) {
      cents[byRemainder[i].index] -= 1;
      left++;
    }
  }
  return cents;
}

function checkWeight(value: number, name: string) {
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a number of 0 or more, got ${value}`);
  }
}

/**
 * Splits a cluster's monthly cost across its topics: by bytes in when every
 * topic has a bytes-in figure and they sum above 0, else by partitions. With
 * no topics (or no partitions) nothing is split and the whole cost is
 * reported as unallocated. Internal topics are weighed like the others, but
 * their cents form the platform overhead line instead of shares, so shares +
 * overhead + unallocated = the total, to the cent.
 */
export function splitClusterCost(
  totalUsd: number,
  topics: ChargebackTopic[],
  options: {
    /** False when `totalUsd` is the lower bound of an incomplete estimate. */
    estimateComplete?: boolean;
  } = {},
): ClusterCostSplit {
  const lowerBound = options.estimateComplete === false;
  const totalCents = toCents(totalUsd);
  topics.forEach((topic, index) => {
    checkWeight(topic.partitions, `topics[${index}].partitions`);
    if (topic.bytesIn !== undefined && topic.bytesIn !== null) {
      checkWeight(topic.bytesIn, `topics[${index}].bytesIn`);
    }
  });
  const bytesIn = topics.map(topic => topic.bytesIn);
  const byBytes =
    topics.length > 0 &&
    bytesIn.every((b): b is number => typeof b === 'number') &&
    bytesIn.reduce((a, b) => a + b, 0) > 0;
  const weights = byBytes
    ? (bytesIn as number[])
    : topics.map(topic => topic.partitions);
  if (!(weights.reduce((a, b) => a + b, 0) > 0)) {
    return {
      basis: 'none',
      basisDescription:
        'No topic has bytes in or partitions to split by; the whole cost is unallocated.',
      totalCents,
      shares: [],
      platformOverhead: { cents: 0, usd: 0, topics: [] },
      unallocatedCents: totalCents,
      lowerBound,
    };
  }
  const cents = allocateCents(totalCents, weights);
  const allShares: TopicShare[] = topics.map((topic, index) => ({
    arn: topic.arn,
    owner: topic.owner,
    weight: weights[index],
    cents: cents[index],
    usd: cents[index] / 100,
  }));
  const overhead = allShares.filter((_, index) => topics[index].internal);
  const overheadCents = overhead.reduce((sum, share) => sum + share.cents, 0);
  return {
    basis: byBytes ? 'bytes-in' : 'partitions',
    basisDescription: byBytes
      ? 'Split by each topic’s share of the average bytes in over the window (per-topic metrics).'
      : 'Split by each topic’s share of the partitions: per-topic bytes in are not available at this cluster’s monitoring level.',
    totalCents,
    shares: allShares.filter((_, index) => !topics[index].internal),
    platformOverhead: {
      cents: overheadCents,
      usd: overheadCents / 100,
      topics: overhead,
    },
    unallocatedCents: 0,
    lowerBound,
  };
}

export const UNOWNED = 'unowned';

export interface OwnerCost {
  /** Owning group's entity ref, or `unowned`. */
  owner: string;
  cents: number;
  usd: number;
  topicCount: number;
}

/** Per-owner totals of topic shares, largest first; the cents add up to the shares' cents. */
export function rollUpByOwner(shares: TopicShare[]): OwnerCost[] {
  const byOwner = new Map<string, OwnerCost>();
  for (const share of shares) {
    const owner = share.owner ?? UNOWNED;
    const entry = byOwner.get(owner) ?? {
      owner,
      cents: 0,
      usd: 0,
      topicCount: 0,
    };
    entry.cents += share.cents;
    entry.topicCount += 1;
    entry.usd = entry.cents / 100;
    byOwner.set(owner, entry);
  }
  return [...byOwner.values()].sort(
    (a, b) => b.cents - a.cents || a.owner.localeCompare(b.owner),
  );
}
