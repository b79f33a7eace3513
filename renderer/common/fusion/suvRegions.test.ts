import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { SuvVolume } from '../../../electron/common/pet/suvMeasurements';
import { voxelCentre, type VolumeGrid } from '../../../electron/common/pet/volumeGrid';
import { ellipseSuvStatistics, imagePlaneToPatient, parseMetabolicThreshold, sphereSuvStatistics, type ImagePlane } from './suvRegions';

/** A volume whose voxel values are a function of the voxel centre (so every expected value is computed independently). */
function volumeOf(grid: VolumeGrid, f: (p: Vec3, i: number, j: number, k: number) => number): SuvVolume {
  const [nx, ny, nz] = grid.dimensions;
  const values = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[i + nx * (j + ny * k)] = f(voxelCentre(grid, i, j, k), i, j, k);
  return { grid, values };
}

// A PET-like grid: 4 mm in-plane, 3 mm slices, first voxel centre at (-100, -100, -30).
const grid: VolumeGrid = { dimensions: [51, 51, 21], origin: [-100, -100, -30], axes: [[4, 0, 0], [0, 4, 0], [0, 0, 3]] };
/** An axial CT image at height z: 1 mm pixels, first pixel centre at (-128.5, -128.5, z). */
const axial = (z: number): ImagePlane => ({ position: [-128.5, -128.5, z], rowCosines: [1, 0, 0], columnCosines: [0, 1, 0], pixelSpacing: [1, 1] });
/** Image-plane mm of a patient point on the axial plane above (the inverse of imagePlaneToPatient there). */
const onAxial = (x: number, y: number): [number, number] => [x + 129, y + 129];

describe('imagePlaneToPatient', () => {
  it('puts a pixel centre (c + ½, r + ½ in mm from the corner) at Image Position + c·row + r·column spacing', () => {
    const plane: ImagePlane = { position: [10, 20, 30], rowCosines: [0, 1, 0], columnCosines: [0, 0, -1], pixelSpacing: [2, 0.5] };
    // Pixel (column 4, row 3): 4 × 0.5 mm along the rows (+y), 3 × 2 mm down the columns (−z).
    expect(imagePlaneToPatient(plane, [(4 + 0.5) * 0.5, (3 + 0.5) * 2])).toEqual([10, 22, 24]);
  });
});

describe('ellipseSuvStatistics', () => {
  it('takes the one PET slice an axial plane falls in, and the voxels whose centres are in the ellipse', () => {
    // Value = slice index × 100 + distance of the centre from (0, 0) in mm: slice and membership both show.
    const volume = volumeOf(grid, (p, _i, _j, k) => k * 100 + Math.hypot(p[0], p[1]));
    // z = 1.2 lies in slice k = 10 (centre z = 0, covering −1.5…1.5).
    const stats = ellipseSuvStatistics(volume, axial(1.2), onAxial(-10, -10), onAxial(10, 10))!;
    // Voxel centres within 10 mm of (0,0) on the 4 mm grid through 0, enumerated.
    const inside: number[] = [];
    for (let x = -12; x <= 12; x += 4) for (let y = -12; y <= 12; y += 4) if (Math.hypot(x, y) <= 10) inside.push(Math.hypot(x, y));
    expect(stats.voxels).toBe(inside.length);
    expect(stats.slices).toBe(1);
    expect(stats.suvMax).toBeCloseTo(1000 + Math.max(...inside), 4);
    expect(stats.suvMean).toBeCloseTo(1000 + inside.reduce((a, b) => a + b, 0) / inside.length, 4);
  });

  it('takes both slices when the plane lies exactly between two, and none outside the volume', () => {
    const volume = volumeOf(grid, (_p, _i, _j, k) => k);
    // z = 1.5: between slices 10 (z 0) and 11 (z 3).
    const between = ellipseSuvStatistics(volume, axial(1.5), onAxial(-1, -1), onAxial(1, 1))!;
    expect(between).toMatchObject({ voxels: 2, slices: 2, suvMax: 11, suvMean: 10.5 });
    expect(ellipseSuvStatistics(volume, axial(40), onAxial(-10, -10), onAxial(10, 10))).toBeUndefined();
  });

  it('on an oblique (sagittal) plane counts the voxels the plane cuts, projected into the ellipse', () => {
    const volume = volumeOf(grid, (p) => p[2]);
    // Sagittal plane x = 1 (inside voxel column i = 25, x = 0 ± 2): rows along +y, columns down −z.
    const sagittal: ImagePlane = { position: [1, -128.5, 60.5], rowCosines: [0, 1, 0], columnCosines: [0, 0, -1], pixelSpacing: [1, 1] };
    // Ellipse centred on (y 0, z 0), 8 mm in y (semi-axis) and 4.5 mm in z.
    const centre = [129, 61] as const;
    const stats = ellipseSuvStatistics(volume, sagittal, [centre[0] - 8, centre[1] - 4.5], [centre[0] + 8, centre[1] + 4.5])!;
    // Centres: y ∈ {−8…8 step 4}, z ∈ {−3, 0, 3}: inside when (y/8)² + (z/4.5)² ≤ 1.
    let n = 0;
    let sum = 0;
    let max = -Infinity;
    for (const y of [-8, -4, 0, 4, 8])
      for (const z of [-3, 0, 3])
        if ((y / 8) ** 2 + (z / 4.5) ** 2 <= 1) {
          n++;
          sum += z;
          max = Math.max(max, z);
        }
    expect(stats).toMatchObject({ voxels: n, slices: 3 });
    expect(stats.suvMax).toBeCloseTo(max, 5);
    expect(stats.suvMean).toBeCloseTo(sum / n, 5);
  });
});

