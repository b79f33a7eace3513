import type { DicomJsonDataset } from '../model/dicomJson';

/** One fragment of encapsulated pixel data (PS3.5 A.4): absolute byte offset of its value, length. */
export interface PixelFragment {
  offset: number;
  length: number;
}

/** Where the pixel data is in the file, without reading it. */
export interface PixelDataLocation {
  /** 0x7FE00010, 0x7FE00008 (float) or 0x7FE00009 (double). */
  tag: number;
  vr: string;
  /** Absolute offset of the value (native) or of the first item (encapsulated). */
  offset: number;
  /** Value length; undefined for encapsulated (undefined-length) pixel data. */
  length?: number;
  encapsulated: boolean;
  /** Basic Offset Table entries (relative to the first fragment), if present and non-empty. */
  basicOffsetTable?: number[];
  /** Fragments after the Basic Offset Table item, in order. */
  fragments?: PixelFragment[];
}

export interface ParsedDicom {
  /** Where the bytes came from (file path), for messages. */
  source: string;
  transferSyntaxUid: string;
  /** True when the transfer syntax was guessed because the file had no (usable) meta header. */
  transferSyntaxDetected: boolean;
  hasPreamble: boolean;
  /** File Meta Information (group 0002) as DICOM JSON. */
  meta: DicomJsonDataset;
  /** The data set as DICOM JSON (PS3.18 F.2), bulk data as BulkDataURI or InlineBinary. */
  dataset: DicomJsonDataset;
  pixelData?: PixelDataLocation;
  /** True when parsing stopped at the pixel data (header-only). */
  headerOnly: boolean;
  /** Best-effort problems that did not stop the parse. */
  warnings: string[];
}
