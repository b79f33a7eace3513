import { useLayoutEffect, useRef, useState, type MutableRefObject, type RefObject } from 'react';
import type { VoiSetting } from '../../../electron/common/dicom/display/voiTransform';
import type { StackImage } from '../../common/viewing/stackImages';
import type { ViewTransform, ViewportSize } from '../../common/viewing/viewTransform';
import { displayLutFor, lutKey } from './displayLut';
import type { LoadedFrame } from './frameLoader';
import type { SharedRenderWindow } from './sharedRenderWindow';
import { StackViewportView } from './stackViewportView';

/** The vtk.js view of a viewport element, added to the window's shared context, and the element's size. */
export function useStackViewportView(element: RefObject<HTMLDivElement | null>, renderWindow: SharedRenderWindow): { viewRef: MutableRefObject<StackViewportView | undefined>; size: ViewportSize } {
  const viewRef = useRef<StackViewportView>(undefined);
  const [size, setSize] = useState<ViewportSize>({ width: 0, height: 0 });
  // The vtk.js view lives as long as the viewport element.
  useLayoutEffect(() => {
    const view = new StackViewportView(element.current!);
    viewRef.current = view;
    renderWindow.add(view);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      renderWindow.remove(view);
      view.dispose();
      viewRef.current = undefined;
    };
  }, [renderWindow]);
  return { viewRef, size };
}

/** What a stack viewport draws: the shown image's frame, its window, and where it sits on screen. */
export interface DrawnFrame {
  image: StackImage | undefined;
  frame: LoadedFrame | undefined;
  voi: VoiSetting | undefined;
  invert: boolean;
  transform: ViewTransform | undefined;
}

/** Pushes a viewport's state to its vtk.js view and renders. */
export function useDrawStackFrame(viewRef: MutableRefObject<StackViewportView | undefined>, renderWindow: SharedRenderWindow, { image, frame, voi, invert, transform }: DrawnFrame): void {
  // During the commit, so the image changes in the same frame.
  useLayoutEffect(() => {
    const view = viewRef.current;
    if (!view || !image || !frame || !voi || !transform) return;
    const maxTexture = renderWindow.maxTextureSize;
    view.setFrame(frame, image.pixelSpacing);
    const key = lutKey(image.pixels, frame, voi, invert);
    if (!view.hasLut(key)) view.setLut(displayLutFor(image.pixels, frame, voi, invert, maxTexture), key, maxTexture);
    const oneToOne = Math.abs(transform.scale * image.pixelSpacing[1] * (window.devicePixelRatio || 1) - 1) < 1e-6;
    view.setInterpolation(oneToOne || transform.scale * image.pixelSpacing[1] > 4);
    view.setTransform(transform);
    renderWindow.requestRender();
  }, [image, frame, voi, invert, transform, renderWindow]);
}
