import type { FrameGeometry } from '../../../electron/common/dicom/geometry/frameGeometry';
import { dot, sub } from '../../../electron/common/dicom/geometry/vec3';
import type { Point2 } from './viewTransform';

/**
 * Where another image's plane cuts this image (a reference line), as a segment in this image's
 * plane coordinates (mm from its top-left corner, as viewTransform uses), clipped to the image.
 * Undefined when the planes are (nearly) parallel or the line misses the image.
 */
export function referenceLine(image: FrameGeometry, other: FrameGeometry): [Point2, Point2] | undefined {
  if (Math.abs(dot(image.normal, other.normal)) > 0.996) return undefined;
  const [sy, sx] = image.pixelSpacing;
  // Points of this plane: P(u, v) = position + u·row + v·col (u, v in mm from pixel (0,0)'s centre).
  const c = dot(other.normal, sub(image.position, other.position));
  const a = dot(other.normal, image.rowCosines);
  const b = dot(other.normal, image.columnCosines);
  const u0 = -sx / 2;
  const u1 = (image.columns - 0.5) * sx;
  const v0 = -sy / 2;
  const v1 = (image.rows - 0.5) * sy;
  const hits: Point2[] = [];
  // a·u + b·v + c = 0 against the four edges of the image rectangle.
  if (Math.abs(b) > 1e-9)
    for (const u of [u0, u1]) {
      const v = -(c + a * u) / b;
      if (v >= v0 - 1e-9 && v <= v1 + 1e-9) hits.push([u, v]);
    }
  if (Math.abs(a) > 1e-9)
    for (const v of [v0, v1]) {
      const u = -(c + b * v) / a;
      if (u >= u0 - 1e-9 && u <= u1 + 1e-9) hits.push([u, v]);
    }
  if (hits.length < 2) return undefined;
  hits.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const first = hits[0]!;
  const last = hits[hits.length - 1]!;
  return [
    [first[0] + sx / 2, first[1] + sy / 2],
    [last[0] + sx / 2, last[1] + sy / 2],
  ];
}
