import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  StreamingClient,
  streamingApiRef,
  streamingScaffolderApiRef,
} from './api';
import { ClusterPickerField, CostEstimateField } from './components/scaffolder';
import { estatePageRouteRef, streamingContentRouteRef } from './routes';

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
    createApiFactory({
      api: streamingScaffolderApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StreamingClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: estatePageRouteRef,
    entityContent: streamingContentRouteRef,
  },
});

/**
 * Entity card listing the entity's MSK clusters, topics and Flink
 * applications. Show it with `<EntitySwitch.Case if={isStreamingAvailable}>`.
 *
 * @public
 */
export const EntityStreamingOverviewCard: () => JSX.Element =
  streamingPlugin.provide(
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

/**
 * The Streaming tab: every attached asset in detail, with charts, health
 * findings and cost. Mount it with
 * `<EntityLayout.Route path="/streaming" title="Streaming" if={isStreamingAvailable}>`.
 *
 * @public
 */
export const EntityStreamingContent: () => JSX.Element =
  streamingPlugin.provide(
    createRoutableExtension({
      name: 'EntityStreamingContent',
      mountPoint: streamingContentRouteRef,
      component: () =>
        import('./components/StreamingContent').then(m => m.StreamingContent),
    }),
  );

/**
 * The platform owner's estate page: every cluster, topic, consumer group and
 * Flink application with owner, cost and health, the chargeback and the
 * savings. Mount it with `<Route path="/streaming" element={<StreamingEstatePage />} />`
 * and add a sidebar item linking to it.
 *
 * @public
 */
export const StreamingEstatePage: () => JSX.Element = streamingPlugin.provide(
  createRoutableExtension({
    name: 'StreamingEstatePage',
    mountPoint: estatePageRouteRef,
    component: () =>
      import('./components/EstatePage').then(m => m.StreamingEstatePage),
  }),
);

/**
 * Scaffolder field `ui:field: StreamingCostEstimate` for legacy apps: the live
 * monthly price of what a template creates. Mount it inside
 * `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const StreamingCostEstimateFieldExtension = streamingPlugin.provide(
  createScaffolderFieldExtension({
    name: 'StreamingCostEstimate',
    component: CostEstimateField,
  }),
);

/**
 * The "Streaming" card for Group pages: the team's assets, health and monthly
 * cost, linking to the estate page filtered by the team. Show it on group
 * pages with `<EntitySwitch.Case if={isKind('group')}>`.
 *
 * @public
 */
export const EntityGroupStreamingCard: () => JSX.Element =
  streamingPlugin.provide(
    createComponentExtension({
      name: 'EntityGroupStreamingCard',
      component: {
        lazy: () =>
          import('./components/GroupStreamingCard').then(
            m => m.GroupStreamingCard,
          ),
      },
    }),
  );

/**
 * Scaffolder field `ui:field: StreamingClusterPicker` for legacy apps: an MSK
 * cluster with the topic APIs that the user may read.
 *
 * @public
 */
export const StreamingClusterPickerFieldExtension = streamingPlugin.provide(
  createScaffolderFieldExtension({
    name: 'StreamingClusterPicker',
    component: ClusterPickerField,
  }),
);
