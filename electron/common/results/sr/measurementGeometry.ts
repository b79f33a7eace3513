import type { StoredMeasurement, StoredVolumeMeasurement } from '../../contract/hostContract';
import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { numberValues, sequenceItems, Tag } from '../../dicom/model/dicomJsonAccess';
import { frameGeometries } from '../../dicom/geometry/frameGeometry';
import type { Scoord3dGraphicType, ScoordGraphicType } from './contentItems';
import { Codes, Units, type Code } from './srCodes';

/**
 * The values and SR shapes of the app's measurements. The formulas are the ones the viewer
 * shows (renderer/common/measure/measurements.ts, renderer/common/mpr/planeMeasurements.ts),
 * restated here because common/ may not import the renderer.
 */

type P2 = [number, number];
type P3 = [number, number, number];

/** A measured quantity: concept name, value, unit. */
export interface MeasuredValue {
  concept: Code;
  value: number;
  unit: Code;
}

export interface PlanarShape {
  graphicType: ScoordGraphicType;
  /** Image pixel coordinates, column\row, (0,0) the top left corner of the top left pixel. */
  points: P2[];
}

export interface VolumeShape {
  graphicType: Scoord3dGraphicType;
  /** Patient coordinates (LPS, mm). */
  points: P3[];
}

/** Pixel spacing of one frame, [between rows, between columns] mm, and where it came from. */
export interface FrameSpacing {
  spacing: [number, number];
  calibrated: boolean;
}

/**
 * The spacing the viewer used for a frame (renderer/common/viewing/stackImages.ts): the frame's
 * Pixel Measures, else Pixel Spacing, else Imager Pixel Spacing, else 1 mm (uncalibrated: the
 * stored "mm" are then pixels).
 */
export function frameSpacing(ds: DicomJsonDataset, frame: number): FrameSpacing {
  const geometry = frameGeometries(ds).find((g) => g.frame === frame);
  if (geometry) return { spacing: geometry.pixelSpacing, calibrated: geometry.spacingSource !== 'none' };
  const shared = sequenceItems(sequenceItems(ds, Tag.SharedFunctionalGroupsSequence)[0], Tag.PixelMeasuresSequence)[0];
  const perFrame = sequenceItems(sequenceItems(ds, Tag.PerFrameFunctionalGroupsSequence)[frame - 1], Tag.PixelMeasuresSequence)[0];
  for (const v of [numberValues(perFrame, Tag.PixelSpacing), numberValues(shared, Tag.PixelSpacing), numberValues(ds, Tag.PixelSpacing), numberValues(ds, Tag.ImagerPixelSpacing)]) {
    if (v.length >= 2 && v[0]! > 0 && v[1]! > 0) return { spacing: [v[0]!, v[1]!], calibrated: true };
  }
  return { spacing: [1, 1], calibrated: false };
}

const dist2 = (a: P2, b: P2): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
const sub3 = (a: P3, b: P3): P3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot3 = (a: P3, b: P3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const len3 = (a: P3): number => Math.hypot(a[0], a[1], a[2]);
const along = (origin: P3, axes: Array<[P3, number]>): P3 => {
  const out: P3 = [...origin];
  for (const [axis, t] of axes) for (let k = 0; k < 3; k++) out[k]! += axis[k]! * t;
  return out;
};

/** Angle at the middle point, degrees 0–180, of vectors in any dimension. */
export function angleBetween(u: number[], v: number[]): number {
  const d = u.reduce((s, x, i) => s + x * v[i]!, 0);
  const n = Math.hypot(...u) * Math.hypot(...v);
  return (Math.acos(Math.max(-1, Math.min(1, n ? d / n : 1))) * 180) / Math.PI;
}

/** Cobb angle between lines p0–p1 and p2–p3, degrees 0–90. */
export function cobbAngle([a, b, c, d]: P2[]): number {
  const t1 = Math.atan2(b![1] - a![1], b![0] - a![0]);
  const t2 = Math.atan2(d![1] - c![1], d![0] - c![0]);
  const deg = Math.abs(((t1 - t2) * 180) / Math.PI) % 180;
  return deg > 90 ? 180 - deg : deg;
}

/** Area (mm²) of an ellipse's or rectangle's bounding box corners, or of a polygon (shoelace). */
export function planarArea(kind: 'ellipse' | 'rectangle' | 'freehand', points: P2[]): number {
  const [a, b] = points as [P2, P2];
  if (kind === 'rectangle') return Math.abs(b[0] - a[0]) * Math.abs(b[1] - a[1]);
  if (kind === 'ellipse') return (Math.PI * Math.abs(b[0] - a[0]) * Math.abs(b[1] - a[1])) / 4;
  let s = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) s += points[j]![0] * points[i]![1] - points[i]![0] * points[j]![1];
  return Math.abs(s) / 2;
}

export const MIN_POINTS: Record<StoredMeasurement['kind'], number> = { length: 2, angle: 3, cobb: 4, ellipse: 2, rectangle: 2, freehand: 3, probe: 1, arrow: 2 };

/**
 * The ellipse through the box with corners a and b as SR's four points: one axis endpoints
 * then the other, the longer (major) axis first (C.18.6.1.2). Each pair runs from a's side to
 * b's side, so the corners can be read back exactly (`ellipseCorners`).
 */
