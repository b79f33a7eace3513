import { useMemo } from 'react';
import { projectContour } from '../../../electron/common/results/rtstruct/contourProjection';
import type { StackImage } from '../../common/viewing/stackImages';
import { imageToScreen, type Point2, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';
import { sourceKey, type ResultOverlay } from '../../common/results/resultOverlay';

interface Props {
  image: StackImage;
  transform: ViewTransform;
  size: ViewportSize;
  overlays: ResultOverlay[];
}

interface Shape {
  id: string;
  graphicType: string;
  /** Image-plane mm from the image's top-left corner. */
  points: Point2[];
}

const STEPS = 64;

/** CIRCLE (centre, a point on it) and ELLIPSE (major axis ends, minor axis ends) as polygons (PS3.3 C.18.6.1.2). */
function outline(s: Shape): Point2[] | undefined {
  const [a, b, c, d] = s.points;
  if (s.graphicType === 'CIRCLE' && a && b) {
    const r = Math.hypot(b[0] - a[0], b[1] - a[1]);
    return Array.from({ length: STEPS }, (_, i) => [a[0] + r * Math.cos((2 * Math.PI * i) / STEPS), a[1] + r * Math.sin((2 * Math.PI * i) / STEPS)]);
  }
  if (s.graphicType === 'ELLIPSE' && a && b && c && d) {
    const centre: Point2 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const u: Point2 = [(b[0] - a[0]) / 2, (b[1] - a[1]) / 2];
    const v: Point2 = [(d[0] - c[0]) / 2, (d[1] - c[1]) / 2];
    return Array.from({ length: STEPS }, (_, i) => {
      const t = (2 * Math.PI * i) / STEPS;
      return [centre[0] + u[0] * Math.cos(t) + v[0] * Math.sin(t), centre[1] + u[1] * Math.cos(t) + v[1] * Math.sin(t)];
    });
  }
  return undefined;
}

/** The image and 3D coordinates of switched-on measurement reports that lie on the shown image. */
export function ReportShapesLayer({ image, transform, size, overlays }: Props) {
  const shapes = useMemo(() => {
    const out: Shape[] = [];
    const key = sourceKey(image.sopInstanceUid, image.frame);
    const [rowSp, colSp] = image.pixelSpacing;
    const g = image.geometry;
    const frameOfReference = String(image.dataset['00200052']?.Value?.[0] ?? '');
    const tolerance = Math.max(0.01, (g?.sliceThickness ?? 1) / 2);
    for (const o of overlays) {
      if (o.kind !== 'sr') continue;
      // SCOORD: column\\row, (0,0) the top-left corner of the top-left pixel.
      for (const s of o.scoordsBySource.get(key) ?? []) out.push({ id: `${o.sopInstanceUid}/${s.position}`, graphicType: s.graphicType, points: s.points.map(([c, r]) => [c * colSp, r * rowSp]) });
      if (!g) continue;
      for (const s of o.scoords3d) {
        if (s.frameOfReferenceUid !== frameOfReference) continue;
        const p = projectContour(s.points.flat(), g);
        if (p.maxOutOfPlaneMm > tolerance) continue;
        const points: Point2[] = [];
        for (let i = 0; i < p.imageMm.length; i += 2) points.push([p.imageMm[i]!, p.imageMm[i + 1]!]);
        out.push({ id: `${o.sopInstanceUid}/${s.position}`, graphicType: s.graphicType, points });
      }
    }
    return out;
  }, [overlays, image]);
  if (shapes.length === 0) return null;
  const screen = (p: Point2) => imageToScreen(transform, size, p);
  const list = (pts: Point2[]) => pts.map((p) => screen(p).join(',')).join(' ');
  return (
    <svg className="measurement-layer report-shapes" width={size.width} height={size.height} data-testid="sr-overlay" data-shapes={shapes.length}>
      {shapes.map((s) => {
        const closedOutline = outline(s);
        if (closedOutline) return <polygon key={s.id} points={list(closedOutline)} />;
        if (s.graphicType === 'POINT' || s.graphicType === 'MULTIPOINT')
          return (
            <g key={s.id}>
              {s.points.map((p, i) => {
                const [x, y] = screen(p);
                return <circle key={i} cx={x} cy={y} r={3} />;
              })}
            </g>
          );
        return s.graphicType === 'POLYGON' ? <polygon key={s.id} points={list(s.points)} /> : <polyline key={s.id} points={list(s.points)} />;
      })}
    </svg>
  );
}
