import { useLayoutEffect, useState, type RefObject } from 'react';

/** An element's CSS size, kept current by a ResizeObserver. */
export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const box = el.getBoundingClientRect();
      setSize((s) => (s.width === box.width && s.height === box.height ? s : { width: box.width, height: box.height }));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
