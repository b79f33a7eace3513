import { useEffect, useState, type Dispatch, type MutableRefObject, type SetStateAction } from 'react';
import type { StackImage } from '../../common/viewing/stackImages';

export interface CineState {
  playing: boolean;
  fps: number;
  mode: 'loop' | 'bounce';
}

/** A viewport's cine: steps through the stack while playing, looping or bouncing at the ends. */
export function useCine(
  stack: StackImage[] | undefined,
  shownIndex: MutableRefObject<number>,
  setIndex: (index: number) => void,
  /** The latest publisher of this viewport's position (the cine's timer outlives renders). */
  publishRef: MutableRefObject<(p: readonly number[] | undefined) => void>,
): [CineState, Dispatch<SetStateAction<CineState>>] {
  const [cine, setCine] = useState<CineState>({ playing: false, fps: 15, mode: 'loop' });
  useEffect(() => {
    if (!cine.playing || !stack || stack.length < 2) return;
    // Bounce reverses at either end; the direction lives as long as this run of the cine.
    let direction = 1;
    const timer = setInterval(() => {
      const i = shownIndex.current;
      let next = i + direction;
      if (next >= stack.length || next < 0) {
        if (cine.mode === 'bounce') {
          direction = -direction;
          next = i + direction;
        } else next = next < 0 ? stack.length - 1 : 0;
      }
      shownIndex.current = next;
      setIndex(next);
      // Each cine step reaches the synchronized viewports as a scroll does (they were left behind).
      publishRef.current(stack[next]?.geometry?.position);
    }, 1000 / cine.fps);
    return () => clearInterval(timer);
  }, [cine, stack]);
  return [cine, setCine];
}
