import type { Shutters } from './presentationStateModel';

type Point = [number, number];

function onSegment(p: Point, a: Point, b: Point): boolean {
  const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  if (Math.abs(cross) > 1e-9) return false;
  return p[0] >= Math.min(a[0], b[0]) && p[0] <= Math.max(a[0], b[0]) && p[1] >= Math.min(a[1], b[1]) && p[1] <= Math.max(a[1], b[1]);
}

/** Inside the polygon (even–odd rule) or on its outline. */
export function insidePolygon(p: Point, vertices: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const a = vertices[i]!;
    const b = vertices[j]!;
    if (onSegment(p, a, b)) return true;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/**
 * Whether a pixel (1-based column and row) shows through the display shutters (PS3.3 C.7.6.11):
 * it must lie in the opening of every shutter present. Shutter edges are pixel positions, so a
 * pixel on an edge, on the circle or on the polygon's outline is inside.
 * Returns undefined when no shutter is set.
 */
export function shutterTest(s: Shutters): ((column: number, row: number) => boolean) | undefined {
  const tests: Array<(c: number, r: number) => boolean> = [];
  const rect = s.rectangular;
  if (rect) tests.push((c, r) => c >= rect.left && c <= rect.right && r >= rect.upper && r <= rect.lower);
  const circle = s.circular;
  if (circle) {
    const [cc, rc] = circle.center;
    const r2 = circle.radius * circle.radius;
    tests.push((c, r) => (c - cc) ** 2 + (r - rc) ** 2 <= r2);
  }
  const poly = s.polygonal;
  if (poly) tests.push((c, r) => insidePolygon([c, r], poly.vertices));
  if (!tests.length) return undefined;
  return (c, r) => tests.every((t) => t(c, r));
}
