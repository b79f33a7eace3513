import { describe, expect, it } from 'vitest';
import { dot } from '../../../electron/common/dicom/geometry/vec3';
import type { VolumeGeometry } from './mprGeometry';
import { orderStack, type StackImage } from '../viewing/stackImages';
import { initialMprState, MPR_PLANES, planeScreen, rotateOthers, scrollPlane } from './mprState';

const g: VolumeGeometry = {
  dimensions: [256, 256, 112],
  spacing: [1.40625, 1.40625, 2.5],
  axes: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  origin: [-179.3, -179.3, -138.75],
};

describe('MPR state', () => {
  it('scrolls a plane by whole slices of the volume and stops at its edge', () => {
    const s = initialMprState(g, { center: 40, width: 400 });
    const z0 = s.center[2];
    // Wheel-down (positive) goes as the stack viewer's next image: feet (−z), anterior (−y), the patient's right (−x).
    expect(scrollPlane(s, g, 'axial', 3).center[2]).toBeCloseTo(z0 - 7.5, 9);
    expect(scrollPlane(s, g, 'coronal', 2).center[1]).toBeCloseTo(s.center[1] - 2 * 1.40625, 9);
    expect(scrollPlane(s, g, 'sagittal', 1).center[0]).toBeCloseTo(s.center[0] - 1.40625, 9);
    expect(scrollPlane(s, g, 'axial', 1000).center[2]).toBeCloseTo(-138.75, 9);
    expect(scrollPlane(s, g, 'axial', -1000).center[2]).toBeCloseTo(-138.75 + 111 * 2.5, 9);
  });

  it('scrolls each plane the way the stack viewer orders slices of that orientation (wheel-down agrees in both)', () => {
    const s = initialMprState(g, { center: 40, width: 400 });
    for (const name of MPR_PLANES) {
      const n = s.planes[name].normal;
      // A two-slice "stack" one slice apart along this plane's normal, ordered as the stack viewer orders it.
      const slice = (offset: number): StackImage => ({ geometry: { position: [n[0] * offset, n[1] * offset, n[2] * offset], normal: n } }) as unknown as StackImage;
      const ordered = orderStack([slice(0), slice(1)]);
      const stackNext = dot(ordered[1]!.geometry!.position, n) - dot(ordered[0]!.geometry!.position, n);
      const mprNext = dot(scrollPlane(s, g, name, 1).center, n) - dot(s.center, n);
      expect(Math.sign(mprNext), name).toBe(Math.sign(stackNext));
    }
  });

  it('rotating in one view leaves that view and keeps the three planes perpendicular', () => {
    let s = initialMprState(g, { center: 40, width: 400 });
    s = rotateOthers(s, 'axial', 30);
    expect(s.planes.axial).toEqual(initialMprState(g, s.window).planes.axial);
    s = rotateOthers(s, 'coronal', -20); // double oblique
    for (const a of MPR_PLANES)
      for (const b of MPR_PLANES) if (a !== b) expect(Math.abs(dot(s.planes[a].normal, s.planes[b].normal))).toBeLessThan(1e-9);
    expect(Math.abs(s.planes.sagittal.normal[0])).toBeLessThan(0.99);
    expect(Math.abs(s.planes.sagittal.normal[2])).toBeGreaterThan(0.1);
  });

  it('maps viewport pixels to the patient and back, with zoom and pan', () => {
    const s = initialMprState(g, { center: 40, width: 400 });
    s.views.coronal = { zoom: 2.5, pan: [12, -7] };
    const screen = planeScreen(s, g, 'coronal', { width: 640, height: 480 });
    const p = screen.toPatient(100, 300);
    const [x, y] = screen.toScreen(p);
    expect(x).toBeCloseTo(100, 9);
    expect(y).toBeCloseTo(300, 9);
    // The crosshair centre appears at the pan from the middle.
    const [cx, cy] = screen.toScreen(s.center);
    expect(cx).toBeCloseTo(320 + 12 / screen.mmPerPixel, 9);
    expect(cy).toBeCloseTo(240 - 7 / screen.mmPerPixel, 9);
  });
});
