import { describe, expect, it } from 'vitest';
import { add, cross, dot, length, normalize, scale, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { patientToIndex, voxelCentre, voxelCount, voxelIndex, type VolumeGrid } from '../../../electron/common/pet/volumeGrid';
import { hottestAlongRay } from './hottestAlongRay';

/** A small deterministic generator (the same rays and values on every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const distanceToLine = (p: Vec3, origin: Vec3, direction: Vec3): number => length(cross(sub(p, origin), normalize(direction)));

/** Brute force: the largest value among voxels whose centres lie within `radius` mm of the line. */
function maxWithin(grid: VolumeGrid, values: Float32Array, origin: Vec3, direction: Vec3, radius: number): number {
  let best = -Infinity;
  const [nx, ny, nz] = grid.dimensions;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) if (distanceToLine(voxelCentre(grid, i, j, k), origin, direction) <= radius) best = Math.max(best, values[voxelIndex(grid, i, j, k)]!);
  return best;
}

/** Another way to the crossed voxels: the line sampled every 0.005 mm in patient space, each sample's voxel by rounding. */
function maxByDenseSampling(grid: VolumeGrid, values: Float32Array, origin: Vec3, direction: Vec3): number {
  const u = normalize(direction);
  let best = -Infinity;
  // Far enough either side of the origin (near the centre) to cross any grid of the tests whole.
  for (let t = -80; t <= 80; t += 0.005) {
    const [i, j, k] = patientToIndex(grid, add(origin, scale(u, t))).map(Math.round) as Vec3;
    if (i < 0 || j < 0 || k < 0 || i >= grid.dimensions[0] || j >= grid.dimensions[1] || k >= grid.dimensions[2]) continue;
    best = Math.max(best, values[voxelIndex(grid, i, j, k)]!);
  }
  return best;
}

const rotation = (axis: Vec3, degrees: number) => {
  const a = normalize(axis);
  const r = (degrees * Math.PI) / 180;
  return (v: Vec3): Vec3 => add(add(scale(v, Math.cos(r)), scale(cross(a, v), Math.sin(r))), scale(a, dot(a, v) * (1 - Math.cos(r))));
};

const GRIDS: Record<string, VolumeGrid> = {
  'axis-aligned, anisotropic': { dimensions: [12, 10, 8], origin: [-20, -15, -30], axes: [[2, 0, 0], [0, 3, 0], [0, 0, 4]] },
  oblique: (() => {
    const turn = rotation([1, 2, 3], 35);
    return { dimensions: [10, 11, 9], origin: [5, -8, 12], axes: [turn([2.5, 0, 0]), turn([0, 2.5, 0]), turn([0, 0, 3.3])] } as VolumeGrid;
  })(),
  'sheared (gantry tilt)': { dimensions: [9, 9, 10], origin: [0, 0, 0], axes: [[2, 0, 0], [0, 2, 0], [0, 0.8, 3]] },
};

