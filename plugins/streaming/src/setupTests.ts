import '@testing-library/jest-dom';

/**
 * jsdom lays nothing out, so recharts' responsive container measures a
 * zero-wide box and draws nothing. This observer reports a chart-sized box
 * once observed, so charts render their SVG in tests.
 */
class ChartSizedResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}

  observe(target: Element) {
    this.callback(
      [
        {
          target,
          contentRect: { width: 600, height: 180 } as DOMRectReadOnly,
        } as ResizeObserverEntry,
      ],
      this as unknown as ResizeObserver,
    );
  }

  unobserve() {}

  disconnect() {}
}

(globalThis as { ResizeObserver?: unknown }).ResizeObserver =
  ChartSizedResizeObserver;

/**
 * jsdom has no IntersectionObserver. Charts load as they come into view; this
 * observer reports every element in view at once, so tests see every chart
 * load. A test of the lazy loading replaces it with one it controls.
 */
class AlwaysInViewIntersectionObserver {
  constructor(private readonly callback: IntersectionObserverCallback) {}

  observe(target: Element) {
    this.callback(
      [{ target, isIntersecting: true } as IntersectionObserverEntry],
      this as unknown as IntersectionObserver,
    );
  }

  unobserve() {}

  disconnect() {}

  takeRecords() {
    return [];
  }
}

(globalThis as { IntersectionObserver?: unknown }).IntersectionObserver =
  AlwaysInViewIntersectionObserver;
