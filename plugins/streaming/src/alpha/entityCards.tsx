import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isStreamingAvailable } from '../conditions';

/**
 * The overview card, on entities that name a streaming asset. A function
 * filter, because a predicate cannot tell a blank annotation from a filled one;
 * apps can still replace it with a `filter` predicate in config.
 */
export const streamingOverviewEntityCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    type: 'content',
    filter: isStreamingAvailable,
    loader: () =>
      import('../components/StreamingOverviewCard').then(m => (
        <m.StreamingOverviewCard />
      )),
  },
});

/**
 * The team's "Streaming" card on Group pages: its assets, health and monthly
 * cost, linking to the estate page filtered by the team.
 */
export const groupStreamingEntityCard = EntityCardBlueprint.make({
  name: 'group',
  params: {
    type: 'content',
    filter: { kind: 'group' },
    loader: () =>
      import('../components/GroupStreamingCard').then(m => (
        <m.GroupStreamingCard />
      )),
  },
});
