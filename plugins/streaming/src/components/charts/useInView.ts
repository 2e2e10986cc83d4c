import { useCallback, useEffect, useState } from 'react';

/** How far below the fold a chart starts loading, so it is drawn by the time it is scrolled to. */
const LOAD_AHEAD = '200px';

/**
 * Whether an element has come into (or near) the viewport; stays true once it
 * has, so a chart scrolled past keeps what it loaded. Without
 * IntersectionObserver (an old browser) everything counts as in view.
 */
export function useInView<T extends Element>(): {
  ref: (element: T | null) => void;
  inView: boolean;
} {
  const [element, setElement] = useState<T | null>(null);
  const [inView, setInView] = useState(
    () => typeof IntersectionObserver === 'undefined',
  );

  useEffect(() => {
    if (inView || !element) return undefined;
    const observer = new IntersectionObserver(
      entries => {
        if (entries.some(entry => entry.isIntersecting)) {
          setInView(true);
          observer.disconnect();
        }
      },
      { rootMargin: LOAD_AHEAD },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, inView]);

  const ref = useCallback((node: T | null) => setElement(node), []);
  return { ref, inView };
}