describe('sphereSuvStatistics', () => {
  // A hot sphere of SUV 8, 15 mm radius, at (12, −8, 3), in a background of 1, on a 2 mm isotropic grid.
  const fine: VolumeGrid = { dimensions: [60, 60, 40], origin: [-60, -60, -40], axes: [[2, 0, 0], [0, 2, 0], [0, 0, 2]] };
  const hot: Vec3 = [12, -8, 3];
  const volume = volumeOf(fine, (p) => (Math.hypot(p[0] - hot[0], p[1] - hot[1], p[2] - hot[2]) <= 15 ? 8 : 1));

  it('inside a uniform lesion: SUVmax = SUVmean = SUVpeak = its SUV, and the whole sphere is above 41 %', () => {
    const stats = sphereSuvStatistics(volume, hot, 8, { percentOfMax: 41 })!;
    expect(stats.suvMax).toBe(8);
    expect(stats.suvMean).toBe(8);
    expect(stats.suvPeak).toBeCloseTo(8, 6);
    expect(stats.thresholdSuv).toBeCloseTo(8 * 0.41, 6);
    expect(stats.metabolicVolumeMl).toBeCloseTo(stats.volumeMl, 9);
    expect(stats.tlg).toBeCloseTo(stats.volumeMl * 8, 6);
    // Voxel-counted volume near the analytic 4/3·π·8³ mm³ (within the counting error of 2 mm voxels).
    expect(stats.volumeMl).toBeGreaterThan(((4 / 3) * Math.PI * 8 ** 3 * 0.9) / 1000);
    expect(stats.volumeMl).toBeLessThan(((4 / 3) * Math.PI * 8 ** 3 * 1.1) / 1000);
  });

  it('over the lesion and its background: the fixed threshold keeps the lesion only, and TLG = MTV × 8', () => {
    const stats = sphereSuvStatistics(volume, hot, 25, { suv: 2.5 })!;
    expect(stats.suvMax).toBe(8);
    // Voxels of the lesion counted independently: centres within 15 mm of its centre.
    let lesion = 0;
    let all = 0;
    const [nx, ny, nz] = fine.dimensions;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const c = voxelCentre(fine, i, j, k);
          if (Math.hypot(c[0] - hot[0], c[1] - hot[1], c[2] - hot[2]) > 25) continue;
          all++;
          if (Math.hypot(c[0] - hot[0], c[1] - hot[1], c[2] - hot[2]) <= 15) lesion++;
        }
    expect(stats.voxels).toBe(all);
    expect(stats.metabolicVolumeMl).toBeCloseTo((lesion * 8) / 1000, 9);
    expect(stats.tlg).toBeCloseTo((lesion * 8 * 8) / 1000, 6);
    expect(stats.suvMean).toBeCloseTo((lesion * 8 + (all - lesion)) / all, 5);
  });

  it('outside the volume there is nothing to measure', () => {
    expect(sphereSuvStatistics(volume, [500, 0, 0], 10, { suv: 2.5 })).toBeUndefined();
  });
});

describe('parseMetabolicThreshold', () => {
  it('reads a percentage of SUVmax or a fixed SUV, and refuses the rest', () => {
    expect(parseMetabolicThreshold('41%')).toEqual({ percentOfMax: 41 });
    expect(parseMetabolicThreshold(' 50 % ')).toEqual({ percentOfMax: 50 });
    expect(parseMetabolicThreshold('2.5')).toEqual({ suv: 2.5 });
    expect(parseMetabolicThreshold('SUV 3')).toEqual({ suv: 3 });
    for (const bad of ['', '0', '150%', 'abc', '-1', '2.5 SUV']) expect(parseMetabolicThreshold(bad), bad).toBeUndefined();
  });
});
