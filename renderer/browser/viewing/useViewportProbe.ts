import { useEffect, useRef, type RefObject } from 'react';
import { publishViewportState, type ViewportProbe } from './viewerTestHooks';

/** Publishes what a viewport shows to tests and benchmarks after every render, with when its series first showed an image. */
export function useViewportProbe(element: RefObject<HTMLElement | null>, seriesUid: string | undefined, probe: Omit<ViewportProbe, 'firstShownAt'>): void {
  const firstShown = useRef<{ series?: string; at?: number }>({});
  if (firstShown.current.series !== seriesUid) firstShown.current = { series: seriesUid };
  if (probe.frameLoaded && firstShown.current.at === undefined) firstShown.current.at = performance.timeOrigin + performance.now();
  const published: ViewportProbe = { ...probe, firstShownAt: firstShown.current.at };
  useEffect(() => publishViewportState(probe.position, published, element.current));
}
