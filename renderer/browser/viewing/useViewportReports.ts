import { useMemo, useState } from 'react';
import type { ShownImage } from './shownImage';

type ShownWindow = { center: number; width: number } | undefined;

export interface ViewportReports {
  /** Each viewport's current image (reference lines, the fusion controls' frame of reference). */
  shown: Record<number, ShownImage | undefined>;
  shownCallbacks: ((image: ShownImage | undefined) => void)[];
  /** Each viewport's window as shown: the tool bar's W/L fields follow the active one (they always read 400/40). */
  windows: Record<number, ShownWindow>;
  windowCallbacks: ((window: ShownWindow) => void)[];
}

/** What each viewport of the grid reports about itself, with one stable callback per viewport (no re-render for the same report). */
export function useViewportReports(): ViewportReports {
  const [shown, setShown] = useState<Record<number, ShownImage | undefined>>({});
  const shownCallbacks = useMemo(
    () => Array.from({ length: 16 }, (_, i) => (image: ShownImage | undefined) => setShown((all) => (all[i] === image ? all : { ...all, [i]: image }))),
    [],
  );
  const [windows, setWindows] = useState<Record<number, ShownWindow>>({});
  const windowCallbacks = useMemo(
    () => Array.from({ length: 16 }, (_, i) => (w: ShownWindow) => setWindows((all) => (all[i]?.center === w?.center && all[i]?.width === w?.width ? all : { ...all, [i]: w }))),
    [],
  );
  return { shown, shownCallbacks, windows, windowCallbacks };
}
