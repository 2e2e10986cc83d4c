import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { streamingApi, streamingScaffolderApi } from './apis';
import {
  streamingClusterPickerFormField,
  streamingCostEstimateFormField,
} from './formFields';
import { streamingOverviewEntityCard } from './entityCards';
import { streamingEntityContent } from './entityContents';

/**
 * The streaming plugin for the new frontend system: the API, the overview
 * card and the Streaming tab, on entities with streaming annotations, and
 * the scaffolder form fields (live price, cluster picker).
 *
 * @alpha
 */
export const streamingPlugin = createFrontendPlugin({
  pluginId: 'streaming',
  info: { packageJson: () => import('../../package.json') },
  extensions: [
    streamingApi,
    streamingOverviewEntityCard,
    streamingEntityContent,
    streamingScaffolderApi,
    streamingCostEstimateFormField,
    streamingClusterPickerFormField,
  ],
});
