import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { ScaffolderCluster } from '@backstage-streaming/plugin-streaming-common';
import { streamingScaffolderApiRef } from '../../api';

/** The clusters a new topic can go to; loaded once per field. */
export function useScaffolderClusters(enabled = true) {
  const api = useApi(streamingScaffolderApiRef);
  const [state, setState] = useState<{
    clusters?: ScaffolderCluster[];
    error?: Error;
  }>({});
  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    api.listScaffolderClusters().then(
      clusters => current && setState({ clusters }),
      error => current && setState({ error }),
    );
    return () => {
      current = false;
    };
  }, [api, enabled]);
  return state;
}
