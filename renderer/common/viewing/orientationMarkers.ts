import { orientationLabel } from '../../../electron/common/dicom/geometry/orientationLabels';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { screenAxesOnImage, type ViewTransform } from './viewTransform';

/** Patient-orientation letters at the four viewport edges, following rotation and flips. */
export function orientationMarkers(rowCosines: Vec3, columnCosines: Vec3, t: ViewTransform): { left: string; right: string; top: string; bottom: string } {
  const { right, up } = screenAxesOnImage(t);
  const toPatient = (v: [number, number], sign: number): Vec3 => [
    sign * (v[0] * rowCosines[0] + v[1] * columnCosines[0]),
    sign * (v[0] * rowCosines[1] + v[1] * columnCosines[1]),
    sign * (v[0] * rowCosines[2] + v[1] * columnCosines[2]),
  ];
  return {
    right: orientationLabel(toPatient(right, 1)),
    left: orientationLabel(toPatient(right, -1)),
    top: orientationLabel(toPatient(up, 1)),
    bottom: orientationLabel(toPatient(up, -1)),
  };
}

/** A round scale-bar length (mm) close to a quarter of the viewport height. */
export function scaleBarLength(pixelsPerMm: number, viewportHeight: number): number {
  const target = viewportHeight / 4 / pixelsPerMm;
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500];
  return steps.reduce((best, s) => (Math.abs(s - target) < Math.abs(best - target) ? s : best), steps[0]!);
}
