import type { LookupTable, ModalityLut, VoiLutFunction } from '../../dicom/model/pixelDescription';

/**
 * A Grayscale Softcopy Presentation State (PS3.3 A.33.1) as the viewer uses it, whoever wrote it.
 *
 * Coordinate conventions (all [column, row], i.e. [x, y], whatever order DICOM stores them in):
 * - pixel numbers (displayed area, shutters) are 1-based: the top-left pixel is [1, 1] (PS3.3 C.10.4,
 *   C.7.6.11; DICOM stores circle centres and polygon vertices as row\column, the reader swaps them);
 * - graphic coordinates in PIXEL units are sub-pixel image positions with [0, 0] at the top-left
 *   corner of the top-left pixel, [1, 1] its bottom-right corner and [Columns, Rows] the bottom-right
 *   corner of the image (PS3.3 C.10.5, Graphic Annotation Units); a pixel centre is [c − 0.5, r − 0.5];
 * - graphic coordinates in DISPLAY units are fractions (0.0–1.0) of the displayed area, after rotation.
 */
export interface ImageReference {
  sopClassUid: string;
  sopInstanceUid: string;
  /** Series of the image, from the Referenced Series Sequence ('' where a reference names none). */
  seriesInstanceUid: string;
  /** 1-based frames the reference is limited to; absent = every frame. */
  frames?: number[];
}

/** Softcopy VOI LUT (PS3.3 C.11.8): a window (C.11.2.1.2) or a VOI LUT table. */
export type SoftcopyVoi =
  | { kind: 'window'; center: number; width: number; fn: VoiLutFunction; explanation?: string }
  | { kind: 'table'; table: LookupTable };

/** Presentation LUT (PS3.3 C.11.6): a shape, or a table whose output is P-values. */
export type PresentationLut = { kind: 'shape'; shape: 'IDENTITY' | 'INVERSE' } | { kind: 'table'; table: LookupTable };

export type PresentationSizeMode = 'SCALE TO FIT' | 'TRUE SIZE' | 'MAGNIFY';

/** Displayed Area Selection (PS3.3 C.10.4), corners as 1-based [column, row] of the unrotated image. */
export interface DisplayedArea {
  /** The pixel shown top-left after the spatial transformation, as numbered before it. */
  topLeft: [number, number];
  /** The pixel shown bottom-right after the spatial transformation, as numbered before it. */
  bottomRight: [number, number];
  sizeMode: PresentationSizeMode;
  /** mm between pixel centres [row spacing, column spacing] (TRUE SIZE, and SCALE TO FIT when known). */
  pixelSpacing?: [number, number];
  /** Vertical\horizontal aspect ratio, when no spacing is given. */
  pixelAspectRatio?: [number, number];
  /** Displayed pixels per image pixel (MAGNIFY). */
  magnification?: number;
}

/** Display shutters (PS3.3 C.7.6.11); pixels outside every shutter's opening show the shutter value. */
export interface Shutters {
  /** Visible columns left..right and rows upper..lower, inclusive, 1-based. */
  rectangular?: { left: number; right: number; upper: number; lower: number };
  /** Visible where the pixel centre lies within `radius` pixels of `center` ([column, row]). */
  circular?: { center: [number, number]; radius: number };
  /** Visible inside the polygon of 1-based pixel positions [column, row]. */
  polygonal?: { vertices: Array<[number, number]> };
  /** Shutter Presentation Value: the P-value (0–65535) shown where the shutters close. */
  presentationValue: number;
}

export type GraphicType = 'POINT' | 'POLYLINE' | 'INTERPOLATED' | 'CIRCLE' | 'ELLIPSE';
export type AnnotationUnits = 'PIXEL' | 'DISPLAY';

/**
 * A graphic object (PS3.3 C.10.5.1.2): POLYLINE/INTERPOLATED points in order (closed when the last
 * equals the first), CIRCLE [centre, a point on the circle], ELLIPSE [major axis ends, minor axis ends],
 * POINT one point (PS3.3 C.10.5.1.2 Graphic Type; MULTIPOINT is SR's, not GSPS's).
 */
export interface GraphicObject {
  type: GraphicType;
  units: AnnotationUnits;
  points: Array<[number, number]>;
  filled: boolean;
}

