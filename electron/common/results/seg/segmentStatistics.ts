import type { SegmentMask } from './segmentationModel';

/** What a segment covers and what the source image holds under it. */
export interface SegmentStatistics {
  segmentNumber: number;
  /** Voxels in the mask (FRACTIONAL: those at or above half the maximum). */
  voxelCount: number;
  /**
   * Volume in ml: each voxel is Pixel Spacing row × column × its depth — Spacing Between Slices
   * where the SEG states it (the true distance between consecutive planes), else Slice Thickness.
   * Undefined when some mask with voxels has neither, or no Pixel Spacing.
   */
  volumeMl?: number;
  /** Voxels whose source value was read (masks with a source frame of the same size). */
  sampledVoxels: number;
  mean?: number;
  min?: number;
  max?: number;
  /** Masks with voxels whose source values were not given or had another size: not in mean/min/max. */
  masksWithoutSource: number;
}

/**
 * The modality values (HU, SUV, Bq/ml…) of a mask's source frame, rows × columns, row by row, on
 * the same pixel grid as the mask; undefined when the frame is not available.
 */
export type SourceValues = (mask: SegmentMask) => ArrayLike<number> | undefined;

/**
 * Statistics of one segment from its masks (`masksOfSegment`). `sourceValues` supplies the source
 * image's values per mask; without it only the count and volume are computed.
 */
export function segmentStatistics(masks: readonly SegmentMask[], sourceValues?: SourceValues): SegmentStatistics {
  let voxelCount = 0;
  let volumeMm3: number | undefined = 0;
  let sampledVoxels = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let masksWithoutSource = 0;
  for (const mask of masks) {
    const { data } = mask;
    let count = 0;
    for (let i = 0; i < data.length; i++) count += data[i]!;
    if (count === 0) continue;
    voxelCount += count;
    const depth = mask.spacingBetweenSlices ?? mask.sliceThickness;
    volumeMm3 = volumeMm3 !== undefined && mask.pixelSpacing && depth !== undefined ? volumeMm3 + count * mask.pixelSpacing[0] * mask.pixelSpacing[1] * depth : undefined;
    const values = sourceValues?.(mask);
    if (!values || values.length !== data.length) {
      masksWithoutSource++;
      continue;
    }
    for (let i = 0; i < data.length; i++) {
      if (!data[i]) continue;
      const v = values[i]!;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    sampledVoxels += count;
  }
  const segmentNumber = masks[0]?.segmentNumber ?? 0;
  return {
    segmentNumber,
    voxelCount,
    ...(volumeMm3 !== undefined ? { volumeMl: volumeMm3 / 1000 } : {}),
    sampledVoxels,
    ...(sampledVoxels ? { mean: sum / sampledVoxels, min, max } : {}),
    masksWithoutSource,
  };
}
