import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { RtContour, RtStructureSet } from '../../../electron/common/results/rtstruct/rtStructModel';
import { contourOnPlane, structureSetOnPlane, type CuttingPlane } from './contoursOnPlane';

const contour = (type: string, points: number[][]): RtContour => ({ geometricType: type, points: Float64Array.from(points.flat()), images: [] });
const plane = (point: Vec3, normal: Vec3, tolerance = 1): CuttingPlane => ({ point, normal, tolerance });
const r = (points: Vec3[]) => points.map((p) => p.map((v) => Math.round(v * 1e9) / 1e9 + 0));

/** A 10 mm square in the axial plane z = 5. */
const SQUARE = contour('CLOSED_PLANAR', [
  [0, 0, 5],
  [10, 0, 5],
  [10, 10, 5],
  [0, 10, 5],
]);

/** A "U" in z = 5: a bar along y 0..3 and two arms up to y = 10, the notch x 3..7 open at the top. */
const U = contour('CLOSED_PLANAR', [
  [0, 0, 5],
  [10, 0, 5],
  [10, 10, 5],
  [7, 10, 5],
  [7, 3, 5],
  [3, 3, 5],
  [3, 10, 5],
  [0, 10, 5],
]);

describe('contours cut by a plane', () => {
  it('a contour on the plane (within the tolerance) is kept as it is; off it, it is not drawn', () => {
    expect(contourOnPlane(SQUARE, plane([0, 0, 5.9], [0, 0, 1]))).toEqual({ kind: 'outline', closed: true, points: [[0, 0, 5], [10, 0, 5], [10, 10, 5], [0, 10, 5]] });
    expect(contourOnPlane(SQUARE, plane([0, 0, 6.1], [0, 0, 1]))).toBeUndefined();
  });

  it('a plane across a closed contour leaves the stretch of the cut line inside it', () => {
    const s = contourOnPlane(SQUARE, plane([0, 4, 0], [0, 1, 0]))!;
    expect(s.kind).toBe('segments');
    expect(r(s.points).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [0, 4, 5],
      [10, 4, 5],
    ]);
  });

  it('a concave contour gives one stretch per piece inside, in order along the line', () => {
    const s = contourOnPlane(U, plane([0, 5, 0], [0, 1, 0]))!;
    const xs = r(s.points).map((p) => p[0]!);
    // Sorted along the line (either way): the pairs are [0, 3] and [7, 10].
    expect(xs[0]! < xs[3]! ? xs : xs.reverse()).toEqual([0, 3, 7, 10]);
  });

  it('a plane through vertices counts each crossing once', () => {
    const diamond = contour('CLOSED_PLANAR', [
      [5, 0, 5],
      [10, 5, 5],
      [5, 10, 5],
      [0, 5, 5],
    ]);
    const s = contourOnPlane(diamond, plane([5, 0, 0], [1, 0, 0]))!;
    expect(r(s.points).sort((a, b) => a[1]! - b[1]!)).toEqual([
      [5, 0, 5],
      [5, 10, 5],
    ]);
  });

  it('an oblique plane cuts where its equation says', () => {
    const n = Math.SQRT1_2;
    // x + z = 10: at z = 5, x = 5.
    const s = contourOnPlane(SQUARE, plane([5, 5, 5], [n, 0, n]))!;
    expect(r(s.points).sort((a, b) => a[1]! - b[1]!)).toEqual([
      [5, 0, 5],
      [5, 10, 5],
    ]);
  });

  it('open contours give their crossing points; POINT contours show when on the plane', () => {
    const open = contour('OPEN_PLANAR', [
      [0, 0, 5],
      [10, 0, 5],
      [10, 10, 5],
    ]);
    expect(r(contourOnPlane(open, plane([4, 0, 0], [1, 0, 0]))!.points)).toEqual([[4, 0, 5]]);
    // The open contour's missing closing edge does not cross.
    expect(contourOnPlane(open, plane([0, 5, 0], [0, 1, 0]))).toEqual({ kind: 'points', points: [[10, 5, 5]] });
    const point = contour('POINT', [[1, 2, 5]]);
    expect(contourOnPlane(point, plane([0, 0, 5.5], [0, 0, 1]))).toEqual({ kind: 'points', points: [[1, 2, 5]] });
    expect(contourOnPlane(point, plane([0, 0, 7], [0, 0, 1]))).toBeUndefined();
  });

  it('a structure set gives every contour meeting the plane, in its structure’s colour (yellow when it has none)', () => {
    const set: RtStructureSet = {
      sopInstanceUid: '9.8',
      frameOfReferenceUids: [],
      referencedImages: [],
      warnings: [],
      structures: [
        { roiNumber: 1, name: 'A', color: [0, 255, 0], contours: [SQUARE, contour('CLOSED_PLANAR', [[0, 0, 50], [1, 0, 50], [1, 1, 50]])] },
        { roiNumber: 2, name: 'B', contours: [U] },
      ],
    };
    const cut = structureSetOnPlane(set, plane([0, 5, 0], [0, 1, 0]));
    expect(cut.map((c) => [c.id, c.name, c.color, c.section.kind, c.section.points.length])).toEqual([
      ['9.8/1/0', 'A', [0, 255, 0], 'segments', 2],
      ['9.8/2/0', 'B', [255, 255, 0], 'segments', 4],
    ]);
  });
});
