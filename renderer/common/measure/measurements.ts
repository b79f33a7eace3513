import type { Point2 } from '../viewing/viewTransform';

export type MeasurementKind = 'length' | 'angle' | 'cobb' | 'ellipse' | 'rectangle' | 'freehand' | 'probe' | 'arrow';

/** How many points a tool collects before the measurement is complete (freehand: any number ≥ 3). */
export const POINTS_NEEDED: Record<MeasurementKind, number> = { length: 2, angle: 3, cobb: 4, ellipse: 2, rectangle: 2, freehand: 3, probe: 1, arrow: 2 };

/** A measurement on one image, in image-plane mm (see viewTransform), kept with the study. */
export interface Measurement {
  id: string;
  kind: MeasurementKind;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frame: number;
  points: Point2[];
  /** Text of an arrow annotation. */
  text?: string;
}

const dist = (a: Point2, b: Point2): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Length of a segment in mm. */
export function segmentLength(m: Pick<Measurement, 'points'>): number {
  const [a, b] = m.points;
  return a && b ? dist(a, b) : 0;
}

/** Angle at the middle point (degrees, 0–180). */
export function angleDegrees(p: Point2[]): number {
  const [a, o, b] = p;
  if (!a || !o || !b) return 0;
  const v1 = [a[0] - o[0], a[1] - o[1]];
  const v2 = [b[0] - o[0], b[1] - o[1]];
  const c = (v1[0]! * v2[0]! + v1[1]! * v2[1]!) / (Math.hypot(v1[0]!, v1[1]!) * Math.hypot(v2[0]!, v2[1]!) || 1);
  return (Math.acos(Math.max(-1, Math.min(1, c))) * 180) / Math.PI;
}

/** Cobb angle between two lines (p0–p1 and p2–p3), degrees 0–90. */
export function cobbDegrees(p: Point2[]): number {
  const [a, b, c, d] = p;
  if (!a || !b || !c || !d) return 0;
  const t1 = Math.atan2(b[1] - a[1], b[0] - a[0]);
  const t2 = Math.atan2(d[1] - c[1], d[0] - c[0]);
  let deg = Math.abs(((t1 - t2) * 180) / Math.PI) % 180;
  if (deg > 90) deg = 180 - deg;
  return deg;
}

/** Whether an image-plane point lies inside a closed measurement's shape. */
export function shapeContains(m: Pick<Measurement, 'kind' | 'points'>, p: Point2): boolean {
  const [a, b] = m.points;
  if (!a || !b) return false;
  if (m.kind === 'rectangle') return p[0] >= Math.min(a[0], b[0]) && p[0] <= Math.max(a[0], b[0]) && p[1] >= Math.min(a[1], b[1]) && p[1] <= Math.max(a[1], b[1]);
  if (m.kind === 'ellipse') {
    const cx = (a[0] + b[0]) / 2;
    const cy = (a[1] + b[1]) / 2;
    const rx = Math.abs(b[0] - a[0]) / 2;
    const ry = Math.abs(b[1] - a[1]) / 2;
    if (!rx || !ry) return false;
    return ((p[0] - cx) / rx) ** 2 + ((p[1] - cy) / ry) ** 2 <= 1;
  }
  if (m.kind === 'freehand') {
    // Even–odd rule.
    let inside = false;
    const pts = m.points;
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
      const [xi, yi] = pts[i]!;
      const [xj, yj] = pts[j]!;
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
  return false;
}

/** Geometric area of a closed shape in mm². */
export function shapeArea(m: Pick<Measurement, 'kind' | 'points'>): number {
  const [a, b] = m.points;
  if (!a || !b) return 0;
  if (m.kind === 'rectangle') return Math.abs(b[0] - a[0]) * Math.abs(b[1] - a[1]);
  if (m.kind === 'ellipse') return (Math.PI * Math.abs(b[0] - a[0]) * Math.abs(b[1] - a[1])) / 4;
  let s = 0;
  const pts = m.points;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) s += pts[j]![0] * pts[i]![1] - pts[i]![0] * pts[j]![1];
  return Math.abs(s) / 2;
}

export interface RegionStatistics {
  pixels: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/**
 * Statistics of the modality values (HU for CT) of the pixels whose centres lie inside the shape.
 * `value(column, row)` returns the modality value of a pixel; spacing is [row, column] mm.
 */
export function regionStatistics(
  m: Pick<Measurement, 'kind' | 'points'>,
  image: { columns: number; rows: number; pixelSpacing: [number, number] },
  value: (column: number, row: number) => number,
): RegionStatistics {
  const [sy, sx] = image.pixelSpacing;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of m.points) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const c0 = Math.max(0, Math.floor(minX / sx - 0.5));
  const c1 = Math.min(image.columns - 1, Math.ceil(maxX / sx - 0.5));
  const r0 = Math.max(0, Math.floor(minY / sy - 0.5));
  const r1 = Math.min(image.rows - 1, Math.ceil(maxY / sy - 0.5));
  const stats = statisticsAccumulator();
  for (let r = r0; r <= r1; r++)
    for (let c = c0; c <= c1; c++) if (shapeContains(m, [(c + 0.5) * sx, (r + 0.5) * sy])) stats.add(value(c, r));
  return stats.result();
}

/** Count, mean, sample SD, min and max of values added one by one. */
export function statisticsAccumulator(): { add(v: number): void; result(): RegionStatistics } {
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  let min = Infinity;
  let max = -Infinity;
  return {
    add(v) {
      n++;
      sum += v;
      sum2 += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
    },
    result() {
      const mean = n ? sum / n : 0;
      return { pixels: n, mean, sd: n > 1 ? Math.sqrt(Math.max(0, (sum2 - n * mean * mean) / (n - 1))) : 0, min: n ? min : 0, max: n ? max : 0 };
    },
  };
}
