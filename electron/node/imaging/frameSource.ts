import { impossiblePixelDescription } from '../../common/dicom/validate/pixelDamage';
import type { CacheKey } from '../cache/cacheKey';
import { openStoredFile, readStoredFileSync } from '../cache/storedFile';
import { inflateRawSync } from 'node:zlib';
import { describePixels } from '../../common/dicom/model/pixelDescription';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { parseRawDataSet } from '../../common/dicom/parse/parseDicom';
import type { ParsedDicom, PixelFragment } from '../../common/dicom/parse/parsedDicom';
import { TransferSyntax } from '../../common/dicom/transferSyntax';
import { DecodeError, type DecodeRequest, type FramePixelFormat } from '../../../native-codecs/common/decodeTypes';
import { groupFragmentsIntoFrames, joinFragments } from '../../../native-codecs/common/frameFragments';

/**
 * Where each frame of an instance is in its file, worked out once from its header (when it is
 * stored, or on its first frame request for an older cache) and kept in the index, so that a
 * frame request reads the frame's bytes and nothing else: no header parse per request.
 */
export interface FrameSource {
  transferSyntaxUid: string;
  format: FramePixelFormat;
  numberOfFrames: number;
  /** Bytes of one native frame (bit-packed for 1-bit data). */
  frameBytes: number;
  /** Native pixel data: offset of its value in the file. */
  nativeOffset?: number;
  /** Encapsulated pixel data: each frame's fragments (absolute offsets of their values). */
  fragments?: PixelFragment[][];
  /** Deflated data sets: offsets refer to the inflated data set, so the file is inflated per read. */
  deflated?: true;
  /** Why the frames cannot be read (no pixel data, fragments that cannot be told apart). */
  unreadable?: string;
}

/** The decoder's view of a data set's pixel description. */
export function framePixelFormat(dataset: DicomJsonDataset): FramePixelFormat & { numberOfFrames: number; frameBytes: number } {
  const p = describePixels(dataset);
  return {
    rows: p.rows,
    columns: p.columns,
    samplesPerPixel: p.samplesPerPixel,
    bitsAllocated: p.bitsAllocated,
    bitsStored: p.bitsStored,
    pixelRepresentation: p.pixelRepresentation,
    planarConfiguration: p.planarConfiguration,
    photometricInterpretation: p.photometricInterpretation,
    numberOfFrames: p.numberOfFrames,
    frameBytes: p.frameBytes,
  };
}

function extendedOffsetTable(dataset: DicomJsonDataset): number[] | undefined {
  const attr = dataset['7FE00001'];
  if (!attr?.InlineBinary) return undefined;
  const bytes = Uint8Array.from(atob(attr.InlineBinary), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  return Array.from({ length: bytes.length / 8 }, (_, i) => Number(view.getBigUint64(i * 8, true)));
}

/**
 * The frame source of a parsed header. `head(offset)` gives the first two bytes of a fragment
 * (codestream markers tell frames apart when there is no offset table); it is only called then.
 */
export function frameSourceOf(parsed: ParsedDicom, head: (offset: number, length: number) => Uint8Array): FrameSource {
  const { numberOfFrames, frameBytes, ...format } = framePixelFormat(parsed.dataset);
  const base = { transferSyntaxUid: parsed.transferSyntaxUid, format, numberOfFrames, frameBytes };
  const location = parsed.pixelData;
  if (!location) return { ...base, unreadable: 'no pixel data' };
  // Rows 0, Bits Allocated 7, 64-bit integers …: refused by name, never decoded into an empty or wrong-size image.
  const impossible = impossiblePixelDescription(parsed.dataset, location.tag);
  if (impossible) return { ...base, unreadable: impossible };
  if (parsed.transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian) return { ...base, nativeOffset: location.offset, deflated: true };
  if (!location.encapsulated) return { ...base, nativeOffset: location.offset };
  const fragments = location.fragments ?? [];
  try {
    const byFrame = groupFragmentsIntoFrames(fragments, numberOfFrames, {
      basicOffsetTable: location.basicOffsetTable,
      extendedOffsetTable: extendedOffsetTable(parsed.dataset),
      ...(fragments.length !== numberOfFrames && numberOfFrames > 1 ? { heads: fragments.map((f) => head(f.offset, Math.min(2, f.length))) } : {}),
    });
    return { ...base, fragments: byFrame };
  } catch (error) {
    return { ...base, unreadable: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The frame source from a parse of `bytes` (a whole file, or the head of one being received);
 * undefined when the bytes do not reach every fragment's first bytes (then it is worked out from
 * the file on first use).
 */
export function frameSourceOfBytes(parsed: ParsedDicom, bytes: Uint8Array): FrameSource | undefined {
  const fragments = parsed.pixelData?.fragments ?? [];
  if (fragments.some((f) => f.offset + Math.min(2, f.length) > bytes.length)) return undefined;
  return frameSourceOf(parsed, (offset, length) => bytes.subarray(offset, offset + length));
}

/**
 * What the decoder is sent for frame `frame` (1-based): its bytes read from the file, and its
 * format. Reads go through the cache's stored-file reader: with `key` (an encrypted cache) only
 * the chunks the frame spans are deciphered; `name` says which file in errors (an instance, where
 * answers must not show local paths).
 */
export async function readFrameRequest(file: string, source: FrameSource, frame: number, key?: CacheKey, name = file): Promise<DecodeRequest> {
  const fail = (detail: string): DecodeError => new DecodeError(file, frame, source.transferSyntaxUid, detail);
  if (source.unreadable) throw fail(source.unreadable);
  if (frame < 1 || frame > source.numberOfFrames) throw fail(`frame ${frame} of ${source.numberOfFrames} does not exist`);
  const bitPacked = source.format.bitsAllocated === 1;
  const firstBit = (frame - 1) * source.format.rows * source.format.columns;
  const request = { transferSyntaxUid: source.transferSyntaxUid, format: source.format, source: file, frame, ...(bitPacked ? { bitOffset: firstBit & 7 } : {}) };
  if (source.deflated) return { ...request, bytes: readDeflatedFrame(file, source, frame, key, name) };
  const stored = await openStoredFile(file, key, name);
  try {
    if (source.nativeOffset !== undefined) {
      // Bit-packed frames need not start on a byte boundary: read from the byte holding the first bit.
      const [offset, length] = bitPacked
        ? [source.nativeOffset + (firstBit >> 3), Math.ceil((source.format.rows * source.format.columns + (firstBit & 7)) / 8)]
        : [source.nativeOffset + (frame - 1) * source.frameBytes, source.frameBytes];
      const bytes = await stored.readAt(offset, length);
      if (bytes.length < length) throw fail(`Pixel Data (7FE0,0010) ends ${bytes.length} bytes into this frame's ${length}: the file is cut short`);
      return { ...request, bytes };
    }
    const parts = source.fragments?.[frame - 1];
    if (!parts?.length) throw fail(`frame ${frame} has no fragments`);
    return { ...request, bytes: joinFragments(await Promise.all(parts.map((f) => stored.readAt(f.offset, f.length)))) };
  } finally {
    await stored.close();
  }
}

/** Deflated data sets (rare): the whole data set is inflated for each frame read. */
function readDeflatedFrame(file: string, source: FrameSource, frame: number, key: CacheKey | undefined, name: string): Uint8Array {
  const raw = parseRawDataSet(readStoredFileSync(file, key, name), { source: file, headerOnly: true, inflateRaw: (b) => inflateRawSync(b) });
  const start = source.nativeOffset! + (frame - 1) * source.frameBytes;
  return raw.bytes.subarray(start, start + source.frameBytes);
}
