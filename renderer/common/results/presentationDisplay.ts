import { gspsSpatialTransform } from '../../../electron/common/results/presentationState/buildPresentationState';
import type { ImagePresentation } from '../../../electron/common/results/presentationState/presentationStateModel';
import type { Point2, Rotation, ViewTransform, ViewportSize } from '../viewing/viewTransform';

/** What the viewer sets to show an image as a presentation state says. */
export interface PresentationDisplay {
  window?: { center: number; width: number };
  invert: boolean;
  transform: ViewTransform;
}

export interface DisplayedImage {
  columns: number;
  rows: number;
  /** [between rows, between columns] mm: the viewer's image-plane scale. */
  pixelSpacing: [number, number];
  photometricInterpretation: string;
}

const ROTATIONS: Rotation[] = [0, 90, 180, 270];

/**
 * The viewer's orientation (flip, then clockwise rotation) that gives a state's rotation and
 * horizontal flip: the inverse of `gspsSpatialTransform`, which maps every viewer orientation
 * without a vertical flip to exactly one of the eight (rotation, flip) pairs of PS3.3 C.10.6.
 */
export function viewerOrientation(rotation: Rotation, horizontalFlip: boolean): { rotation: Rotation; flipH: boolean } {
  for (const flipH of [false, true])
    for (const r of ROTATIONS) {
      const g = gspsSpatialTransform(r, flipH, false);
      if (g.rotation === rotation && g.horizontalFlip === horizontalFlip) return { rotation: r, flipH };
    }
  return { rotation: 0, flipH: false };
}

/**
 * How to show one image as the state says, in a viewport of `size`: the window (a linear window;
 * a VOI table is not a window and leaves the viewer's own), polarity, and the view transform —
 * the displayed area centred and scaled to fit (MAGNIFY: its magnification; TRUE SIZE is shown
 * scaled to fit, as a screen's true size is not known here).
 */
export function presentationDisplay(p: ImagePresentation, image: DisplayedImage, size: ViewportSize): PresentationDisplay {
  const [rowSp, colSp] = image.pixelSpacing;
  const shape = p.presentationLut.kind === 'shape' ? p.presentationLut.shape : 'IDENTITY';
  // The state alone decides polarity (PS3.4 N.2.1.4); the viewer's invert is relative to the image's.
  const invert = image.photometricInterpretation === 'MONOCHROME1' ? shape === 'IDENTITY' : shape === 'INVERSE';
  const { rotation, flipH } = viewerOrientation(p.rotation, p.horizontalFlip);
  // Displayed area corners are 1-based pixels of the unrotated image: the box is pixel edges.
  const area = p.displayedArea;
  const c0 = area ? Math.min(area.topLeft[0], area.bottomRight[0]) - 1 : 0;
  const c1 = area ? Math.max(area.topLeft[0], area.bottomRight[0]) : image.columns;
  const r0 = area ? Math.min(area.topLeft[1], area.bottomRight[1]) - 1 : 0;
  const r1 = area ? Math.max(area.topLeft[1], area.bottomRight[1]) : image.rows;
  const center: Point2 = [((c0 + c1) / 2) * colSp, ((r0 + r1) / 2) * rowSp];
  const sideways = rotation === 90 || rotation === 270;
  const w = (c1 - c0) * colSp;
  const h = (r1 - r0) * rowSp;
  const fit = Math.min(size.width / (sideways ? h : w), size.height / (sideways ? w : h));
  const scale = area?.sizeMode === 'MAGNIFY' && area.magnification ? area.magnification / colSp : fit;
  const window = p.voi?.kind === 'window' ? { center: p.voi.center, width: p.voi.width } : undefined;
  return {
    ...(window ? { window } : {}),
    invert,
    transform: { center, scale: scale > 0 && Number.isFinite(scale) ? scale : 1, rotation, flipH, flipV: false },
  };
}
