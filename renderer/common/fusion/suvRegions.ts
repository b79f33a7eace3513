import type { FrameGeometry } from '../../../electron/common/dicom/geometry/frameGeometry';
import { cross, dot, normalize, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { metabolicVolume, regionStatistics, suvPeak, type MetabolicThreshold, type SuvVolume } from '../../../electron/common/pet/suvMeasurements';
import { patientToIndex, sphereIndexBounds, sphereRegion, voxelCentre, voxelIndex, type VolumeGrid } from '../../../electron/common/pet/volumeGrid';
import type { Point2 } from '../viewing/viewTransform';

/** The plane of an image as the SUV tools need it (its geometry from the headers). */
export type ImagePlane = Pick<FrameGeometry, 'position' | 'rowCosines' | 'columnCosines' | 'pixelSpacing'>;

/**
 * Patient point (LPS mm) of an image-plane point: measurement points are mm from the image's
 * top-left corner, x along rows and y down columns, and Image Position is the first pixel's centre,
 * half a pixel in from that corner.
 */
export function imagePlaneToPatient(plane: ImagePlane, p: Point2): Vec3 {
  const x = p[0] - plane.pixelSpacing[1] / 2;
  const y = p[1] - plane.pixelSpacing[0] / 2;
  return [0, 1, 2].map((a) => plane.position[a]! + plane.rowCosines[a]! * x + plane.columnCosines[a]! * y) as Vec3;
}

export interface SuvRoiStatistics {
  /** PET voxels counted (see ellipseSuvStatistics). */
  voxels: number;
  /** PET slices (distinct k) those voxels lie on. */
  slices: number;
  suvMax: number;
  suvMean: number;
}

/**
 * SUVmax and SUVmean of an ellipse drawn on an image (its bounding box `a`–`b`, image-plane mm),
 * from the PET's own voxels, never from values resampled onto the image. A PET voxel counts when
 * (1) the image's plane passes through it: its centre is no farther from the plane than half the
 * voxel's extent along the plane's normal (so an axial image over an axial PET takes the one PET
 * slice it falls in, both when it lies exactly between two), and (2) its centre, projected onto the
 * plane along the normal, lies inside the ellipse. Undefined when no voxel counts (the ellipse is
 * outside the PET, or smaller than its voxels and between their centres).
 */
export function ellipseSuvStatistics(volume: SuvVolume, plane: ImagePlane, a: Point2, b: Point2): SuvRoiStatistics | undefined {
  const right = normalize(plane.rowCosines);
  const down = normalize(plane.columnCosines);
  const normal = normalize(cross(right, down));
  const corner = imagePlaneToPatient(plane, [0, 0]);
  const cx = (a[0] + b[0]) / 2;
  const cy = (a[1] + b[1]) / 2;
  const rx = Math.abs(b[0] - a[0]) / 2;
  const ry = Math.abs(b[1] - a[1]) / 2;
  if (!(rx > 0 && ry > 0)) return undefined;
  const { grid } = volume;
  const half = 0.5 * grid.axes.reduce((s, axis) => s + Math.abs(dot(axis, normal)), 0);
  // The index box holding the ellipse's box, thickened by half a voxel either side of the plane.
  const box: Vec3[] = [];
  for (const x of [cx - rx, cx + rx])
    for (const y of [cy - ry, cy + ry])
      for (const z of [-half, half]) {
        const p = imagePlaneToPatient(plane, [x, y]);
        box.push(patientToIndex(grid, [p[0] + normal[0] * z, p[1] + normal[1] * z, p[2] + normal[2] * z]));
      }
  const range = [0, 1, 2].map((n) => [Math.max(0, Math.floor(Math.min(...box.map((q) => q[n]!)))), Math.min(grid.dimensions[n]! - 1, Math.ceil(Math.max(...box.map((q) => q[n]!))))] as const);
  let voxels = 0;
  let sum = 0;
  let max = -Infinity;
  const slices = new Set<number>();
  for (let k = range[2]![0]; k <= range[2]![1]; k++)
    for (let j = range[1]![0]; j <= range[1]![1]; j++)
      for (let i = range[0]![0]; i <= range[0]![1]; i++) {
        const d = sub(voxelCentre(grid, i, j, k), corner);
        if (Math.abs(dot(d, normal)) > half + 1e-9) continue;
        const x = dot(d, right);
        const y = dot(d, down);
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 > 1) continue;
        const v = volume.values[voxelIndex(grid, i, j, k)]!;
        voxels++;
        sum += v;
        if (v > max) max = v;
        slices.add(k);
      }
  return voxels ? { voxels, slices: slices.size, suvMax: max, suvMean: sum / voxels } : undefined;
}

