import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the Streaming tab (an `EntityLayout.Route`). */
export const streamingContentRouteRef = createRouteRef({
  id: 'streaming:entity-content',
});

/**
 * The estate page (`/streaming` in the demo app). One ref for both frontend
 * systems, so the Group card's link resolves wherever the page is mounted.
 */
export const estatePageRouteRef = createRouteRef({
  id: 'streaming:estate-page',
});
