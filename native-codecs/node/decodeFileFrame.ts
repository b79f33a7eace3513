import { readDicomFileSync } from '../../electron/node/dicom/readDicomFile';
import type { DecodedFrame } from '../common/decodeTypes';
import { decodeFrame } from './decodeFrame';
import { framePixelFormat, readFrameBytes } from './readFrameBytes';

/** Reads and decodes frame `frame` (1-based) of a DICOM file. */
export async function decodeFileFrame(file: string, frame = 1): Promise<DecodedFrame & { frames: number }> {
  const parsed = readDicomFileSync(file);
  const format = framePixelFormat(parsed.dataset);
  const bytes = readFrameBytes(file, parsed, frame);
  const decoded = await decodeFrame({
    transferSyntaxUid: parsed.transferSyntaxUid,
    format,
    bytes,
    source: file,
    frame,
    ...(format.bitsAllocated === 1 ? { bitOffset: ((frame - 1) * format.rows * format.columns) & 7 } : {}),
  });
  return { ...decoded, frames: format.numberOfFrames };
}

/** Samples as little-endian bytes, the layout of dcmtk's and gdcm's raw output. */
export function samplesAsLittleEndianBytes(pixels: DecodedFrame['pixels']): Uint8Array {
  // All our targets (x86-64, arm64) are little endian: the typed array's bytes are already LE.
  return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
}
