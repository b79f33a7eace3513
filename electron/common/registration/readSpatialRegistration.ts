import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import { numberValues, sequenceItems, stringValue } from '../dicom/model/dicomJsonAccess';
import { IDENTITY, invertAffine, multiply, rigidProblem } from './affineMatrix';
import { DEFORMABLE_SPATIAL_REGISTRATION_SOP_CLASS, RegTag as T, SPATIAL_REGISTRATION_SOP_CLASS } from './registrationTags';

/** One Registration Sequence item: how its Frame of Reference maps into the registered space. */
export interface RegisteredFrame {
  frameOfReferenceUid: string;
  /** Item FoR → registered FoR (the matrices of its Matrix Sequence composed), or undefined with `problem`. */
  matrix?: number[];
  /** RIGID, RIGID_SCALE or AFFINE: the least general type of the item's matrices. */
  type?: string;
  problem?: string;
}

/** A Spatial Registration object as Lightbox uses it. */
export interface SpatialRegistration {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  /** The registered space: the object's own Frame of Reference (0020,0052). */
  registeredFrameOfReferenceUid: string;
  /** What a reader calls it: content label and description, or the series description. */
  label: string;
  /** Content Date and Time as one sortable string (YYYYMMDDHHMMSS…), '' when absent. */
  contentDateTime: string;
  frames: RegisteredFrame[];
}

export type ReadRegistrationResult = { ok: true; registration: SpatialRegistration } | { ok: false; reason: string };

const MATRIX_TYPES = ['RIGID', 'RIGID_SCALE', 'AFFINE'];

function registeredFrame(item: DicomJsonDataset): RegisteredFrame | undefined {
  const frameOfReferenceUid = stringValue(item, T.FrameOfReferenceUID);
  // Type 1C: an item may name images instead; Lightbox places series by Frame of Reference only.
  if (!frameOfReferenceUid) return undefined;
  const matrices = sequenceItems(item, T.MatrixRegistrationSequence).flatMap((m) => sequenceItems(m, T.MatrixSequence));
  if (!matrices.length) return { frameOfReferenceUid, problem: 'the item has no Matrix Sequence (0070,030A)' };
  let composed: number[] = [...IDENTITY];
  let type = 'RIGID';
  for (const m of matrices) {
    const values = numberValues(m, T.FrameOfReferenceTransformationMatrix);
    const kind = stringValue(m, T.FrameOfReferenceTransformationMatrixType)?.trim() ?? '';
    if (values.length !== 16) return { frameOfReferenceUid, problem: `a Frame of Reference Transformation Matrix (3006,00C6) has ${values.length} values, 16 expected` };
    if (!MATRIX_TYPES.includes(kind)) return { frameOfReferenceUid, problem: `matrix type "${kind}" is not RIGID, RIGID_SCALE or AFFINE` };
    if (MATRIX_TYPES.indexOf(kind) > MATRIX_TYPES.indexOf(type)) type = kind;
    // PS3.3 C.20.2.1.1: the matrices apply in the order of the sequence, the first first.
    composed = multiply(values, composed);
  }
  if (type !== 'RIGID') return { frameOfReferenceUid, matrix: composed, type, problem: `the registration is ${type}: only rigid registrations are applied` };
  const notRigid = rigidProblem(composed, 1e-3);
  if (notRigid) return { frameOfReferenceUid, matrix: composed, type, problem: `the matrix is said to be RIGID but ${notRigid}` };
  return { frameOfReferenceUid, matrix: composed, type };
}

/** Reads a Spatial Registration object (PS3.3 A.39, C.20.2); a Deformable one is refused with the reason. */
export function readSpatialRegistration(ds: DicomJsonDataset): ReadRegistrationResult {
  const sopClass = stringValue(ds, T.SOPClassUID);
  if (sopClass === DEFORMABLE_SPATIAL_REGISTRATION_SOP_CLASS) return { ok: false, reason: 'a Deformable Spatial Registration is not applied: only rigid registrations are' };
  if (sopClass !== SPATIAL_REGISTRATION_SOP_CLASS) return { ok: false, reason: `SOP Class ${sopClass ?? '(none)'} is not a Spatial Registration` };
  const registeredFrameOfReferenceUid = stringValue(ds, T.FrameOfReferenceUID);
  if (!registeredFrameOfReferenceUid) return { ok: false, reason: 'the registration has no Frame of Reference UID (0020,0052)' };
  const frames = sequenceItems(ds, T.RegistrationSequence).flatMap((item) => registeredFrame(item) ?? []);
  if (!frames.length) return { ok: false, reason: 'the Registration Sequence (0070,0308) names no Frame of Reference' };
  const label = [stringValue(ds, T.ContentLabel), stringValue(ds, T.ContentDescription) ?? stringValue(ds, T.SeriesDescription)].filter(Boolean).join(' ');
  return {
    ok: true,
    registration: {
      sopInstanceUid: stringValue(ds, T.SOPInstanceUID) ?? '',
      seriesInstanceUid: stringValue(ds, T.SeriesInstanceUID) ?? '',
      registeredFrameOfReferenceUid,
      label,
      contentDateTime: `${stringValue(ds, T.ContentDate) ?? ''}${stringValue(ds, T.ContentTime) ?? ''}`,
      frames,
    },
  };
}

/** A transform found between two Frames of Reference, and which registration gave it. */
export interface RegistrationBetween {
  /** A point in `from` → the same anatomy in `to` (row-major 4×4). */
  matrix: number[];
  sopInstanceUid: string;
  seriesInstanceUid: string;
  label: string;
}

export type RegistrationLookup = { ok: true; found: RegistrationBetween } | { ok: false; reason: string };

/**
 * The transform from Frame of Reference `from` to `to` given by the newest registration that
 * names both: each item maps its FoR into the registered space, so from → to is M_to⁻¹ · M_from.
 * A registration naming the pair with a non-rigid matrix refuses with its reason.
 */
export function registrationBetween(registrations: SpatialRegistration[], from: string, to: string): RegistrationLookup {
  const naming = registrations
    .map((r) => ({ r, a: r.frames.find((f) => f.frameOfReferenceUid === from), b: r.frames.find((f) => f.frameOfReferenceUid === to) }))
    .filter((x) => x.a && x.b)
    .sort((x, y) => y.r.contentDateTime.localeCompare(x.r.contentDateTime));
  if (!naming.length) return { ok: false, reason: 'no Spatial Registration names both Frames of Reference' };
  const problems: string[] = [];
  for (const { r, a, b } of naming) {
    const problem = a!.problem ?? b!.problem;
    if (problem) {
      problems.push(`REG ${r.label || r.sopInstanceUid}: ${problem}`);
      continue;
    }
    const back = invertAffine(b!.matrix!);
    if (!back) {
      problems.push(`REG ${r.label || r.sopInstanceUid}: the matrix of ${to} cannot be inverted`);
      continue;
    }
    return { ok: true, found: { matrix: multiply(back, a!.matrix!), sopInstanceUid: r.sopInstanceUid, seriesInstanceUid: r.seriesInstanceUid, label: r.label } };
  }
  return { ok: false, reason: problems.join('; ') };
}
