import type { GraphicObject, ImagePresentation } from '../../../electron/common/results/presentationState/presentationStateModel';
import type { StackImage } from '../../common/viewing/stackImages';
import { imageToScreen, type Point2, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';

interface Props {
  presentation: ImagePresentation;
  image: StackImage;
  transform: ViewTransform;
  size: ViewportSize;
}

const STEPS = 64;

/**
 * A presentation state's graphic and text annotations on the image (PS3.3 C.10.5), layer by layer.
 * PIXEL coordinates are column\row with (0,0) the top-left corner of the top-left pixel; DISPLAY
 * ones (fractions of the displayed area) are not drawn here.
 */
export function PresentationAnnotationsLayer({ presentation, image, transform, size }: Props) {
  const [rowSp, colSp] = image.pixelSpacing;
  const s = ([c, r]: [number, number]): Point2 => imageToScreen(transform, size, [c * colSp, r * rowSp]);
  const list = (pts: Array<[number, number]>) => pts.map((p) => s(p).join(',')).join(' ');
  const graphic = (g: GraphicObject, key: string) => {
    const [a, b, c, d] = g.points;
    if (g.type === 'POINT') return g.points.map((p, i) => <circle key={`${key}/${i}`} cx={s(p)[0]} cy={s(p)[1]} r={3} />);
    if (g.type === 'CIRCLE' && a && b) {
      const r = Math.hypot((b[0] - a[0]) * colSp, (b[1] - a[1]) * rowSp);
      return <polygon key={key} points={Array.from({ length: STEPS }, (_, i) => imageToScreen(transform, size, [a[0] * colSp + r * Math.cos((2 * Math.PI * i) / STEPS), a[1] * rowSp + r * Math.sin((2 * Math.PI * i) / STEPS)]).join(',')).join(' ')} />;
    }
    if (g.type === 'ELLIPSE' && a && b && c && d) {
      const m: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const u = [(b[0] - a[0]) / 2, (b[1] - a[1]) / 2];
      const v = [(d[0] - c[0]) / 2, (d[1] - c[1]) / 2];
      return <polygon key={key} points={list(Array.from({ length: STEPS }, (_, i) => { const t = (2 * Math.PI * i) / STEPS; return [m[0] + u[0]! * Math.cos(t) + v[0]! * Math.sin(t), m[1] + u[1]! * Math.cos(t) + v[1]! * Math.sin(t)] as [number, number]; }))} />;
    }
    return <polyline key={key} points={list(g.points)} />;
  };
  const layers = presentation.layers.filter((l) => l.annotations.length);
  if (!layers.length) return null;
  let count = 0;
  const drawn = layers.flatMap((layer) =>
    layer.annotations.flatMap((a, ai) => [
      ...a.graphics.filter((g) => g.units === 'PIXEL').map((g, gi) => (count++, graphic(g, `${layer.name}/${ai}/g${gi}`))),
      ...a.texts.flatMap((t, ti) => {
        const at = t.anchor?.units === 'PIXEL' ? t.anchor.point : t.boundingBox?.units === 'PIXEL' ? t.boundingBox.topLeft : undefined;
        if (!at) return [];
        const [x, y] = s(at);
        return [
          <text key={`${layer.name}/${ai}/t${ti}`} x={x + 4} y={y - 4}>
            {t.text}
          </text>,
        ];
      }),
    ]),
  );
  return (
    <svg className="measurement-layer presentation-annotations" width={size.width} height={size.height} data-testid="presentation-annotations" data-graphics={count}>
      {drawn}
    </svg>
  );
}
