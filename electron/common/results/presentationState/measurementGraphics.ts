import type { StoredMeasurement } from '../../contract/hostContract';
import type { GraphicObject, TextObject } from './presentationStateModel';

type Point = [number, number];

/**
 * Image-plane mm (from the image's top-left corner, x along rows, y down columns: the viewer's
 * measurement space) to GSPS PIXEL coordinates. PS3.3 C.10.5 (Graphic Annotation Units PIXEL) puts
 * 0\0 at the top-left corner of the top-left pixel and Columns\Rows at the bottom-right corner of
 * the image, so no half-pixel shift is needed: column = x / column spacing, row = y / row spacing.
 * `spacing` is [row spacing, column spacing] as in Pixel Spacing (0028,0030).
 */
export function mmToPixel([x, y]: Point, spacing: [number, number]): Point {
  return [x / spacing[1], y / spacing[0]];
}

/** GSPS PIXEL coordinates back to image-plane mm. */
export function pixelToMm([column, row]: Point, spacing: [number, number]): Point {
  return [column * spacing[1], row * spacing[0]];
}

const dist = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

function angleAt(a: Point, o: Point, b: Point): number {
  const v1 = [a[0] - o[0], a[1] - o[1]] as const;
  const v2 = [b[0] - o[0], b[1] - o[1]] as const;
  const c = (v1[0] * v2[0] + v1[1] * v2[1]) / (Math.hypot(...v1) * Math.hypot(...v2) || 1);
  return (Math.acos(Math.max(-1, Math.min(1, c))) * 180) / Math.PI;
}

function polygonArea(points: Point[]): number {
  let s = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) s += points[j]![0] * points[i]![1] - points[i]![0] * points[j]![1];
  return Math.abs(s) / 2;
}

/**
 * The geometric value of a measurement as text, when the caller has no label of its own (the
 * viewer's labels, with region statistics, need the pixels): "12.3 mm", "45.0°", "Area 120.5 mm²".
 */
export function measurementValueText(m: StoredMeasurement): string {
  const [a, b, c, d] = m.points;
  switch (m.kind) {
    case 'length':
      return a && b ? `${dist(a, b).toFixed(1)} mm` : '';
    case 'angle':
      return a && b && c ? `${angleAt(a, b, c).toFixed(1)}°` : '';
    case 'cobb': {
      if (!a || !b || !c || !d) return '';
      let deg = Math.abs(((Math.atan2(b[1] - a[1], b[0] - a[0]) - Math.atan2(d[1] - c[1], d[0] - c[0])) * 180) / Math.PI) % 180;
      if (deg > 90) deg = 180 - deg;
      return `Cobb ${deg.toFixed(1)}°`;
    }
    case 'rectangle':
      return a && b ? `Area ${(Math.abs(b[0] - a[0]) * Math.abs(b[1] - a[1])).toFixed(1)} mm²` : '';
    case 'ellipse':
      return a && b ? `Area ${((Math.PI * Math.abs(b[0] - a[0]) * Math.abs(b[1] - a[1])) / 4).toFixed(1)} mm²` : '';
    case 'freehand':
      return `Area ${polygonArea(m.points).toFixed(1)} mm²`;
    case 'arrow':
      return m.text ?? '';
    default:
      return m.text ?? '';
  }
}

const polyline = (points: Point[], closed = false): GraphicObject => ({ type: 'POLYLINE', units: 'PIXEL', points: closed ? [...points, points[0]!] : points, filled: false });

/** The outline of a measurement as GSPS graphic objects, in PIXEL coordinates. */
export function measurementGraphics(m: StoredMeasurement, spacing: [number, number]): GraphicObject[] {
  const p = m.points.map((q) => mmToPixel(q, spacing));
  const [a, b, c, d] = p;
  switch (m.kind) {
    case 'length':
    case 'arrow':
      return a && b ? [polyline([a, b])] : [];
    case 'angle':
      return a && b && c ? [polyline([a, b, c])] : [];
    case 'cobb':
      return a && b && c && d ? [polyline([a, b]), polyline([c, d])] : [];
    case 'rectangle':
      return a && b ? [polyline([a, [b[0], a[1]], b, [a[0], b[1]]], true)] : [];
    case 'freehand':
      return p.length >= 3 ? [polyline(p, true)] : [];
    case 'probe':
      return a ? [{ type: 'POINT', units: 'PIXEL', points: [a], filled: false }] : [];
    case 'ellipse': {
      if (!a || !b) return [];
      // The viewer's ellipse is the one inscribed in the box a–b (axis-aligned).
      const cx = (a[0] + b[0]) / 2;
      const cy = (a[1] + b[1]) / 2;
      const rx = Math.abs(b[0] - a[0]) / 2;
      const ry = Math.abs(b[1] - a[1]) / 2;
      // Equal axes (up to the rounding of mm → pixels) make a circle.
      if (Math.abs(rx - ry) <= 1e-9 * Math.max(rx, ry)) return [{ type: 'CIRCLE', units: 'PIXEL', points: [[cx, cy], [cx + rx, cy]], filled: false }];
      // ELLIPSE: the major axis end points first, then the minor axis end points.
      const horizontal: Point[] = [[cx - rx, cy], [cx + rx, cy]];
      const vertical: Point[] = [[cx, cy - ry], [cx, cy + ry]];
      return [{ type: 'ELLIPSE', units: 'PIXEL', points: rx > ry ? [...horizontal, ...vertical] : [...vertical, ...horizontal], filled: false }];
    }
    default:
      return [];
  }
}

/**
 * The label of a measurement as a text object anchored (anchor line hidden) at its last point, or
 * at the arrow's tail (the head is points[1]); lines joined with CR LF (ST text). Undefined for an empty label.
 */
export function measurementText(m: StoredMeasurement, spacing: [number, number], lines: string[]): TextObject | undefined {
  const text = lines.filter((l) => l.length > 0).join('\r\n');
  const at = m.kind === 'arrow' ? m.points[0] : m.points[m.points.length - 1];
  if (!text || !at) return undefined;
  return { text, anchor: { units: 'PIXEL', point: mmToPixel(at, spacing), visible: false } };
}
