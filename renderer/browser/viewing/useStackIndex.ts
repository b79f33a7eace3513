import { useEffect, useRef, useState, type Dispatch, type MutableRefObject, type SetStateAction } from 'react';
import type { StackImage } from '../../common/viewing/stackImages';

export interface StackIndex {
  index: number;
  setIndex: Dispatch<SetStateAction<number>>;
  /** The index as last set, read by timers and handlers that outlive a render (the cine, scroll steps). */
  shownIndex: MutableRefObject<number>;
  image: StackImage | undefined;
}

/** Which image of a series' stack a viewport shows, kept on the same image when the stack is rebuilt. */
export function useStackIndex(stack: StackImage[] | undefined): StackIndex {
  const [index, setIndex] = useState(0);
  const shownIndex = useRef(0);
  shownIndex.current = index;

  const image = stack?.[index];
  // Images that land while the series is open (a retrieve in progress) rebuild the stack: stay on the image being read.
  const shownImage = useRef<string>(undefined);
  useEffect(() => {
    if (!stack || !shownImage.current) return;
    const at = stack.findIndex((im) => `${im.sopInstanceUid}/${im.frame}` === shownImage.current);
    if (at >= 0) setIndex(at);
  }, [stack]);
  useEffect(() => {
    if (image) shownImage.current = `${image.sopInstanceUid}/${image.frame}`;
  }, [image]);
  return { index, setIndex, shownIndex, image };
}
