import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { streamingApi } from './apis';
import { streamingOverviewEntityCard } from './entityCards';

/**
 * The streaming plugin for the new frontend system.
 *
 * @alpha
 */
export const streamingPlugin = createFrontendPlugin({
  pluginId: 'streaming',
  info: { packageJson: () => import('../../package.json') },
  extensions: [streamingApi, streamingOverviewEntityCard],
});
