import type { StoredMeasurement } from '../../contract/hostContract';
import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { numberValues, stringValue } from '../../dicom/model/dicomJsonAccess';
import { describePixels, type ModalityLut, type VoiLutFunction } from '../../dicom/model/pixelDescription';
import { displayedGeometry } from './displayedGeometry';
import { measurementGraphics, measurementText, measurementValueText } from './measurementGraphics';
import type { DisplayedArea, GraphicAnnotation, GraphicLayer, ImageReference, PresentationState, Shutters } from './presentationStateModel';
import { PsTag as T } from './presentationStateTags';

/** One image the state is for: its header (DICOM JSON) and, for multi-frame images, the frames. */
export interface ViewerImage {
  header: DicomJsonDataset;
  frames?: number[];
}

/**
 * What the viewer shows, to be kept as a presentation state. Geometry follows the viewer's model
 * (renderer/common/viewing/viewTransform.ts): the view flips first, then rotates clockwise;
 * image-plane mm are from the image's top-left corner (x along rows, y down columns).
 */
export interface ViewerPresentation {
  /** The referenced images, one series or several of one study; the first is the patient/study source. */
  images: ViewerImage[];
  sopInstanceUid: string;
  seriesInstanceUid: string;
  instanceNumber?: number;
  /** Presentation Creation Date/Time, local time (the caller's clock: nothing here reads one). */
  createdAt: Date;
  contentLabel: string;
  contentDescription?: string;
  creatorName?: string;
  /** The window shown; absent: no Softcopy VOI LUT (identity over the modality output range). */
  window?: { center: number; width: number; fn?: VoiLutFunction; explanation?: string };
  /**
   * Shown inverted relative to the Photometric Interpretation (the viewer's invert toggle):
   * MONOCHROME2 → INVERSE when true; MONOCHROME1 → INVERSE when false (PS3.4 N.2.1.4: the state
   * alone decides polarity, Photometric Interpretation is ignored).
   */
  invert: boolean;
  rotation: 0 | 90 | 180 | 270;
  flipH: boolean;
  flipV?: boolean;
  /**
   * The part of the image in view (zoom/pan), image-plane mm of the unrotated image, e.g. the
   * bounding box of the viewport's corners through `screenToImage`. Absent: the whole image.
   */
  visibleMm?: { left: number; top: number; right: number; bottom: number };
  /**
   * Screen pixels per image pixel to keep (Presentation Size Mode MAGNIFY); absent: SCALE TO FIT,
   * the visible part fills the viewport whatever its size.
   */
  magnification?: number;
  /** Display shutters in 1-based pixel positions ([column, row]); value is a P-value (default 0, black). */
  shutters?: Omit<Shutters, 'presentationValue'> & { presentationValue?: number };
  /** Measurements to keep as graphic annotations; those on other images are ignored. */
  measurements?: StoredMeasurement[];
  /** The label lines shown beside each measurement, by id (the viewer's labels); else its geometric value. */
  labels?: Record<string, string[]>;
}

/** Layer names (CS) of the annotations Lightbox writes. */
export const MEASUREMENT_LAYER = 'MEASUREMENTS';
export const ANNOTATION_LAYER = 'ANNOTATIONS';

const pad = (v: number, w = 2): string => String(v).padStart(w, '0');

/** DA and TM of a local date-time. */
export function dicomDateTime(d: Date): { date: string; time: string } {
  return {
    date: `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`,
    time: `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`,
  };
}

/**
 * The viewer's flip-then-rotate (flipH, flipV, rotation) as GSPS's rotate-then-flip (PS3.3 C.10.6:
 * Image Horizontal Flip applies after Image Rotation). With F the horizontal mirror and R(a) a
 * clockwise rotation: R(a)·F = F·R(−a), a vertical mirror is R(180)·F, and both mirrors are R(180).
 */
export function gspsSpatialTransform(rotation: 0 | 90 | 180 | 270, flipH: boolean, flipV = false): { rotation: 0 | 90 | 180 | 270; horizontalFlip: boolean } {
  const norm = (a: number): 0 | 90 | 180 | 270 => ((((a % 360) + 360) % 360) as 0 | 90 | 180 | 270);
  if (flipH && flipV) return { rotation: norm(rotation + 180), horizontalFlip: false };
  if (flipH) return { rotation: norm(-rotation), horizontalFlip: true };
  if (flipV) return { rotation: norm(-(rotation + 180)), horizontalFlip: true };
  return { rotation, horizontalFlip: false };
}

