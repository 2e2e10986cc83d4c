import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { streamingApi, streamingScaffolderApi } from './apis';
import {
  groupStreamingEntityCard,
  streamingOverviewEntityCard,
} from './entityCards';
import {
  streamingClusterPickerFormField,
  streamingCostEstimateFormField,
} from './formFields';
import { estatePage } from './pages';
import { estatePageRouteRef } from '../routes';
import { streamingEntityContent } from './entityContents';

/**
 * The streaming plugin for the new frontend system: the API, the estate page
 * (in the sidebar), the overview card and the Streaming tab on entities with
 * streaming annotations, the Streaming card on Group pages, and the
 * scaffolder form fields (live price, cluster picker).
 *
 * @alpha
 */
export const streamingPlugin = createFrontendPlugin({
  pluginId: 'streaming',
  info: { packageJson: () => import('../../package.json') },
  routes: { root: estatePageRouteRef },
  extensions: [
    streamingApi,
    estatePage,
    streamingOverviewEntityCard,
    groupStreamingEntityCard,
    streamingEntityContent,
    streamingScaffolderApi,
    streamingCostEstimateFormField,
    streamingClusterPickerFormField,
  ],
});
