import {
  AssetCost,
  KafkaTopicAsset,
} from '@backstage-streaming/plugin-streaming-common';
import { CostCalculator } from '../cost/CostCalculator';

/**
 * A topic's cost as the entity answer serves it: its cluster's estimate with
 * the topic's share. The one place the stored topic shares come from, so a
 * different split model (the chargeback model) replaces this one call.
 */
export function topicCostOf(
  costs: CostCalculator,
  topic: KafkaTopicAsset,
  clusterCost: AssetCost,
): AssetCost | undefined {
  const share = costs.topicShare(topic, clusterCost);
  if (!share) return undefined;
  return {
    estimate: clusterCost.estimate,
    lowerBound: clusterCost.lowerBound,
    missing: clusterCost.missing,
    usdPerGbIn: null,
    usdPerGbOut: null,
    share,
  };
}
