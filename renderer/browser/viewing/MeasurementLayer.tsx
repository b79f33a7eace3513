import type { StoredMeasurement } from '../../../electron/common/contract/hostContract';
import type { StackImage } from '../../common/viewing/stackImages';
import { imageToScreen, type Point2, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';
import type { LoadedFrame } from './frameLoader';
import { AnnotationLabel } from './AnnotationLabel';
import { measurementLabel } from './measurementLabel';

export interface MeasurementLayerProps {
  measurements: StoredMeasurement[];
  draft?: StoredMeasurement;
  selectedId?: string;
  image: StackImage;
  frame?: LoadedFrame;
  transform: ViewTransform;
  size: ViewportSize;
  /** A probe's extra line: the fused PET's value at the point (SUV on a PET/CT), when there is one. */
  pointValue?(p: Point2): string | undefined;
}

function shapePath(m: StoredMeasurement, s: (p: Point2) => Point2) {
  const pts = m.points.map(s);
  const [a, b] = pts;
  if (!a) return null;
  switch (m.kind) {
    case 'ellipse': {
      if (!b) return null;
      // Rotations are multiples of 90°: the image-aligned box stays screen-aligned.
      return <ellipse cx={(a[0] + b[0]) / 2} cy={(a[1] + b[1]) / 2} rx={Math.abs(b[0] - a[0]) / 2} ry={Math.abs(b[1] - a[1]) / 2} />;
    }
    case 'rectangle': {
      if (!b) return null;
      const [p0, p1] = m.points as [Point2, Point2];
      const q = [p0, [p1[0], p0[1]] as Point2, p1, [p0[0], p1[1]] as Point2].map(s);
      return <polygon points={q.map((p) => p.join(',')).join(' ')} />;
    }
    case 'freehand':
      return <polygon points={pts.map((p) => p.join(',')).join(' ')} />;
    case 'probe':
      return <circle cx={a[0]} cy={a[1]} r={3} />;
    case 'cobb':
      return (
        <>
          <polyline points={pts.slice(0, 2).map((p) => p.join(',')).join(' ')} />
          {pts.length > 2 && <polyline points={pts.slice(2, 4).map((p) => p.join(',')).join(' ')} />}
        </>
      );
    case 'arrow': {
      if (!b) return null;
      const ang = Math.atan2(b[1] - a[1], b[0] - a[0]);
      const head = (d: number): string => `${b[0] - 10 * Math.cos(ang + d)},${b[1] - 10 * Math.sin(ang + d)}`;
      return (
        <>
          <line x1={a[0]} y1={a[1]} x2={b[0]} y2={b[1]} />
          <polyline points={`${head(0.4)} ${b[0]},${b[1]} ${head(-0.4)}`} />
        </>
      );
    }
    default:
      return <polyline points={pts.map((p) => p.join(',')).join(' ')} />;
  }
}

/** Measurements of the shown image drawn in screen space, with their values beside them. */
export function MeasurementLayer({ measurements, draft, selectedId, image, frame, transform, size, pointValue }: MeasurementLayerProps) {
  const s = (p: Point2): Point2 => imageToScreen(transform, size, p);
  const all = draft ? [...measurements, draft] : measurements;
  return (
    <svg className="measurement-layer" width={size.width} height={size.height} data-testid="measurement-layer">
      {all.map((m) => {
        const extra = m.kind === 'probe' && m.points[0] && pointValue ? pointValue(m.points[0]) : undefined;
        const label = extra ? [...measurementLabel(m, image, frame), extra] : measurementLabel(m, image, frame);
        const anchor = s(m.points[m.points.length - 1] ?? [0, 0]);
        return (
          <g key={m.id} className={`measurement ${m.id === selectedId ? 'selected' : ''}`} data-kind={m.kind} data-id={m.id}>
            {shapePath(m, s)}
            {m.points.map((p, i) => {
              const q = s(p);
              return <circle key={i} className="handle" cx={q[0]} cy={q[1]} r={3} />;
            })}
            <AnnotationLabel anchor={anchor} lines={label} testId="measurement-label" />
          </g>
        );
      })}
    </svg>
  );
}
