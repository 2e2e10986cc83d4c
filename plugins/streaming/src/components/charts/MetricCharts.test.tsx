import { renderInTestApp } from '@backstage/frontend-test-utils';
import { act, screen, waitFor } from '@testing-library/react';
import {
  getMetric,
  MetricSeriesResponse,
} from '@backstage-streaming/plugin-streaming-common';
import { StreamingApi, streamingApiRef } from '../../api';
import { seriesResponse } from '../../testUtils/fixtures';
import { MAX_CHART_REQUESTS_IN_FLIGHT } from './chartRequestLimit';
import { MetricCharts } from './MetricCharts';

jest.setTimeout(30_000);

/** An IntersectionObserver the test moves elements into view with. */
class ControlledIntersectionObserver {
  static instances: ControlledIntersectionObserver[] = [];
  readonly targets = new Set<Element>();

  constructor(private readonly callback: IntersectionObserverCallback) {
    ControlledIntersectionObserver.instances.push(this);
  }

  observe(target: Element) {
    this.targets.add(target);
  }

  unobserve(target: Element) {
    this.targets.delete(target);
  }

  disconnect() {
    this.targets.clear();
  }

  takeRecords() {
    return [];
  }

  static scrollIntoView(elements: Element[]) {
    for (const observer of [...ControlledIntersectionObserver.instances]) {
      const seen = elements.filter(e => observer.targets.has(e));
      if (seen.length === 0) continue;
      observer.callback(
        seen.map(
          target =>
            ({ target, isIntersecting: true } as IntersectionObserverEntry),
        ),
        observer as unknown as IntersectionObserver,
      );
    }
  }
}

const topicMetrics = [
  getMetric('msk.topic.bytesIn'),
  getMetric('msk.topic.bytesOut'),
];
// An entity attaching 15 topics by a prefix: 30 default charts on one page.
const topics = Array.from({ length: 15 }, (_, i) => `orders.t${i}`);

/** An API whose chart answers the test releases one at a time. */
function deferredApi() {
  const pending: Array<() => void> = [];
  const getMetricSeries = jest.fn(
    (request: { arn: string; metricId: string }) =>
      new Promise<MetricSeriesResponse>(resolve =>
        pending.push(() =>
          resolve(
            seriesResponse({ arn: request.arn, metricId: request.metricId }),
          ),
        ),
      ),
  );
  const api: StreamingApi = {
    getEntityStreaming: jest.fn(),
    getMetricSeries,
  };
  return { api, getMetricSeries, pending };
}

async function renderTopics(api: StreamingApi) {
  await renderInTestApp(
    <>
      {topics.map(name => (
        <MetricCharts
          key={name}
          arn={`arn:aws:kafka:us-east-1:111111111111:topic/orders/u-1/${name}`}
          subject={name}
          entityRef="component:default/orders-service"
          choice={{
            metrics: topicMetrics,
            defaults: topicMetrics.map(m => m.id),
          }}
          emptyMessage="none"
        />
      ))}
    </>,
    { apis: [[streamingApiRef, api]] },
  );
}

describe('charts on a page of many assets', () => {
  const original = globalThis.IntersectionObserver;
  beforeEach(() => {
    ControlledIntersectionObserver.instances = [];
    globalThis.IntersectionObserver =
      ControlledIntersectionObserver as unknown as typeof IntersectionObserver;
  });
  afterEach(() => {
    globalThis.IntersectionObserver = original;
  });

  it('asks only for the charts in view, the others as they scroll into view', async () => {
    const { api, getMetricSeries, pending } = deferredApi();
    await renderTopics(api);
    const figures = screen.getAllByRole('figure');
    expect(figures).toHaveLength(30);
    expect(getMetricSeries).not.toHaveBeenCalled();

    act(() =>
      ControlledIntersectionObserver.scrollIntoView(figures.slice(0, 2)),
    );
    await waitFor(() => expect(getMetricSeries).toHaveBeenCalledTimes(2));
    expect(getMetricSeries.mock.calls.map(([r]) => r.arn)).toEqual([
      expect.stringMatching(/orders\.t0$/),
      expect.stringMatching(/orders\.t0$/),
    ]);
    act(() => pending.splice(0).forEach(release => release()));
    expect(
      await screen.findByRole('img', {
        name: /^Bytes in of orders\.t0, last/,
      }),
    ).toBeInTheDocument();

    act(() => ControlledIntersectionObserver.scrollIntoView([figures[2]]));
    await waitFor(() => expect(getMetricSeries).toHaveBeenCalledTimes(3));
    expect(getMetricSeries.mock.calls[2][0].arn).toMatch(/orders\.t1$/);
  });

  it(`has at most ${MAX_CHART_REQUESTS_IN_FLIGHT} chart requests in flight when many come into view at once`, async () => {
    const { api, getMetricSeries, pending } = deferredApi();
    await renderTopics(api);
    const figures = screen.getAllByRole('figure');

    act(() => ControlledIntersectionObserver.scrollIntoView(figures));
    await waitFor(() =>
      expect(getMetricSeries).toHaveBeenCalledTimes(
        MAX_CHART_REQUESTS_IN_FLIGHT,
      ),
    );
    let answered = 0;
    while (answered < figures.length) {
      expect(pending.length).toBeLessThanOrEqual(MAX_CHART_REQUESTS_IN_FLIGHT);
      expect(getMetricSeries.mock.calls.length - answered).toBe(pending.length);
      const release = pending.shift()!;
      act(() => release());
      answered++;
      const started = Math.min(
        figures.length,
        answered + MAX_CHART_REQUESTS_IN_FLIGHT,
      );
      await waitFor(() =>
        expect(getMetricSeries.mock.calls.length).toBe(started),
      );
    }
    expect(getMetricSeries).toHaveBeenCalledTimes(30);
  });
});
