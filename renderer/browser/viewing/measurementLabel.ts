import type { StoredMeasurement } from '../../../electron/common/contract/hostContract';
import { modalityTransform, modalityUnits } from '../../../electron/common/dicom/display/modalityTransform';
import { angleDegrees, cobbDegrees, regionStatistics, segmentLength, shapeArea } from '../../common/measure/measurements';
import type { StackImage } from '../../common/viewing/stackImages';
import type { LoadedFrame } from './frameLoader';

const fmt = (v: number, digits = 1): string => v.toFixed(digits);

/**
 * The text shown beside a measurement: physical units from the pixel spacing; "uncalibrated" in
 * pixels when the image has none; detector-plane mm flagged when only Imager Pixel Spacing exists.
 */
export function measurementLabel(m: StoredMeasurement, image: StackImage, frame: LoadedFrame | undefined): string[] {
  const calibrated = image.spacingSource !== 'none';
  const unit = calibrated ? 'mm' : 'px';
  const suffix = image.spacingSource === 'ImagerPixelSpacing' ? ' (detector)' : calibrated ? '' : ' (uncalibrated)';
  switch (m.kind) {
    case 'length':
      return [`${fmt(segmentLength(m))} ${unit}${suffix}`];
    case 'angle':
      return [`${fmt(angleDegrees(m.points))}°`];
    case 'cobb':
      return [`Cobb ${fmt(cobbDegrees(m.points))}°`];
    case 'arrow':
      return [m.text ?? ''];
    default:
      break;
  }
  if (!frame || frame.kind !== 'gray') return m.kind === 'probe' ? [] : [`Area ${fmt(shapeArea(m))} ${unit}²${suffix}`];
  const modality = modalityTransform(image.pixels);
  const units = modalityUnits(image.pixels, image.dataset['00080060']?.Value?.[0] as string | undefined);
  const u = units ? ` ${units}` : '';
  const value = (c: number, r: number): number => modality(frame.samples[r * frame.columns + c]!);
  const [sy, sx] = image.pixelSpacing;
  if (m.kind === 'probe') {
    const [p] = m.points;
    if (!p) return [];
    const c = Math.floor(p[0] / sx);
    const r = Math.floor(p[1] / sy);
    if (c < 0 || r < 0 || c >= frame.columns || r >= frame.rows) return ['outside image'];
    return [`(${c}, ${r}) ${fmt(value(c, r))}${u}`];
  }
  const stats = regionStatistics(m, { columns: frame.columns, rows: frame.rows, pixelSpacing: image.pixelSpacing }, value);
  return [
    `Area ${fmt(shapeArea(m))} ${unit}²${suffix}`,
    `Mean ${fmt(stats.mean)}${u} SD ${fmt(stats.sd)}`,
    `Min ${fmt(stats.min)} Max ${fmt(stats.max)} n=${stats.pixels}`,
  ];
}
