import { add, cross, dot, length, normalize, scale, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { patientToVoxel, type VolumeGeometry } from './mprGeometry';

/** A centerline resampled every `step` mm along its length, with a smoothly turning frame. */
export interface Centerline {
  points: Vec3[];
  tangents: Vec3[];
  /** Across the line (⊥ tangent), carried along without twisting (parallel transport). */
  laterals: Vec3[];
  /** Arc length of each point from the first (mm). */
  arc: number[];
  length: number;
  step: number;
}

/** A reformatted image: `values[row · width + column]` in modality units, `pixelMm` mm per pixel both ways. */
export interface Reformat {
  width: number;
  height: number;
  values: Float32Array;
  pixelMm: number;
  /** Column of the centerline in each row (straightened: the middle; stretched: where the line runs). */
  lineColumn: Float32Array;
  /** Arc length along the centerline at each row (mm). */
  rowArc: Float32Array;
}

/** Centripetal Catmull–Rom point between p1 and p2 (no cusps or overshoot with uneven clicks). */
function catmullRom(p0: Vec3, p1: Vec3, p2: Vec3, p3: Vec3, u: number): Vec3 {
  const knot = (a: Vec3, b: Vec3, t: number) => t + Math.max(1e-6, Math.sqrt(length(sub(b, a))));
  const t0 = 0;
  const t1 = knot(p0, p1, t0);
  const t2 = knot(p1, p2, t1);
  const t3 = knot(p2, p3, t2);
  const t = t1 + (t2 - t1) * u;
  const lerp = (a: Vec3, b: Vec3, ta: number, tb: number): Vec3 => add(scale(a, (tb - t) / (tb - ta)), scale(b, (t - ta) / (tb - ta)));
  const a1 = lerp(p0, p1, t0, t1);
  const a2 = lerp(p1, p2, t1, t2);
  const a3 = lerp(p2, p3, t2, t3);
  const b1 = lerp(a1, a2, t0, t2);
  const b2 = lerp(a2, a3, t1, t3);
  return lerp(b1, b2, t1, t2);
}

/**
 * The smooth curve through the clicked points (centripetal Catmull–Rom), resampled every `step`
 * mm of arc length. `reference`: the normal of the view the line was drawn in; the lateral
 * direction starts in that view's plane, so the straightened image shows what the reader saw.
 */
export function smoothCenterline(control: Vec3[], reference: Vec3, step = 0.25): Centerline {
  if (control.length < 2) throw new Error('a centerline needs at least two points');
  // Dense polyline through the control points, then even resampling by arc length.
  const ends = [sub(scale(control[0]!, 2), control[1]!), sub(scale(control.at(-1)!, 2), control.at(-2)!)] as const;
  const all = [ends[0], ...control, ends[1]];
  const dense: Vec3[] = [control[0]!];
  for (let i = 1; i < all.length - 2; i++) {
    const n = Math.max(8, Math.ceil(length(sub(all[i + 1]!, all[i]!)) / (step / 4)));
    for (let k = 1; k <= n; k++) dense.push(catmullRom(all[i - 1]!, all[i]!, all[i + 1]!, all[i + 2]!, k / n));
  }
  const cumulative = [0];
  for (let i = 1; i < dense.length; i++) cumulative.push(cumulative[i - 1]! + length(sub(dense[i]!, dense[i - 1]!)));
  const total = cumulative.at(-1)!;
  const points: Vec3[] = [];
  const arc: number[] = [];
  for (let s = 0, j = 0; s <= total + 1e-9; s += step) {
    while (j < dense.length - 2 && cumulative[j + 1]! < s) j++;
    const f = (s - cumulative[j]!) / Math.max(1e-12, cumulative[j + 1]! - cumulative[j]!);
    points.push(add(dense[j]!, scale(sub(dense[j + 1]!, dense[j]!), Math.min(1, Math.max(0, f)))));
    arc.push(s);
  }
  const tangents = points.map((_, i) => normalize(sub(points[Math.min(points.length - 1, i + 1)]!, points[Math.max(0, i - 1)]!)));
  const laterals: Vec3[] = [];
  let lateral = normalize(cross(reference, tangents[0]!));
  if (length(lateral) < 0.5) lateral = normalize(cross([0, 0, 1], tangents[0]!));
  for (const t of tangents) {
    // Parallel transport: keep the previous lateral, minus its component along the new tangent.
    lateral = normalize(sub(lateral, scale(t, dot(lateral, t))));
    laterals.push(lateral);
  }
  return { points, tangents, laterals, arc, length: total, step };
}

/** Trilinear sampling of stored values in modality units; `outside` beyond the volume. */
export function volumeSampler(g: VolumeGeometry, samples: ArrayLike<number>, rescale: { slope: number; intercept: number }, outside = -1024): (p: Vec3) => number {
  const [nx, ny, nz] = g.dimensions;
  const at = (i: number, j: number, k: number) => samples[(k * ny + j) * nx + i]!;
  return (p) => {
    const [x, y, z] = patientToVoxel(g, p);
    if (x < 0 || y < 0 || z < 0 || x > nx - 1 || y > ny - 1 || z > nz - 1) return outside;
    const i = Math.min(nx - 2, Math.floor(x));
    const j = Math.min(ny - 2, Math.floor(y));
    const k = Math.min(nz - 2, Math.floor(z));
    const fx = x - i;
    const fy = y - j;
    const fz = z - k;
    const c = (a: number, b: number, f: number) => a + (b - a) * f;
    const v = c(
      c(c(at(i, j, k), at(i + 1, j, k), fx), c(at(i, j + 1, k), at(i + 1, j + 1, k), fx), fy),
      c(c(at(i, j, k + 1), at(i + 1, j, k + 1), fx), c(at(i, j + 1, k + 1), at(i + 1, j + 1, k + 1), fx), fy),
      fz,
    );
    return v * rescale.slope + rescale.intercept;
  };
}

/** Straightened CPR: each row is the line across the centerline at one arc length; the centerline is the middle column. */
export function straightenedReformat(sample: (p: Vec3) => number, line: Centerline, widthMm: number): Reformat {
  const pixelMm = line.step;
  const width = Math.max(3, Math.round(widthMm / pixelMm) | 1);
  const height = line.points.length;
  const values = new Float32Array(width * height);
  const half = (width - 1) / 2;
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) values[r * width + c] = sample(add(line.points[r]!, scale(line.laterals[r]!, (c - half) * pixelMm)));
  return { width, height, values, pixelMm, lineColumn: new Float32Array(height).fill(half), rowArc: Float32Array.from(line.arc) };
}

