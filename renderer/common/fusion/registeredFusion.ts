import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { adjustmentMatrix, applyToPoint, IDENTITY, invertAffine, multiply, type Matrix4, type RigidAdjustment } from '../../../electron/common/registration/affineMatrix';
import { registrationBetween, type SpatialRegistration } from '../../../electron/common/registration/readSpatialRegistration';
import type { FusionRegistration, FusionSource } from './fusionSource';
import type { VolumeSampler } from './volumeSampler';

/** A sampler asked at image points that reads the volume at the registered points. */
export function transformedSampler(sampler: VolumeSampler, matrix: Matrix4): VolumeSampler {
  const m = [...matrix];
  const q: Vec3 = [0, 0, 0]; // refilled per point: no allocation on the hot path
  return {
    valueAt(p: Vec3): number | undefined {
      q[0] = m[0]! * p[0] + m[1]! * p[1] + m[2]! * p[2] + m[3]!;
      q[1] = m[4]! * p[0] + m[5]! * p[1] + m[6]! * p[2] + m[7]!;
      q[2] = m[8]! * p[0] + m[9]! * p[1] + m[10]! * p[2] + m[11]!;
      return sampler.valueAt(q);
    },
  };
}

/**
 * The source placed through a registration: a new source (so per-source caches of sampled
 * images start over) whose sampler maps each image point into the fused series' Frame of
 * Reference first. The unregistered sampler is kept, so a new alignment starts from it; the
 * voxel grid is not (register from the loaded source to keep it for the unregistered case).
 */
export function registeredSource(source: FusionSource, registration: FusionRegistration | undefined): FusionSource {
  const base = source.unregisteredSampler ?? source.sampler;
  if (!registration) {
    const { registration: _r, unregisteredSampler: _u, ...rest } = source;
    return { ...rest, sampler: base };
  }
  // The voxel grid (SUV region tools) stays in the fused series' own coordinates: regions drawn on
  // the images would be measured in the wrong place, so a registered source offers none.
  const { volume: _grid, ...placed } = source;
  return { ...placed, sampler: transformedSampler(base, registration.matrix), unregisteredSampler: base, registration };
}

/** Where an image point lands in the fused series (for probes and tests). */
export const registeredPoint = (registration: FusionRegistration, p: Vec3): Vec3 => applyToPoint(registration.matrix, p);

/**
 * The fused series' placement after an alignment by hand: `adjustment` moves the fused volume
 * within the images' Frame of Reference (it is what the reader sees move), on top of where the
 * starting registration put it. Returns image FoR point → fused FoR point.
 */
export function alignedMatrix(start: Matrix4 | undefined, adjustment: Matrix4): number[] {
  // Fused → image is start⁻¹, then the adjustment; sampling needs the inverse of that.
  const fusedToImage = multiply(adjustment, invertAffine(start ?? IDENTITY) ?? [...IDENTITY]);
  return invertAffine(fusedToImage) ?? [...IDENTITY];
}

/**
 * The source placed over images of `imageFrameOfReferenceUid` by the newest stored registration
 * naming both Frames of Reference, or why it cannot be.
 */
export function storedPlacement(source: FusionSource, imageFrameOfReferenceUid: string, registrations: SpatialRegistration[]): { ok: true; source: FusionSource } | { ok: false; reason: string } {
  const found = registrationBetween(registrations, imageFrameOfReferenceUid, source.frameOfReferenceUid);
  if (!found.ok) return found;
  const label = `registered (REG ${found.found.label || found.found.sopInstanceUid})`;
  return { ok: true, source: registeredSource(source, { imageFrameOfReferenceUid, matrix: found.found.matrix, label, kind: 'stored' }) };
}

/** Where the fused volume's centre is in the images' Frame of Reference (what alignment turns about). */
export function centreInImageSpace(source: FusionSource, start: Matrix4 | undefined): Vec3 {
  const centre = source.centre ?? [0, 0, 0];
  return start ? applyToPoint(invertAffine(start) ?? IDENTITY, centre) : centre;
}

/**
 * The source moved by the reader's adjustment from where `start` (a stored registration, or
 * none: the same coordinates) placed it; the legend says it is aligned by hand.
 */
export function manualPlacement(source: FusionSource, imageFrameOfReferenceUid: string, start: Matrix4 | undefined, adjustment: RigidAdjustment): FusionSource {
  const matrix = alignedMatrix(start, adjustmentMatrix(adjustment, centreInImageSpace(source, start)));
  return registeredSource(source, { imageFrameOfReferenceUid, matrix, label: 'aligned by hand (not saved)', kind: 'manual' });
}

/** What a saved registration stores: fused series FoR point → image FoR point (the inverse of the sampling transform). */
export function savedMatrix(registration: FusionRegistration): number[] {
  return invertAffine(registration.matrix) ?? [...IDENTITY];
}
