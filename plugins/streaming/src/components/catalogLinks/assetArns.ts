import type { EntityStreamingResponse } from '@backstage-streaming/plugin-streaming-common';

/** The ARNs of every asset an entity's streaming response shows. */
export function assetArnsOf(response: EntityStreamingResponse): string[] {
  return [
    ...response.clusters,
    ...response.topics,
    ...(response.consumerGroups ?? []),
    ...response.applications,
  ].map(asset => asset.arn);
}
