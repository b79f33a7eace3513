import { useEffect, useState } from 'react';
import { readerMessage } from '../../../electron/common/contract/hostClient';
import type { StackImage } from '../../common/viewing/stackImages';
import type { FrameKey, FrameLoader, LoadedFrame } from './frameLoader';
import { markOnce } from './viewerTestHooks';

export interface StackFrameArgs {
  loader: FrameLoader;
  studyUid: string;
  seriesUid: string | undefined;
  /** The viewport's position: the owner of its prefetch queue. */
  position: number;
  stack: StackImage[] | undefined;
  index: number;
  image: StackImage | undefined;
}

/** The frame of a viewport's shown image, loaded first, with the rest of the series prefetched outward from it. */
export function useStackFrame({ loader, studyUid, seriesUid, position, stack, index, image }: StackFrameArgs): { frame?: LoadedFrame; frameError?: string } {
  // The frame of the shown image: from the loader's cache during render when it is there (so a scroll
  // step draws the new slice in the same commit), else loaded and kept here.
  const [loaded, setLoaded] = useState<{ image: StackImage; frame: LoadedFrame }>();
  const [frameError, setFrameError] = useState<string>();
  const frameKey = (im: StackImage): FrameKey => ({ studyUid, seriesUid: seriesUid ?? '', sopInstanceUid: im.sopInstanceUid, frame: im.frame });
  const frame = image && seriesUid ? (loaded?.image === image ? loaded.frame : loader.peek(frameKey(image))) : undefined;

  // New series: nothing loaded yet.
  useEffect(() => setLoaded(undefined), [seriesUid]);

  // Load the shown image first, then prefetch outward from it (never wait for the whole series).
  useEffect(() => {
    if (!stack || !seriesUid || !image) return;
    let live = true;
    const key = frameKey(image);
    const prefetchRest = () => {
      const order: number[] = [];
      for (let d = 1; d < stack.length; d++) {
        if (index + d < stack.length) order.push(index + d);
        if (index - d >= 0) order.push(index - d);
      }
      loader.prefetch(String(position), order.map((i) => ({ key: frameKey(stack[i]!), desc: stack[i]!.pixels })));
    };
    if (loader.peek(key)) prefetchRest();
    else
      // The shown image first, alone: the rest would compete with it for the host's decoder.
      loader.load(key, image.pixels).then(
        (f) => {
          if (!live) return;
          markOnce('lightbox-first-frame-received');
          setLoaded({ image, frame: f });
          setFrameError(undefined);
          prefetchRest();
        },
        (e: unknown) => live && setFrameError(readerMessage(e)),
      );
    return () => {
      live = false;
    };
  }, [stack, index, image, loader, studyUid, seriesUid, position]);
  useEffect(() => () => loader.cancel(String(position)), [loader, position, seriesUid]);

  return { frame, frameError };
}
