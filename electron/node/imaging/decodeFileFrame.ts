import { closeSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { NeedMoreBytes, parseDicom } from '../../common/dicom/parse/parseDicom';
import type { CacheKey } from '../cache/cacheKey';
import { openStoredFileSync } from '../cache/storedFile';
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

/**
 * A cached file's frame source, read through the stored-file reader (plain or sealed): its head
 * from 64 KiB up until the header is in, and fragment heads where frames must be told apart.
 */
export function frameSourceOfStoredFile(file: string, key: CacheKey | undefined, name = file): FrameSource {
  const stored = openStoredFileSync(file, key, name);
  try {
    for (let want = Math.min(stored.size, 64 * 1024); ; want = Math.min(stored.size, want * 4)) {
      try {
        const parsed = parseDicom(stored.readAt(0, want), { source: name, headerOnly: true, isPartial: want < stored.size, fileSize: stored.size, inflateRaw: (b) => inflateRawSync(b) });
        return frameSourceOf(parsed, (offset, length) => stored.readAt(offset, length));
      } catch (error) {
        if (!(error instanceof NeedMoreBytes) || want >= stored.size) throw error;
      }
    }
  } finally {
    stored.close();
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
