import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { EntityStreamingResponse } from '@backstage-streaming/plugin-streaming-common';

/**
 * Reads streaming assets (MSK clusters, topics, Managed Flink applications)
 * from the streaming backend.
 *
 * @public
 */
export interface StreamingApi {
  /** The clusters, topics and Flink applications an entity's annotations name, plus what kept others from showing. */
  getEntityStreaming(
    entityRef: CompoundEntityRef,
  ): Promise<EntityStreamingResponse>;
}

/**
 * Shared by the legacy and the new frontend system, so both resolve the same client.
 *
 * @public
 */
export const streamingApiRef = createApiRef<StreamingApi>().with({
  id: 'plugin.streaming.api',
  pluginId: 'streaming',
});
