import { closeSync, openSync, readSync } from 'node:fs';
import { readDicomFileSync } from '../dicom/readDicomFile';
import type { DecodedFrame, DecodeRequest } from '../../../native-codecs/common/decodeTypes';
import { decodeFrame } from '../../../native-codecs/node/decodeFrame';
import { frameSourceOf, readFrameRequest, type FrameSource } from './frameSource';

/** A file's frame source, from its header (for files outside the cache: the CLI, tests, benchmarks). */
export function frameSourceOfFile(file: string): FrameSource {
  const parsed = readDicomFileSync(file);
  const fd = openSync(file, 'r');
  try {
    return frameSourceOf(parsed, (offset, length) => {
      const head = new Uint8Array(length);
      return head.subarray(0, readSync(fd, head, 0, length, offset));
    });
  } finally {
    closeSync(fd);
  }
}

/** The decode request for frame `frame` (1-based) of a file: its bytes and format. */
export function fileFrameRequest(file: string, frame = 1): Promise<DecodeRequest> {
  return readFrameRequest(file, frameSourceOfFile(file), frame);
}

/** Reads and decodes frame `frame` (1-based) of a DICOM file, in this thread. */
export async function decodeFileFrame(file: string, frame = 1): Promise<DecodedFrame & { frames: number }> {
  const source = frameSourceOfFile(file);
  const decoded = await decodeFrame(await readFrameRequest(file, source, frame));
  return { ...decoded, frames: source.numberOfFrames };
}

/** Samples as little-endian bytes, the layout of dcmtk's and gdcm's raw output. */
export function samplesAsLittleEndianBytes(pixels: DecodedFrame['pixels']): Uint8Array {
  // All our targets (x86-64, arm64) are little endian: the typed array's bytes are already LE.
  return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
}
