import { cross, dot, length, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { Rgb } from '../../../electron/common/results/seg/cielab';
import type { RtContour, RtStructureSet } from '../../../electron/common/results/rtstruct/rtStructModel';

/** A plane to cut contours with: a point on it, its unit normal, and how near counts as on it (mm). */
export interface CuttingPlane {
  point: Vec3;
  normal: Vec3;
  tolerance: number;
}

/**
 * What a contour leaves on a plane (patient points, LPS mm):
 * - `outline`: the contour lies on the plane (every point within the tolerance): drawn as it is;
 * - `segments`: a closed contour crossing the plane: the stretches of the cut line inside it, as
 *   point pairs (start, end, start, end …);
 * - `points`: where an open contour crosses the plane, or a POINT contour on it.
 */
export type ContourSection = { kind: 'outline'; closed: boolean; points: Vec3[] } | { kind: 'segments'; points: Vec3[] } | { kind: 'points'; points: Vec3[] };

const vertex = (p: Float64Array, i: number): Vec3 => [p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!];

/** The contour's plane normal by Newell's method (robust for concave and slightly non-planar polygons); zero when degenerate. */
function newellNormal(p: Float64Array, n: number): Vec3 {
  const out: Vec3 = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const a = vertex(p, i);
    const b = vertex(p, (i + 1) % n);
    out[0] += (a[1] - b[1]) * (a[2] + b[2]);
    out[1] += (a[2] - b[2]) * (a[0] + b[0]);
    out[2] += (a[0] - b[0]) * (a[1] + b[1]);
  }
  return out;
}

/**
 * Cuts one contour with a plane. An edge crosses when its ends lie on opposite sides (a vertex
 * exactly on the plane counts on the negative side, so a closed polygon always has an even number
 * of crossings). A closed contour's crossings lie on one line (its plane ∩ the cutting plane); sorted
 * along it and paired, they are the stretches inside the polygon (even–odd rule).
 */
export function contourOnPlane(contour: RtContour, plane: CuttingPlane): ContourSection | undefined {
  const p = contour.points;
  const n = Math.floor(p.length / 3);
  if (n === 0) return undefined;
  const d = new Float64Array(n);
  let far = 0;
  for (let i = 0; i < n; i++) {
    d[i] = (p[3 * i]! - plane.point[0]) * plane.normal[0] + (p[3 * i + 1]! - plane.point[1]) * plane.normal[1] + (p[3 * i + 2]! - plane.point[2]) * plane.normal[2];
    far = Math.max(far, Math.abs(d[i]!));
  }
  const type = contour.geometricType.toUpperCase();
  const closed = type === 'CLOSED_PLANAR';
  const all = () => Array.from({ length: n }, (_, i) => vertex(p, i));
  if (far <= plane.tolerance) return type === 'POINT' || n === 1 ? { kind: 'points', points: all() } : { kind: 'outline', closed, points: all() };
  if (type === 'POINT' || n === 1) return undefined;
  const crossings: Vec3[] = [];
  const edges = closed ? n : n - 1;
  for (let i = 0; i < edges; i++) {
    const j = (i + 1) % n;
    const di = d[i]!;
    const dj = d[j]!;
    if (di > 0 === dj > 0) continue;
    const t = di / (di - dj);
    const a = vertex(p, i);
    const b = vertex(p, j);
    crossings.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]);
  }
  if (crossings.length === 0) return undefined;
  if (!closed) return { kind: 'points', points: crossings };
  let along = cross(newellNormal(p, n), plane.normal);
  if (length(along) < 1e-9) {
    // A contour (nearly) parallel to the plane yet crossing it: not planar; order along its widest spread.
    const first = crossings[0]!;
    const widest = crossings.reduce((best, q) => (length([q[0] - first[0], q[1] - first[1], q[2] - first[2]]) > length([best[0] - first[0], best[1] - first[1], best[2] - first[2]]) ? q : best), first);
    along = [widest[0] - first[0], widest[1] - first[1], widest[2] - first[2]];
  }
  crossings.sort((a, b) => dot(a, along) - dot(b, along));
  // An odd count only arises from a non-planar contour: the last crossing has no partner.
  return { kind: 'segments', points: crossings.slice(0, crossings.length - (crossings.length % 2)) };
}

/** One structure's contour as it meets a plane, with what it is drawn with. */
export interface PlaneContour {
  id: string;
  name: string;
  color: Rgb;
  section: ContourSection;
}

/** Default colour of a structure without ROI Display Color (as the stack overlay draws it). */
const NO_COLOR: Rgb = [255, 255, 0];

/** Every contour of a structure set that meets the plane. */
export function structureSetOnPlane(set: RtStructureSet, plane: CuttingPlane): PlaneContour[] {
  const out: PlaneContour[] = [];
  for (const s of set.structures)
    s.contours.forEach((c, i) => {
      const section = contourOnPlane(c, plane);
      if (section) out.push({ id: `${set.sopInstanceUid}/${s.roiNumber}/${i}`, name: s.name, color: s.color ?? NO_COLOR, section });
    });
  return out;
}
