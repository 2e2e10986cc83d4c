import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { StreamingClient, streamingApiRef } from '../api';

export const streamingApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: streamingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StreamingClient({ discoveryApi, fetchApi }),
    }),
});
