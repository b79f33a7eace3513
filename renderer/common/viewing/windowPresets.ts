/** A named window (modality units), bound to a key as reading rooms expect. */
export interface WindowPreset {
  id: string;
  label: string;
  center: number;
  width: number;
  key: string;
}

/** CT presets in HU (common radiology defaults). */
export const CT_WINDOW_PRESETS: WindowPreset[] = [
  { id: 'lung', label: 'Lung', center: -600, width: 1500, key: '1' },
  { id: 'mediastinum', label: 'Mediastinum', center: 50, width: 350, key: '2' },
  { id: 'bone', label: 'Bone', center: 400, width: 1800, key: '3' },
  { id: 'brain', label: 'Brain', center: 40, width: 80, key: '4' },
  { id: 'abdomen', label: 'Abdomen', center: 40, width: 400, key: '5' },
  { id: 'liver', label: 'Liver', center: 60, width: 160, key: '6' },
];

/**
 * An automatic window from the data (MR and other modalities without calibrated units): from the
 * 1st to the 99th percentile of the modality values, which ignores background and a few hot pixels.
 */
export function autoWindowFromData(values: ArrayLike<number>, modality: (x: number) => number = (x) => x): { center: number; width: number } {
  const n = values.length;
  if (!n) return { center: 0, width: 1 };
  const stride = Math.max(1, Math.floor(n / 65536));
  const picked: number[] = [];
  for (let i = 0; i < n; i += stride) picked.push(modality(values[i]!));
  picked.sort((a, b) => a - b);
  const lo = picked[Math.floor(picked.length * 0.01)]!;
  const hi = picked[Math.min(picked.length - 1, Math.floor(picked.length * 0.99))]!;
  return { center: (lo + hi) / 2, width: Math.max(1, hi - lo) };
}
