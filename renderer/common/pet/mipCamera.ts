import { add, cross, dot, scale, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { VolumeGrid } from '../../../electron/common/pet/volumeGrid';

/**
 * The rotating MIP's camera: parallel projection, the patient's head up (LPS +z on screen up), turned
 * about the head–foot axis through the volume's centre. Angle 0 is the anterior view (looking from
 * the patient's front, +y in LPS, so the patient's left is on the screen's right); 90° looks from
 * the patient's left side.
 */
export interface MipCamera {
  /** Degrees, 0–360. */
  angle: number;
  /** The point on screen centre (the volume's centre). */
  focal: Vec3;
  /** Unit vectors in the patient: screen right, screen up, and the direction of projection (into the screen). */
  right: Vec3;
  up: Vec3;
  direction: Vec3;
  /** Half the view's height in mm (vtk.js's parallel scale). */
  parallelScale: number;
}

/** The volume's centre and how far its cells reach from it: across (any angle, in the axial plane) and along z. */
export interface MipExtent {
  centre: Vec3;
  /** Largest distance of a cell corner from the head–foot axis through the centre, mm. */
  radius: number;
  /** Largest distance of a cell corner from the centre along z, mm. */
  halfHeight: number;
}

export function mipExtent(grid: VolumeGrid): MipExtent {
  const [a, b, c] = grid.axes;
  const at = (i: number, j: number, k: number): Vec3 => add(add(add(grid.origin, scale(a, i)), scale(b, j)), scale(c, k));
  const [nx, ny, nz] = grid.dimensions;
  const centre = at((nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2);
  let radius = 0;
  let halfHeight = 0;
  for (const i of [-0.5, nx - 0.5])
    for (const j of [-0.5, ny - 0.5])
      for (const k of [-0.5, nz - 0.5]) {
        const d = sub(at(i, j, k), centre);
        radius = Math.max(radius, Math.hypot(d[0], d[1]));
        halfHeight = Math.max(halfHeight, Math.abs(d[2]));
      }
  return { centre, radius, halfHeight };
}

/**
 * The camera at `angle` for a view `aspect` (width ÷ height) wide: the whole volume in sight at
 * every angle (the scale is the same all the way round, so the cine does not pulse), 5 % margin.
 */
export function mipCamera(extent: MipExtent, angle: number, aspect: number): MipCamera {
  const r = (angle * Math.PI) / 180;
  const direction: Vec3 = [-Math.sin(r), Math.cos(r), 0];
  const up: Vec3 = [0, 0, 1];
  const right = cross(direction, up);
  const parallelScale = 1.05 * Math.max(extent.halfHeight, extent.radius / Math.max(aspect, 1e-6));
  return { angle: ((angle % 360) + 360) % 360, focal: extent.centre, right, up, direction, parallelScale };
}

/** The line a view pixel looks along: through the pixel's point on the focal plane, along the direction of projection. */
export function mipRayAt(camera: MipCamera, size: { width: number; height: number }, pixel: [number, number]): { origin: Vec3; direction: Vec3 } {
  const mmPerPixel = (2 * camera.parallelScale) / size.height;
  const dx = (pixel[0] - size.width / 2) * mmPerPixel;
  const dy = (size.height / 2 - pixel[1]) * mmPerPixel;
  return { origin: add(add(camera.focal, scale(camera.right, dx)), scale(camera.up, dy)), direction: camera.direction };
}

/** Where a patient point is drawn in the view, CSS pixels from its top-left corner. */
export function mipPixelOf(camera: MipCamera, size: { width: number; height: number }, point: Vec3): [number, number] {
  const pixelsPerMm = size.height / (2 * camera.parallelScale);
  const d = sub(point, camera.focal);
  return [size.width / 2 + dot(d, camera.right) * pixelsPerMm, size.height / 2 - dot(d, camera.up) * pixelsPerMm];
}