function ellipseAxes(a: P2, b: P2): P2[] {
  const [cx, cy] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const horizontal: P2[] = [[a[0], cy], [b[0], cy]];
  const vertical: P2[] = [[cx, a[1]], [cx, b[1]]];
  return Math.abs(b[0] - a[0]) >= Math.abs(b[1] - a[1]) ? [...horizontal, ...vertical] : [...vertical, ...horizontal];
}

/** The box corners [a, b] of an ellipse written by `ellipseAxes` (pixel coordinates). */
export function ellipseCorners(points: P2[]): [P2, P2] {
  const [p0, p1, p2, p3] = points as [P2, P2, P2, P2];
  const horizontalFirst = Math.abs(p0[1] - p1[1]) <= Math.abs(p0[0] - p1[0]);
  return horizontalFirst ? [[p0[0], p2[1]], [p1[0], p3[1]]] : [[p2[0], p0[1]], [p3[0], p1[1]]];
}

export interface PlanarGeometry {
  /** The measurement's value, absent for probe and arrow, and for areas of uncalibrated images. */
  value?: MeasuredValue;
  shapes: PlanarShape[];
}

/** Value and SCOORD shapes of a measurement on one image; points are mm, as stored. */
export function planarGeometry(m: StoredMeasurement, frame: FrameSpacing): PlanarGeometry {
  const [rowSpacing, columnSpacing] = frame.spacing;
  const px = (p: P2): P2 => [p[0] / columnSpacing, p[1] / rowSpacing];
  const pts = m.points.map(px);
  const lengthUnit = frame.calibrated ? Units.mm : Units.pixels;
  const [a, b] = m.points as [P2, P2];
  switch (m.kind) {
    case 'length':
      return { value: { concept: Codes.Length, value: dist2(a, b), unit: lengthUnit }, shapes: [{ graphicType: 'POLYLINE', points: pts.slice(0, 2) }] };
    case 'angle': {
      const [p, o, q] = m.points as [P2, P2, P2];
      return { value: { concept: Codes.Angle, value: angleBetween(sub2(p, o), sub2(q, o)), unit: Units.deg }, shapes: [{ graphicType: 'POLYLINE', points: pts.slice(0, 3) }] };
    }
    case 'cobb':
      return {
        value: { concept: Codes.CobbAngle, value: cobbAngle(m.points), unit: Units.deg },
        shapes: [
          { graphicType: 'POLYLINE', points: pts.slice(0, 2) },
          { graphicType: 'POLYLINE', points: pts.slice(2, 4) },
        ],
      };
    case 'ellipse':
    case 'rectangle':
    case 'freehand': {
      const outline: PlanarShape =
        m.kind === 'ellipse'
          ? { graphicType: 'ELLIPSE', points: ellipseAxes(pts[0]!, pts[1]!) }
          : m.kind === 'rectangle'
            ? { graphicType: 'POLYLINE', points: [pts[0]!, [pts[1]![0], pts[0]![1]], pts[1]!, [pts[0]![0], pts[1]![1]], pts[0]!] }
            : { graphicType: 'POLYLINE', points: [...pts, pts[0]!] }; // closed: last point = first (C.18.6.1.1)
      // An area in pixels has no UCUM unit we could honestly write: uncalibrated areas are left out.
      return frame.calibrated ? { value: { concept: Codes.Area, value: planarArea(m.kind, m.points), unit: Units.mm2 }, shapes: [outline] } : { shapes: [outline] };
    }
    case 'probe':
      return { shapes: [{ graphicType: 'POINT', points: pts.slice(0, 1) }] };
    case 'arrow':
      // Tail then tip: the viewer draws the head at the second point.
      return { shapes: [{ graphicType: 'POLYLINE', points: pts.slice(0, 2) }] };
  }
}

function sub2(a: P2, b: P2): P2 {
  return [a[0] - b[0], a[1] - b[1]];
}

export interface VolumeGeometry {
  value: MeasuredValue;
  shapes: VolumeShape[];
}

/** Value and SCOORD3D shape of an MPR measurement (patient coordinates). */
export function volumeGeometry(m: StoredVolumeMeasurement): VolumeGeometry {
  const [a, b] = m.points as [P3, P3];
  if (m.kind === 'length') return { value: { concept: Codes.Length, value: len3(sub3(b, a)), unit: Units.mm }, shapes: [{ graphicType: 'POLYLINE', points: [a, b] }] };
  if (m.kind === 'angle') {
    const [p, o, q] = m.points as [P3, P3, P3];
    return { value: { concept: Codes.Angle, value: angleBetween(sub3(p, o), sub3(q, o)), unit: Units.deg }, shapes: [{ graphicType: 'POLYLINE', points: [p, o, q] }] };
  }
  // The ellipse is drawn along the plane's right and down axes, in the box with corners a and b.
  const { right, down } = m.plane;
  const du = dot3(sub3(b, a), right);
  const dv = dot3(sub3(b, a), down);
  const centre = along(a, [
    [right, du / 2],
    [down, dv / 2],
  ]);
  const horizontal: P3[] = [along(centre, [[right, -du / 2]]), along(centre, [[right, du / 2]])];
  const vertical: P3[] = [along(centre, [[down, -dv / 2]]), along(centre, [[down, dv / 2]])];
  const area = m.stats?.areaMm2 ?? (Math.PI * Math.abs(du) * Math.abs(dv)) / 4;
  return {
    value: { concept: Codes.Area, value: area, unit: Units.mm2 },
    shapes: [{ graphicType: 'ELLIPSE', points: Math.abs(du) >= Math.abs(dv) ? [...horizontal, ...vertical] : [...vertical, ...horizontal] }],
  };
}
