import type { VolumeBlockInfo } from '../../../electron/common/contract/hostContract';
import { add, cross, dot, normalize, scale, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';

/** How one slice's stored values become the fused quantity: value = (stored × slope + intercept) × factor. */
export interface SliceScale {
  slope: number;
  intercept: number;
  /** SUV factor of the slice's frame (computeSuv), or 1 for values in the modality's own units. */
  factor: number;
}

/** A series' decode-once block, with what turns each slice's samples into values. */
export interface SampledVolume {
  info: Pick<VolumeBlockInfo, 'dimensions' | 'spacing' | 'direction' | 'origin' | 'sliceStep'>;
  /** Stored values, i fastest, then j, then slice (block order). */
  samples: ArrayLike<number>;
  /** One per block slice. */
  sliceScales: SliceScale[];
  /**
   * Image Position (Patient) of each block slice, from the headers, when known: slices are then
   * placed where they were acquired (uneven spacing, tilt) instead of at the block's mean step.
   */
  slicePositions?: Vec3[];
}

/** A step this much larger than the typical one is missing slices: nothing is interpolated across it. */
const GAP_FACTOR = 1.5;
/** Points this close (in voxels) outside the grid of voxel centres still count as on its edge. */
const EDGE = 1e-4;

export interface VolumeSampler {
  /** The value at a patient point (LPS mm) by trilinear interpolation; undefined outside the voxel centres' hull. */
  valueAt(p: Vec3): number | undefined;
}

/**
 * Samples a volume anywhere in patient space, through its own geometry: nothing assumes another
 * series' grid. Each slice's samples are first turned into values with that slice's own scale (PET
 * slices each have their Rescale Slope and, over bed positions, their SUV factor), then the eight
 * neighbours are blended. A point is placed between two slices along their normal, and within
 * them by the row and column directions from the interpolated slice position, which for evenly
 * spaced slices is exactly trilinear interpolation in the block's index space.
 */
export function createVolumeSampler(volume: SampledVolume): VolumeSampler {
  const [nx, ny, nz] = volume.info.dimensions;
  const [sx, sy] = volume.info.spacing;
  const u = normalize(volume.info.direction[0] as Vec3);
  const v = normalize(volume.info.direction[1] as Vec3);
  const n = normalize(cross(u, v));
  const step = (volume.info.sliceStep ?? scale(volume.info.direction[2] as Vec3, volume.info.spacing[2])) as Vec3;
  const positions: Vec3[] = volume.slicePositions?.length === nz ? volume.slicePositions : Array.from({ length: nz }, (_, k) => add(volume.info.origin as Vec3, scale(step, k)));
  const p0 = positions[0]!;
  // Each slice's distance along the normal from the first (ascending: the block is sorted that way).
  const along = positions.map((p) => dot(sub(p, p0), n));
  const steps = along.slice(1).map((d, k) => d - along[k]!);
  const typical = steps.length ? [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)]! : 1;
  const gain = volume.sliceScales.map((s) => s.slope * s.factor);
  const offset = volume.sliceScales.map((s) => s.intercept * s.factor);
  const samples = volume.samples;
  const plane = nx * ny;

  const bilinear = (k: number, i: number, j: number): number => {
    const i0 = nx > 1 ? Math.min(Math.floor(i), nx - 2) : 0;
    const j0 = ny > 1 ? Math.min(Math.floor(j), ny - 2) : 0;
    const fi = nx > 1 ? i - i0 : 0;
    const fj = ny > 1 ? j - j0 : 0;
    const di = nx > 1 ? 1 : 0;
    const dj = ny > 1 ? nx : 0;
    const at = k * plane + j0 * nx + i0;
    const top = samples[at]! * (1 - fi) + samples[at + di]! * fi;
    const bottom = samples[at + dj]! * (1 - fi) + samples[at + dj + di]! * fi;
    // Linear in the stored value: the slice's scale applies once to the blend.
    return (top * (1 - fj) + bottom * fj) * gain[k]! + offset[k]!;
  };

  // Flat copies for the hot path (a 512² image asks 262,144 points): no allocation per point.
  const px = Float64Array.from(positions, (q) => q[0]);
  const py = Float64Array.from(positions, (q) => q[1]);
  const pz = Float64Array.from(positions, (q) => q[2]);
  const last = along[nz - 1]!;
  const tolerance = EDGE * (typical || 1);
  return {
    valueAt(p: Vec3): number | undefined {
      const s = (p[0] - p0[0]) * n[0] + (p[1] - p0[1]) * n[1] + (p[2] - p0[2]) * n[2];
      if (s < -tolerance || s > last + tolerance) return undefined;
      // The slice interval holding the point: binary search over the slices' distances.
      let lo = 0;
      let hi = nz - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (along[mid]! <= s) lo = mid;
        else hi = mid;
      }
      const k0 = lo;
      const k1 = nz > 1 ? hi : lo;
      const gap = along[k1]! - along[k0]!;
      if (nz > 1 && gap > typical * GAP_FACTOR) return undefined;
      const t = gap > 0 ? Math.min(1, Math.max(0, (s - along[k0]!) / gap)) : 0;
      // Where the interpolated slice's first voxel lies; the point's row/column offsets from it.
      const dx = p[0] - (px[k0]! + (px[k1]! - px[k0]!) * t);
      const dy = p[1] - (py[k0]! + (py[k1]! - py[k0]!) * t);
      const dz = p[2] - (pz[k0]! + (pz[k1]! - pz[k0]!) * t);
      const i = (dx * u[0] + dy * u[1] + dz * u[2]) / sx;
      const j = (dx * v[0] + dy * v[1] + dz * v[2]) / sy;
      if (i < -EDGE || j < -EDGE || i > nx - 1 + EDGE || j > ny - 1 + EDGE) return undefined;
      const ic = Math.min(nx - 1, Math.max(0, i));
      const jc = Math.min(ny - 1, Math.max(0, j));
      const a = bilinear(k0, ic, jc);
      return t === 0 || k1 === k0 ? a : a * (1 - t) + bilinear(k1, ic, jc) * t;
    },
  };
}
