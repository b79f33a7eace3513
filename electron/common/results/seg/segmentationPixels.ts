import { nativeFrameSamples } from '../../../../native-codecs/common/nativeFrame';
import type { FramePixelFormat } from '../../../../native-codecs/common/decodeTypes';

/**
 * Where a SEG's frames come from: one value per pixel, row by row — 0/1 for BINARY (bits already
 * unpacked), 0..Maximum Fractional Value for FRACTIONAL, segment numbers for LABELMAP.
 * The host decodes with its decoder (any transfer syntax) and hands the frames over with
 * `decodedSegmentationFrames`; a caller holding native Pixel Data uses `nativeSegmentationFrames`.
 */
export interface SegmentationFrameSource {
  numberOfFrames: number;
  /** Frame `frame` (1-based): rows × columns values. Called once per frame. */
  frame(frame: number): ArrayLike<number>;
}

/** Frames already decoded (e.g. `decodeFrame` results' `pixels`, in frame order). */
export function decodedSegmentationFrames(frames: ReadonlyArray<ArrayLike<number>>): SegmentationFrameSource {
  return {
    numberOfFrames: frames.length,
    frame: (k) => {
      const f = frames[k - 1];
      if (!f) throw new RangeError(`segmentation frame ${k} of ${frames.length} does not exist`);
      return f;
    },
  };
}

export interface NativePixelLayout {
  rows: number;
  columns: number;
  /** 1 (BINARY, bit-packed), 8 (FRACTIONAL, LABELMAP) or 16 (LABELMAP). */
  bitsAllocated: number;
  numberOfFrames: number;
  /** Explicit VR Big Endian: 16-bit samples are byte-swapped. */
  bigEndian?: boolean;
}

/**
 * Frames of native (uncompressed) Pixel Data: `pixelData` is the whole value. 1-bit frames are
 * packed back to back with no padding (PS3.5 8.1.1), so a frame starts at bit
 * (frame − 1) × rows × columns, which is inside a byte whenever rows × columns is not a multiple
 * of 8: frame k is read from the byte holding its first bit, least significant bit first.
 */
export function nativeSegmentationFrames(pixelData: Uint8Array, layout: NativePixelLayout): SegmentationFrameSource {
  const { rows, columns, bitsAllocated, numberOfFrames } = layout;
  if (bitsAllocated !== 1 && bitsAllocated !== 8 && bitsAllocated !== 16) throw new RangeError(`segmentation pixel data with Bits Allocated ${bitsAllocated} is not defined (1, 8 or 16)`);
  const format: FramePixelFormat = { rows, columns, samplesPerPixel: 1, bitsAllocated, bitsStored: bitsAllocated, pixelRepresentation: 0, planarConfiguration: 0, photometricInterpretation: 'MONOCHROME2' };
  const pixels = rows * columns;
  const needed = bitsAllocated === 1 ? Math.ceil((pixels * numberOfFrames) / 8) : (pixels * numberOfFrames * bitsAllocated) / 8;
  if (pixelData.length < needed) throw new RangeError(`Pixel Data holds ${pixelData.length} bytes; ${numberOfFrames} frames of ${rows}×${columns} at ${bitsAllocated} bit need ${needed}`);
  return {
    numberOfFrames,
    frame(k) {
      if (k < 1 || k > numberOfFrames) throw new RangeError(`segmentation frame ${k} of ${numberOfFrames} does not exist`);
      if (bitsAllocated === 1) {
        const firstBit = (k - 1) * pixels;
        const start = firstBit >> 3;
        const end = Math.ceil((firstBit + pixels) / 8);
        return nativeFrameSamples(format, pixelData.subarray(start, end), false, firstBit & 7);
      }
      const bytes = (pixels * bitsAllocated) / 8;
      return nativeFrameSamples(format, pixelData.subarray((k - 1) * bytes, k * bytes), layout.bigEndian ?? false);
    },
  };
}
