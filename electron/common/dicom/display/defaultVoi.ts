import type { PixelDescription } from '../model/pixelDescription';
import { firstMappedValue, modalityTransform } from './modalityTransform';
import { paddingTest, sampleRange } from './grayscaleLut';
import type { VoiSetting } from './voiTransform';

/** A window over the frame's modality values from min to max, padding excluded (dcmtk's "+Wm"). */
export function minMaxWindow(desc: PixelDescription, samples: ArrayLike<number>): VoiSetting {
  const modality = modalityTransform(desc);
  const padding = paddingTest(desc);
  let lo = Infinity;
  let hi = -Infinity;
  if (padding || desc.modalityLut.kind === 'table') {
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i]!;
      if (padding?.(x)) continue;
      const v = modality(x);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  } else {
    // A rescale is monotonic: the extremes of the stored values give those of the modality values.
    const [a, b] = sampleRange(samples);
    lo = Math.min(modality(a), modality(b));
    hi = Math.max(modality(a), modality(b));
  }
  if (!(lo <= hi)) [lo, hi] = [0, 1];
  // A uniform frame (a blank first slice, an empty scout) has no range: centred on its value, a
  // width-1 window is a threshold just below it and showed it all white (W 1 L 0). No signal reads
  // as black: the threshold goes just above the value.
  if (lo === hi) return { kind: 'window', center: lo + 1, width: 1, fn: 'LINEAR' };
  return { kind: 'window', center: (lo + hi) / 2, width: Math.max(1, hi - lo), fn: 'LINEAR' };
}

/** The VOI a reader first sees (PS3.3 C.11.2): the first window, else the first VOI LUT, else min–max. */
export function defaultVoi(desc: PixelDescription, samples: ArrayLike<number>): VoiSetting {
  const w = desc.voiWindows[0];
  if (w) return { kind: 'window', center: w.center, width: w.width, fn: desc.voiLutFunction };
  const table = desc.voiLuts[0];
  if (table) return { kind: 'table', table, firstMapped: firstMappedValue(table, desc.pixelRepresentation) };
  return minMaxWindow(desc, samples);
}
