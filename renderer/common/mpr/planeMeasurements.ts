import { dot, length, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { angleDegrees, shapeArea, shapeContains, statisticsAccumulator, type RegionStatistics } from '../measure/measurements';
import type { ScreenPlane } from './mprGeometry';

/** What can be measured in an MPR view; points are patient coordinates (LPS mm). */
export type PlaneMeasurementKind = 'length' | 'angle' | 'ellipse';

export interface PlaneMeasurement {
  id: string;
  kind: PlaneMeasurementKind;
  points: Vec3[];
  /** The plane the measurement was made in (ellipses are drawn along its axes). */
  plane: ScreenPlane;
  /** ROI statistics in modality units, computed when the shape is finished. */
  stats?: RegionStatistics & { areaMm2: number };
}

export const PLANE_POINTS_NEEDED: Record<PlaneMeasurementKind, number> = { length: 2, angle: 3, ellipse: 2 };

/** A point in the measurement's own plane, mm along its right and down axes from `origin`. */
const inPlane = (plane: ScreenPlane, origin: Vec3, p: Vec3): [number, number] => {
  const d = sub(p, origin);
  return [dot(d, plane.right), dot(d, plane.down)];
};

/** Length (mm), angle (°) or ellipse area (mm²) with statistics: the text shown beside it. */
export function planeMeasurementLabel(m: PlaneMeasurement): string {
  if (m.kind === 'length') return `${length(sub(m.points[1]!, m.points[0]!)).toFixed(1)} mm`;
  if (m.kind === 'angle') return `${angleDegrees(m.points.map((p) => inPlane(m.plane, m.points[1]!, p))).toFixed(1)}°`;
  const s = m.stats;
  return s ? `${s.areaMm2.toFixed(1)} mm² · mean ${s.mean.toFixed(1)} SD ${s.sd.toFixed(1)} · min ${s.min.toFixed(0)} max ${s.max.toFixed(0)}` : '';
}

/**
 * Statistics of an ellipse drawn in a plane: the plane is sampled on a grid of `step` mm (the
 * volume's finest spacing) and every sample whose centre lies inside counts, its value from
 * `sample` (trilinear, in modality units).
 */
export function ellipseStatistics(m: Pick<PlaneMeasurement, 'points' | 'plane'>, sample: (p: Vec3) => number, step: number): RegionStatistics & { areaMm2: number } {
  const origin = m.points[0]!;
  const [a, b] = m.points.map((p) => inPlane(m.plane, origin, p)) as [[number, number], [number, number]];
  const shape = { kind: 'ellipse' as const, points: [a, b] };
  const stats = statisticsAccumulator();
  for (let v = Math.min(a[1], b[1]) + step / 2; v < Math.max(a[1], b[1]); v += step)
    for (let u = Math.min(a[0], b[0]) + step / 2; u < Math.max(a[0], b[0]); u += step) {
      if (!shapeContains(shape, [u, v])) continue;
      stats.add(sample([0, 1, 2].map((k) => origin[k]! + m.plane.right[k]! * u + m.plane.down[k]! * v) as Vec3));
    }
  return { ...stats.result(), areaMm2: shapeArea(shape) };
}

/** The ellipse's outline in patient coordinates (for drawing in any view that contains it). */
export function ellipseOutline(m: Pick<PlaneMeasurement, 'points' | 'plane'>, segments = 48): Vec3[] {
  const origin = m.points[0]!;
  const [a, b] = m.points.map((p) => inPlane(m.plane, origin, p)) as [[number, number], [number, number]];
  const [cu, cv, ru, rv] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, Math.abs(b[0] - a[0]) / 2, Math.abs(b[1] - a[1]) / 2];
  return Array.from({ length: segments + 1 }, (_, i) => {
    const t = (2 * Math.PI * i) / segments;
    const u = cu + ru * Math.cos(t);
    const v = cv + rv * Math.sin(t);
    return [0, 1, 2].map((k) => origin[k]! + m.plane.right[k]! * u + m.plane.down[k]! * v) as Vec3;
  });
}
