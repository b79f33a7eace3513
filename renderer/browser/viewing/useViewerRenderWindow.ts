import { useLayoutEffect, useState, type RefObject } from 'react';
import type { FrameLoader } from './frameLoader';
import { releaseRenderWindow, takeRenderWindow } from './renderWindowPool';
import { OPEN_STUDY_MARK, type SharedRenderWindow } from './sharedRenderWindow';
import { publishFrameCache, publishRenderWindow } from './viewerTestHooks';

/** The window's shared WebGL context over the viewport grid, and whether the series thumbnails may be asked for yet. */
export function useViewerRenderWindow(grid: RefObject<HTMLDivElement | null>, loader: FrameLoader): { renderWindow?: SharedRenderWindow; thumbnailsWanted: boolean } {
  const [renderWindow, setRenderWindow] = useState<SharedRenderWindow>();
  const [thumbnailsWanted, setThumbnailsWanted] = useState(false);
  useLayoutEffect(() => {
    performance.mark(OPEN_STUDY_MARK);
    const rw = takeRenderWindow(grid.current!);
    publishRenderWindow(rw);
    publishFrameCache(() => loader.cache.size);
    setRenderWindow(rw);
    // Thumbnails are rendered by the host too: ask for them once the first image is on screen.
    let live = true;
    const later = () => live && setThumbnailsWanted(true);
    void rw.whenFirstImage().then(later);
    const fallback = setTimeout(later, 3000);
    return () => {
      live = false;
      clearTimeout(fallback);
      releaseRenderWindow(rw);
    };
  }, []);
  return { renderWindow, thumbnailsWanted };
}
