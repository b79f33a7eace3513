import { edgeLabels, type ViewportEdgeLabels } from '../../../electron/common/dicom/geometry/orientationLabels';
import type { VolumeBlockInfo } from '../../../electron/common/contract/hostContract';
import { add, cross, dot, normalize, scale, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';

/** The three standard MPR planes. */
export type MprPlaneName = 'axial' | 'coronal' | 'sagittal';

/**
 * A plane as shown on screen, in patient coordinates (LPS, mm): `right` and `down` are the screen
 * directions, `normal` = right × down points into the screen (away from the reader).
 */
export interface ScreenPlane {
  right: Vec3;
  down: Vec3;
  normal: Vec3;
}

/**
 * Standard planes in radiological convention: axial seen from the feet (patient's left on the
 * screen's right, anterior up), coronal seen from the front (left on the right, head up), sagittal
 * seen from the patient's left (anterior on the left, head up).
 */
export const STANDARD_PLANES: Record<MprPlaneName, { right: Vec3; down: Vec3 }> = {
  axial: { right: [1, 0, 0], down: [0, 1, 0] },
  coronal: { right: [1, 0, 0], down: [0, 0, -1] },
  sagittal: { right: [0, 1, 0], down: [0, 0, -1] },
};

/** A rotation as a 3×3 matrix, rows are the images of the x, y, z axes (orthonormal). */
export type Rotation = [Vec3, Vec3, Vec3];
export const IDENTITY: Rotation = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

export function rotate(r: Rotation, v: Vec3): Vec3 {
  return [r[0][0] * v[0] + r[1][0] * v[1] + r[2][0] * v[2], r[0][1] * v[0] + r[1][1] * v[1] + r[2][1] * v[2], r[0][2] * v[0] + r[1][2] * v[1] + r[2][2] * v[2]];
}

/** Rotation by `degrees` about `axis` (right-handed), composed after `r`. */
export function rotateAbout(r: Rotation, axis: Vec3, degrees: number): Rotation {
  const a = normalize(axis);
  const t = (degrees * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  // Rodrigues' formula applied to each basis image.
  const turn = (v: Vec3): Vec3 => add(add(scale(v, c), scale(cross(a, v), s)), scale(a, dot(a, v) * (1 - c)));
  return [normalize(turn(r[0])), normalize(turn(r[1])), normalize(turn(r[2]))];
}

/** A plane of the MPR: a standard plane turned by the MPR's rotation. */
export function screenPlane(name: MprPlaneName, rotation: Rotation = IDENTITY): ScreenPlane {
  const right = rotate(rotation, STANDARD_PLANES[name].right);
  const down = rotate(rotation, STANDARD_PLANES[name].down);
  return { right, down, normal: normalize(cross(right, down)) };
}

/** Screen offset (mm right, mm down) of a patient point from the plane's centre. */
export function toScreenMm(plane: ScreenPlane, center: Vec3, point: Vec3): [number, number] {
  const d = sub(point, center);
  return [dot(d, plane.right), dot(d, plane.down)];
}

/** The patient point at a screen offset (mm right, mm down) from the plane's centre. */
export function fromScreenMm(plane: ScreenPlane, center: Vec3, mm: [number, number]): Vec3 {
  return add(center, add(scale(plane.right, mm[0]), scale(plane.down, mm[1])));
}

/** Patient-orientation letters at the plane's four screen edges. */
export function planeEdgeLabels(plane: ScreenPlane): ViewportEdgeLabels {
  return edgeLabels(plane.right, plane.down);
}

/**
 * Where another plane cuts this one, as a screen direction through the shared centre (unit
 * vector in mm right/down), or undefined when the planes are parallel.
 */
export function referenceLineDirection(plane: ScreenPlane, other: ScreenPlane): [number, number] | undefined {
  const line = cross(plane.normal, other.normal);
  const u = dot(line, plane.right);
  const v = dot(line, plane.down);
  const l = Math.hypot(u, v);
  return l < 1e-6 ? undefined : [u / l, v / l];
}

/**
 * Geometry of a volume: voxel (i, j, k) centre = origin + i·sx·axes[0] + j·sy·axes[1] + k·sz·axes[2].
 * The slice axis leans off the image normal for a gantry-tilted series (sheared slices).
 */
export interface VolumeGeometry {
  dimensions: [number, number, number];
  spacing: [number, number, number];
  axes: [Vec3, Vec3, Vec3];
  origin: Vec3;
}

/** The geometry of a decode-once block: slices placed where they were acquired (sheared when tilted). */
export function volumeGeometryOf(info: VolumeBlockInfo): VolumeGeometry {
  const step = info.sliceStep ?? scale(info.direction[2], info.spacing[2]);
  const stepLength = Math.hypot(...step) || info.spacing[2];
  return {
    dimensions: info.dimensions,
    spacing: [info.spacing[0], info.spacing[1], stepLength],
    axes: [info.direction[0], info.direction[1], normalize(step)],
    origin: info.origin,
  };
}

export function voxelToPatient(g: VolumeGeometry, ijk: Vec3): Vec3 {
  return add(g.origin, add(add(scale(g.axes[0], ijk[0] * g.spacing[0]), scale(g.axes[1], ijk[1] * g.spacing[1])), scale(g.axes[2], ijk[2] * g.spacing[2])));
}

/** Continuous voxel index of a patient point (the axes need not be orthogonal: Cramer's rule). */
export function patientToVoxel(g: VolumeGeometry, p: Vec3): Vec3 {
  const d = sub(p, g.origin);
  const [a, b, c] = g.axes;
  const det = dot(a, cross(b, c));
  return [dot(d, cross(b, c)) / det / g.spacing[0], dot(a, cross(d, c)) / det / g.spacing[1], dot(a, cross(b, d)) / det / g.spacing[2]];
}

export function volumeCenter(g: VolumeGeometry): Vec3 {
  return voxelToPatient(g, [(g.dimensions[0] - 1) / 2, (g.dimensions[1] - 1) / 2, (g.dimensions[2] - 1) / 2]);
}

/** Extent of the volume along a direction through `center`: [min, max] mm of its voxel centres. */
export function extentAlong(g: VolumeGeometry, center: Vec3, direction: Vec3): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const i of [0, g.dimensions[0] - 1])
    for (const j of [0, g.dimensions[1] - 1])
      for (const k of [0, g.dimensions[2] - 1]) {
        const t = dot(sub(voxelToPatient(g, [i, j, k]), center), direction);
        min = Math.min(min, t);
        max = Math.max(max, t);
      }
  return [min, max];
}

/**
 * The step between neighbouring slices of a view: the voxel spacing seen along its normal (the
 * slice spacing for a plane parallel to the acquisition, the pixel spacing across it).
 */
export function sliceStep(g: VolumeGeometry, normal: Vec3): number {
  const along = g.axes.map((a, i) => Math.abs(dot(a, normal)) / g.spacing[i]!);
  return 1 / Math.max(...along);
}

/** Keeps a point inside the volume's box of voxel centres. */
export function clampToVolume(g: VolumeGeometry, p: Vec3): Vec3 {
  const ijk = patientToVoxel(g, p).map((v, i) => Math.min(g.dimensions[i]! - 1, Math.max(0, v))) as Vec3;
  return voxelToPatient(g, ijk);
}

/**
 * How much a volume must be thinned to fit the GPU's 3D texture size: a whole-number step per
 * axis (1 where it fits). Voxel spacing grows by the same factors.
 */
export function textureSteps(dimensions: [number, number, number], max3dTextureSize: number): [number, number, number] {
  return dimensions.map((d) => Math.max(1, Math.ceil(d / max3dTextureSize))) as [number, number, number];
}
