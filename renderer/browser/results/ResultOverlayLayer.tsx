import { useEffect, useMemo, useRef } from 'react';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { projectContour } from '../../../electron/common/results/rtstruct/contourProjection';
import type { SegmentMask } from '../../../electron/common/results/seg/segmentationModel';
import type { StackImage } from '../../common/viewing/stackImages';
import { imageToScreen, type Point2, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';
import { DEFAULT_SEGMENT_STYLE, sourceKey, type ResultOverlay } from '../../common/results/resultOverlay';


interface Props {
  image: StackImage;
  transform: ViewTransform;
  size: ViewportSize;
  overlays: ResultOverlay[];
}

type Affine = [number, number, number, number, number, number];

/**
 * Screen affine of a mask's pixel grid: pixel (c, r)'s top-left corner → CSS pixels. A mask with its
 * own plane (SEG frames carry Plane Position/Orientation) is placed by projecting that plane onto the
 * image's; one without is the source image's own grid.
 */
function maskAffine(mask: SegmentMask, image: StackImage, t: ViewTransform, size: ViewportSize): Affine {
  const s = (p: Point2) => imageToScreen(t, size, p);
  let origin: Point2 = [0, 0];
  let along: Point2 = [image.pixelSpacing[1], 0];
  let down: Point2 = [0, image.pixelSpacing[0]];
  const g = image.geometry;
  if (g && mask.imagePositionPatient && mask.imageOrientationPatient && mask.pixelSpacing) {
    const [rx, ry, rz, cx, cy, cz] = mask.imageOrientationPatient;
    const [rowSp, colSp] = mask.pixelSpacing;
    const p0 = mask.imagePositionPatient;
    // Top-left corner of the first pixel, one pixel along the row, one down the column.
    const corner: Vec3 = [p0[0] - (rx * colSp + cx * rowSp) / 2, p0[1] - (ry * colSp + cy * rowSp) / 2, p0[2] - (rz * colSp + cz * rowSp) / 2];
    const pts = [...corner, corner[0] + rx * colSp, corner[1] + ry * colSp, corner[2] + rz * colSp, corner[0] + cx * rowSp, corner[1] + cy * rowSp, corner[2] + cz * rowSp];
    const mm = projectContour(pts, g).imageMm;
    // imageMm is measured from the image's top-left corner, as the view transform's plane is.
    origin = [mm[0]!, mm[1]!];
    along = [mm[2]! - mm[0]!, mm[3]! - mm[1]!];
    down = [mm[4]! - mm[0]!, mm[5]! - mm[1]!];
  }
  const o = s(origin);
  const x = s([origin[0] + along[0], origin[1] + along[1]]);
  const y = s([origin[0] + down[0], origin[1] + down[1]]);
  return [x[0] - o[0], x[1] - o[1], y[0] - o[0], y[1] - o[1], o[0], o[1]];
}

function maskCanvas(mask: SegmentMask, rgb: [number, number, number], opacity: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = mask.columns;
  c.height = mask.rows;
  const img = new ImageData(mask.columns, mask.rows);
  for (let i = 0; i < mask.data.length; i++) {
    const alpha = mask.fraction ? mask.fraction[i]! : mask.data[i] ? 255 : 0;
    if (!alpha) continue;
    img.data[4 * i] = rgb[0];
    img.data[4 * i + 1] = rgb[1];
    img.data[4 * i + 2] = rgb[2];
    img.data[4 * i + 3] = Math.round(alpha * opacity);
  }
  c.getContext('2d')!.putImageData(img, 0, 0);
  return c;
}

/** Segmentation masks and structure contours of the shown image, drawn over it. */
export function ResultOverlayLayer({ image, transform, size, overlays }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = sourceKey(image.sopInstanceUid, image.frame);
  const masks = useMemo(
    () =>
      overlays.flatMap((o) => {
        if (o.kind !== 'seg') return [];
        return (o.masksBySource.get(key) ?? []).flatMap((m) => {
          const style = o.style?.(m.segmentNumber) ?? DEFAULT_SEGMENT_STYLE;
          return style.visible ? [{ mask: m, opacity: style.opacity, rgb: o.segments.get(m.segmentNumber)?.color ?? ([255, 0, 0] as [number, number, number]) }] : [];
        });
      }),
    [overlays, key],
  );
  const sprites = useMemo(() => masks.map((m) => ({ mask: m.mask, canvas: maskCanvas(m.mask, m.rgb, m.opacity) })), [masks]);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(size.width * dpr);
    c.height = Math.round(size.height * dpr);
    const ctx = c.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.imageSmoothingEnabled = false;
    for (const s of sprites) {
      const [a, b, cc, d, e, f] = maskAffine(s.mask, image, transform, size);
      ctx.setTransform(a * dpr, b * dpr, cc * dpr, d * dpr, e * dpr, f * dpr);
      ctx.drawImage(s.canvas, 0, 0);
    }
  }, [sprites, image, transform, size]);

  const contours = useMemo(() => {
    const g = image.geometry;
    if (!g) return [];
    // A contour belongs to the image it was drawn on: within half a slice of its plane.
    const tolerance = Math.max(0.01, (g.sliceThickness ?? 1) / 2);
    return overlays.flatMap((o) =>
      o.kind !== 'rtstruct'
        ? []
        : o.structureSet.structures.flatMap((s) =>
            s.contours.flatMap((c, i) => {
              const p = projectContour(c.points, g);
              return p.maxOutOfPlaneMm <= tolerance ? [{ id: `${o.sopInstanceUid}/${s.roiNumber}/${i}`, color: s.color ?? [255, 255, 0], closed: c.geometricType === 'CLOSED_PLANAR', mm: p.imageMm, name: s.name }] : [];
            }),
          ),
    );
  }, [overlays, image.geometry]);

  if (masks.length === 0 && contours.length === 0) return null;
  return (
    <>
      <canvas ref={canvas} className="result-overlay" style={{ width: size.width, height: size.height }} data-testid="seg-overlay" data-masks={masks.length} />
      {contours.length > 0 && (
        <svg className="measurement-layer" width={size.width} height={size.height} data-testid="contour-overlay" data-contours={contours.length}>
          {contours.map((c) => {
            const pts: string[] = [];
            for (let i = 0; i < c.mm.length; i += 2) {
              const [x, y] = imageToScreen(transform, size, [c.mm[i]!, c.mm[i + 1]!]);
              pts.push(`${x},${y}`);
            }
            const Shape = c.closed ? 'polygon' : 'polyline';
            return <Shape key={c.id} points={pts.join(' ')} fill="none" stroke={`rgb(${c.color.join(',')})`} strokeWidth={1.5}><title>{c.name}</title></Shape>;
          })}
        </svg>
      )}
    </>
  );
}
