import { describe, expect, it } from 'vitest';
import type { VolumeBlockInfo } from '../../../electron/common/contract/hostContract';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { dot } from '../../../electron/common/dicom/geometry/vec3';
import {
  clampToVolume,
  extentAlong,
  fromScreenMm,
  IDENTITY,
  patientToVoxel,
  planeEdgeLabels,
  referenceLineDirection,
  rotateAbout,
  screenPlane,
  sliceStep,
  textureSteps,
  toScreenMm,
  voxelToPatient,
  volumeGeometryOf,
  type VolumeGeometry,
} from './mprGeometry';

const close = (a: number[], b: number[], digits = 9) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, digits));

describe('MPR planes', () => {
  it('standard planes read as a radiologist expects (edge letters)', () => {
    expect(planeEdgeLabels(screenPlane('axial'))).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect(planeEdgeLabels(screenPlane('coronal'))).toEqual({ left: 'R', right: 'L', top: 'H', bottom: 'F' });
    expect(planeEdgeLabels(screenPlane('sagittal'))).toEqual({ left: 'A', right: 'P', top: 'H', bottom: 'F' });
  });

  it('normals point away from the reader: axial towards the head, coronal posterior, sagittal to the right', () => {
    close(screenPlane('axial').normal, [0, 0, 1]);
    close(screenPlane('coronal').normal, [0, 1, 0]);
    close(screenPlane('sagittal').normal, [-1, 0, 0]);
  });

  it('screen millimetres and patient points map both ways, in any oblique plane', () => {
    const r = rotateAbout(rotateAbout(IDENTITY, [0, 0, 1], 30), [1, 0, 0], -20);
    const plane = screenPlane('coronal', r);
    const center: Vec3 = [10, -20, 30];
    const p = fromScreenMm(plane, center, [12.5, -7]);
    close(toScreenMm(plane, center, p), [12.5, -7]);
    expect(dot(plane.right, plane.down)).toBeCloseTo(0, 12);
    // A distance measured on screen is the distance in the patient.
    const q = fromScreenMm(plane, center, [12.5 + 3, -7 + 4]);
    expect(Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2])).toBeCloseTo(5, 9);
  });

  it('a plane rotated about the axial normal reads oblique letters', () => {
    const plane = screenPlane('axial', rotateAbout(IDENTITY, [0, 0, 1], 45));
    expect(planeEdgeLabels(plane).right).toMatch(/^(LP|PL)$/);
  });

  it('reference lines: the coronal plane cuts the axial view horizontally, the sagittal vertically', () => {
    const axial = screenPlane('axial');
    close(referenceLineDirection(axial, screenPlane('coronal'))!.map(Math.abs), [1, 0]);
    close(referenceLineDirection(axial, screenPlane('sagittal'))!.map(Math.abs), [0, 1]);
    expect(referenceLineDirection(axial, screenPlane('axial'))).toBeUndefined();
  });
});

describe('volume geometry', () => {
  // A tilted acquisition: slices stacked along a direction 15° off the head axis.
  const t = (15 * Math.PI) / 180;
  const g: VolumeGeometry = {
    dimensions: [256, 256, 40],
    spacing: [1.40625, 1.40625, 5],
    axes: [
      [1, 0, 0],
      [0, Math.cos(t), -Math.sin(t)],
      [0, Math.sin(t), Math.cos(t)],
    ],
    origin: [-180, -150, -100],
  };

  it('voxel and patient coordinates invert each other, sheared slices too', () => {
    const ijk: Vec3 = [12.25, 200, 7.5];
    close(patientToVoxel(g, voxelToPatient(g, ijk)), ijk);
    // Gantry tilt: images axial, slices stepping 15° off the normal.
    const sheared = volumeGeometryOf({ dimensions: [256, 256, 40], spacing: [1.40625, 1.40625, 4.83], direction: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], origin: [-180, -180, -100], sliceStep: [0, 5 * Math.sin(t), 5 * Math.cos(t)] } as VolumeBlockInfo);
    expect(sheared.spacing[2]).toBeCloseTo(5, 9);
    close(voxelToPatient(sheared, [0, 0, 10]), [-180, -180 + 50 * Math.sin(t), -100 + 50 * Math.cos(t)]);
    close(patientToVoxel(sheared, voxelToPatient(sheared, ijk)), ijk);
  });

  it('slice steps follow the view normal', () => {
    expect(sliceStep(g, g.axes[2])).toBeCloseTo(5, 9);
    expect(sliceStep(g, [1, 0, 0])).toBeCloseTo(1.40625, 9);
  });

  it('extent along a direction and clamping stay on voxel centres', () => {
    const [min, max] = extentAlong(g, g.origin, g.axes[0]);
    expect(min).toBeCloseTo(0, 9);
    expect(max).toBeCloseTo(255 * 1.40625, 9);
    close(clampToVolume(g, voxelToPatient(g, [-5, 300, 20])), voxelToPatient(g, [0, 255, 20]));
  });

  it('thins a volume only along axes beyond the 3D texture limit', () => {
    expect(textureSteps([512, 512, 300], 2048)).toEqual([1, 1, 1]);
    expect(textureSteps([512, 512, 3000], 2048)).toEqual([1, 1, 2]);
    expect(textureSteps([4097, 512, 100], 2048)).toEqual([3, 1, 1]);
  });
});
