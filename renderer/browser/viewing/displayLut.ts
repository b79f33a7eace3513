import { defaultVoi } from '../../../electron/common/dicom/display/defaultVoi';
import { buildGrayscaleLut, presentationInverts, type GrayscaleLut } from '../../../electron/common/dicom/display/grayscaleLut';
import { voiActiveRange, type VoiSetting } from '../../../electron/common/dicom/display/voiTransform';
import { modalityTransform } from '../../../electron/common/dicom/display/modalityTransform';
import type { PixelDescription } from '../../../electron/common/dicom/model/pixelDescription';
import type { LoadedFrame } from './frameLoader';

/**
 * The table the GPU applies for a frame. The domain is the frame's stored range, narrowed to where
 * the VOI output changes (beyond it the first/last entry repeats, as the texture clamps), so that one
 * entry per stored value fits the texture-size limit whenever possible.
 */
export function displayLutFor(desc: PixelDescription, frame: LoadedFrame, voi: VoiSetting, invert: boolean, maxEntries: number): GrayscaleLut {
  if (frame.kind === 'rgb') {
    const table = new Uint8Array(256);
    const inv = invert;
    for (let i = 0; i < 256; i++) table[i] = inv ? 255 - i : i;
    return { first: 0, last: 255, table, exact: true };
  }
  let [lo, hi] = frame.range;
  const active = voiActiveRange(voi);
  if (active && desc.modalityLut.kind === 'rescale' && desc.modalityLut.slope !== 0 && !desc.pixelPadding) {
    const { slope, intercept } = desc.modalityLut;
    const a = (active[0] - intercept) / slope;
    const b = (active[1] - intercept) / slope;
    lo = Math.max(lo, Math.floor(Math.min(a, b)) - 1);
    hi = Math.min(hi, Math.ceil(Math.max(a, b)) + 1);
    if (hi <= lo) hi = lo + 1;
  }
  return buildGrayscaleLut(desc, voi, [lo, hi], { invert, maxEntries });
}

/** The VOI shown first for a frame (file window, VOI LUT, or min–max). */
export function initialVoi(desc: PixelDescription, frame: LoadedFrame): VoiSetting {
  return defaultVoi(desc, frame.samples);
}

/** Centre/width to show and to start a drag from, for any VOI. */
export function voiAsWindow(voi: VoiSetting): { center: number; width: number } {
  if (voi.kind === 'window') return { center: voi.center, width: voi.width };
  const first = voi.firstMapped;
  return { center: first + voi.table.entries / 2, width: voi.table.entries };
}

export { presentationInverts, modalityTransform };
