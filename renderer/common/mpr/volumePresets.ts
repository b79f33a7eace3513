/** A volume-rendering preset: transfer functions in modality units (HU for CT). */
export interface VolumePreset {
  id: string;
  label: string;
  /** composite: shaded colours; mip/minip: the brightest/darkest value along each ray. */
  blend: 'composite' | 'mip' | 'minip';
  /** [value, r, g, b] with colours 0–1. */
  colors: Array<[number, number, number, number]>;
  /** [value, opacity 0–1]. */
  opacity: Array<[number, number]>;
  shade: boolean;
  /** For mip/minip: the window the projection is shown in. */
  window?: { center: number; width: number };
}

/** Presets for the 3D lab, after the usual CT/MR transfer functions of clinical workstations. */
export const VOLUME_PRESETS: VolumePreset[] = [
  {
    id: 'ct-bone',
    label: 'CT bone',
    blend: 'composite',
    colors: [
      [-1000, 0, 0, 0],
      [150, 0.55, 0.25, 0.15],
      [300, 0.9, 0.82, 0.66],
      [1500, 1, 1, 0.95],
    ],
    opacity: [
      [-1000, 0],
      [150, 0],
      [300, 0.45],
      [1500, 0.85],
    ],
    shade: true,
  },
  {
    id: 'ct-soft-tissue',
    label: 'CT soft tissue',
    blend: 'composite',
    colors: [
      [-1000, 0, 0, 0],
      [-100, 0.55, 0.3, 0.2],
      [40, 0.85, 0.55, 0.45],
      [300, 1, 0.95, 0.85],
    ],
    opacity: [
      [-1000, 0],
      [-150, 0],
      [-50, 0.05],
      [80, 0.2],
      [400, 0.6],
    ],
    shade: true,
  },
  {
    id: 'ct-angio',
    label: 'CT angio / vessels',
    blend: 'composite',
    colors: [
      [-1000, 0, 0, 0],
      [150, 0.6, 0.1, 0.05],
      [250, 0.95, 0.35, 0.25],
      [600, 1, 0.9, 0.8],
    ],
    opacity: [
      [-1000, 0],
      [140, 0],
      [220, 0.5],
      [600, 0.8],
    ],
    shade: true,
  },
  {
    id: 'ct-lung',
    label: 'CT lung',
    blend: 'composite',
    colors: [
      [-1000, 0.3, 0.3, 1],
      [-800, 0.6, 0.6, 0.9],
      [-500, 0.9, 0.85, 0.8],
      [0, 1, 0.8, 0.7],
    ],
    opacity: [
      [-1000, 0],
      [-950, 0],
      [-850, 0.08],
      [-600, 0.2],
      [-400, 0],
    ],
    shade: true,
  },
  {
    id: 'mr-default',
    label: 'MR default',
    blend: 'composite',
    colors: [
      [0, 0, 0, 0],
      [200, 0.6, 0.45, 0.35],
      [600, 0.95, 0.85, 0.75],
      [2000, 1, 1, 1],
    ],
    opacity: [
      [0, 0],
      [100, 0],
      [400, 0.3],
      [2000, 0.7],
    ],
    shade: true,
  },
  { id: 'mip', label: 'MIP 3D', blend: 'mip', colors: [], opacity: [], shade: false, window: { center: 300, width: 1200 } },
  { id: 'minip', label: 'MinIP 3D', blend: 'minip', colors: [], opacity: [], shade: false, window: { center: -700, width: 600 } },
];

export function volumePreset(id: string): VolumePreset {
  return VOLUME_PRESETS.find((p) => p.id === id) ?? VOLUME_PRESETS[0]!;
}

/** The six standard views of a 3D rendering: where the camera stands (LPS direction from the centre) and which way is up. */
export const VIEW_DIRECTIONS = {
  anterior: { from: [0, -1, 0], up: [0, 0, 1] },
  posterior: { from: [0, 1, 0], up: [0, 0, 1] },
  left: { from: [1, 0, 0], up: [0, 0, 1] },
  right: { from: [-1, 0, 0], up: [0, 0, 1] },
  head: { from: [0, 0, 1], up: [0, -1, 0] },
  foot: { from: [0, 0, -1], up: [0, -1, 0] },
} as const satisfies Record<string, { from: [number, number, number]; up: [number, number, number] }>;

export type ViewDirection = keyof typeof VIEW_DIRECTIONS;
