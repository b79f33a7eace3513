import { dot, type Vec3 } from '../../dicom/geometry/vec3';
import type { ImagePlane } from '../imagePlanes';

/** A contour placed on an image. */
export interface ProjectedContour {
  /**
   * (column, row) of each point as continuous pixel indices: (0, 0) is the centre of the first
   * pixel (where Image Position (Patient) is), so a point on a pixel's centre has whole indices.
   */
  pixels: Float64Array;
  /**
   * (x, y) of each point in image-plane mm from the image's top-left corner, along rows and down
   * columns: the viewer's measurement coordinates, ((column + 0.5) × column spacing, (row + 0.5) × row spacing).
   */
  imageMm: Float64Array;
  /** Largest distance (mm) of a point from the image plane: what the projection flattened. */
  maxOutOfPlaneMm: number;
}

export type ProjectionPlane = Pick<ImagePlane, 'position' | 'rowCosines' | 'columnCosines' | 'normal' | 'pixelSpacing'>;

/**
 * Projects patient points (x, y, z, … in mm, LPS) onto an image (Image Position/Orientation
 * (Patient), Pixel Spacing; PS3.3 C.7.6.2.1.1). The in-plane position solves
 * p − position = a·rowCosines + b·columnCosines (+ off-plane part) by least squares, so images whose
 * direction cosines are not exactly orthogonal are still placed exactly; column = a / column spacing,
 * row = b / row spacing (Pixel Spacing is [between rows, between columns]).
 */
export function projectContour(points: Float64Array | readonly number[], plane: ProjectionPlane): ProjectedContour {
  const n = Math.floor(points.length / 3);
  const pixels = new Float64Array(n * 2);
  const imageMm = new Float64Array(n * 2);
  const [rowSpacing, columnSpacing] = plane.pixelSpacing;
  const r = plane.rowCosines;
  const c = plane.columnCosines;
  const rr = dot(r, r);
  const cc = dot(c, c);
  const rc = dot(r, c);
  const det = rr * cc - rc * rc;
  if (Math.abs(det) < 1e-12) throw new RangeError('the image orientation is degenerate (row and column directions are parallel)');
  let maxOutOfPlaneMm = 0;
  for (let i = 0; i < n; i++) {
    const d: Vec3 = [points[3 * i]! - plane.position[0], points[3 * i + 1]! - plane.position[1], points[3 * i + 2]! - plane.position[2]];
    const dr = dot(d, r);
    const dc = dot(d, c);
    const a = (cc * dr - rc * dc) / det;
    const b = (rr * dc - rc * dr) / det;
    pixels[2 * i] = a / columnSpacing;
    pixels[2 * i + 1] = b / rowSpacing;
    imageMm[2 * i] = a + columnSpacing / 2;
    imageMm[2 * i + 1] = b + rowSpacing / 2;
    maxOutOfPlaneMm = Math.max(maxOutOfPlaneMm, Math.abs(dot(d, plane.normal)));
  }
  return { pixels, imageMm, maxOutOfPlaneMm };
}

/** The patient point of a continuous pixel index (column, row): the inverse of `projectContour`. */
export function pixelToPatient(column: number, row: number, plane: ProjectionPlane): Vec3 {
  const [rowSpacing, columnSpacing] = plane.pixelSpacing;
  const a = column * columnSpacing;
  const b = row * rowSpacing;
  return [0, 1, 2].map((k) => plane.position[k]! + a * plane.rowCosines[k]! + b * plane.columnCosines[k]!) as Vec3;
}
