import type { VolumePreset } from './volumePresets';

/** Counts of modality values in `bins` equal bins over [min, max] (sampled evenly when there are many). */
export function volumeHistogram(samples: ArrayLike<number>, rescale: { slope: number; intercept: number }, range: [number, number], bins = 128, maxSamples = 1 << 20): number[] {
  const [lo, hi] = range.map((v) => v * rescale.slope + rescale.intercept).sort((a, b) => a - b) as [number, number];
  const counts = new Array<number>(bins).fill(0);
  const stride = Math.max(1, Math.floor(samples.length / maxSamples));
  const scale = bins / Math.max(1e-9, hi - lo);
  for (let i = 0; i < samples.length; i += stride) {
    const b = Math.floor((samples[i]! * rescale.slope + rescale.intercept - lo) * scale);
    counts[Math.min(bins - 1, Math.max(0, b))]!++;
  }
  return counts;
}

/** An opacity point moved to (value, opacity), kept between its neighbours so the curve stays a function. */
export function moveOpacityPoint(preset: VolumePreset, index: number, value: number, opacity: number): VolumePreset {
  const points = preset.opacity.map((p) => [...p] as [number, number]);
  const before = points[index - 1]?.[0] ?? -Infinity;
  const after = points[index + 1]?.[0] ?? Infinity;
  points[index] = [Math.min(after - 1e-3, Math.max(before + 1e-3, value)), Math.min(1, Math.max(0, opacity))];
  return { ...preset, opacity: points };
}

/** A new opacity point, in value order. */
export function addOpacityPoint(preset: VolumePreset, value: number, opacity: number): VolumePreset {
  const points = [...preset.opacity, [value, Math.min(1, Math.max(0, opacity))] as [number, number]].sort((a, b) => a[0] - b[0]);
  return { ...preset, opacity: points };
}

/** Removes an opacity point (two always stay). */
export function removeOpacityPoint(preset: VolumePreset, index: number): VolumePreset {
  if (preset.opacity.length <= 2) return preset;
  return { ...preset, opacity: preset.opacity.filter((_, i) => i !== index) };
}

/** The colour of the preset at a value (piecewise linear between its colour points). */
export function colorAt(preset: VolumePreset, value: number): [number, number, number] {
  const c = preset.colors;
  if (c.length === 0) return [1, 1, 1];
  if (value <= c[0]![0]) return [c[0]![1], c[0]![2], c[0]![3]];
  for (let i = 1; i < c.length; i++) {
    const [v1, ...rgb1] = c[i]!;
    if (value <= v1) {
      const [v0, ...rgb0] = c[i - 1]!;
      const f = (value - v0) / Math.max(1e-9, v1 - v0);
      return rgb0.map((x, k) => x + (rgb1[k]! - x) * f) as [number, number, number];
    }
  }
  const last = c.at(-1)!;
  return [last[1], last[2], last[3]];
}
