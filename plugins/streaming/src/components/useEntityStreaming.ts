import { useEffect, useState } from 'react';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { toError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import type { EntityStreamingResponse } from '@backstage-streaming/plugin-streaming-common';
import { streamingApiRef } from '../api';

export type EntityStreamingState =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | { status: 'loaded'; value: EntityStreamingResponse };

/** Loads an entity's streaming assets, reloading when the entity changes. */
export function useEntityStreaming(
  entityRef: CompoundEntityRef,
): EntityStreamingState {
  const streamingApi = useApi(streamingApiRef);
  const { kind, namespace, name } = entityRef;
  const [state, setState] = useState<EntityStreamingState>({
    status: 'loading',
  });

  useEffect(() => {
    // A slow answer for a previous entity must not overwrite the current one.
    let current = true;
    setState({ status: 'loading' });
    streamingApi.getEntityStreaming({ kind, namespace, name }).then(
      value => {
        if (current) setState({ status: 'loaded', value });
      },
      error => {
        if (current) setState({ status: 'error', error: toError(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [streamingApi, kind, namespace, name]);

  return state;
}
