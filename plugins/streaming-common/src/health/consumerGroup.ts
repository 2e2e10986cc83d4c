import type { Health } from '../schema';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from './thresholds';
import {
  toHealth,
  isMeasured,
  unknownFinding,
  round,
  formatDuration,
} from './shared';

/** Health rules of consumer groups (their lag). */

/** The lag of one topic a consumer group reads. */
export interface ConsumerGroupTopicLagInput {
  topic: string;
  /** Latest EstimatedMaxTimeLag (Maximum, seconds); null when not measured. */
  estimatedMaxTimeLagSeconds: number | null;
  /** Latest MaxOffsetLag (Maximum, messages), shown with the finding when known. */
  maxOffsetLag?: number | null;
}

export interface ConsumerGroupHealthInput {
  /** One entry per topic the group reads, as CloudWatch's lag metrics list them. */
  topics: readonly ConsumerGroupTopicLagInput[];
}

export function evaluateConsumerGroupHealth(
  input: ConsumerGroupHealthInput,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): Health {
  const ruleId = 'msk.consumer-group.lag';
  const sla = thresholds.consumerLagSeconds;
  let worst: { entry: ConsumerGroupTopicLagInput; lag: number } | null = null;
  const missing: string[] = [];
  for (const entry of input.topics) {
    const lag = entry.estimatedMaxTimeLagSeconds;
    if (!isMeasured(lag)) {
      missing.push(entry.topic);
    } else if (!worst || lag > worst.lag) {
      worst = { entry, lag };
    }
  }
  if (worst && worst.lag > sla) {
    const lag = round(worst.lag);
    const { maxOffsetLag, topic } = worst.entry;
    const messages = isMeasured(maxOffsetLag)
      ? ` (${maxOffsetLag} messages on its furthest-behind partition)`
      : '';
    return toHealth([
      {
        ruleId,
        severity: 'warning',
        value: lag,
        threshold: sla,
        message: `The group is ${formatDuration(
          lag,
        )} behind on ${topic}${messages}, over the ${formatDuration(
          sla,
        )} lag objective. Add consumers (up to one per partition), speed up processing, or check whether a consumer is stuck.`,
      },
    ]);
  }
  if (input.topics.length === 0 || missing.length > 0) {
    return toHealth([
      unknownFinding(
        ruleId,
        sla,
        input.topics.length === 0
          ? 'EstimatedMaxTimeLag has no series for this group, so its lag cannot be judged. MSK publishes lag only for groups that commit offsets and have ASCII names.'
          : `EstimatedMaxTimeLag has no recent datapoints for ${missing.join(
              ', ',
            )}, so the group's lag there cannot be judged.`,
      ),
    ]);
  }
  return toHealth([]);
}
