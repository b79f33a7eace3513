import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import type { DicomJsonDataset } from '../../electron/common/contract/hostContract';
import { describePixels } from '../../electron/common/dicom/model/pixelDescription';
import { parseRawDataSet } from '../../electron/common/dicom/parse/parseDicom';
import type { ParsedDicom } from '../../electron/common/dicom/parse/parsedDicom';
import { TransferSyntax } from '../../electron/common/dicom/transferSyntax';
import type { FramePixelFormat } from '../common/decodeTypes';
import { groupFragmentsIntoFrames, joinFragments } from '../common/frameFragments';

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

function readAt(fd: number, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? out : out.subarray(0, done);
}

function extendedOffsetTable(dataset: DicomJsonDataset): number[] | undefined {
  const attr = dataset['7FE00001'];
  if (!attr?.InlineBinary) return undefined;
  const bytes = Uint8Array.from(atob(attr.InlineBinary), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  return Array.from({ length: bytes.length / 8 }, (_, i) => Number(view.getBigUint64(i * 8, true)));
}

/**
 * The bytes of frame `frame` (1-based) of a parsed file, read from disk without loading the rest:
 * a native frame's slice, or the frame's fragments joined (grouped by the offset tables or by
 * codestream markers). Deflated data sets are inflated first (their offsets refer to the inflated bytes).
 */
export function readFrameBytes(file: string, parsed: ParsedDicom, frame: number): Uint8Array {
  const location = parsed.pixelData;
  if (!location) throw new Error(`${file}: no pixel data`);
  const format = framePixelFormat(parsed.dataset);
  if (frame < 1 || frame > format.numberOfFrames) throw new Error(`${file}: frame ${frame} of ${format.numberOfFrames} does not exist`);
  if (parsed.transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian) {
    const raw = parseRawDataSet(new Uint8Array(readFileSync(file)), { source: file, headerOnly: true, inflateRaw: (b) => inflateRawSync(b) });
    return raw.bytes.subarray(location.offset + (frame - 1) * format.frameBytes, location.offset + frame * format.frameBytes);
  }
  const fd = openSync(file, 'r');
  try {
    if (!location.encapsulated) {
      if (format.bitsAllocated === 1) {
        // Bit-packed frames need not start on a byte boundary: read from the byte holding the first bit.
        const firstBit = (frame - 1) * format.rows * format.columns;
        return readAt(fd, location.offset + (firstBit >> 3), Math.ceil((format.rows * format.columns + (firstBit & 7)) / 8));
      }
      return readAt(fd, location.offset + (frame - 1) * format.frameBytes, format.frameBytes);
    }
    const fragments = location.fragments ?? [];
    const heads = fragments.map((f) => readAt(fd, f.offset, Math.min(2, f.length)));
    const frames = groupFragmentsIntoFrames(fragments, format.numberOfFrames, {
      basicOffsetTable: location.basicOffsetTable,
      extendedOffsetTable: extendedOffsetTable(parsed.dataset),
      heads,
    });
    const parts = frames[frame - 1];
    if (!parts || parts.length === 0) throw new Error(`${file}: frame ${frame} has no fragments`);
    return joinFragments(parts.map((f) => readAt(fd, f.offset, f.length)));
  } finally {
    closeSync(fd);
  }
}