/**
 * Stretched CPR: rows run along the centerline as seen across a fixed direction (distances ⊥ to
 * it), columns along that direction itself at their true place, so the line keeps its real
 * sideways course and distances along the direction stay true.
 */
export function stretchedReformat(sample: (p: Vec3) => number, line: Centerline, direction: Vec3, widthMm: number): Reformat {
  const d = normalize(direction);
  const pixelMm = line.step;
  const origin = line.points[0]!;
  const offsets = line.points.map((p) => dot(sub(p, origin), d));
  const lo = Math.min(...offsets) - widthMm / 2;
  const hi = Math.max(...offsets) + widthMm / 2;
  const width = Math.max(3, Math.round((hi - lo) / pixelMm) + 1);
  // Row positions: cumulative distance across the direction.
  const across = [0];
  for (let i = 1; i < line.points.length; i++) {
    const step = sub(line.points[i]!, line.points[i - 1]!);
    across.push(across[i - 1]! + length(sub(step, scale(d, dot(step, d)))));
  }
  const height = Math.max(2, Math.round(across.at(-1)! / pixelMm) + 1);
  const values = new Float32Array(width * height);
  const lineColumn = new Float32Array(height);
  const rowArc = new Float32Array(height);
  for (let r = 0, i = 0; r < height; r++) {
    const s = r * pixelMm;
    while (i < across.length - 2 && across[i + 1]! < s) i++;
    const f = Math.min(1, Math.max(0, (s - across[i]!) / Math.max(1e-12, across[i + 1]! - across[i]!)));
    const p = add(line.points[i]!, scale(sub(line.points[i + 1]!, line.points[i]!), f));
    const base = sub(p, scale(d, dot(sub(p, origin), d)));
    lineColumn[r] = (dot(sub(p, origin), d) - lo) / pixelMm;
    rowArc[r] = line.arc[i]! + f * (line.arc[i + 1]! - line.arc[i]!);
    for (let c = 0; c < width; c++) values[r * width + c] = sample(add(base, scale(d, lo + c * pixelMm)));
  }
  return { width, height, values, pixelMm, lineColumn, rowArc };
}

/**
 * The stretched reformat's direction: across the line's overall course, in the plane it was
 * drawn in (so the vessel's sideways excursions in that view stay visible).
 */
export function stretchDirection(line: Centerline, reference: Vec3): Vec3 {
  const chord = sub(line.points.at(-1)!, line.points[0]!);
  const d = normalize(cross(reference, chord));
  return length(d) > 0.5 ? d : line.laterals[0]!;
}

/** The centerline point nearest an arc length, for the cross-section that follows the cursor. */
export function centerlineAt(line: Centerline, arc: number): { point: Vec3; tangent: Vec3; lateral: Vec3 } {
  const i = Math.min(line.points.length - 1, Math.max(0, Math.round(arc / line.step)));
  return { point: line.points[i]!, tangent: line.tangents[i]!, lateral: line.laterals[i]! };
}
