import { describe, expect, it } from 'vitest';
import { cross, dot, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { mipCamera, mipExtent, mipPixelOf, mipRayAt } from './mipCamera';

const grid = { dimensions: [128, 128, 33] as [number, number, number], origin: [-148.8, -149.4, -52] as Vec3, axes: [[2.34375, 0, 0], [0, 2.34375, 0], [0, 0, 3.27]] as [Vec3, Vec3, Vec3] };

describe('MIP camera', () => {
  it('anterior at 0°: looking from the front (+y, LPS), head up, the patient’s left on the right', () => {
    const c = mipCamera(mipExtent(grid), 0, 1);
    expect(c.direction.map((v) => v + 0)).toEqual([0, 1, 0]);
    expect(c.up).toEqual([0, 0, 1]);
    expect(c.right.map((v) => v + 0)).toEqual([1, 0, 0]);
    // Right-handed screen: right × up points out of the screen, towards the viewer.
    expect(dot(cross(c.right, c.up), c.direction)).toBeCloseTo(-1, 12);
  });

  it('90°: looking from the patient’s left (−x direction of projection), facing the screen’s left as a left lateral view', () => {
    const c = mipCamera(mipExtent(grid), 90, 1);
    expect(c.direction[0]).toBeCloseTo(-1, 12);
    expect(c.right[1]).toBeCloseTo(1, 12); // posterior (+y) on the screen's right: the patient faces left
    expect(mipCamera(mipExtent(grid), 450, 1).angle).toBe(90);
  });

  it('the whole volume fits at every angle, and a pixel’s ray projects back to that pixel', () => {
    const e = mipExtent(grid);
    const size = { width: 400, height: 300 };
    for (const angle of [0, 30, 45, 90, 200]) {
      const c = mipCamera(e, angle, size.width / size.height);
      for (const corner of [[-0.5, -0.5, -0.5], [127.5, 127.5, 32.5], [127.5, -0.5, 32.5]] as Vec3[]) {
        const p: Vec3 = [grid.origin[0] + corner[0] * 2.34375, grid.origin[1] + corner[1] * 2.34375, grid.origin[2] + corner[2] * 3.27];
        const [x, y] = mipPixelOf(c, size, p);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(size.width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(size.height);
      }
      const ray = mipRayAt(c, size, [123.5, 77.25]);
      const far: Vec3 = [ray.origin[0] + 80 * ray.direction[0], ray.origin[1] + 80 * ray.direction[1], ray.origin[2] + 80 * ray.direction[2]];
      const [x, y] = mipPixelOf(c, size, far);
      expect(x).toBeCloseTo(123.5, 9);
      expect(y).toBeCloseTo(77.25, 9);
    }
  });
});
