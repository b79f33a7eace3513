import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { createVolumeSampler, type SampledVolume, type SliceScale } from './volumeSampler';

// A trilinear interpolant reproduces any function linear in the three index coordinates exactly:
// samples are written from f(i, j, k) through each slice's own scale, and the sampler must give
// f back at any patient point, whatever the grid's orientation, spacing and slice placement.
const f = (i: number, j: number, k: number) => 3 + 2 * i - 0.5 * j + 4 * k;

function rotation(ax: number, ay: number): [Vec3, Vec3, Vec3] {
  const [ca, sa, cb, sb] = [Math.cos(ax), Math.sin(ax), Math.cos(ay), Math.sin(ay)];
  // Rows of Ry·Rx: an oblique, double-angled grid.
  const u: Vec3 = [cb, 0, -sb];
  const v: Vec3 = [sb * sa, ca, cb * sa];
  const w: Vec3 = [sb * ca, -sa, cb * ca];
  return [u, v, w];
}

function volume(dims: [number, number, number], spacing: [number, number, number], axes: [Vec3, Vec3, Vec3], origin: Vec3, scales: SliceScale[], positions?: Vec3[]): SampledVolume {
  const [nx, ny, nz] = dims;
  const samples = new Float64Array(nx * ny * nz);
  // Index k's continuous coordinate for f: the slice's own position along the normal, in steps of spacing[2].
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const s = scales[k]!;
        const kk = positions ? dotv(subv(positions[k]!, positions[0]!), axes[2]) / spacing[2] : k;
        samples[i + nx * (j + ny * k)] = (f(i, j, kk) / s.factor - s.intercept) / s.slope;
      }
  return {
    info: { dimensions: dims, spacing, direction: axes, origin, sliceStep: scalev(axes[2], spacing[2]) },
    samples,
    sliceScales: scales,
    ...(positions ? { slicePositions: positions } : {}),
  };
}
const dotv = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const subv = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scalev = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
const point = (origin: Vec3, axes: [Vec3, Vec3, Vec3], spacing: [number, number, number], i: number, j: number, k: number): Vec3 =>
  [0, 1, 2].map((c) => origin[c]! + axes[0][c]! * i * spacing[0] + axes[1][c]! * j * spacing[1] + axes[2][c]! * k * spacing[2]) as Vec3;

describe('volume sampler (trilinear in patient space)', () => {
  const dims: [number, number, number] = [7, 5, 6];
  const spacing: [number, number, number] = [2.1, 1.7, 3.3];
  const axes = rotation(0.3, -0.7);
  const origin: Vec3 = [-12.5, 40, 7];
  // Every slice has its own slope, intercept and factor (PET: per-slice rescale, per-bed SUV factor).
  const scales = Array.from({ length: dims[2] }, (_, k) => ({ slope: 0.5 + 0.1 * k, intercept: k - 2, factor: 1.5 / (k + 1) }));

  it('gives back a linear field at random points of an oblique grid, each slice through its own scale', () => {
    const sampler = createVolumeSampler(volume(dims, spacing, axes, origin, scales));
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let n = 0; n < 500; n++) {
      const [i, j, k] = [rand() * (dims[0] - 1), rand() * (dims[1] - 1), rand() * (dims[2] - 1)];
      expect(sampler.valueAt(point(origin, axes, spacing, i, j, k))).toBeCloseTo(f(i, j, k), 9);
    }
  });

  it('has no value outside the hull of voxel centres, and the voxel values on it', () => {
    const sampler = createVolumeSampler(volume(dims, spacing, axes, origin, scales));
    expect(sampler.valueAt(point(origin, axes, spacing, 0, 0, 0))).toBeCloseTo(f(0, 0, 0), 9);
    expect(sampler.valueAt(point(origin, axes, spacing, 6, 4, 5))).toBeCloseTo(f(6, 4, 5), 9);
    const outside: Array<[number, number, number]> = [[-0.01, 2, 2], [6.01, 2, 2], [3, -0.01, 2], [3, 4.01, 2], [3, 2, -0.01], [3, 2, 5.01]];
    for (const [i, j, k] of outside) expect(sampler.valueAt(point(origin, axes, spacing, i, j, k))).toBeUndefined();
  });

  it('places unevenly spaced slices where their headers put them, and interpolates nothing across a gap', () => {
    const axial: [Vec3, Vec3, Vec3] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const zs = [0, 3, 6, 9.5, 13, 16.5, 30, 33]; // 16.5 → 30 is a gap (missing slices)
    const positions = zs.map((z): Vec3 => [5, -5, z]);
    const s = zs.map(() => ({ slope: 1, intercept: 0, factor: 1 }));
    const sampler = createVolumeSampler(volume([4, 4, zs.length], [1, 1, 3.5], axial, positions[0]!, s, positions));
    for (const z of [1.3, 7.7, 9.5, 12, 15, 31]) expect(sampler.valueAt([6.5, -3, z])).toBeCloseTo(f(1.5, 2, z / 3.5), 9);
    expect(sampler.valueAt([6.5, -3, 20])).toBeUndefined();
  });

  it('follows a gantry-tilted (sheared) stack', () => {
    const axial: [Vec3, Vec3, Vec3] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    // Each slice's first voxel moves 0.8 mm in y per 2.5 mm in z (a tilt of ~17.7°).
    const positions = Array.from({ length: 5 }, (_, k): Vec3 => [0, 0.8 * k, 2.5 * k]);
    const samples = new Float64Array(6 * 6 * 5);
    // Value = patient y: linear in patient space, so exact in a sheared grid as well.
    for (let k = 0; k < 5; k++) for (let j = 0; j < 6; j++) for (let i = 0; i < 6; i++) samples[i + 6 * (j + 6 * k)] = positions[k]![1] + j;
    const sampler = createVolumeSampler({
      info: { dimensions: [6, 6, 5], spacing: [1, 1, 2.5], direction: axial, origin: positions[0]!, sliceStep: [0, 0.8, 2.5] },
      samples,
      sliceScales: positions.map(() => ({ slope: 1, intercept: 0, factor: 1 })),
    });
    expect(sampler.valueAt([2.2, 3.3, 6.1])).toBeCloseTo(3.3, 9);
    // Below the first row of slice 4 (y = 3.2 there) there is nothing.
    expect(sampler.valueAt([2, 3.1, 10])).toBeUndefined();
  });
});
