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
