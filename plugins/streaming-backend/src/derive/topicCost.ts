import {
  AssetCost,
  KafkaTopicAsset,
} from '@backstage-streaming/plugin-streaming-common';
import { CostCalculator } from '../cost/CostCalculator';

/**
 * The cost of each topic of one cluster as the entity answer serves it: the
 * cluster's estimate with the topic's share. The one place the stored topic
 * shares come from: CostCalculator.topicShares reads them from the cluster's
 * split by the chargeback model (streaming.chargeback.model), so each share
 * carries its fixed part, its usage-priced part and how it was worked out.
 * A topic without a share (gone) has no entry.
 */
export function topicCostsOf(
  costs: CostCalculator,
  topics: KafkaTopicAsset[],
  clusterCost: AssetCost,
): Map<string, AssetCost> {
  const shares = costs.topicShares(topics, clusterCost);
  const result = new Map<string, AssetCost>();
  for (const [arn, share] of shares) {
    result.set(arn, {
      estimate: clusterCost.estimate,
      lowerBound: clusterCost.lowerBound,
      missing: clusterCost.missing,
      usdPerGbIn: null,
      usdPerGbOut: null,
      share,
    });
  }
  return result;
}
