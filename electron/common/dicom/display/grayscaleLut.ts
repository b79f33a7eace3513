import type { PixelDescription } from '../model/pixelDescription';
import { modalityTransform } from './modalityTransform';
import { voiTransform, type VoiSetting } from './voiTransform';

/** Whether the Presentation LUT inverts (MONOCHROME1, or Presentation LUT Shape INVERSE; PS3.3 C.11.6). */
export function presentationInverts(desc: PixelDescription, userInvert = false): boolean {
  const inverse = desc.presentationLutShape
    ? desc.presentationLutShape === 'INVERSE'
    : desc.photometricInterpretation === 'MONOCHROME1';
  return inverse !== userInvert;
}

/** Stored values that are Pixel Padding (PS3.3 C.7.5.1.1.2): shown black whatever the window. */
export function paddingTest(desc: PixelDescription): ((x: number) => boolean) | undefined {
  const pad = desc.pixelPadding;
  if (!pad) return undefined;
  const lo = Math.min(pad.value, pad.rangeLimit ?? pad.value);
  const hi = Math.max(pad.value, pad.rangeLimit ?? pad.value);
  return (x) => x >= lo && x <= hi;
}

export interface GrayscaleLut {
  /** Stored value of the first and the last entry. */
  first: number;
  last: number;
  /** 8-bit display value per entry, entry i at stored value first + i·(last − first)/(length − 1). */
  table: Uint8Array;
  /** True when every stored value in [first, last] has its own entry. */
  exact: boolean;
}

/**
 * The whole grayscale display pipeline for stored values in [first, last]: Modality LUT → VOI LUT →
 * Presentation LUT, to 8-bit. Up to `maxEntries` entries: one per stored value when the range fits
 * (exact), otherwise sampled evenly (the GPU interpolates between them).
 */
export function buildGrayscaleLut(
  desc: PixelDescription,
  voi: VoiSetting,
  range: [number, number],
  options: { invert?: boolean; maxEntries?: number } = {},
): GrayscaleLut {
  const [first, last] = range[0] <= range[1] ? range : [range[1], range[0]];
  const span = last - first + 1;
  const maxEntries = Math.max(2, options.maxEntries ?? 65536);
  const exact = span <= maxEntries && Number.isInteger(first) && Number.isInteger(last);
  const length = exact ? Math.max(2, span) : maxEntries;
  const step = length > 1 ? (last - first) / (length - 1) : 0;
  const modality = modalityTransform(desc);
  const voiFn = voiTransform(voi);
  const invert = presentationInverts(desc, options.invert);
  const padding = paddingTest(desc);
  const table = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const x = first + i * step;
    if (padding?.(exact ? x : Math.round(x))) continue;
    const g = Math.round(voiFn(modality(x)) * 255);
    table[i] = invert ? 255 - g : g;
  }
  return { first, last: exact && span === 1 ? first + 1 : last, table, exact };
}

/** Applies a GrayscaleLut on the CPU (reference for tests, thumbnails and exports). */
export function applyGrayscaleLut(lut: GrayscaleLut, samples: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(samples.length);
  const n = lut.table.length;
  const scale = (n - 1) / (lut.last - lut.first || 1);
  for (let i = 0; i < samples.length; i++) {
    let k = Math.round((samples[i]! - lut.first) * scale);
    k = k < 0 ? 0 : k >= n ? n - 1 : k;
    out[i] = lut.table[k]!;
  }
  return out;
}

/** Smallest and largest sample of a frame (every `stride`-th sample). */
export function sampleRange(samples: ArrayLike<number>, stride = 1): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < samples.length; i += stride) {
    const v = samples[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}
