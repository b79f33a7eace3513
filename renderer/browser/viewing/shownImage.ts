import type { FrameGeometry } from '../../../electron/common/dicom/geometry/frameGeometry';

/** A viewport's current image for reference lines: its plane and frame of reference. */
export interface ShownImage {
  geometry: FrameGeometry;
  frameOfReferenceUid?: string;
}
