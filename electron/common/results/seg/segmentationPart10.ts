import { parseDicom, parseRawDataSet } from '../../dicom/parse/parseDicom';
import type { ParsedDicom } from '../../dicom/parse/parsedDicom';
import { describePixels } from '../../dicom/model/pixelDescription';
import { isBigEndian, TransferSyntax, transferSyntaxName } from '../../dicom/transferSyntax';
import { parseSegmentation, type ParseSegmentationOptions } from './parseSegmentation';
import type { Segmentation } from './segmentationModel';
import { nativeSegmentationFrames, type SegmentationFrameSource } from './segmentationPixels';

/** Thrown when a SEG's frames are encapsulated (compressed): decode them and use `decodedSegmentationFrames`. */
export class CompressedSegmentationError extends Error {
  override name = 'CompressedSegmentationError';
  constructor(
    readonly source: string,
    readonly transferSyntaxUid: string,
  ) {
    super(`${source}: the segmentation's frames are compressed (${transferSyntaxName(transferSyntaxUid)}): decode them with the host's frame decoder`);
  }
}

export interface Part10Options {
  /** For messages: the file name. */
  source: string;
  /** Raw DEFLATE inflater, for Deflated Explicit VR Little Endian files (zlib in Node). */
  inflateRaw?: (bytes: Uint8Array) => Uint8Array;
}

/**
 * The frames of a whole Part 10 file already in memory (a dropped file in the browser, a file read
 * in Node), for native transfer syntaxes. `parsed` is `parseDicom` of the same `bytes`.
 * Throws `CompressedSegmentationError` for encapsulated pixel data.
 */
export function segmentationFramesFromPart10(bytes: Uint8Array, parsed: ParsedDicom, options: Part10Options): SegmentationFrameSource {
  const location = parsed.pixelData;
  if (!location) throw new Error(`${options.source}: the segmentation has no Pixel Data`);
  if (location.encapsulated) throw new CompressedSegmentationError(options.source, parsed.transferSyntaxUid);
  let value = bytes.subarray(location.offset, location.offset + (location.length ?? 0));
  if (parsed.transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian) {
    // Offsets of a deflated data set refer to its inflated bytes.
    const raw = parseRawDataSet(bytes, { source: options.source, headerOnly: true, ...(options.inflateRaw ? { inflateRaw: options.inflateRaw } : {}) });
    value = raw.bytes.subarray(location.offset, location.offset + (location.length ?? 0));
  }
  const pixels = describePixels(parsed.dataset);
  return nativeSegmentationFrames(value, {
    rows: pixels.rows,
    columns: pixels.columns,
    bitsAllocated: pixels.bitsAllocated,
    numberOfFrames: pixels.numberOfFrames,
    bigEndian: isBigEndian(parsed.transferSyntaxUid),
  });
}

/** Parses a whole SEG file held in memory (native transfer syntaxes) into the segmentation model. */
export function parseSegmentationPart10(bytes: Uint8Array, options: Part10Options & ParseSegmentationOptions): Segmentation {
  const parsed = parseDicom(bytes, { source: options.source, headerOnly: true, ...(options.inflateRaw ? { inflateRaw: options.inflateRaw } : {}) });
  return parseSegmentation(parsed.dataset, segmentationFramesFromPart10(bytes, parsed, options), options);
}
