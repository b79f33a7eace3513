import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { sampleOnImage } from './fusionDisplay';
import { PlaneSampleCache, samplePlane, type PlaneSamplingGrid } from './samplePlane';
import { screenSamplingGrid } from './screenSamplingGrid';
import { createVolumeSampler, type SampledVolume, type VolumeSampler } from './volumeSampler';

// The plane sampler (what the MPR fusion and the stack fusion both draw) against a trilinear
// interpolation written here: a PET-like block on a tilted grid, random stored values and a
// Rescale Slope/Intercept and factor per slice, sampled on an oblique plane whose grid shares
// nothing with the block's (other directions, other spacing, an origin off the voxel centres).

type Axes = [Vec3, Vec3, Vec3];
const dims: [number, number, number] = [23, 19, 17];
const spacing: [number, number, number] = [3.1, 2.7, 3.4];
const origin: Vec3 = [-30.2, -25.7, -27.9];

/** Rows of a rotation about x by a then about y by b: an oblique block. */
function axesOf(a: number, b: number): Axes {
  const [ca, sa, cb, sb] = [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b)];
  return [
    [cb, 0, -sb],
    [sb * sa, ca, cb * sa],
    [sb * ca, -sa, cb * ca],
  ];
}
const axes = axesOf(0.21, -0.13);

function block(): { volume: SampledVolume; values: (i: number, j: number, k: number) => number } {
  const [nx, ny, nz] = dims;
  let seed = 7;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const samples = Int16Array.from({ length: nx * ny * nz }, () => Math.round(rand() * 4000 - 500));
  const sliceScales = Array.from({ length: nz }, (_, k) => ({ slope: 0.5 + 0.1 * k, intercept: k - 3, factor: 1e-3 * (1 + k / 10) }));
  const values = (i: number, j: number, k: number) => {
    const s = sliceScales[k]!;
    return (samples[i + nx * (j + ny * k)]! * s.slope + s.intercept) * s.factor;
  };
  const step: Vec3 = [axes[2][0] * spacing[2], axes[2][1] * spacing[2], axes[2][2] * spacing[2]];
  return { volume: { info: { dimensions: dims, spacing, direction: axes, origin, sliceStep: step }, samples, sliceScales }, values };
}

/** The test's own trilinear sample: continuous index from the (orthonormal) axes, the eight neighbours blended. */
function trilinear(values: (i: number, j: number, k: number) => number, p: Vec3): number | undefined {
  const d = [p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]];
  const ijk = axes.map((a, n) => (d[0]! * a[0] + d[1]! * a[1] + d[2]! * a[2]) / spacing[n]!);
  if (ijk.some((x, n) => x < 0 || x > dims[n]! - 1)) return undefined;
  const lo = ijk.map((x, n) => Math.min(Math.floor(x), dims[n]! - 2));
  const t = ijk.map((x, n) => x - lo[n]!);
  let sum = 0;
  for (const di of [0, 1])
    for (const dj of [0, 1])
      for (const dk of [0, 1]) {
        const w = (di ? t[0]! : 1 - t[0]!) * (dj ? t[1]! : 1 - t[1]!) * (dk ? t[2]! : 1 - t[2]!);
        sum += w * values(lo[0]! + di, lo[1]! + dj, lo[2]! + dk);
      }
  return sum;
}

/** An oblique plane through the block: rotated about all three axes, 1.37 mm samples. */
function obliquePlane(rows: number, columns: number): PlaneSamplingGrid {
  const r = axesOf(0.7, 0.45);
  const rowDirection = r[0];
  const columnDirection: Vec3 = [r[1][0] * Math.cos(0.3) + r[2][0] * Math.sin(0.3), r[1][1] * Math.cos(0.3) + r[2][1] * Math.sin(0.3), r[1][2] * Math.cos(0.3) + r[2][2] * Math.sin(0.3)];
  const s: [number, number] = [1.37, 1.37];
  // Centred on the block's middle, reaching beyond it (points outside have no value).
  const centre: Vec3 = [0, 1, 2].map((a) => origin[a]! + axes.reduce((sum, ax, n) => sum + ax[a]! * spacing[n]! * (dims[n]! - 1) * 0.5, 0)) as Vec3;
  const first = [0, 1, 2].map((a) => centre[a]! - rowDirection[a]! * s[1] * (columns / 2) - columnDirection[a]! * s[0] * (rows / 2)) as Vec3;
  return { origin: first, rowDirection, columnDirection, spacing: s, rows, columns };
}

