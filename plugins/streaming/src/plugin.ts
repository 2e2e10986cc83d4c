import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { StreamingClient, streamingApiRef } from './api';

/**
 * The streaming plugin for the legacy frontend system. Apps on the new
 * frontend system use the `./alpha` export instead.
 *
 * @public
 */
export const streamingPlugin = createPlugin({
  id: 'streaming',
  apis: [
    createApiFactory({
      api: streamingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StreamingClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * Entity card listing the entity's MSK clusters, topics and Flink
 * applications. Show it with `<EntitySwitch.Case if={isStreamingAvailable}>`.
 *
 * @public
 */
export const EntityStreamingOverviewCard = streamingPlugin.provide(
  createComponentExtension({
    name: 'EntityStreamingOverviewCard',
    component: {
      lazy: () =>
        import('./components/StreamingOverviewCard').then(
          m => m.StreamingOverviewCard,
        ),
    },
  }),
);