/** A text object: a bounding box and/or an anchor point (PS3.3 C.10.5, Text Object Sequence). */
export interface TextObject {
  text: string;
  boundingBox?: { units: AnnotationUnits; topLeft: [number, number]; bottomRight: [number, number]; justification: 'LEFT' | 'RIGHT' | 'CENTER' };
  anchor?: { units: AnnotationUnits; point: [number, number]; visible: boolean };
}

/** A Graphic Layer (PS3.3 C.10.7): annotations are drawn layer by layer in ascending `order`. */
export interface GraphicLayer {
  name: string;
  order: number;
  description?: string;
  /** Recommended grayscale P-value (0–65535) for monochrome displays. */
  recommendedGray?: number;
}

/** One Graphic Annotation Sequence item: graphics and text on one layer, for some or all images. */
export interface GraphicAnnotation {
  layer: string;
  /** Images (and frames) it applies to; empty = every referenced image. */
  appliesTo: ImageReference[];
  graphics: GraphicObject[];
  texts: TextObject[];
}

/** Something that applies to a subset of the referenced images (empty `appliesTo` = all). */
export interface Scoped<T> {
  appliesTo: ImageReference[];
  value: T;
}

export interface PresentationState {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  instanceNumber: number;
  contentLabel: string;
  contentDescription: string;
  /** DA and TM as written (YYYYMMDD, HHMMSS[.F]). */
  creationDate: string;
  creationTime: string;
  creatorName: string;
  referencedImages: ImageReference[];
  /** The Modality LUT of the state; absent = identity (PS3.4 N.2.1: the state replaces the image's). */
  modalityLut?: ModalityLut;
  voi: Array<Scoped<SoftcopyVoi>>;
  displayedAreas: Array<Scoped<DisplayedArea>>;
  /** Clockwise, applied after the flip (PS3.3 C.10.6.1.1). */
  rotation: 0 | 90 | 180 | 270;
  horizontalFlip: boolean;
  shutters: Shutters;
  presentationLut: PresentationLut;
  layers: GraphicLayer[];
  annotations: GraphicAnnotation[];
}

/** What a presentation state says about one frame of one image. */
export interface ImagePresentation {
  modalityLut?: ModalityLut;
  /** Absent: the state applies no VOI (identity over the modality output range). */
  voi?: SoftcopyVoi;
  displayedArea?: DisplayedArea;
  rotation: 0 | 90 | 180 | 270;
  horizontalFlip: boolean;
  shutters: Shutters;
  presentationLut: PresentationLut;
  /** The layers in drawing order, each with the annotations on it for this frame. */
  layers: Array<GraphicLayer & { annotations: GraphicAnnotation[] }>;
}

function appliesTo(refs: ImageReference[], sopInstanceUid: string, frame: number): boolean {
  if (refs.length === 0) return true;
  return refs.some((r) => r.sopInstanceUid === sopInstanceUid && (!r.frames?.length || r.frames.includes(frame)));
}

/** Whether the state references this frame of this image at all. */
export function referencesImage(ps: PresentationState, sopInstanceUid: string, frame = 1): boolean {
  return ps.referencedImages.length > 0 && appliesTo(ps.referencedImages, sopInstanceUid, frame);
}

/**
 * The state's settings for one frame (1-based) of one referenced image: the first VOI and displayed
 * area item that applies to it, and the annotations on it grouped by layer in drawing order.
 */
export function presentationForImage(ps: PresentationState, sopInstanceUid: string, frame = 1): ImagePresentation {
  const first = <T>(items: Array<Scoped<T>>): T | undefined => items.find((s) => appliesTo(s.appliesTo, sopInstanceUid, frame))?.value;
  const annotations = ps.annotations.filter((a) => appliesTo(a.appliesTo, sopInstanceUid, frame));
  const layers = [...ps.layers]
    .sort((a, b) => a.order - b.order)
    .map((layer) => ({ ...layer, annotations: annotations.filter((a) => a.layer === layer.name) }));
  const voi = first(ps.voi);
  const displayedArea = first(ps.displayedAreas);
  return {
    ...(ps.modalityLut ? { modalityLut: ps.modalityLut } : {}),
    ...(voi ? { voi } : {}),
    ...(displayedArea ? { displayedArea } : {}),
    rotation: ps.rotation,
    horizontalFlip: ps.horizontalFlip,
    shutters: ps.shutters,
    presentationLut: ps.presentationLut,
    layers,
  };
}