describe('hottestAlongRay', () => {
  for (const [name, grid] of Object.entries(GRIDS)) {
    it(`${name}: oblique lines through the volume find the hottest crossed voxel`, () => {
      const rnd = random(name.length * 7919);
      const values = Float32Array.from({ length: voxelCount(grid) }, () => rnd() * 100);
      const centre = voxelCentre(grid, (grid.dimensions[0] - 1) / 2, (grid.dimensions[1] - 1) / 2, (grid.dimensions[2] - 1) / 2);
      const spacings = grid.axes.map(length);
      // Inside a cell: a ball of half the smallest spacing (orthogonal grids); outside: half the cell's longest diagonal.
      const inner = Math.min(...spacings) / 2;
      const outer = Math.max(...[1, -1].flatMap((s1) => [1, -1].map((s2) => length(add(add(grid.axes[0], scale(grid.axes[1], s1)), scale(grid.axes[2], s2)))))) / 2;
      let checked = 0;
      for (let n = 0; n < 25; n++) {
        const origin = add(centre, [(rnd() - 0.5) * 16, (rnd() - 0.5) * 16, (rnd() - 0.5) * 16]);
        const direction: Vec3 = [rnd() - 0.5, rnd() - 0.5, rnd() - 0.5];
        const found = hottestAlongRay(grid, values, origin, direction);
        expect(found).toBeDefined();
        // The found voxel is one whose centre is near the line, with the value stored there.
        expect(distanceToLine(found!.point, origin, direction)).toBeLessThanOrEqual(outer + 1e-9);
        expect(found!.value).toBe(values[voxelIndex(grid, ...found!.index)]);
        expect(found!.point).toEqual(voxelCentre(grid, ...found!.index));
        if (name !== 'sheared (gantry tilt)') expect(found!.value).toBeGreaterThanOrEqual(maxWithin(grid, values, origin, direction, inner));
        expect(found!.value).toBeLessThanOrEqual(maxWithin(grid, values, origin, direction, outer));
        expect(found!.value).toBe(maxByDenseSampling(grid, values, origin, direction));
        checked++;
      }
      expect(checked).toBe(25);
    });
  }

  it('a line along a grid axis through voxel centres finds the hottest of that row, whichever way it points', () => {
    const grid = GRIDS['axis-aligned, anisotropic']!;
    const values = new Float32Array(voxelCount(grid));
    values[voxelIndex(grid, 3, 4, 5)] = 7;
    values[voxelIndex(grid, 9, 4, 5)] = 9; // hotter, same row
    values[voxelIndex(grid, 9, 5, 5)] = 50; // the next row: not on the line
    const on = voxelCentre(grid, 0, 4, 5);
    for (const direction of [[1, 0, 0], [-1, 0, 0]] as Vec3[]) {
      const found = hottestAlongRay(grid, values, on, direction);
      expect(found?.index).toEqual([9, 4, 5]);
      expect(found?.value).toBe(9);
    }
  });

  it('ties: the first of equal values met along the direction', () => {
    const grid = GRIDS.oblique!;
    const values = new Float32Array(voxelCount(grid)).fill(1);
    values[voxelIndex(grid, 2, 5, 4)] = 5;
    values[voxelIndex(grid, 7, 5, 4)] = 5;
    const a = voxelCentre(grid, 2, 5, 4);
    const b = voxelCentre(grid, 7, 5, 4);
    const along = sub(b, a);
    expect(hottestAlongRay(grid, values, a, along)?.index).toEqual([2, 5, 4]);
    expect(hottestAlongRay(grid, values, b, scale(along, -1))?.index).toEqual([7, 5, 4]);
    // The whole line counts, not a half-line from the origin: from beyond b looking back, b first.
    expect(hottestAlongRay(grid, values, add(b, scale(along, 3)), scale(along, -1))?.index).toEqual([7, 5, 4]);
  });

  it('lines that miss the volume, degenerate directions and NaN-only lines find nothing', () => {
    const grid = GRIDS['axis-aligned, anisotropic']!;
    const values = new Float32Array(voxelCount(grid)).fill(3);
    // Beside the volume, parallel to an axis: x beyond the last cell (−20 + 11·2 + 1 = 3 mm).
    expect(hottestAlongRay(grid, values, [3.5, 0, 0], [0, 0, 1])).toBeUndefined();
    // Oblique, passing above a corner.
    expect(hottestAlongRay(grid, values, [-200, -200, 100], [1, 1, 0])).toBeUndefined();
    expect(hottestAlongRay(grid, values, [0, 0, 0], [0, 0, 0])).toBeUndefined();
    // Just inside the last cell's face: found.
    expect(hottestAlongRay(grid, values, [2.5, 0, 0], [0, 0, 1])?.index[0]).toBe(11);
    const nan = new Float32Array(voxelCount(grid)).fill(Number.NaN);
    expect(hottestAlongRay(grid, nan, [0, 0, 0], [0, 0, 1])).toBeUndefined();
  });
});
