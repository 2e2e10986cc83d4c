/**
 * Catalog backend module for Backstage Streaming: MSK clusters, topics,
 * consumer groups and Managed Flink applications as Resource entities, and
 * the relations of the entities that attach them.
 *
 * @packageDocumentation
 */
export { catalogModuleStreaming as default } from './module';
export {
  streamingCatalogTransformsExtensionPoint,
  type StreamingCatalogTransformsExtensionPoint,
} from './extensions';
export {
  StreamingEntityProvider,
  type StreamingEntityTransform,
  type StreamingProviderRun,
} from './provider/StreamingEntityProvider';
export { StreamingRelationsProcessor } from './processor/StreamingRelationsProcessor';
export {
  CatalogFeedClient,
  type CatalogFeed,
} from './client/CatalogFeedClient';
