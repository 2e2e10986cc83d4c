import { ResponseError } from '@backstage/errors';

/** What went wrong reading from the streaming backend, in words a developer acts on. */
export interface LoadProblem {
  kind:
    | 'not-published'
    | 'rate-limited'
    | 'unavailable'
    | 'backend-down'
    | 'not-found'
    | 'forbidden'
    | 'unauthenticated'
    | 'failed';
  title: string;
  /** The backend's own message, when it sent one. */
  detail?: string;
  /** Seconds to wait before asking again, from Retry-After (429). */
  retryAfterSeconds?: number;
}

function backendMessage(error: ResponseError): string | undefined {
  const message = error.body?.error?.message ?? error.cause?.message;
  return message && message !== error.message ? message : undefined;
}

function retryAfter(error: ResponseError): number {
  const header = Number(error.response.headers.get('retry-after'));
  return Number.isFinite(header) && header > 0 ? Math.ceil(header) : 60;
}

/** The entity request failed: why, as one of the states the tab and card show. */
export function describeEntityError(error: Error): LoadProblem {
  if (!ResponseError.is(error)) {
    return {
      kind: 'backend-down',
      title:
        'The streaming backend could not be reached. Check that the Backstage backend is running, then reload the page.',
      detail: error.message,
    };
  }
  const detail = backendMessage(error);
  switch (error.statusCode) {
    case 401:
      return {
        kind: 'unauthenticated',
        title:
          'Sign in again: the streaming backend did not accept your session.',
        detail,
      };
    case 403:
      return {
        kind: 'forbidden',
        title: "You are not allowed to see this entity's streaming assets.",
        detail,
      };
    case 404:
      return {
        kind: 'not-found',
        title: 'The streaming backend does not know this entity.',
        detail,
      };
    default:
      return error.statusCode >= 500
        ? {
            kind: 'backend-down',
            title: `The streaming backend is not answering (${error.statusCode}). Try again in a minute; if it persists, ask the Backstage administrators to check the streaming backend.`,
            detail,
          }
        : { kind: 'failed', title: error.message, detail };
  }
}

/** A chart request failed: why, with what to do. */
export function describeChartError(error: Error): LoadProblem {
  if (!ResponseError.is(error)) {
    return {
      kind: 'backend-down',
      title: 'The streaming backend could not be reached for this chart.',
      detail: error.message,
    };
  }
  const detail = backendMessage(error);
  switch (error.statusCode) {
    case 400:
      return {
        kind: 'not-published',
        title:
          "Not published for this asset: its cluster's type or monitoring level (or the Flink runtime or metrics level) does not report this metric.",
        detail,
      };
    case 429: {
      const seconds = retryAfter(error);
      return {
        kind: 'rate-limited',
        title: `Too many chart requests. Retrying in ${seconds} s.`,
        detail,
        retryAfterSeconds: seconds,
      };
    }
    case 503:
      return {
        kind: 'unavailable',
        title:
          'CloudWatch could not be read and no earlier data is cached. Try again shortly.',
        detail,
      };
    case 403:
      return {
        kind: 'forbidden',
        title: 'You are not allowed to see this chart.',
        detail,
      };
    case 404:
      return {
        kind: 'not-found',
        title: 'This asset is no longer in the inventory.',
        detail,
      };
    default:
      return { kind: 'failed', title: error.message, detail };
  }
}

/** An estate request failed: why, as one of the states the estate page and group card show. */
export function describeEstateError(error: Error): LoadProblem {
  if (ResponseError.is(error) && error.statusCode === 403) {
    return {
      kind: 'forbidden',
      title:
        'You are not allowed to see the streaming estate. Ask the Backstage administrators for the streaming.asset.read permission.',
      detail: backendMessage(error),
    };
  }
  if (ResponseError.is(error) && error.statusCode === 404) {
    return {
      kind: 'not-found',
      title:
        'The streaming backend does not offer the estate API yet: update the streaming backend plugin.',
      detail: backendMessage(error),
    };
  }
  return describeEntityError(error);
}
