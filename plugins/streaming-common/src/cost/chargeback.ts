import type { TopicShare } from './chargebackModel';

/**
 * Chargeback helpers: internal topics, whole-cent money and the per-owner
 * roll-up of a cluster's topic shares. The split itself (which part of a
 * cluster's cost goes to which topic, and why) is the model in
 * chargebackModel.ts. Money is handled in whole cents so the shares add up to
 * the cluster's cost exactly.
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
