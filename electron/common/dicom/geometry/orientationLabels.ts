import type { Vec3 } from './vec3';

/**
 * Patient-orientation label of a direction in LPS (PS3.3 C.7.6.1.1.1): +x is the patient's
 * Left, +y Posterior, +z Head. Components are listed by decreasing magnitude; ones below
 * `minComponent` are left out, so an oblique direction reads e.g. "LP" or "LPH".
 */
export function orientationLabel(direction: Vec3, minComponent = 0.25): string {
  const letters: Array<[number, string]> = [
    [direction[0], direction[0] > 0 ? 'L' : 'R'],
    [direction[1], direction[1] > 0 ? 'P' : 'A'],
    [direction[2], direction[2] > 0 ? 'H' : 'F'],
  ];
  return letters
    .filter(([v]) => Math.abs(v) >= minComponent)
    .sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))
    .map(([, l]) => l)
    .join('');
}

export interface ViewportEdgeLabels {
  left: string;
  right: string;
  top: string;
  bottom: string;
}

/**
 * Labels of the four edges of an image displayed unrotated: the right edge lies along the row
 * direction (increasing column index), the bottom edge along the column direction.
 */
export function edgeLabels(rowCosines: Vec3, columnCosines: Vec3): ViewportEdgeLabels {
  const neg = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];
  return {
    right: orientationLabel(rowCosines),
    left: orientationLabel(neg(rowCosines)),
    bottom: orientationLabel(columnCosines),
    top: orientationLabel(neg(columnCosines)),
  };
}

export type PlaneName = 'axial' | 'coronal' | 'sagittal' | 'oblique';

/** Which standard plane an image is in, from its normal (within `toleranceDegrees`). */
export function planeOf(normal: Vec3, toleranceDegrees = 10): PlaneName {
  const c = Math.cos((toleranceDegrees * Math.PI) / 180);
  const [x, y, z] = normal.map(Math.abs) as Vec3;
  if (z >= c) return 'axial';
  if (y >= c) return 'coronal';
  if (x >= c) return 'sagittal';
  return 'oblique';
}
