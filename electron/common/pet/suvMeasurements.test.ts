import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../dicom/geometry/vec3';
import { metabolicVolume, regionStatistics, suvPeak, type SuvVolume } from './suvMeasurements';
import { patientToIndex, sphereRegion, voxelCentre, voxelCount, voxelIndex, voxelVolumeMl, type VolumeGrid } from './volumeGrid';

/** A volume whose SUV at each voxel is `f` of its patient position. */
function volumeOf(grid: VolumeGrid, f: (p: Vec3) => number): SuvVolume {
  const values = new Float64Array(voxelCount(grid));
  const [nx, ny, nz] = grid.dimensions;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[voxelIndex(grid, i, j, k)] = f(voxelCentre(grid, i, j, k));
  return { grid, values };
}
const distance = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

// An oblique grid (rotated 30° about the patient's z, 1.5 × 1.5 × 2 mm): nothing may assume alignment.
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
const OBLIQUE: VolumeGrid = { dimensions: [60, 60, 40], origin: [-40, -30, -35], axes: [[1.5 * c, 1.5 * s, 0], [-1.5 * s, 1.5 * c, 0], [0, 0, 2]] };

describe('SUV measurements over a region in patient space', () => {
  it('patient ↔ index round-trips and voxel volume follows the axes', () => {
    expect(patientToIndex(OBLIQUE, voxelCentre(OBLIQUE, 7, 11, 5)).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([7, 11, 5]);
    expect(voxelVolumeMl(OBLIQUE)).toBeCloseTo((1.5 * 1.5 * 2) / 1000, 12);
  });

  it('a sphere region holds the voxels whose centres are inside it, and its volume approaches 4/3 πr³', () => {
    const centre: Vec3 = [3, 12, 4];
    const mask = sphereRegion(OBLIQUE, centre, 15);
    let brute = 0;
    let wrong = 0;
    const [nx, ny] = OBLIQUE.dimensions;
    for (let n = 0; n < mask.length; n++) {
      const inside = distance(voxelCentre(OBLIQUE, n % nx, Math.floor(n / nx) % ny, Math.floor(n / (nx * ny))), centre) <= 15;
      if (mask[n] !== (inside ? 1 : 0)) wrong++;
      brute += inside ? 1 : 0;
    }
    expect(wrong).toBe(0);
    expect(Math.abs((brute * voxelVolumeMl(OBLIQUE)) / ((4 / 3) * Math.PI * 15 ** 3 / 1000) - 1)).toBeLessThan(0.02);
  });

  it('SUVmax, where it is, and SUVmean', () => {
    const volume = volumeOf(OBLIQUE, (p) => 10 - distance(p, [3, 12, 4]) / 5);
    const mask = sphereRegion(OBLIQUE, [3, 12, 4], 12);
    const stats = regionStatistics(volume, mask)!;
    let sum = 0;
    let count = 0;
    let max = -Infinity;
    for (let n = 0; n < mask.length; n++) {
      if (!mask[n]) continue;
      sum += volume.values[n]!;
      count++;
      max = Math.max(max, volume.values[n]!);
    }
    expect(stats.suvMean).toBeCloseTo(sum / count, 12);
    expect(stats.suvMax).toBe(max);
    expect(distance(stats.suvMaxAt, [3, 12, 4])).toBeLessThan(1.5);
    expect(regionStatistics(volume, new Uint8Array(mask.length))).toBeUndefined();
  });

  it('SUVpeak of a linear field is the field at the best centre (a sphere mean is its centre value)', () => {
    const grid: VolumeGrid = { dimensions: [40, 40, 30], origin: [0, 0, 0], axes: [[2, 0, 0], [0, 2, 0], [0, 0, 3]] };
    const volume = volumeOf(grid, (p) => 1 + 0.05 * p[0] + 0.02 * p[2]);
    const mask = sphereRegion(grid, [40, 40, 45], 20);
    const peak = suvPeak(volume, mask)!;
    // The best centre is the region voxel that maximises the field; the sphere there lies in the grid.
    const stats = regionStatistics(volume, mask)!;
    expect(peak.suvPeak).toBeCloseTo(stats.suvMax, 9);
    expect(peak.sampledVolumeMl).toBeCloseTo(1, 2);
  });

  it('SUVpeak of a hot voxel in a cold field is diluted by the 1 ml sphere; of a large uniform sphere, its value', () => {
    const grid: VolumeGrid = { dimensions: [30, 30, 30], origin: [0, 0, 0], axes: [[2, 0, 0], [0, 2, 0], [0, 0, 2]] };
    const spike = volumeOf(grid, (p) => (distance(p, [30, 30, 30]) < 0.1 ? 100 : 0));
    const peak = suvPeak(spike, sphereRegion(grid, [30, 30, 30], 10))!;
    // One 8 µl voxel of 100 inside 1 ml: 100 · 0.008 = 0.8.
    expect(peak.suvPeak).toBeCloseTo(0.8, 2);
    // Every centre whose sphere takes in the whole hot voxel ties; the one found is such a centre.
    expect(distance(peak.centre, [30, 30, 30])).toBeLessThan(4.5); // 6.2 mm radius − the voxel half-diagonal
    const ball = volumeOf(grid, (p) => (distance(p, [30, 30, 30]) <= 15 ? 4 : 1));
    expect(suvPeak(ball, sphereRegion(grid, [30, 30, 30], 15))!.suvPeak).toBeCloseTo(4, 9);
  });

  it('metabolic volume and TLG above a fixed SUV and above a percentage of SUVmax', () => {
    const grid: VolumeGrid = { dimensions: [50, 50, 50], origin: [0, 0, 0], axes: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] };
    const volume = volumeOf(grid, (p) => (distance(p, [25, 25, 25]) <= 10 ? 6 : distance(p, [25, 25, 25]) <= 14 ? 2.5 : 1));
    const region = sphereRegion(grid, [25, 25, 25], 20);
    const inner = sphereRegion(grid, [25, 25, 25], 10).reduce((a, b) => a + b, 0);
    const shell = sphereRegion(grid, [25, 25, 25], 14).reduce((a, b) => a + b, 0);
    const fixed = metabolicVolume(volume, region, { suv: 2.5 })!;
    expect(fixed.voxels).toBe(shell);
    expect(fixed.suvMean).toBeCloseTo((inner * 6 + (shell - inner) * 2.5) / shell, 12);
    expect(fixed.tlg).toBeCloseTo(fixed.volumeMl * fixed.suvMean, 12);
    const percent = metabolicVolume(volume, region, { percentOfMax: 50 })!;
    expect(percent.thresholdSuv).toBe(3);
    expect(percent.voxels).toBe(inner);
    expect(percent.volumeMl).toBeCloseTo(inner / 1000, 12);
    expect(percent.tlg).toBeCloseTo((inner / 1000) * 6, 12);
  });
});
