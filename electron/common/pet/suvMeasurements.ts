import { dot, type Vec3 } from '../dicom/geometry/vec3';
import { inverseAxes, voxelCentre, voxelCount, voxelIndex, voxelVolumeMl, type VolumeGrid } from './volumeGrid';

/** SUV per voxel on a grid in patient space (see VolumeGrid for the layout). */
export interface SuvVolume {
  grid: VolumeGrid;
  values: ArrayLike<number>;
}

export interface RegionStatistics {
  voxels: number;
  volumeMl: number;
  suvMax: number;
  /** Patient position of the hottest voxel's centre (the first, if several tie). */
  suvMaxAt: Vec3;
  suvMean: number;
}

/** SUVmax and SUVmean over the voxels of a region (mask ≠ 0); undefined for an empty region. */
export function regionStatistics(volume: SuvVolume, mask: ArrayLike<number>): RegionStatistics | undefined {
  checkSizes(volume, mask);
  let voxels = 0;
  let sum = 0;
  let max = -Infinity;
  let maxIndex = -1;
  for (let n = 0; n < mask.length; n++) {
    if (!mask[n]) continue;
    const v = volume.values[n]!;
    voxels++;
    sum += v;
    if (v > max) {
      max = v;
      maxIndex = n;
    }
  }
  if (voxels === 0) return undefined;
  return { voxels, volumeMl: voxels * voxelVolumeMl(volume.grid), suvMax: max, suvMaxAt: centreOfIndex(volume.grid, maxIndex), suvMean: sum / voxels };
}

export interface SuvPeak {
  suvPeak: number;
  /** Patient position of the sphere's centre. */
  centre: Vec3;
  /** The sphere's volume as sampled (ml): close to the asked 1 ml, short of it only at the grid's edge. */
  sampledVolumeMl: number;
}

/**
 * SUVpeak: the highest mean SUV in a sphere of `sphereVolumeMl` (1 cm³, PERCIST: Wahl et al., J Nucl
 * Med 2009;50:122S) whose centre is a voxel centre in the region; the sphere itself may reach past
 * the region. Each voxel counts with the fraction of it inside the sphere (sub-sampled 8³ per voxel),
 * so the sphere's volume does not depend on the voxel size.
 */
export function suvPeak(volume: SuvVolume, mask: ArrayLike<number>, sphereVolumeMl = 1): SuvPeak | undefined {
  checkSizes(volume, mask);
  const kernel = sphereKernel(volume.grid, Math.cbrt((3 * sphereVolumeMl * 1000) / (4 * Math.PI)));
  const [nx, ny, nz] = volume.grid.dimensions;
  const voxelMl = voxelVolumeMl(volume.grid);
  let best: SuvPeak | undefined;
  for (let n = 0; n < mask.length; n++) {
    if (!mask[n]) continue;
    const i = n % nx;
    const j = Math.floor(n / nx) % ny;
    const k = Math.floor(n / (nx * ny));
    let sum = 0;
    let weight = 0;
    for (const [di, dj, dk, w] of kernel) {
      const a = i + di;
      const b = j + dj;
      const c = k + dk;
      if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
      sum += w * volume.values[voxelIndex(volume.grid, a, b, c)]!;
      weight += w;
    }
    if (weight > 0 && (!best || sum / weight > best.suvPeak)) best = { suvPeak: sum / weight, centre: voxelCentre(volume.grid, i, j, k), sampledVolumeMl: weight * voxelMl };
  }
  return best;
}

/** Fixed SUV, or a percentage of the region's SUVmax (e.g. 41 %, 50 %: EANM guideline practice). */
export type MetabolicThreshold = { suv: number } | { percentOfMax: number };

export interface MetabolicVolume {
  thresholdSuv: number;
  voxels: number;
  /** Metabolic tumour volume, ml. */
  volumeMl: number;
  /** SUVmean of the voxels at or above the threshold. */
  suvMean: number;
  /** Total lesion glycolysis: volume (ml) × SUVmean of that volume. */
  tlg: number;
}

/** Metabolic volume and TLG of the region's voxels at or above a threshold; undefined for an empty region. */
export function metabolicVolume(volume: SuvVolume, mask: ArrayLike<number>, threshold: MetabolicThreshold): MetabolicVolume | undefined {
  const stats = regionStatistics(volume, mask);
  if (!stats) return undefined;
  const thresholdSuv = 'suv' in threshold ? threshold.suv : (stats.suvMax * threshold.percentOfMax) / 100;
  let voxels = 0;
  let sum = 0;
  for (let n = 0; n < mask.length; n++) {
    if (!mask[n] || !(volume.values[n]! >= thresholdSuv)) continue;
    voxels++;
    sum += volume.values[n]!;
  }
  const volumeMl = voxels * voxelVolumeMl(volume.grid);
  const suvMean = voxels ? sum / voxels : 0;
  return { thresholdSuv, voxels, volumeMl, suvMean, tlg: volumeMl * suvMean };
}

/** Offsets (di, dj, dk) and the fraction of that voxel inside a sphere centred on the centre voxel. */
function sphereKernel(grid: VolumeGrid, radiusMm: number): Array<[number, number, number, number]> {
  const inv = inverseAxes(grid);
  const reach = inv.map((row) => Math.ceil(radiusMm * Math.hypot(...row) + 0.5));
  const [a, b, c] = grid.axes;
  const steps = 8;
  const r2 = radiusMm * radiusMm;
  const kernel: Array<[number, number, number, number]> = [];
  for (let dk = -reach[2]!; dk <= reach[2]!; dk++)
    for (let dj = -reach[1]!; dj <= reach[1]!; dj++)
      for (let di = -reach[0]!; di <= reach[0]!; di++) {
        let inside = 0;
        for (let s = 0; s < steps; s++)
          for (let t = 0; t < steps; t++)
            for (let u = 0; u < steps; u++) {
              const x = di + (u + 0.5) / steps - 0.5;
              const y = dj + (t + 0.5) / steps - 0.5;
              const z = dk + (s + 0.5) / steps - 0.5;
              const p: Vec3 = [x * a[0] + y * b[0] + z * c[0], x * a[1] + y * b[1] + z * c[1], x * a[2] + y * b[2] + z * c[2]];
              if (dot(p, p) <= r2) inside++;
            }
        if (inside) kernel.push([di, dj, dk, inside / steps ** 3]);
      }
  return kernel;
}

function centreOfIndex(grid: VolumeGrid, n: number): Vec3 {
  const [nx, ny] = grid.dimensions;
  return voxelCentre(grid, n % nx, Math.floor(n / nx) % ny, Math.floor(n / (nx * ny)));
}

function checkSizes(volume: SuvVolume, mask: ArrayLike<number>): void {
  const n = voxelCount(volume.grid);
  if (volume.values.length !== n || mask.length !== n) throw new Error(`the grid has ${n} voxels, the values ${volume.values.length} and the region ${mask.length}`);
}
