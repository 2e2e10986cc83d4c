import { CatalogFeedAsset } from '@backstage-streaming/plugin-streaming-common';
import { StreamingProviderConfig } from './config';

/**
 * Whether an asset passes the name and tag filters (the account, region and
 * type filters are applied by the streaming backend when reading). A topic or
 * consumer group is judged by its cluster's tags, as it carries none.
 */
export function passesFilters(
  asset: CatalogFeedAsset,
  filters: StreamingProviderConfig['filters'],
  clusterTags: Record<string, string> | undefined,
): boolean {
  if (
    filters.names.length > 0 &&
    !filters.names.some(pattern => pattern.test(asset.name))
  ) {
    return false;
  }
  const tags =
    asset.assetType === 'kafka-topic' || asset.assetType === 'consumer-group'
      ? clusterTags ?? {}
      : asset.tags;
  return Object.entries(filters.tags).every(
    ([key, value]) => tags[key] === value,
  );
}
