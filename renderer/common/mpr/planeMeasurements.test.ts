import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { IDENTITY, rotateAbout, screenPlane } from './mprGeometry';
import { ellipseStatistics, planeMeasurementLabel } from './planeMeasurements';

describe('measurements in MPR planes', () => {
  const oblique = screenPlane('coronal', rotateAbout(IDENTITY, [0, 0, 1], 35));
  const at = (u: number, v: number): Vec3 => [0, 1, 2].map((k) => 10 + oblique.right[k]! * u + oblique.down[k]! * v) as Vec3;

  it('an angle drawn in an oblique plane reads its angle; a length its mm', () => {
    expect(planeMeasurementLabel({ id: 'a', kind: 'angle', plane: oblique, points: [at(10, 0), at(0, 0), at(0, 10)] })).toBe('90.0°');
    expect(planeMeasurementLabel({ id: 'l', kind: 'length', plane: oblique, points: [at(0, 0), at(3, 4)] })).toBe('5.0 mm');
  });

  it('an ellipse ROI: area from its axes, statistics of the values inside only', () => {
    // A disc of 100 HU (radius 5 mm around the ellipse centre) in -1000 HU.
    const centre = at(10, 10);
    const sample = (p: Vec3) => (Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]) <= 5 ? 100 : -1000);
    const inside = ellipseStatistics({ plane: oblique, points: [at(6, 6), at(14, 14)] }, sample, 0.25);
    expect(inside.areaMm2).toBeCloseTo(Math.PI * 16, 6);
    expect(inside.mean).toBe(100);
    expect(inside.sd).toBe(0);
    expect(inside.pixels * 0.0625).toBeCloseTo(Math.PI * 16, -0.3);
    const across = ellipseStatistics({ plane: oblique, points: [at(0, 0), at(20, 20)] }, sample, 0.25);
    expect(across.min).toBe(-1000);
    expect(across.max).toBe(100);
  });
});
