import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isStreamingAvailable } from '../conditions';

/**
 * The Streaming tab, on the same entities as the overview card. It sits in
 * the `observability` group: alone there it is a plain "Streaming" tab, next
 * to other observability plugins it joins their menu.
 */
export const streamingEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'streaming',
    title: 'Streaming',
    group: 'observability',
    filter: isStreamingAvailable,
    loader: () =>
      import('../components/StreamingContent').then(m => (
        <m.StreamingContent />
      )),
  },
});
