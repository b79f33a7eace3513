import { describe, expect, it } from 'vitest';
import { cross, normalize, type Vec3 } from '../../dicom/geometry/vec3';
import { pixelToPatient, projectContour, type ProjectionPlane } from './contourProjection';

function plane(row: Vec3, column: Vec3, position: Vec3, pixelSpacing: [number, number]): ProjectionPlane {
  return { position, rowCosines: normalize(row), columnCosines: normalize(column), normal: normalize(cross(row, column)), pixelSpacing };
}

describe('projectContour', () => {
  it('puts Image Position (Patient) at pixel (0, 0) and half a pixel from the corner in image-plane mm', () => {
    const p = plane([1, 0, 0], [0, 1, 0], [-100, -50, 20], [0.5, 0.25]);
    const out = projectContour([-100, -50, 20, -99, -49, 20], p);
    expect([...out.pixels]).toEqual([0, 0, 4, 2]);
    expect([...out.imageMm]).toEqual([0.125, 0.25, 1.125, 1.25]);
    expect(out.maxOutOfPlaneMm).toBe(0);
  });

  it('inverts pixelToPatient on an oblique plane with unequal spacing, and measures what lies off the plane', () => {
    const p = plane([0.8, 0.6, 0], [0, 0.6, -0.8], [12.5, -30, 7], [0.7, 1.3]);
    // The two cosines above are not orthogonal: the least-squares solve still places points exactly.
    const pixels: Array<[number, number]> = [
      [0, 0],
      [10.25, 3.5],
      [-2, 100],
      [511.5, 0.5],
    ];
    const points = pixels.flatMap(([c, r]) => pixelToPatient(c, r, p));
    const out = projectContour(points, p);
    pixels.forEach(([c, r], i) => {
      expect(out.pixels[2 * i]).toBeCloseTo(c, 9);
      expect(out.pixels[2 * i + 1]).toBeCloseTo(r, 9);
    });
    expect(out.maxOutOfPlaneMm).toBeLessThan(1e-9);
    const lifted = [...pixelToPatient(3, 4, p)].map((v, k) => v + 2 * p.normal[k]!);
    expect(projectContour(lifted, p).maxOutOfPlaneMm).toBeCloseTo(2, 9);
  });

  it('refuses a degenerate orientation instead of dividing by zero', () => {
    expect(() => projectContour([0, 0, 0], plane([1, 0, 0], [1, 0, 0], [0, 0, 0], [1, 1]))).toThrow(/degenerate/);
  });
});
