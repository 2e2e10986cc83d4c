import { useCallback, useEffect, useState } from 'react';
import { toError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  MetricRange,
  MetricSeriesResponse,
} from '@backstage-streaming/plugin-streaming-common';
import { streamingApiRef } from '../../api';
import { describeChartError, LoadProblem } from '../errors';
import { chartRequestLimiterFor } from './chartRequestLimit';

export type SeriesState =
  | { status: 'loading' }
  | { status: 'error'; problem: LoadProblem }
  | { status: 'loaded'; value: MetricSeriesResponse };

/**
 * Loads one chart's series once `enabled` (the chart is in view) and reloads
 * when the range changes. Requests go through the page's chart request
 * limiter, so a page of many charts does not fire them all at once. A 429 is
 * retried by itself once Retry-After has passed.
 */
export function useMetricSeries(request: {
  arn: string;
  metricId: string;
  range: MetricRange;
  entityRef: string;
  enabled?: boolean;
}): { state: SeriesState; retry: () => void } {
  const streamingApi = useApi(streamingApiRef);
  const { arn, metricId, range, entityRef, enabled = true } = request;
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<SeriesState>({ status: 'loading' });
  const retry = useCallback(() => setAttempt(n => n + 1), []);

  useEffect(() => {
    // An answer for an earlier range must not replace the current one.
    let current = true;
    setState({ status: 'loading' });
    if (!enabled) return undefined;
    chartRequestLimiterFor(streamingApi)
      .run(async () =>
        // A chart gone or moved to another range before its turn asks nothing.
        current
          ? streamingApi.getMetricSeries({ arn, metricId, range, entityRef })
          : undefined,
      )
      .then(
        value => {
          if (current && value) setState({ status: 'loaded', value });
        },
        error => {
          if (current) {
            setState({
              status: 'error',
              problem: describeChartError(toError(error)),
            });
          }
        },
      );
    return () => {
      current = false;
    };
  }, [streamingApi, arn, metricId, range, entityRef, attempt, enabled]);

  const retryAfterSeconds =
    state.status === 'error' ? state.problem.retryAfterSeconds : undefined;
  useEffect(() => {
    if (retryAfterSeconds === undefined) return undefined;
    const timer = setTimeout(retry, retryAfterSeconds * 1000);
    return () => clearTimeout(timer);
  }, [retryAfterSeconds, retry]);

  return { state, retry };
}
