import type { VolumeBlockInfo } from '../../../electron/common/contract/hostContract';
import { frameGeometries } from '../../../electron/common/dicom/geometry/frameGeometry';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { modalityUnits } from '../../../electron/common/dicom/display/modalityTransform';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { stringValue, Tag } from '../../../electron/common/dicom/model/dicomJsonAccess';
import { describePixels } from '../../../electron/common/dicom/model/pixelDescription';
import { computeSuvFromHeader } from '../../../electron/common/pet/computeSuv';
import { readPetSeriesHeader } from '../../../electron/common/pet/petSeriesHeader';
import type { SuvVolume } from '../../../electron/common/pet/suvMeasurements';
import type { SuvOverrides } from '../../../electron/common/pet/suvTypes';
import { suvVolumeOf } from './suvVolume';
import { samplesOfType } from '../viewing/typedSamples';
import { createVolumeSampler, type SliceScale, type VolumeSampler } from './volumeSampler';

/** A series ready to be fused over others: its sampler, in which units, and in which Frame of Reference. */
export interface FusionSource {
  seriesInstanceUid: string;
  modality: string;
  frameOfReferenceUid: string;
  /** What the values are: `SUVbw` (g/ml) for a PET with a usable SUV, else the modality's units (Bq/ml, HU…). */
  unit: string;
  /** True when the values are SUVbw. */
  suv: boolean;
  /** The window a reader starts from: SUV 0–5, or the series' value range. */
  defaultWindow: { min: number; max: number };
  sampler: VolumeSampler;
  /** What the reader must know: why there is no SUV, uneven slices, slices without a factor. */
  notices: string[];
  /** True when the SUV uses a reader's override of weight, height, dose or injection time ("SUV (edited)"). */
  edited?: boolean;
  /** The values as a voxel grid (SUV region tools), built on first call and kept. */
  volume?(): SuvVolume & { unevenSlices: boolean };
  /** The volume's centre in its own Frame of Reference (LPS mm): alignment by hand turns about it. */
  centre?: Vec3;
  /** Placed through a registration, over images of another Frame of Reference (registeredFusion.ts). */
  registration?: FusionRegistration;
  /** The sampler before the registration: a new alignment starts from it. */
  unregisteredSampler?: VolumeSampler;
}

/**
 * How a fused series in another Frame of Reference is placed over the images: a rigid transform
 * from the images' Frame of Reference to the fused series' one, from a stored Spatial
 * Registration or from the reader's alignment by hand.
 */
export interface FusionRegistration {
  /** The Frame of Reference of the images it applies to. */
  imageFrameOfReferenceUid: string;
  /** Image FoR point → fused series FoR point (row-major 4×4). */
  matrix: readonly number[];
  /** What the legend says: "registered (REG …)" or "aligned by hand". */
  label: string;
  kind: 'stored' | 'manual';
}

export type FusionSourceResult = { ok: true; source: FusionSource } | { ok: false; message: string };

/** SUV window a PET fusion opens with (g/ml). */
export const DEFAULT_SUV_WINDOW = { min: 0, max: 5 };

const frameKey = (sop: string, frame: number) => `${sop}#${frame}`;

/**
 * Builds a fusion source from a series' decode-once block (as `getSeriesVolumeInfo`/`getSeriesVolume`
 * give it) and its instances' headers (DICOM JSON). A PET's values are SUVbw, each slice with its own
 * Rescale Slope/Intercept and SUV factor (computeSuv, per frame); a PET whose SUV cannot be computed is
 * fused in its own units, saying why. Any other series is fused in its modality units.
 */
