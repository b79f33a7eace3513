import type { ImagePresentation } from './presentationStateModel';

type Point = [number, number];

/**
 * Where the displayed area of a presentation lands on screen (PS3.3 C.10.4, C.10.6): the area is
 * cut from the unrotated image, rotated clockwise, then mirrored left–right.
 */
export interface DisplayedGeometry {
  /** 1-based columns and rows of the unrotated image covered by the area, inclusive (may reach outside the image). */
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** Size of the displayed image in image pixels, after rotation. */
  width: number;
  height: number;
  rotation: 0 | 90 | 180 | 270;
  horizontalFlip: boolean;
  /** GSPS PIXEL coordinates (0\0 = top-left corner of the image) to displayed-image coordinates (0\0 = its top-left corner). */
  toDisplay(p: Point): Point;
  /** Displayed-image coordinates back to GSPS PIXEL coordinates. */
  toImage(p: Point): Point;
}

/**
 * The geometry of one image under a presentation. The corners name the pixels shown top-left and
 * bottom-right *after* rotation, numbered before it, so the area is the box spanned by the two
 * (dcmtk reads them the same way: DVPresentationState::renderPixelData). No displayed area: the whole image.
 */
export function displayedGeometry(p: Pick<ImagePresentation, 'displayedArea' | 'rotation' | 'horizontalFlip'>, columns: number, rows: number): DisplayedGeometry {
  const a = p.displayedArea;
  const [x0, y0] = a?.topLeft ?? [1, 1];
  const [x1, y1] = a?.bottomRight ?? [columns, rows];
  const left = Math.min(x0, x1);
  const right = Math.max(x0, x1);
  const top = Math.min(y0, y1);
  const bottom = Math.max(y0, y1);
  // Region size in pixels, and its origin as a sub-pixel image position.
  const W = right - left + 1;
  const H = bottom - top + 1;
  const ox = left - 1;
  const oy = top - 1;
  const sideways = p.rotation === 90 || p.rotation === 270;
  const width = sideways ? H : W;
  const height = sideways ? W : H;
  // Continuous coordinates: a clockwise quarter turn maps (u, v) in a W×H box to (H − v, u).
  const rotate = ([u, v]: Point): Point => {
    switch (p.rotation) {
      case 90:
        return [H - v, u];
      case 180:
        return [W - u, H - v];
      case 270:
        return [v, W - u];
      default:
        return [u, v];
    }
  };
  const unrotate = ([x, y]: Point): Point => {
    switch (p.rotation) {
      case 90:
        return [y, H - x];
      case 180:
        return [W - x, H - y];
      case 270:
        return [W - y, x];
      default:
        return [x, y];
    }
  };
  return {
    left,
    top,
    right,
    bottom,
    width,
    height,
    rotation: p.rotation,
    horizontalFlip: p.horizontalFlip,
    toDisplay: ([x, y]) => {
      const [u, v] = rotate([x - ox, y - oy]);
      return p.horizontalFlip ? [width - u, v] : [u, v];
    },
    toImage: ([x, y]) => {
      const [u, v] = unrotate(p.horizontalFlip ? [width - x, y] : [x, y]);
      return [u + ox, v + oy];
    },
  };
}
