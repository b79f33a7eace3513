import { autoWindowFromData } from '../../common/viewing/windowPresets';
import type { LoadedVolume } from './volumeSource';

/** The window a volume opens with: soft tissue for CT, from the data otherwise. */
export function openingWindow(volume: LoadedVolume): { center: number; width: number } {
  const { slope, intercept } = volume.info.rescale;
  const ct = slope === 1 && intercept <= -1000;
  return ct ? { center: 40, width: 400 } : autoWindowFromData(volume.samples, (v) => v * slope + intercept);
}