export function fusionSourceOf(info: VolumeBlockInfo, buffer: ArrayBuffer, datasets: DicomJsonDataset[], overrides: SuvOverrides = {}): FusionSourceResult {
  const frameOfReferences = new Set(datasets.map((ds) => stringValue(ds, Tag.FrameOfReferenceUID)).filter((f): f is string => !!f));
  if (frameOfReferences.size === 0) return { ok: false, message: 'the series has no Frame of Reference UID (0020,0052): it cannot be placed in patient space' };
  if (frameOfReferences.size > 1) return { ok: false, message: `the series' instances are in ${frameOfReferences.size} Frames of Reference: it cannot be placed as one volume` };
  const expected = info.dimensions[0] * info.dimensions[1] * info.dimensions[2];
  const samples = samplesOfType(info.sampleType, buffer);
  if (samples.length < expected) return { ok: false, message: `the volume block holds ${samples.length} samples, ${expected} expected` };
  const modality = stringValue(datasets[0], Tag.Modality) ?? '';
  const notices = [...info.warnings];

  // Each block slice's own rescale (and, for SUV, its frame's factor): never the block's first slice's.
  let factors: Map<string, number> | undefined;
  let unit: string;
  let edited = false;
  // Read once: SUV and each slice's rescale both come from it (reading it twice was a third of the source's set-up).
  const header = readPetSeriesHeader(datasets);
  if (modality === 'PT') {
    const suv = computeSuvFromHeader(header, overrides);
    edited = suv.edited;
    const bw = suv.kinds.bw;
    if (bw.available) {
      factors = new Map(suv.frames.flatMap((f) => (f.factors.bw !== undefined ? [[frameKey(f.sopInstanceUid, f.frame), f.factors.bw] as const] : [])));
      unit = 'SUVbw';
    } else {
      unit = stringValue(datasets[0], '00541001')?.trim() || 'stored values';
      notices.push(`No SUVbw: ${bw.problems.map((p) => p.message).join('; ')}. Shown in ${unit}.`);
    }
  } else {
    unit = modalityUnits(describePixels(datasets[0]!), modality);
  }
  const rescale = new Map(header.frames.map((f) => [frameKey(f.sopInstanceUid, f.frame), f] as const));
  let unscaled = 0;
  const sliceScales: SliceScale[] = info.slices.map((s) => {
    const key = frameKey(s.sopInstanceUid, s.frame);
    const r = rescale.get(key);
    const factor = factors ? factors.get(key) : 1;
    if (factor === undefined) unscaled++;
    return { slope: r?.rescaleSlope ?? info.rescale.slope, intercept: r?.rescaleIntercept ?? info.rescale.intercept, factor: factor ?? Number.NaN };
  });
  if (unscaled) return { ok: false, message: `${unscaled} slice(s) of the volume have no SUV factor: the series' headers and its volume disagree` };

  const positions = new Map(datasets.flatMap((ds) => frameGeometries(ds).map((g) => [frameKey(g.sopInstanceUid, g.frame), g.position] as const)));
  const slicePositions = info.slices.map((s) => positions.get(frameKey(s.sopInstanceUid, s.frame)));
  const placed = slicePositions.every((p): p is Vec3 => !!p);

  const sampled = { info, samples, sliceScales, ...(placed ? { slicePositions } : {}) };
  const sampler = createVolumeSampler(sampled);
  const centre = volumeCentre(info, placed ? slicePositions : undefined);
  let grid: (SuvVolume & { unevenSlices: boolean }) | undefined;
  const volume = () => (grid ??= suvVolumeOf(sampled));
  const range = info.sampleRange;
  const values = range ? sliceScales.flatMap((s) => [(range[0] * s.slope + s.intercept) * s.factor, (range[1] * s.slope + s.intercept) * s.factor]) : [0, 1];
  const defaultWindow = factors ? { ...DEFAULT_SUV_WINDOW } : { min: Math.min(...values), max: Math.max(...values) };
  return {
    ok: true,
    source: { seriesInstanceUid: info.seriesInstanceUid, modality, frameOfReferenceUid: [...frameOfReferences][0]!, unit, suv: !!factors, defaultWindow, sampler, notices, edited: edited && !!factors, volume, centre },
  };
}

/** The middle of a volume block: between its first and last slices, half its rows and columns in. */
function volumeCentre(info: VolumeBlockInfo, slicePositions: Vec3[] | undefined): Vec3 {
  const [nx, ny, nz] = info.dimensions;
  const step = (info.sliceStep ?? info.direction[2]!.map((x) => x * info.spacing[2])) as Vec3;
  const first = slicePositions?.[0] ?? (info.origin as Vec3);
  const last = slicePositions?.[nz - 1] ?? (info.origin.map((o, a) => o + step[a]! * (nz - 1)) as Vec3);
  const u = info.direction[0]!;
  const v = info.direction[1]!;
  return [0, 1, 2].map((a) => (first[a]! + last[a]!) / 2 + (u[a]! * info.spacing[0] * (nx - 1)) / 2 + (v[a]! * info.spacing[1] * (ny - 1)) / 2) as Vec3;
}

/**
 * Why a series cannot be fused over an image, or undefined when it can. Fusion here places the
 * second series by the shared Frame of Reference (PS3.3 C.7.4.1): across Frames of Reference the
 * coordinates mean different things, and placing them needs a registration, not an assumption.
 */
export function fusionRefusal(imageFrameOfReference: string | undefined, source: Pick<FusionSource, 'frameOfReferenceUid' | 'registration'>): string | undefined {
  if (!imageFrameOfReference) return 'Not fused: this image has no Frame of Reference UID (0020,0052), so it cannot be placed in patient space.';
  // Registered: placed through the registration, over the images of the Frame of Reference it names only.
  if (source.registration) {
    return source.registration.imageFrameOfReferenceUid === imageFrameOfReference ? undefined : 'Not fused: the registration of the fused series is to another Frame of Reference (0020,0052) than this image\'s.';
  }
  if (imageFrameOfReference !== source.frameOfReferenceUid) {
    return 'Not fused: this image and the fused series are in different Frames of Reference (0020,0052); they need a registration first.';
  }
  return undefined;
}
