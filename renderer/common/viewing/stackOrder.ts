import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';

/**
 * The direction in which a stack's images go, first to last, for slices whose normal is `normal`:
 * from the head towards the feet (axial), from posterior to anterior (coronal), from the patient's
 * left to right (sagittal), decided by the normal's dominant patient axis (obliques alike). The
 * stack viewer orders its images this way and the MPR views scroll this way, so that wheel-down
 * goes the same way in both (it went to the feet in one and to the head in the other).
 * Returns +1 when that direction is along `normal`, −1 when against it.
 */
export function stackDirectionAlong(normal: Vec3): 1 | -1 {
  const [x, y, z] = normal.map(Math.abs) as [number, number, number];
  const dominant = z >= y && z >= x ? 2 : y >= x ? 1 : 0;
  // LPS: +z head, +y posterior, +x left — the stack's first end; it goes towards the negative side.
  return (Math.sign(normal[dominant]) || 1) > 0 ? -1 : 1;
}
