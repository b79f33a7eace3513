import { defaultVoi } from '../../../electron/common/dicom/display/defaultVoi';
import { buildGrayscaleLut, type GrayscaleLut } from '../../../electron/common/dicom/display/grayscaleLut';
import { voiActiveRange, type VoiSetting } from '../../../electron/common/dicom/display/voiTransform';
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
    for (let i = 0; i < 256; i++) table[i] = invert ? 255 - i : i;
    return { first: 0, last: 255, table, exact: true };
  }
  return buildGrayscaleLut(desc, voi, lutDomain(desc, frame, voi), { invert, maxEntries });
}

/**
 * Stored values the table covers. For a window over a rescale the domain is where the output changes
 * (plus the padding values): outside it the texture clamps to the first/last entry, which is the
 * output there. That domain does not depend on the frame, so scrolling through a series reuses one
 * table. Other VOI (SIGMOID, tables) use the frame's own range.
 */
export function lutDomain(desc: PixelDescription, frame: LoadedFrame, voi: VoiSetting): [number, number] {
  const active = voiActiveRange(voi);
  if (!active || desc.modalityLut.kind !== 'rescale' || desc.modalityLut.slope === 0) return frame.range;
  const { slope, intercept } = desc.modalityLut;
  const a = (active[0] - intercept) / slope;
  const b = (active[1] - intercept) / slope;
  let lo = Math.floor(Math.min(a, b)) - 1;
  let hi = Math.ceil(Math.max(a, b)) + 1;
  const pad = desc.pixelPadding;
  if (pad) {
    lo = Math.min(lo, pad.value, pad.rangeLimit ?? pad.value);
    hi = Math.max(hi, pad.value, pad.rangeLimit ?? pad.value);
  }
  return [lo, hi];
}

/** The Modality LUT in a few characters (a LUT Sequence by its descriptor: never stringify its data). */
function modalityKey(desc: PixelDescription): string {
  const m = desc.modalityLut;
  return m.kind === 'rescale' ? `r:${m.slope}:${m.intercept}` : `t:${m.table.entries}:${m.table.firstMapped}:${m.table.bitsPerEntry}:${m.table.data.length}`;
}

/** Identifies a table: equal keys mean equal tables, so the GPU copy is kept while scrolling. */
export function lutKey(desc: PixelDescription, frame: LoadedFrame, voi: VoiSetting, invert: boolean): string {
  const domain = frame.kind === 'rgb' ? [0, 255] : lutDomain(desc, frame, voi);
  const voiPart = voi.kind === 'window' ? `${voi.fn}:${voi.center}:${voi.width}` : `lut:${voi.firstMapped}:${voi.table.entries}:${voi.table.data.length}`;
  return [frame.kind, modalityKey(desc), desc.photometricInterpretation, desc.presentationLutShape ?? '', JSON.stringify(desc.pixelPadding ?? null), voiPart, invert, domain.join(':')].join('|');
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