describe('samplePlane', () => {
  const { volume, values } = block();
  const sampler = createVolumeSampler(volume);

  it('gives, at every point of an oblique plane, the independent trilinear value (NaN outside the block)', () => {
    const grid = obliquePlane(61, 73);
    const out = samplePlane(sampler, grid);
    expect(out.length).toBe(61 * 73);
    let inside = 0;
    let outside = 0;
    for (let r = 0; r < grid.rows; r++)
      for (let c = 0; c < grid.columns; c++) {
        const p = [0, 1, 2].map((a) => grid.origin[a]! + grid.rowDirection[a]! * c * grid.spacing[1] + grid.columnDirection[a]! * r * grid.spacing[0]) as Vec3;
        const expected = trilinear(values, p);
        const got = out[r * grid.columns + c]!;
        // A point within a hair of the block's edge may fall either side.
        const d = [p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]];
        const margin = Math.min(...axes.map((a, n) => Math.min((d[0]! * a[0] + d[1]! * a[1] + d[2]! * a[2]) / spacing[n]!, dims[n]! - 1 - (d[0]! * a[0] + d[1]! * a[1] + d[2]! * a[2]) / spacing[n]!)));
        if (Math.abs(margin) < 1e-3) continue;
        if (expected === undefined) {
          outside++;
          expect(got, `(${c}, ${r}) outside`).toBeNaN();
        } else {
          inside++;
          expect(Math.abs(got - expected), `(${c}, ${r})`).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
        }
      }
    expect(inside).toBeGreaterThan(1000);
    expect(outside).toBeGreaterThan(100);
  });

  it('is what the stack fusion samples on an image (sampleOnImage: Pixel Spacing is [between rows, between columns])', () => {
    const g = obliquePlane(20, 30);
    const image = { position: g.origin, rowCosines: g.rowDirection, columnCosines: g.columnDirection, pixelSpacing: [0.9, 1.6] as [number, number], rows: 20, columns: 30 };
    const byImage = sampleOnImage(sampler, image);
    const byPlane = samplePlane(sampler, { ...g, spacing: [0.9, 1.6] });
    expect(Array.from(byImage)).toEqual(Array.from(byPlane));
    // Along a row the step is the column spacing (1.6 mm).
    const p: Vec3 = [0, 1, 2].map((a) => g.origin[a]! + g.rowDirection[a]! * 1.6 * 5 + g.columnDirection[a]! * 0.9 * 3) as Vec3;
    const v = sampler.valueAt(p);
    expect(byImage[3 * 30 + 5]).toBe(v === undefined ? Number.NaN : Math.fround(v));
  });

  it('fills the buffer it is given, and the cache samples a plane once and reuses the buffers it drops', () => {
    const grid = obliquePlane(8, 9);
    const buffer = new Float32Array(72);
    expect(samplePlane(sampler, grid, buffer)).toBe(buffer);
    let calls = 0;
    const counting: VolumeSampler = { valueAt: (p) => (calls++, sampler.valueAt(p)) };
    const cache = new PlaneSampleCache(counting, 2);
    const a = cache.values(grid);
    expect(calls).toBe(72);
    expect(cache.values({ ...grid })).toBe(a);
    expect(calls).toBe(72);
    const shifted = (dx: number): PlaneSamplingGrid => ({ ...grid, origin: [grid.origin[0] + dx, grid.origin[1], grid.origin[2]] });
    const b = cache.values(shifted(1));
    const c = cache.values(shifted(2)); // pushes the first out: its buffer is refilled
    expect(c).toBe(a);
    expect(b).not.toBe(a);
    expect(Array.from(c)).toEqual(Array.from(samplePlane(sampler, shifted(2))));
  });
});

describe('screenSamplingGrid', () => {
  // A view's mapping: pixel (x, y) → centre + right·(x − w/2)·mm + down·(y − h/2)·mm.
  const right: Vec3 = [0.6, 0.8, 0];
  const down: Vec3 = [0, 0, -1];
  const screen = (w: number, h: number, mm: number) => ({
    mmPerPixel: mm,
    toPatient: (x: number, y: number): Vec3 => [0, 1, 2].map((a) => 5 * a + right[a]! * (x - w / 2) * mm + down[a]! * (y - h / 2) * mm) as Vec3,
  });

  it('samples a view at its CSS pixel centres, one per pixel', () => {
    const s = screenSamplingGrid(screen(300, 200, 0.7), { width: 300, height: 200 });
    expect(s.block).toBe(1);
    expect(s.grid.rows).toBe(200);
    expect(s.grid.columns).toBe(300);
    expect(s.grid.spacing).toEqual([0.7, 0.7]);
    screen(300, 200, 0.7)
      .toPatient(0.5, 0.5)
      .forEach((x, a) => expect(s.grid.origin[a]).toBeCloseTo(x, 9));
    s.grid.rowDirection.forEach((x, a) => expect(x).toBeCloseTo(right[a]!, 9));
    s.grid.columnDirection.forEach((x, a) => expect(x).toBeCloseTo(down[a]!, 9));
  });

  it('samples a large view in blocks, at the blocks’ centres, within the cap', () => {
    const s = screenSamplingGrid(screen(1000, 700, 0.5), { width: 1000, height: 700 }, 200_000);
    expect(s.block).toBe(2);
    expect(s.grid.rows * s.grid.columns).toBeLessThanOrEqual(200_000);
    expect([s.grid.rows, s.grid.columns]).toEqual([350, 500]);
    expect(s.grid.spacing).toEqual([1, 1]);
    screen(1000, 700, 0.5)
      .toPatient(1, 1)
      .forEach((x, a) => expect(s.grid.origin[a]).toBeCloseTo(x, 9));
  });
});
