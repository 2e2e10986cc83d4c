import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  StreamingClient,
  streamingApiRef,
  streamingScaffolderApiRef,
} from '../api';

export const streamingApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: streamingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StreamingClient({ discoveryApi, fetchApi }),
    }),
});

/** The scaffolder form fields' API; the same client, under its own ref. */
export const streamingScaffolderApi = ApiBlueprint.make({
  name: 'scaffolder',
  params: defineParams =>
    defineParams({
      api: streamingScaffolderApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StreamingClient({ discoveryApi, fetchApi }),
    }),
});
