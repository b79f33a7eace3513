import type { FrameGeometry } from '../../../electron/common/dicom/geometry/frameGeometry';
import type { FusionSource } from '../../common/fusion/fusionSource';
import { imagePlaneToPatient } from '../../common/fusion/suvRegions';
import type { Point2 } from '../../common/viewing/viewTransform';

/**
 * The probe's second line on a fused or PET viewport: the PET's value at the probed point (its
 * patient position from the image's plane, trilinear in the PET's own grid), `SUVbw 2.50`, marked
 * "SUV (edited)" while the reader's overrides are in force; undefined outside the PET.
 */
export function fusedValueLine(source: FusionSource, plane: FrameGeometry, p: Point2): string | undefined {
  const v = source.sampler.valueAt(imagePlaneToPatient(plane, p));
  if (v === undefined) return `${source.modality} outside the series`;
  return `${source.unit} ${v.toFixed(2)}${source.edited ? ' · SUV (edited)' : ''}`;
}
