import type { Rgb } from '../seg/cielab';

/** An image a contour names (Contour Image Sequence item). */
export interface ContourImageRef {
  sopInstanceUid: string;
  sopClassUid?: string;
  /** 1-based; 1 when the reference names no frame. */
  frame: number;
}

/** One contour of an ROI (Contour Sequence item, PS3.3 C.8.8.6). */
export interface RtContour {
  /** POINT, OPEN_PLANAR, OPEN_NONPLANAR or CLOSED_PLANAR (as stated). */
  geometricType: string;
  /** Vertices in patient coordinates (LPS mm): x, y, z of each point in turn. */
  points: Float64Array;
  contourNumber?: number;
  /** Images the contour was drawn on (often one; may be absent). */
  images: ContourImageRef[];
}

/** One ROI: the Structure Set ROI item, its ROI Contour item and its RT ROI Observations. */
export interface RtStructure {
  roiNumber: number;
  name: string;
  description?: string;
  /** ROI Generation Algorithm: AUTOMATIC, SEMIAUTOMATIC or MANUAL. */
  generationAlgorithm?: string;
  frameOfReferenceUid?: string;
  /** ROI Display Color (3006,002A) when stated. */
  color?: Rgb;
  /** RT ROI Interpreted Type (ORGAN, PTV, GTV, EXTERNAL, …), from the first observation naming the ROI. */
  interpretedType?: string;
  observationLabel?: string;
  contours: RtContour[];
}

/** An RT Structure Set (PS3.3 A.19) read into structures with their contours. */
export interface RtStructureSet {
  sopInstanceUid: string;
  seriesInstanceUid?: string;
  studyInstanceUid?: string;
  label?: string;
  name?: string;
  description?: string;
  /** Structure Set Date and Time as stated (DA, TM). */
  date?: string;
  time?: string;
  /** Frames of Reference the set refers to (Referenced Frame of Reference Sequence). */
  frameOfReferenceUids: string[];
  /** Images listed under the referenced frames of reference (RT Referenced Series' Contour Image Sequence). */
  referencedImages: ContourImageRef[];
  structures: RtStructure[];
  warnings: string[];
}
