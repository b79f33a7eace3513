import type { Rgb } from './cielab';
import type { SegmentStatistics } from './segmentStatistics';

/** One segment's statistics over its source images, in their modality units and, on PET, in SUVbw. */
export interface SegmentReport extends SegmentStatistics {
  label: string;
  color: Rgb;
  /** Units of mean/min/max: HU, BQML, … */
  units: string;
  /** On a PET series with SUVbw available: the same statistics in g/ml. */
  suvbw?: { mean?: number; min?: number; max?: number };
}

/** Every segment of a SEG, measured over the cached images it was drawn on. */
export interface SegmentationStatisticsReport {
  sopInstanceUid: string;
  segments: SegmentReport[];
  warnings: string[];
}
