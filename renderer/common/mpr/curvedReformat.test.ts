import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { centerlineAt, smoothCenterline, straightenedReformat, stretchedReformat, volumeSampler } from './curvedReformat';
import type { VolumeGeometry } from './mprGeometry';

// The phantom's curved vessel: a half circle of radius 40 mm in the x–z plane around (60, 20, 0), tube radius 3 mm.
const C: Vec3 = [60, 20, 0];
const R = 40;
const TUBE = 3;
const onArc = (theta: number): Vec3 => [C[0] + R * Math.cos(theta), C[1], C[2] + R * Math.sin(theta)];
/** Exact tube: 350 inside, -850 outside (the lung around it). */
function tubeSample(p: Vec3): number {
  const inPlane = Math.hypot(p[0] - C[0], p[2] - C[2]);
  const theta = Math.atan2(p[2] - C[2], p[0] - C[0]);
  const distance = Math.abs(theta) <= Math.PI / 2 ? Math.hypot(inPlane - R, p[1] - C[1]) : Infinity;
  return distance <= TUBE ? 350 : -850;
}
const clicks = (n: number) => Array.from({ length: n }, (_, i) => onArc(-Math.PI / 2 + (Math.PI * i) / (n - 1)));

describe('curved reformat', () => {
  it('a centerline through points clicked on the arc measures the arc (±0.5 %)', () => {
    const line = smoothCenterline(clicks(9), [0, 1, 0]);
    expect(Math.abs(line.length - Math.PI * R) / (Math.PI * R)).toBeLessThan(0.005);
    // Evenly spaced, and every resampled point on the arc within 0.5 mm (clicks 16 mm apart).
    for (const p of line.points) expect(Math.abs(Math.hypot(p[0] - C[0], p[2] - C[2]) - R)).toBeLessThan(0.5);
  });

  it('the straightened reformat shows the tube as a straight band of its width', () => {
    const line = smoothCenterline(clicks(9), [0, 1, 0]);
    const image = straightenedReformat(tubeSample, line, 30);
    const widths: number[] = [];
    const centres: number[] = [];
    // Rows away from the ends (the tube stops there).
    for (let r = Math.round(image.height * 0.1); r < image.height * 0.9; r++) {
      const inside = Array.from({ length: image.width }, (_, c) => c).filter((c) => image.values[r * image.width + c]! > 0);
      widths.push(inside.length * image.pixelMm);
      centres.push((inside[0]! + inside.at(-1)!) / 2);
    }
    for (const w of widths) expect(Math.abs(w - 2 * TUBE)).toBeLessThanOrEqual(2 * image.pixelMm + 0.2);
    for (const c of centres) expect(Math.abs(c - image.lineColumn[0]!)).toBeLessThanOrEqual(1);
  });

  it('the stretched reformat keeps the line’s true course along the chosen direction', () => {
    const line = smoothCenterline(clicks(9), [0, 1, 0]);
    const image = stretchedReformat(tubeSample, line, [1, 0, 0], 20);
    // Along x the arc goes out 40 mm and back: its column moves by 40 mm, the rows span its course across x (z: 80 mm).
    const columns = Array.from(image.lineColumn);
    expect((Math.max(...columns) - Math.min(...columns)) * image.pixelMm).toBeCloseTo(R, 0);
    expect(image.height * image.pixelMm).toBeCloseTo(2 * R, -0.5);
    const mid = Math.round(image.height / 2);
    expect(image.values[mid * image.width + Math.round(image.lineColumn[mid]!)]).toBe(350);
  });

  it('samples a voxel grid trilinearly in modality units and finds the frame along the line', () => {
    const g: VolumeGeometry = { dimensions: [2, 2, 2], spacing: [1, 1, 1], axes: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], origin: [0, 0, 0] };
    const sample = volumeSampler(g, [0, 10, 0, 10, 0, 10, 0, 10], { slope: 2, intercept: -5 });
    expect(sample([0.25, 0.5, 0.5])).toBeCloseTo(0.25 * 10 * 2 - 5, 9);
    expect(sample([3, 0, 0])).toBe(-1024);
    const line = smoothCenterline(clicks(5), [0, 1, 0]);
    const mid = centerlineAt(line, line.length / 2);
    expect(mid.point[0]).toBeCloseTo(100, 0);
    expect(Math.abs(mid.tangent[2])).toBeCloseTo(1, 2);
  });
});