/** SUVpeak's sphere: 1 cm³, radius ≈ 6.2 mm (PERCIST). */
const PEAK_RADIUS_MM = Math.cbrt((3 * 1000) / (4 * Math.PI));

export interface SuvSphereStatistics {
  voxels: number;
  /** The sphere's volume as its voxels count it (ml). */
  volumeMl: number;
  suvMax: number;
  suvMean: number;
  suvPeak?: number;
  threshold: MetabolicThreshold;
  /** The threshold in SUV (a percentage of SUVmax worked out). */
  thresholdSuv: number;
  /** Metabolic volume (ml) of the sphere's voxels at or above the threshold, and its TLG (ml × SUVmean of that volume). */
  metabolicVolumeMl: number;
  tlg: number;
}

/**
 * Statistics of a sphere in patient space over the PET's voxels whose centres lie in it: SUVmax,
 * SUVmean, SUVpeak (the best 1 cm³ sphere centred on one of its voxels, reaching past it where it
 * must), and the metabolic volume and TLG above `threshold`. Worked on a crop of the volume around
 * the sphere (the whole PET is not walked for each drag of the radius).
 */
export function sphereSuvStatistics(volume: SuvVolume, centre: Vec3, radiusMm: number, threshold: MetabolicThreshold): SuvSphereStatistics | undefined {
  if (!(radiusMm > 0)) return undefined;
  const voxelReach = Math.max(...volume.grid.axes.map((a) => Math.hypot(...a)));
  const bounds = sphereIndexBounds(volume.grid, centre, radiusMm + PEAK_RADIUS_MM + voxelReach);
  if (bounds.some(([lo, hi]) => hi < lo)) return undefined;
  const crop = cropVolume(volume, bounds as [[number, number], [number, number], [number, number]]);
  const mask = sphereRegion(crop.grid, centre, radiusMm);
  const stats = regionStatistics(crop, mask);
  if (!stats) return undefined;
  const peak = suvPeak(crop, mask);
  const mtv = metabolicVolume(crop, mask, threshold)!;
  return {
    voxels: stats.voxels,
    volumeMl: stats.volumeMl,
    suvMax: stats.suvMax,
    suvMean: stats.suvMean,
    ...(peak ? { suvPeak: peak.suvPeak } : {}),
    threshold,
    thresholdSuv: mtv.thresholdSuv,
    metabolicVolumeMl: mtv.volumeMl,
    tlg: mtv.tlg,
  };
}

/** The voxels i0…i1, j0…j1, k0…k1 of a volume as a volume of their own (same axes, origin at the first one). */
export function cropVolume(volume: SuvVolume, [[i0, i1], [j0, j1], [k0, k1]]: [[number, number], [number, number], [number, number]]): SuvVolume {
  const dims: [number, number, number] = [i1 - i0 + 1, j1 - j0 + 1, k1 - k0 + 1];
  const values = new Float32Array(dims[0] * dims[1] * dims[2]);
  let n = 0;
  for (let k = k0; k <= k1; k++)
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) values[n++] = volume.values[voxelIndex(volume.grid, i, j, k)]!;
  const grid: VolumeGrid = { dimensions: dims, origin: voxelCentre(volume.grid, i0, j0, k0), axes: volume.grid.axes };
  return { grid, values };
}

/** Default thresholds: a fixed SUV of 2.5, or 41 % of SUVmax (EANM practice). */
export const DEFAULT_SUV_THRESHOLD = 2.5;
export const DEFAULT_PERCENT_THRESHOLD = 41;

/**
 * The threshold a reader typed: `41%` (a percentage of SUVmax, 0–100) or `2.5` / `SUV 2.5` (a fixed
 * SUV); undefined for anything else.
 */
export function parseMetabolicThreshold(text: string): MetabolicThreshold | undefined {
  const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (percent) {
    const p = Number(percent[1]);
    return p > 0 && p <= 100 ? { percentOfMax: p } : undefined;
  }
  const fixed = /^\s*(?:suv\s*)?(\d+(?:\.\d+)?|\.\d+)\s*$/i.exec(text);
  if (fixed) {
    const s = Number(fixed[1]);
    return s > 0 ? { suv: s } : undefined;
  }
  return undefined;
}

/** How a threshold is written back into the tool's label: `41%` or `SUV 2.5`. */
export function formatMetabolicThreshold(t: MetabolicThreshold): string {
  return 'suv' in t ? `SUV ${t.suv}` : `${t.percentOfMax}%`;
}
