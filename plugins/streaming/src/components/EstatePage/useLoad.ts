import { DependencyList, useEffect, useState } from 'react';
import { toError } from '@backstage/errors';

export type LoadState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | { status: 'loaded'; value: T };

/**
 * Runs a read whenever its inputs change; a slow answer to an earlier input
 * never overwrites the current one.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): LoadState<T> {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    load().then(
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
    // The caller names what the read depends on, as with useEffect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
