import { add, cross, dot, scale, sub, type Vec3 } from '../dicom/geometry/vec3';

/**
 * A voxel grid in patient space (LPS, mm): voxel (i, j, k) has its centre at
 * origin + i·axes[0] + j·axes[1] + k·axes[2]. Axes carry the spacing and may be oblique or sheared
 * (a tilted acquisition), so nothing here assumes a grid aligned with the patient.
 * Values are stored i fastest: index = i + columns·(j + rows·k).
 */
export interface VolumeGrid {
  /** [columns (i), rows (j), slices (k)]. */
  dimensions: [number, number, number];
  origin: Vec3;
  axes: [Vec3, Vec3, Vec3];
}

export function voxelCount(grid: VolumeGrid): number {
  return grid.dimensions[0] * grid.dimensions[1] * grid.dimensions[2];
}

export function voxelIndex(grid: VolumeGrid, i: number, j: number, k: number): number {
  return i + grid.dimensions[0] * (j + grid.dimensions[1] * k);
}

export function voxelCentre(grid: VolumeGrid, i: number, j: number, k: number): Vec3 {
  return add(add(add(grid.origin, scale(grid.axes[0], i)), scale(grid.axes[1], j)), scale(grid.axes[2], k));
}

/** One voxel's volume in ml (cm³): the parallelepiped its axes span. */
export function voxelVolumeMl(grid: VolumeGrid): number {
  return Math.abs(dot(grid.axes[0], cross(grid.axes[1], grid.axes[2]))) / 1000;
}

/** Rows of the inverse of the axes matrix: continuous index of a patient point is dot(row, p − origin). */
export function inverseAxes(grid: VolumeGrid): [Vec3, Vec3, Vec3] {
  const [a, b, c] = grid.axes;
  const det = dot(a, cross(b, c));
  if (Math.abs(det) < 1e-12) throw new Error('the grid axes are degenerate (zero voxel volume)');
  return [scale(cross(b, c), 1 / det), scale(cross(c, a), 1 / det), scale(cross(a, b), 1 / det)];
}

/** Continuous voxel coordinates (i, j, k) of a patient point. */
export function patientToIndex(grid: VolumeGrid, point: Vec3): Vec3 {
  const inv = inverseAxes(grid);
  const d = sub(point, grid.origin);
  return [dot(inv[0], d), dot(inv[1], d), dot(inv[2], d)];
}

/**
 * The index ranges that can hold voxel centres within `radiusMm` of `centre`, clipped to the grid
 * (a sphere's extent along index axis n is radius·|row n of the inverse|).
 */
export function sphereIndexBounds(grid: VolumeGrid, centre: Vec3, radiusMm: number): Array<[number, number]> {
  const inv = inverseAxes(grid);
  const c = patientToIndex(grid, centre);
  return [0, 1, 2].map((n) => {
    const half = radiusMm * Math.hypot(...inv[n]!);
    return [Math.max(0, Math.ceil(c[n]! - half - 1e-9)), Math.min(grid.dimensions[n]! - 1, Math.floor(c[n]! + half + 1e-9))] as [number, number];
  });
}

/** A region: the voxels whose centres lie within `radiusMm` of a patient point. */
export function sphereRegion(grid: VolumeGrid, centre: Vec3, radiusMm: number): Uint8Array {
  const mask = new Uint8Array(voxelCount(grid));
  const [[i0, i1], [j0, j1], [k0, k1]] = sphereIndexBounds(grid, centre, radiusMm) as [[number, number], [number, number], [number, number]];
  const r2 = radiusMm * radiusMm;
  for (let k = k0; k <= k1; k++)
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) {
        const d = sub(voxelCentre(grid, i, j, k), centre);
        if (dot(d, d) <= r2) mask[voxelIndex(grid, i, j, k)] = 1;
      }
  return mask;
}
