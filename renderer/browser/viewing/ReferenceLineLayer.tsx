import type { FrameGeometry } from '../../../electron/common/dicom/geometry/frameGeometry';
import { referenceLine } from '../../common/viewing/referenceLines';
import { imageToScreen, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';

export interface ReferenceLineLayerProps {
  image: FrameGeometry;
  /** The active viewport's current image, when it shares this image's frame of reference. */
  reference?: FrameGeometry;
  transform: ViewTransform;
  size: ViewportSize;
}

/** The active viewport's slice drawn as a line across this image (where the two planes meet). */
export function ReferenceLineLayer({ image, reference, transform, size }: ReferenceLineLayerProps) {
  const line = reference ? referenceLine(image, reference) : undefined;
  if (!line) return null;
  const a = imageToScreen(transform, size, line[0]);
  const b = imageToScreen(transform, size, line[1]);
  return (
    <svg className="reference-layer" width={size.width} height={size.height} data-testid="reference-line">
      <line x1={a[0]} y1={a[1]} x2={b[0]} y2={b[1]} />
    </svg>
  );
}
