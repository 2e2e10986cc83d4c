import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { StreamingEntityTransform } from './provider/StreamingEntityProvider';

/**
 * Lets adopters' catalog modules change the streaming provider's entities
 * (labels, namespaces of owners, links of their own) or leave assets out.
 *
 * @public
 */
export interface StreamingCatalogTransformsExtensionPoint {
  /** Transforms run in the order added, each on the previous one's result. */
  addTransform(transform: StreamingEntityTransform): void;
}

/** @public */
export const streamingCatalogTransformsExtensionPoint =
  createExtensionPoint<StreamingCatalogTransformsExtensionPoint>({
    id: 'catalog.streaming-provider.transforms',
  });
