import { describePixels } from '../../common/dicom/model/pixelDescription';
import type { DecodedFrame } from '../../../native-codecs/common/decodeTypes';
import { encodePng } from './encodePng';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';

/**
 * A small PNG of a decoded frame for study browsers (WADO-RS thumbnail, PS3.18 10.4.1.1.4):
 * Modality LUT (rescale), the first VOI window or the frame's range, MONOCHROME1 inverted,
 * box-filtered down to at most `size` pixels on the long side. Colour frames stay RGB.
 */
export function renderThumbnail(dataset: DicomJsonDataset, frame: DecodedFrame, size = 128): Uint8Array {
  const d = describePixels(dataset);
  const scale = Math.min(1, size / Math.max(d.columns, d.rows));
  const width = Math.max(1, Math.round(d.columns * scale));
  const height = Math.max(1, Math.round(d.rows * scale));
  const channels = frame.samplesPerPixel === 3 ? 3 : 1;
  const src = frame.pixels;
  const out = new Uint8Array(width * height * channels);
  let toDisplay: (v: number) => number;
  if (channels === 3) toDisplay = (v) => (d.bitsAllocated > 8 ? v >> (d.bitsStored - 8) : v);
  else {
    const slope = d.modalityLut.kind === 'rescale' ? d.modalityLut.slope : 1;
    const intercept = d.modalityLut.kind === 'rescale' ? d.modalityLut.intercept : 0;
    let low: number;
    let high: number;
    const w = d.voiWindows[0];
    if (w) {
      low = w.center - w.width / 2;
      high = w.center + w.width / 2;
    } else {
      low = Infinity;
      high = -Infinity;
      for (let i = 0; i < src.length; i += 7) {
        const v = src[i]! * slope + intercept;
        if (v < low) low = v;
        if (v > high) high = v;
      }
    }
    const invert = d.photometricInterpretation === 'MONOCHROME1';
    const range = Math.max(high - low, 1e-6);
    toDisplay = (v) => {
      const g = Math.round(((v * slope + intercept - low) / range) * 255);
      const c = g < 0 ? 0 : g > 255 ? 255 : g;
      return invert ? 255 - c : c;
    };
  }
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y / scale);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) / scale));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x / scale);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) / scale));
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        let n = 0;
        for (let yy = y0; yy < Math.min(y1, d.rows); yy++)
          for (let xx = x0; xx < Math.min(x1, d.columns); xx++) {
            sum += toDisplay(src[(yy * d.columns + xx) * channels + c]!);
            n++;
          }
        out[(y * width + x) * channels + c] = n ? Math.round(sum / n) : 0;
      }
    }
  }
  return encodePng(out, width, height, channels);
}
