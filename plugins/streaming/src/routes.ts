import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the Streaming tab (an `EntityLayout.Route`). */
export const streamingContentRouteRef = createRouteRef({
  id: 'streaming:entity-content',
});
