import { normalize, sub } from '../../../electron/common/dicom/geometry/vec3';
import type { PlaneScreen } from '../mpr/mprState';
import type { PlaneSamplingGrid } from './samplePlane';

/**
 * Most samples per view: a view of up to 512 × 512 CSS pixels is sampled at every pixel; a larger
 * one at every second (third…) pixel, drawn as blocks. A 512² plane takes about 15 ms to sample on
 * a slow laptop core, so three views follow a crosshair drag at several frames a second.
 */
export const MAX_VIEW_SAMPLES = 512 * 512;

/** A view's sampling grid and how many CSS pixels each sample covers along each side. */
export interface ScreenSampling {
  grid: PlaneSamplingGrid;
  /** CSS pixels per sample (1: every pixel). */
  block: number;
}

/**
 * The points where a fused series is sampled on an MPR view: the centres of its CSS pixels (of
 * blocks of block × block pixels when the view is larger than MAX_VIEW_SAMPLES), placed in patient
 * space by the view's own mapping, so the samples lie exactly under the pixels they colour.
 */
export function screenSamplingGrid(screen: Pick<PlaneScreen, 'toPatient' | 'mmPerPixel'>, size: { width: number; height: number }, maxSamples = MAX_VIEW_SAMPLES): ScreenSampling {
  const width = Math.max(0, Math.floor(size.width));
  const height = Math.max(0, Math.floor(size.height));
  const block = Math.max(1, Math.ceil(Math.sqrt((width * height) / maxSamples)));
  const origin = screen.toPatient(block / 2, block / 2);
  const step = screen.mmPerPixel * block;
  return {
    block,
    grid: {
      origin,
      rowDirection: normalize(sub(screen.toPatient(block / 2 + 1, block / 2), origin)),
      columnDirection: normalize(sub(screen.toPatient(block / 2, block / 2 + 1), origin)),
      spacing: [step, step],
      rows: Math.ceil(height / block),
      columns: Math.ceil(width / block),
    },
  };
}
