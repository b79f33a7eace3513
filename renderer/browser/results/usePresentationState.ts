import { useEffect, useMemo, useRef } from 'react';
import { presentationForImage, referencesImage, type ImagePresentation } from '../../../electron/common/results/presentationState/presentationStateModel';
import type { StackImage } from '../../common/viewing/stackImages';
import type { Rotation, ViewTransform, ViewportSize } from '../../common/viewing/viewTransform';
import { presentationDisplay } from '../../common/results/presentationDisplay';
import type { ResultOverlay } from '../../common/results/resultOverlay';

export interface PresentationTarget {
  setWindow(center: number, width: number): void;
  setInvert(invert: boolean): void;
  setOrientation(o: { rotation: Rotation; flipH: boolean; flipV: boolean }): void;
  setTransform(t: ViewTransform): void;
  /** Back to the viewer's own display (the state switched off). */
  reset(): void;
}

/**
 * Applies a switched-on presentation state to the image it references, once each time such an
 * image comes up (the reader may change the view afterwards); `off` takes every state off (one key).
 * Returns what the state says of the shown image, for its annotations.
 */
export function usePresentationState(image: StackImage | undefined, size: ViewportSize, overlays: ResultOverlay[] | undefined, off: boolean, target: PresentationTarget): ImagePresentation | undefined {
  const state = useMemo(() => {
    if (!image || off) return undefined;
    for (const o of overlays ?? []) if (o.kind === 'pr' && referencesImage(o.state, image.sopInstanceUid, image.frame)) return o.state;
    return undefined;
  }, [image, overlays, off]);
  const presentation = useMemo(() => (state && image ? presentationForImage(state, image.sopInstanceUid, image.frame) : undefined), [state, image]);
  const applied = useRef<string>(undefined);
  const key = presentation && image ? `${state!.sopInstanceUid}|${image.sopInstanceUid}#${image.frame}` : undefined;
  useEffect(() => {
    if (!presentation || !image || !size.width || !size.height) {
      if (!key && applied.current) {
        applied.current = undefined;
        target.reset();
      }
      return;
    }
    if (applied.current === key) return;
    applied.current = key;
    const shown = presentationDisplay(presentation, { columns: image.pixels.columns, rows: image.pixels.rows, pixelSpacing: image.pixelSpacing, photometricInterpretation: image.pixels.photometricInterpretation }, size);
    if (shown.window) target.setWindow(shown.window.center, shown.window.width);
    target.setInvert(shown.invert);
    target.setOrientation({ rotation: shown.transform.rotation, flipH: shown.transform.flipH, flipV: shown.transform.flipV });
    target.setTransform(shown.transform);
  });
  return presentation;
}