/** [row, column] spacing the viewer measures in: Pixel Spacing, else Imager Pixel Spacing, else 1 mm. */
export function measurementSpacing(header: DicomJsonDataset): [number, number] {
  const v = numberValues(header, T.PixelSpacing);
  const imager = numberValues(header, T.ImagerPixelSpacing);
  const s = v.length >= 2 ? v : imager.length >= 2 ? imager : [1, 1];
  return [s[0]!, s[1]!];
}

function sameModalityLut(a: ModalityLut, b: ModalityLut): boolean {
  if (a.kind === 'rescale' && b.kind === 'rescale') return a.slope === b.slope && a.intercept === b.intercept;
  if (a.kind === 'table' && b.kind === 'table') return a.table.firstMapped === b.table.firstMapped && a.table.data.length === b.table.data.length && a.table.data.every((v, i) => v === b.table.data[i]);
  return false;
}

/** The images' Modality LUT, to be kept in the state (PS3.3 A.33.1: one for all its images). */
function modalityLutOf(images: ViewerImage[]): ModalityLut | undefined {
  const luts = images.map((i) => describePixels(i.header).modalityLut);
  const first = luts[0]!;
  if (!luts.every((l) => sameModalityLut(l, first)))
    throw new Error('the images have different Modality LUTs: a Grayscale Softcopy Presentation State holds one, write one state per group');
  const modality = stringValue(images[0]!.header, '00080060');
  if (first.kind === 'rescale') {
    const hasRescale = images[0]!.header[T.RescaleSlope] || images[0]!.header[T.RescaleIntercept];
    if (!hasRescale) return undefined;
    return { ...first, type: first.type ?? (modality === 'CT' ? 'HU' : 'US') };
  }
  return { ...first, type: first.type ?? 'US' };
}

/**
 * Corners as PS3.3 C.10.4 names them: the pixel shown top-left after rotation and flip, and the one
 * shown bottom-right, both numbered in the unrotated image (dciodvfy checks this).
 */
function cornersAfterTransform(box: { left: number; top: number; right: number; bottom: number }, spatial: { rotation: 0 | 90 | 180 | 270; horizontalFlip: boolean }): Pick<DisplayedArea, 'topLeft' | 'bottomRight'> {
  const g = displayedGeometry({ displayedArea: { topLeft: [box.left, box.top], bottomRight: [box.right, box.bottom], sizeMode: 'SCALE TO FIT' }, ...spatial }, 0, 0);
  const pixelAt = (p: [number, number]): [number, number] => {
    const [x, y] = g.toImage(p);
    return [Math.floor(x) + 1, Math.floor(y) + 1];
  };
  return { topLeft: pixelAt([0.5, 0.5]), bottomRight: pixelAt([g.width - 0.5, g.height - 0.5]) };
}

function displayedAreaOf(v: ViewerPresentation, header: DicomJsonDataset): DisplayedArea {
  const columns = Number(header[T.Columns]?.Value?.[0] ?? 0);
  const rows = Number(header[T.Rows]?.Value?.[0] ?? 0);
  const [sy, sx] = measurementSpacing(header);
  let topLeft: [number, number] = [1, 1];
  let bottomRight: [number, number] = [columns, rows];
  if (v.visibleMm) {
    // Sub-pixel edges to the 1-based pixels they touch (the area may reach beyond the image).
    const { left, top, right, bottom } = v.visibleMm;
    topLeft = [Math.floor(Math.min(left, right) / sx) + 1, Math.floor(Math.min(top, bottom) / sy) + 1];
    bottomRight = [Math.max(topLeft[0], Math.ceil(Math.max(left, right) / sx)), Math.max(topLeft[1], Math.ceil(Math.max(top, bottom) / sy))];
  }
  const spacing = numberValues(header, T.PixelSpacing);
  const aspect = numberValues(header, T.PixelAspectRatio);
  return {
    ...cornersAfterTransform({ left: topLeft[0], top: topLeft[1], right: bottomRight[0], bottom: bottomRight[1] }, gspsSpatialTransform(v.rotation, v.flipH, v.flipV)),
    ...(v.magnification ? { sizeMode: 'MAGNIFY' as const, magnification: v.magnification } : { sizeMode: 'SCALE TO FIT' as const }),
    ...(spacing.length >= 2 ? { pixelSpacing: [spacing[0]!, spacing[1]!] as [number, number] } : { pixelAspectRatio: aspect.length >= 2 ? ([aspect[0]!, aspect[1]!] as [number, number]) : ([1, 1] as [number, number]) }),
  };
}

