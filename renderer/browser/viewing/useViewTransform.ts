import { useMemo, useState, type Dispatch, type SetStateAction } from 'react';
import type { StackImage } from '../../common/viewing/stackImages';
import { fitTransform, oneToOneTransform, type Rotation, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';

export type ZoomMode = { kind: 'fit' } | { kind: 'oneToOne' } | { kind: 'free'; transform: ViewTransform };
export interface Orientation {
  rotation: Rotation;
  flipH: boolean;
  flipV: boolean;
}
export const UPRIGHT: Orientation = { rotation: 0, flipH: false, flipV: false };

export interface ViewTransformState {
  zoom: ZoomMode;
  setZoom: Dispatch<SetStateAction<ZoomMode>>;
  orientation: Orientation;
  setOrientation: Dispatch<SetStateAction<Orientation>>;
  /** Image plane (mm) to screen; undefined until the image and the viewport's size are known. */
  transform: ViewTransform | undefined;
}

/** How a viewport's image sits on screen: fitted, 1:1 or zoomed and panned freely, rotated and flipped. */
export function useViewTransform(image: StackImage | undefined, size: ViewportSize): ViewTransformState {
  const [zoom, setZoom] = useState<ZoomMode>({ kind: 'fit' });
  const [orientation, setOrientation] = useState<Orientation>(UPRIGHT);
  const planeSize = image ? { width: image.pixels.columns * image.pixelSpacing[1], height: image.pixels.rows * image.pixelSpacing[0] } : undefined;
  const transform = useMemo<ViewTransform | undefined>(() => {
    if (!planeSize || !size.width || !size.height) return undefined;
    if (zoom.kind === 'free') return zoom.transform;
    if (zoom.kind === 'oneToOne') return oneToOneTransform(planeSize, image!.pixelSpacing[1], size, window.devicePixelRatio || 1, orientation);
    return fitTransform(planeSize, size, orientation);
  }, [planeSize?.width, planeSize?.height, size.width, size.height, zoom, orientation, image?.pixelSpacing[1]]);
  return { zoom, setZoom, orientation, setOrientation, transform };
}
