import { stackDirectionAlong } from '../viewing/stackOrder';
import { add, cross, dot, normalize, scale, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import {
  clampToVolume,
  extentAlong,
  fromScreenMm,
  screenPlane,
  sliceStep,
  toScreenMm,
  volumeCenter,
  type MprPlaneName,
  type ScreenPlane,
  type VolumeGeometry,
} from './mprGeometry';

export const MPR_PLANES: MprPlaneName[] = ['axial', 'coronal', 'sagittal'];

export type SlabMode = 'mip' | 'minip' | 'mean';

/** Everything the MPR views show, shared by the three planes (crosshair, window, slab) or per plane. */
export interface MprState {
  center: Vec3;
  planes: Record<MprPlaneName, ScreenPlane>;
  window: { center: number; width: number };
  slab: { thickness: number; mode: SlabMode };
  /** Linear between voxels, or nearest (each voxel's own value, blocky when zoomed). */
  interpolation: 'linear' | 'nearest';
  /** Per plane: zoom (1 = the volume fits) and pan (mm right/down of the viewport's middle where the centre appears). */
  views: Record<MprPlaneName, { zoom: number; pan: [number, number] }>;
}

export function initialMprState(g: VolumeGeometry, window: { center: number; width: number }): MprState {
  const view = () => ({ zoom: 1, pan: [0, 0] as [number, number] });
  return {
    center: volumeCenter(g),
    planes: { axial: screenPlane('axial'), coronal: screenPlane('coronal'), sagittal: screenPlane('sagittal') },
    window,
    slab: { thickness: 0, mode: 'mip' },
    interpolation: 'linear',
    views: { axial: view(), coronal: view(), sagittal: view() },
  };
}

/** Millimetres per CSS pixel at which the whole volume fits a viewport of this size, for this plane. */
export function fitMmPerPixel(g: VolumeGeometry, plane: ScreenPlane, size: { width: number; height: number }): number {
  const c = volumeCenter(g);
  const [u0, u1] = extentAlong(g, c, plane.right);
  const [v0, v1] = extentAlong(g, c, plane.down);
  const pad = Math.max(...g.spacing);
  return Math.max((u1 - u0 + pad) / Math.max(1, size.width), (v1 - v0 + pad) / Math.max(1, size.height)) * 1.02;
}

/** Maps between a viewport's CSS pixels (from its top-left) and patient points, for one plane. */
export interface PlaneScreen {
  toPatient(x: number, y: number): Vec3;
  toScreen(p: Vec3): [number, number];
  mmPerPixel: number;
}

export function planeScreen(state: MprState, g: VolumeGeometry, name: MprPlaneName, size: { width: number; height: number }): PlaneScreen {
  const plane = state.planes[name];
  const view = state.views[name];
  const mmPerPixel = fitMmPerPixel(g, plane, size) / view.zoom;
  return {
    mmPerPixel,
    toPatient: (x, y) => fromScreenMm(plane, state.center, [(x - size.width / 2) * mmPerPixel - view.pan[0], (y - size.height / 2) * mmPerPixel - view.pan[1]]),
    toScreen: (p) => {
      const [u, v] = toScreenMm(plane, state.center, p);
      return [size.width / 2 + (u + view.pan[0]) / mmPerPixel, size.height / 2 + (v + view.pan[1]) / mmPerPixel];
    },
  };
}

/** Moves the crosshair to a point (kept inside the volume). */
export function moveCenter(state: MprState, g: VolumeGeometry, to: Vec3): MprState {
  return { ...state, center: clampToVolume(g, to) };
}

/**
 * Scrolls one plane by whole slices (the other planes follow the crosshair); positive `slices`
 * (wheel-down, Page Down) go the way the stack viewer's next image goes: towards the feet, anterior,
 * the patient's right (`stackDirectionAlong`), whichever way the plane's normal points.
 */
export function scrollPlane(state: MprState, g: VolumeGeometry, name: MprPlaneName, slices: number): MprState {
  const n = state.planes[name].normal;
  return moveCenter(state, g, add(state.center, scale(n, stackDirectionAlong(n) * slices * sliceStep(g, n))));
}

/**
 * Oblique MPR: turns the other two planes about this plane's normal through the crosshair, so
 * this view stays as it is and the others tilt (twice, in two views, for a double oblique).
 */
export function rotateOthers(state: MprState, name: MprPlaneName, degrees: number): MprState {
  const axis = state.planes[name].normal;
  const t = (degrees * Math.PI) / 180;
  const turn = (v: Vec3): Vec3 => normalize(add(add(scale(v, Math.cos(t)), scale(cross(axis, v), Math.sin(t))), scale(axis, dot(axis, v) * (1 - Math.cos(t)))));
  const planes = { ...state.planes };
  for (const other of MPR_PLANES) {
    if (other === name) continue;
    const p = planes[other];
    const right = turn(p.right);
    const down = turn(p.down);
    planes[other] = { right, down, normal: normalize(cross(right, down)) };
  }
  return { ...state, planes };
}

/** Position of the crosshair along a plane's normal, in mm from the volume's centre (overlay text). */
export function positionAlong(state: MprState, g: VolumeGeometry, name: MprPlaneName): number {
  return dot(state.center, state.planes[name].normal) - dot(volumeCenter(g), state.planes[name].normal);
}