function referenceOf(image: ViewerImage): ImageReference {
  return {
    sopClassUid: stringValue(image.header, T.SOPClassUID) ?? '',
    sopInstanceUid: stringValue(image.header, T.SOPInstanceUID) ?? '',
    seriesInstanceUid: stringValue(image.header, T.SeriesInstanceUID) ?? '',
    ...(image.frames?.length ? { frames: image.frames } : {}),
  };
}

function annotationsOf(v: ViewerPresentation, refs: ImageReference[]): GraphicAnnotation[] {
  const out: GraphicAnnotation[] = [];
  for (const m of v.measurements ?? []) {
    const index = refs.findIndex((r) => r.sopInstanceUid === m.sopInstanceUid);
    if (index < 0) continue;
    const spacing = measurementSpacing(v.images[index]!.header);
    const graphics = measurementGraphics(m, spacing);
    const text = measurementText(m, spacing, v.labels?.[m.id] ?? [measurementValueText(m)]);
    if (!graphics.length && !text) continue;
    // One item per measurement, scoped to its image and frame.
    const ref = refs[index]!;
    out.push({
      layer: m.kind === 'arrow' ? ANNOTATION_LAYER : MEASUREMENT_LAYER,
      appliesTo: [{ sopClassUid: ref.sopClassUid, sopInstanceUid: ref.sopInstanceUid, seriesInstanceUid: ref.seriesInstanceUid, ...(ref.frames?.length || m.frame > 1 ? { frames: [m.frame] } : {}) }],
      graphics,
      texts: text ? [text] : [],
    });
  }
  return out;
}

/** The presentation state of what the viewer shows, ready for `writePresentationState`. */
export function buildPresentationState(v: ViewerPresentation): PresentationState {
  if (!v.images.length) throw new Error('a presentation state needs at least one image');
  const refs = v.images.map(referenceOf);
  const photometric = stringValue(v.images[0]!.header, '00280004')?.trim();
  const inverse = (photometric === 'MONOCHROME1') !== v.invert;
  const modalityLut = modalityLutOf(v.images);
  const { date, time } = dicomDateTime(v.createdAt);
  // One displayed area for all images when they share a size, else one per image.
  const areas = v.images.map((image) => displayedAreaOf(v, image.header));
  const shared = areas.every((a) => JSON.stringify(a) === JSON.stringify(areas[0]));
  const annotations = annotationsOf(v, refs);
  const layers: GraphicLayer[] = [
    { name: MEASUREMENT_LAYER, order: 1, description: 'Measurements', recommendedGray: 0xffff },
    { name: ANNOTATION_LAYER, order: 2, description: 'Annotations', recommendedGray: 0xffff },
  ].filter((l) => annotations.some((a) => a.layer === l.name));
  const w = v.window;
  return {
    sopInstanceUid: v.sopInstanceUid,
    seriesInstanceUid: v.seriesInstanceUid,
    studyInstanceUid: stringValue(v.images[0]!.header, T.StudyInstanceUID) ?? '',
    instanceNumber: v.instanceNumber ?? 1,
    contentLabel: v.contentLabel,
    contentDescription: v.contentDescription ?? '',
    creationDate: date,
    creationTime: time,
    creatorName: v.creatorName ?? '',
    referencedImages: refs,
    ...(modalityLut ? { modalityLut } : {}),
    voi: w ? [{ appliesTo: [], value: { kind: 'window', center: w.center, width: w.width, fn: w.fn ?? 'LINEAR', ...(w.explanation ? { explanation: w.explanation } : {}) } }] : [],
    displayedAreas: shared ? [{ appliesTo: [], value: areas[0]! }] : areas.map((value, i) => ({ appliesTo: [refs[i]!], value })),
    ...gspsSpatialTransform(v.rotation, v.flipH, v.flipV),
    shutters: { ...v.shutters, presentationValue: v.shutters?.presentationValue ?? 0 },
    presentationLut: { kind: 'shape', shape: inverse ? 'INVERSE' : 'IDENTITY' },
    layers,
    annotations,
  };
}
