import { dot, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { inverseAxes, voxelCentre, voxelIndex, type VolumeGrid } from '../../../electron/common/pet/volumeGrid';

/** The hottest voxel met by a line: where it is (its centre, LPS mm), its index and its value. */
export interface HottestVoxel {
  point: Vec3;
  index: [number, number, number];
  value: number;
}

/**
 * The voxel of largest value that a line crosses: the voxel a MIP shows at a pixel, found in the
 * volume itself so a click on the MIP lands where the uptake is (and not at the depth the camera
 * happened to be). The line is `origin + t·direction` for every t (a MIP takes the whole line, not
 * a half-line from the eye). A voxel is crossed when the line passes through its cell, the box of
 * half a voxel around its centre along each grid axis (a parallelepiped for oblique or sheared
 * grids). The cells are walked exactly, one after the other (Amanatides & Woo, 1987, in index
 * space, where the cells are unit cubes and the line stays a line), so no thin voxel is skipped as
 * a marcher with a step could. Ties go to the voxel met first along `direction` (the one nearest a
 * viewer looking along it). NaN values are skipped. Undefined when the line misses the volume or
 * meets only NaN.
 */
export function hottestAlongRay(grid: VolumeGrid, values: ArrayLike<number>, origin: Vec3, direction: Vec3): HottestVoxel | undefined {
  const inv = inverseAxes(grid);
  const rel = sub(origin, grid.origin);
  // The line in index space: continuous index o + t·d (voxel centres at integers).
  const o: Vec3 = [dot(inv[0], rel), dot(inv[1], rel), dot(inv[2], rel)];
  const d: Vec3 = [dot(inv[0], direction), dot(inv[1], direction), dot(inv[2], direction)];
  const n = grid.dimensions;
  if (n.some((x) => x < 1) || d.every((x) => x === 0)) return undefined;

  // Where the line is inside the cells' box [−½, n−½] along every axis (slab method).
  let tEnter = -Infinity;
  let tExit = Infinity;
  for (let a = 0; a < 3; a++) {
    const lo = -0.5;
    const hi = n[a]! - 0.5;
    if (d[a] === 0) {
      if (o[a]! < lo || o[a]! > hi) return undefined;
      continue;
    }
    const t1 = (lo - o[a]!) / d[a]!;
    const t2 = (hi - o[a]!) / d[a]!;
    tEnter = Math.max(tEnter, Math.min(t1, t2));
    tExit = Math.min(tExit, Math.max(t1, t2));
  }
  if (!(tEnter <= tExit)) return undefined;

  // The first cell: the one holding the entry point (clamped: the entry lies on the box's face).
  const cell: Vec3 = [0, 0, 0];
  const step: Vec3 = [0, 0, 0];
  const tNext: Vec3 = [Infinity, Infinity, Infinity];
  const tDelta: Vec3 = [Infinity, Infinity, Infinity];
  for (let a = 0; a < 3; a++) {
    const at = o[a]! + tEnter * d[a]!;
    cell[a] = Math.min(n[a]! - 1, Math.max(0, Math.floor(at + 0.5)));
    if (d[a] === 0) continue;
    step[a] = d[a]! > 0 ? 1 : -1;
    // The next cell boundary this axis meets, and the t between boundaries.
    tNext[a] = (cell[a]! + 0.5 * step[a]! - o[a]!) / d[a]!;
    tDelta[a] = 1 / Math.abs(d[a]!);
  }

  let best = -Infinity;
  let bestCell: Vec3 | undefined;
  for (;;) {
    const v = values[voxelIndex(grid, cell[0], cell[1], cell[2])]!;
    // Strictly greater: the first of equal values along the direction stays.
    if (v > best) {
      best = v;
      bestCell = [cell[0], cell[1], cell[2]];
    }
    // Across the nearest boundary; out of the box (or past the exit) ends the walk.
    const a = tNext[0] <= tNext[1] ? (tNext[0] <= tNext[2] ? 0 : 2) : tNext[1] <= tNext[2] ? 1 : 2;
    if (tNext[a] > tExit) break;
    cell[a] += step[a];
    if (cell[a] < 0 || cell[a] >= n[a]!) break;
    tNext[a] += tDelta[a];
  }
  if (!bestCell) return undefined;
  return { point: voxelCentre(grid, bestCell[0], bestCell[1], bestCell[2]), index: bestCell, value: best };
}
