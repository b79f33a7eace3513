import type { FrameGeometry } from '../../../electron/common/dicom/geometry/frameGeometry';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { colorMapLut, type FusionColorMapId } from './colorMaps';
import type { FusionSource } from './fusionSource';
import { samplePlane } from './samplePlane';
import type { VolumeSampler } from './volumeSampler';

/** How the fused series is drawn over an image. */
export interface FusionDisplay {
  colorMap: FusionColorMapId;
  /** The window in the source's unit (SUV for a PET): `min` maps to the first colour, `max` to the last. */
  window: { min: number; max: number };
  /** 0 (not seen) to 1 (opaque). */
  opacity: number;
  /** The fused series alone, in inverted grey, opaque: the PET-only reading look. */
  petOnly: boolean;
}

/** What a viewport needs to draw a fusion: the source and how to show it. */
export interface FusionView {
  source: FusionSource;
  display: FusionDisplay;
}

export const DEFAULT_FUSION_DISPLAY: Omit<FusionDisplay, 'window'> = { colorMap: 'hotIron', opacity: 0.5, petOnly: false };

/** The colour map entry of a value: the window stretched over entries 0–255, clamped, rounded to the nearest. */
export function colorIndex(value: number, window: { min: number; max: number }): number {
  const width = window.max - window.min;
  if (!(width > 0)) return value > window.min ? 255 : 0;
  const x = Math.round(((value - window.min) / width) * 255);
  return x < 0 ? 0 : x > 255 ? 255 : x;
}

/** The colour map, opacity and no-value colour a display actually uses (PET-only overrides the first two). */
function effective(display: FusionDisplay): { lut: Uint8Array; alpha: number; none: [number, number, number, number] } {
  if (display.petOnly) return { lut: colorMapLut('greyInverted'), alpha: 255, none: [0, 0, 0, 255] };
  const alpha = Math.round(Math.min(1, Math.max(0, display.opacity)) * 255);
  return { lut: colorMapLut(display.colorMap), alpha, none: [0, 0, 0, 0] };
}

/**
 * RGBA of one value (undefined/NaN: no value, the point is outside the fused series). Fused, a value
 * is its colour at the chosen opacity and no value is transparent (the image shows through);
 * PET-only, everything is opaque and no value is black, the viewport's background.
 */
export function fusionRgba(value: number | undefined, display: FusionDisplay): [number, number, number, number] {
  const { lut, alpha, none } = effective(display);
  if (value === undefined || Number.isNaN(value)) return [...none];
  const n = colorIndex(value, display.window);
  return [lut[3 * n]!, lut[3 * n + 1]!, lut[3 * n + 2]!, alpha];
}

/** RGBA pixels (ImageData layout) of a grid of values, NaN where there is none. */
export function colorizeValues(values: Float32Array, display: FusionDisplay): Uint8ClampedArray<ArrayBuffer> {
  const { lut, alpha, none } = effective(display);
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const o = 4 * i;
    if (Number.isNaN(v)) {
      out[o] = none[0];
      out[o + 1] = none[1];
      out[o + 2] = none[2];
      out[o + 3] = none[3];
      continue;
    }
    const n = colorIndex(v, display.window);
    out[o] = lut[3 * n]!;
    out[o + 1] = lut[3 * n + 1]!;
    out[o + 2] = lut[3 * n + 2]!;
    out[o + 3] = alpha;
  }
  return out;
}

/** Patient point (LPS mm) of the centre of pixel (column c, row r) of an image. */
export function pixelCentre(g: Pick<FrameGeometry, 'position' | 'rowCosines' | 'columnCosines' | 'pixelSpacing'>, c: number, r: number): Vec3 {
  // Pixel Spacing is [between rows, between columns]: along a row (column index) the step is the second.
  const along = c * g.pixelSpacing[1];
  const down = r * g.pixelSpacing[0];
  return [
    g.position[0] + g.rowCosines[0] * along + g.columnCosines[0] * down,
    g.position[1] + g.rowCosines[1] * along + g.columnCosines[1] * down,
    g.position[2] + g.rowCosines[2] * along + g.columnCosines[2] * down,
  ];
}

/**
 * The fused series sampled at every pixel centre of an image (rows × columns, row by row), NaN
 * where the point lies outside it: the image's own grid, whatever the fused series' grid is.
 */
export function sampleOnImage(sampler: VolumeSampler, g: Pick<FrameGeometry, 'position' | 'rowCosines' | 'columnCosines' | 'pixelSpacing' | 'rows' | 'columns'>): Float32Array {
  return samplePlane(sampler, { origin: g.position, rowDirection: g.rowCosines, columnDirection: g.columnCosines, spacing: g.pixelSpacing, rows: g.rows, columns: g.columns });
}
