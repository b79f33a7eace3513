import type { Vec3 } from '../../dicom/geometry/vec3';
import type { CodedConcept } from '../codedConcepts';
import type { Rgb } from './cielab';

export type { CodedConcept } from '../codedConcepts';

/** One item of the Segmentation Algorithm Identification Sequence (0062,0007). */
export interface SegmentationAlgorithm {
  family?: CodedConcept;
  name?: string;
  version?: string;
  source?: string;
  parameters?: string;
}

/** One segment's description (Segment Sequence item, PS3.3 C.8.20.2). */
export interface SegmentInfo {
  /** Segment Number (0062,0004): 1.. for BINARY/FRACTIONAL; any pixel value for LABELMAP. */
  number: number;
  label: string;
  description?: string;
  category?: CodedConcept;
  type?: CodedConcept;
  typeModifiers: CodedConcept[];
  anatomicRegion?: CodedConcept;
  /** Segment Algorithm Type (0062,0008): AUTOMATIC, SEMIAUTOMATIC or MANUAL. */
  algorithmType?: string;
  algorithmName?: string;
  algorithms: SegmentationAlgorithm[];
  trackingId?: string;
  trackingUid?: string;
  /** Recommended Display CIELab Value (0062,000D), as stored (0..65535 each). */
  cielab?: [number, number, number];
  /** The colour to draw it in (sRGB 0..255). */
  color: Rgb;
  /** Where `color` came from: the CIELab value, the label map's palette, or a default by segment number. */
  colorSource: 'cielab' | 'palette' | 'default';
  /** A background segment (type DCM 125040 "Background"): a viewer normally hides it. */
  isBackground: boolean;
}

/** One frame of a source image (PS3.3 C.7.6.1.1.3 Source Image Sequence item). */
export interface SourceFrameRef {
  sopInstanceUid: string;
  sopClassUid?: string;
  /** 1-based; 1 when the reference names no frame (single-frame images). */
  frame: number;
}

/** How a mask was tied to its source image. */
export type SourceMatch = 'derivation' | 'position' | 'only-referenced-instance';

/**
 * One segment on one frame: the SEG frame's pixels for that segment, in the SEG's own pixel grid
 * (rows × columns, row by row), and the source image frame it lies on.
 */
export interface SegmentMask {
  segmentNumber: number;
  /** 1-based frame of the SEG instance the mask was read from. */
  segFrame: number;
  /** The (first) source image frame: from the Derivation Image Sequence, else matched by position. */
  referencedSopInstanceUid?: string;
  referencedFrame?: number;
  /** Every source frame the SEG frame names (usually one). */
  sources: SourceFrameRef[];
  sourceMatchedBy?: SourceMatch;
  /** Plane Position (Patient) of the SEG frame (LPS mm, centre of the first pixel). */
  imagePositionPatient?: Vec3;
  /** Plane Orientation (Patient): row then column direction cosines. */
  imageOrientationPatient?: [number, number, number, number, number, number];
  /** [between rows, between columns] in mm. */
  pixelSpacing?: [number, number];
  sliceThickness?: number;
  spacingBetweenSlices?: number;
  rows: number;
  columns: number;
  /** 1 where the pixel belongs to the segment, else 0 (FRACTIONAL: fraction ≥ half of the maximum). */
  data: Uint8Array;
  /** FRACTIONAL only: the fraction scaled to 0..255 (value × 255 / Maximum Fractional Value, rounded). */
  fraction?: Uint8Array;
}

export type SegmentationType = 'BINARY' | 'FRACTIONAL' | 'LABELMAP';

/** A DICOM Segmentation (PS3.3 A.51) read into masks. */
export interface Segmentation {
  sopInstanceUid: string;
  sopClassUid: string;
  seriesInstanceUid?: string;
  studyInstanceUid?: string;
  frameOfReferenceUid?: string;
  seriesDescription?: string;
  contentLabel?: string;
  segmentationType: SegmentationType;
  /** FRACTIONAL: PROBABILITY or OCCUPANCY. */
  fractionalType?: string;
  /** FRACTIONAL: the value that means 1.0 (Maximum Fractional Value, 0062,000E). */
  maxFractionalValue?: number;
  /** Segments Overlap (0062,0013): YES, NO or UNDEFINED as stated (absent in older objects). */
  segmentsOverlap?: string;
  rows: number;
  columns: number;
  numberOfFrames: number;
  segments: SegmentInfo[];
  /** BINARY/FRACTIONAL: one per frame; LABELMAP: one per segment present in a frame. Frame order. */
  masks: SegmentMask[];
  /** Problems that did not stop the read (a frame without a segment, an undescribed label…). */
  warnings: string[];
}
