import type { Entity } from '@backstage/catalog-model';
import {
  hasStreamingAnnotations,
  streamingAssetArnOf,
} from '@backstage-streaming/plugin-streaming-common';

/**
 * True when the entity names at least one MSK cluster, topic or Managed Flink
 * application in its annotations, or is the Resource entity of one (the
 * catalog provider's `aws.amazon.com/arn`). Use it to show the streaming card
 * only where it has something to say.
 *
 * @public
 */
export function isStreamingAvailable(entity: Entity): boolean {
  return (
    hasStreamingAnnotations(entity) || streamingAssetArnOf(entity) !== undefined
  );
}
