import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import { numberValue, sequenceItems, stringValue, Tag } from '../dicom/model/dicomJsonAccess';
import { frameGeometries, type FrameGeometry } from '../dicom/geometry/frameGeometry';
import { dot, sub, type Vec3 } from '../dicom/geometry/vec3';

/**
 * One image plane a result (a segmentation frame, a contour) can be placed on: a frame's geometry
 * and the Frame of Reference its coordinates belong to. Built from a source image's header with
 * `imagePlanesOf`; a result's patient coordinates are only comparable within one Frame of Reference.
 */
export interface ImagePlane extends FrameGeometry {
  frameOfReferenceUid?: string;
  /** Spacing Between Slices (0018,0088) where the image states it (enhanced: Pixel Measures). */
  spacingBetweenSlices?: number;
}

/** Every frame plane of an image (one for single-frame images; per frame for enhanced multi-frame). */
export function imagePlanesOf(ds: DicomJsonDataset): ImagePlane[] {
  const frameOfReferenceUid = stringValue(ds, Tag.FrameOfReferenceUID);
  const shared = sequenceItems(ds, Tag.SharedFunctionalGroupsSequence)[0];
  const perFrame = sequenceItems(ds, Tag.PerFrameFunctionalGroupsSequence);
  return frameGeometries(ds).map((g) => {
    const measures = sequenceItems(perFrame[g.frame - 1], Tag.PixelMeasuresSequence)[0] ?? sequenceItems(shared, Tag.PixelMeasuresSequence)[0] ?? ds;
    const spacingBetweenSlices = numberValue(measures, Tag.SpacingBetweenSlices);
    return { ...g, ...(frameOfReferenceUid ? { frameOfReferenceUid } : {}), ...(spacingBetweenSlices !== undefined ? { spacingBetweenSlices } : {}) };
  });
}

/** Signed distance (mm) of a patient point from a plane, along the plane's normal. */
export function distanceFromPlane(point: Vec3, plane: Pick<ImagePlane, 'position' | 'normal'>): number {
  return dot(sub(point, plane.position), plane.normal);
}

/** Planes whose normals differ by less than this are parallel (cos 0.5°): a contour or frame lies in them. */
const PARALLEL_COSINE = Math.cos((0.5 * Math.PI) / 180);

export function areParallel(a: Vec3, b: Vec3): boolean {
  return Math.abs(dot(a, b)) >= PARALLEL_COSINE;
}

/**
 * How far from a plane a point may lie and still belong to it: half the slice thickness (a slice
 * covers ±thickness/2 about its plane); when the image states none, half the gap to the nearest
 * parallel plane of `planes`; failing both, 0.5 mm.
 */
export function planeTolerance(plane: ImagePlane, planes: readonly ImagePlane[]): number {
  if (plane.sliceThickness !== undefined && plane.sliceThickness > 0) return plane.sliceThickness / 2;
  let gap = Infinity;
  for (const other of planes) {
    if (other === plane || !areParallel(other.normal, plane.normal)) continue;
    const d = Math.abs(distanceFromPlane(other.position, plane));
    if (d > 1e-6 && d < gap) gap = d;
  }
  return Number.isFinite(gap) ? gap / 2 : 0.5;
}

/** Planes to match results against, each with its tolerance worked out once. */
export interface PlaneSet {
  planes: readonly ImagePlane[];
  tolerances: readonly number[];
}

/** `toleranceMm` overrides every plane's own tolerance (`planeTolerance`). */
export function planeSet(planes: readonly ImagePlane[], toleranceMm?: number): PlaneSet {
  return { planes, tolerances: planes.map((p) => toleranceMm ?? planeTolerance(p, planes)) };
}

export interface PlaneMatch {
  plane: ImagePlane;
  /** Largest distance (mm) of the matched points from the plane. */
  distance: number;
}

/**
 * The plane of `set` that all `points` lie on (each within that plane's tolerance), nearest
 * first; undefined when none holds them. `frameOfReferenceUid`, when given, excludes planes of
 * another Frame of Reference (a plane that states none is not excluded); `normal`, when given,
 * excludes planes that are not parallel to it.
 */
export function matchPlane(points: readonly Vec3[], set: PlaneSet, options: { frameOfReferenceUid?: string; normal?: Vec3 } = {}): PlaneMatch | undefined {
  const first = points[0];
  if (!first) return undefined;
  let best: PlaneMatch | undefined;
  set.planes.forEach((plane, i) => {
    if (options.frameOfReferenceUid && plane.frameOfReferenceUid && plane.frameOfReferenceUid !== options.frameOfReferenceUid) return;
    if (options.normal && !areParallel(options.normal, plane.normal)) return;
    const tolerance = set.tolerances[i]!;
    // The first point rules out almost every plane before the others are looked at.
    let distance = Math.abs(distanceFromPlane(first, plane));
    if (distance > tolerance) return;
    for (const p of points) distance = Math.max(distance, Math.abs(distanceFromPlane(p, plane)));
    if (distance <= tolerance && (!best || distance < best.distance)) best = { plane, distance };
  });
  return best;
}
