import type { FrameGeometry } from './frameGeometry';
import { angleBetweenDegrees, dot, sub, type Vec3 } from './vec3';

/** Relative spacing variation below which a stack counts as uniform. */
const UNIFORM_TOLERANCE = 0.01;
/** A step this much larger than the typical spacing is a gap (missing slices). */
const GAP_FACTOR = 1.5;
/** Slice-to-slice steps this far off the normal mean a tilted (sheared) acquisition. */
const TILT_TOLERANCE_DEGREES = 0.5;

/** A series of frames seen as one volume, in patient space (LPS, mm). */
export interface VolumeDescription {
  /** [columns, rows, slices]. */
  dimensions: [number, number, number];
  /** [column spacing, row spacing, typical slice spacing] in mm. */
  spacing: [number, number, number];
  /** Direction cosines: [row direction, column direction, slice direction (sorted order)]. */
  direction: [Vec3, Vec3, Vec3];
  /** Patient position of the first voxel of the first slice. */
  origin: Vec3;
  /** Frames in volume order (ascending along `direction[2]`). */
  frames: FrameGeometry[];
  /** Distance of each slice along the slice direction, from the first. */
  slicePositions: number[];
  /** Every step within 1% of the typical spacing, no gaps, no tilt. */
  uniform: boolean;
  /** Indices i where the step from slice i to i+1 is a gap. */
  gaps: number[];
  /** Angle between the slice-to-slice step and the image normal (gantry tilt), degrees. */
  tiltDegrees: number;
  /** Frames at the same position (duplicates) left out of the volume. */
  duplicates: FrameGeometry[];
  warnings: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Sorts frames along their normal and describes the volume they make: dimensions, spacing,
 * direction, origin, and whether it is uniform (gaps, varying spacing, gantry tilt).
 * The frames must share orientation and size (see `splitDisplaySets`).
 */
export function describeVolume(input: FrameGeometry[]): VolumeDescription {
  if (input.length === 0) throw new Error('describeVolume: no frames with a position');
  const first = input[0]!;
  const normal = first.normal;
  const sorted = [...input].sort((a, b) => dot(a.position, normal) - dot(b.position, normal));
  const frames: FrameGeometry[] = [];
  const duplicates: FrameGeometry[] = [];
  for (const f of sorted) {
    const prev = frames.at(-1);
    if (prev && Math.abs(dot(sub(f.position, prev.position), normal)) < 1e-3) duplicates.push(f);
    else frames.push(f);
  }
  const origin = frames[0]!.position;
  const slicePositions = frames.map((f) => dot(sub(f.position, origin), normal));
  const steps = slicePositions.slice(1).map((p, i) => p - slicePositions[i]!);
  const typical = steps.length ? median(steps) : (first.sliceThickness ?? 1);
  const gaps = steps.flatMap((s, i) => (s > typical * GAP_FACTOR ? [i] : []));
  const varies = steps.some((s) => Math.abs(s - typical) > typical * UNIFORM_TOLERANCE);
  // Gantry tilt: positions step along a direction that is not the normal (PS3.3 C.7.6.2.1.1 note).
  const span = sub(frames.at(-1)!.position, frames[0]!.position);
  const tiltDegrees = frames.length > 1 ? angleBetweenDegrees(span, normal) : 0;
  const tilted = tiltDegrees > TILT_TOLERANCE_DEGREES;
  const warnings: string[] = [];
  if (duplicates.length) warnings.push(`${duplicates.length} frame(s) share a position with another and were left out`);
  if (gaps.length) warnings.push(`${gaps.length} gap(s) in the slice spacing (missing slices?)`);
  else if (varies) warnings.push('slice spacing is not uniform');
  if (tilted) warnings.push(`gantry tilt of ${tiltDegrees.toFixed(1)}°: slices are sheared`);
  const sliceDirection: Vec3 = normal;
  return {
    dimensions: [first.columns, first.rows, frames.length],
    spacing: [first.pixelSpacing[1], first.pixelSpacing[0], typical],
    direction: [first.rowCosines, first.columnCosines, sliceDirection],
    origin,
    frames,
    slicePositions,
    uniform: !varies && gaps.length === 0 && !tilted,
    gaps,
    tiltDegrees,
    duplicates,
    warnings,
  };
}
