import type { MskTopicRecord } from './readers/msk';

/**
 * The listing fields whose change makes a topic worth describing again.
 *
 * @public
 */
export function topicFingerprint(
  topic: Pick<
    MskTopicRecord,
    'partitionCount' | 'replicationFactor' | 'outOfSyncReplicaCount'
  >,
): string {
  return `${topic.partitionCount}|${topic.replicationFactor}|${topic.outOfSyncReplicaCount}`;
}

/**
 * What the previous refresh stored of one topic.
 *
 * @public
 */
export interface KnownTopic {
  /**
   * The listing fingerprint (topicFingerprint) the stored configs were read
   * at, not the latest listing's: a topic whose listing moved on while its
   * describe was deferred or failed still reads as changed.
   */
  fingerprint: string;
  /** From DescribeTopic; null when never described. */
  configs: Record<string, string> | null;
  /** True when the last DescribeTopic of the topic failed. */
  describeFailed?: boolean;
}

/**
 * Why a listed topic needs a DescribeTopic, in the order a refresh describes
 * them when its budget does not cover all.
 *
 * @public
 */
export type TopicDescribeReason = 'never-described' | 'changed' | 'failed';

/**
 * Topics never described come first (nothing of their configuration is known),
 * then those whose listing changed since their configs were read (known, maybe
 * stale), then those whose last describe failed: a describe that keeps failing
 * (e.g. denied on that topic) must not hold the budget ahead of the others.
 */
const REASON_ORDER: Record<TopicDescribeReason, number> = {
  'never-described': 0,
  changed: 1,
  failed: 2,
};

/**
 * Why a listed topic needs a DescribeTopic, or null when its stored configs
 * were read at its current listing.
 *
 * @public
 */
export function topicDescribeReason(
  topic: Pick<
    MskTopicRecord,
    'partitionCount' | 'replicationFactor' | 'outOfSyncReplicaCount'
  >,
  known: KnownTopic | undefined,
): TopicDescribeReason | null {
  if (known?.describeFailed) return 'failed';
  if (!known?.configs) return 'never-described';
  return known.fingerprint === topicFingerprint(topic) ? null : 'changed';
}

/**
 * Which of the listed topics one refresh describes: at most `budget` of
 * those that need it (0: no limit), by reason (topicDescribeReason) and
 * within a reason by ARN, so successive refreshes work through a backlog
 * rather than pick the same topics again. The others are `deferred`: they
 * keep what was stored and are described on a later refresh.
 *
 * @public
 */
export function planTopicDescribes<
  T extends Pick<
    MskTopicRecord,
    'arn' | 'partitionCount' | 'replicationFactor' | 'outOfSyncReplicaCount'
  >,
>(
  listed: readonly T[],
  known: ReadonlyMap<string, KnownTopic>,
  budget: number,
): { describe: T[]; deferred: T[] } {
  const needing = listed.flatMap(topic => {
    const reason = topicDescribeReason(topic, known.get(topic.arn));
    return reason ? [{ topic, rank: REASON_ORDER[reason] }] : [];
  });
  // By code unit, not locale: the same order on every replica and run.
  const byArn = (a: string, b: string) => Number(a > b) - Number(a < b);
  needing.sort((a, b) => a.rank - b.rank || byArn(a.topic.arn, b.topic.arn));
  const ordered = needing.map(n => n.topic);
  const cut = budget > 0 ? budget : ordered.length;
  return { describe: ordered.slice(0, cut), deferred: ordered.slice(cut) };
}
