import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { ScreenPlane } from '../../common/mpr/mprGeometry';
import type { PlaneScreen } from '../../common/mpr/mprState';
import { structureSetOnPlane } from '../../common/results/contoursOnPlane';
import { DEFAULT_SEGMENT_STYLE, type ResultOverlay } from '../../common/results/resultOverlay';
import { screenGrid, segmentationPlaneIndex, type PlaneGrid } from '../../common/results/segmentationOnPlane';
import { paintSegmentationOnPlane, type SegmentPaint } from '../../common/results/segmentationPaint';

type SegOverlay = Extract<ResultOverlay, { kind: 'seg' }>;

interface Props {
  /** The plane shown, the crosshair it passes through, and its screen mapping. */
  plane: ScreenPlane;
  center: Vec3;
  screen: PlaneScreen;
  size: { width: number; height: number };
  /** How far off the plane a contour may lie and still be drawn as it is (half a slice, or the slab). */
  tolerance: number;
  overlays: ResultOverlay[];
}

const paintOf =
  (o: SegOverlay) =>
  (segmentNumber: number): SegmentPaint => {
    const style = o.style?.(segmentNumber) ?? DEFAULT_SEGMENT_STYLE;
    return style.visible ? { rgb: o.segments.get(segmentNumber)?.color ?? [255, 0, 0], opacity: style.opacity } : undefined;
  };

/** The grid's numbers as a string: the screen mapping is a new object on every state change (window too), the grid only sometimes. */
const gridKey = (g: PlaneGrid): string => [...g.origin, ...g.stepRight, ...g.stepDown, g.width, g.height].join(',');

/**
 * The switched-on SEG masks and RTSTRUCT contours on one MPR plane: masks resampled onto the view's
 * CSS pixels (nearest neighbour, at most once per animation frame, only when the plane, the view or
 * the overlays change), contours cut by the plane and drawn in SVG.
 */
export function MprResultOverlayLayer({ plane, center, screen, size, tolerance, overlays }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const segs = useMemo(() => overlays.filter((o): o is SegOverlay => o.kind === 'seg'), [overlays]);
  const grid = screenGrid(screen, size);
  const key = gridKey(grid);
  const latestGrid = useRef(grid);
  latestGrid.current = grid;

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    // Coalesced: a crosshair drag changes the plane every pointer move; one paint per frame is enough.
    const frame = requestAnimationFrame(() => {
      const g = latestGrid.current;
      c.width = g.width;
      c.height = g.height;
      if (g.width === 0 || g.height === 0) return;
      const image = new ImageData(g.width, g.height);
      let painted = 0;
      for (const o of segs) painted += paintSegmentationOnPlane(segmentationPlaneIndex(o.segmentation), g, paintOf(o), image.data);
      c.getContext('2d')!.putImageData(image, 0, 0);
      c.dataset.painted = String(painted);
    });
    return () => cancelAnimationFrame(frame);
  }, [segs, key]);

  // The canvas's pixels are released with the view (a stable callback ref hears the unmount), not when the element is collected.
  const canvasRef = useCallback((element: HTMLCanvasElement | null) => {
    if (element) canvas.current = element;
    else if (canvas.current) {
      canvas.current.width = canvas.current.height = 0;
      canvas.current = null;
    }
  }, []);

  const contours = useMemo(
    () => overlays.flatMap((o) => (o.kind === 'rtstruct' ? structureSetOnPlane(o.structureSet, { point: center, normal: plane.normal, tolerance }) : [])),
    [overlays, center, plane, tolerance],
  );

  if (segs.length === 0 && contours.length === 0) return null;
  const xy = (p: Vec3) => screen.toScreen(p).join(',');
  return (
    <>
      {segs.length > 0 && (
        <canvas
          ref={canvasRef}
          className="result-overlay"
          style={{ width: grid.width, height: grid.height, imageRendering: 'pixelated' }}
          data-testid="mpr-seg-overlay"
          data-segmentations={segs.length}
        />
      )}
      {contours.length > 0 && (
        <svg className="measurement-layer" width={size.width} height={size.height} data-testid="mpr-contour-overlay" data-contours={contours.length}>
          {contours.map(({ id, name, color, section }) => {
            const stroke = `rgb(${color.join(',')})`;
            const title = <title>{name}</title>;
            if (section.kind === 'outline') {
              const Shape = section.closed ? 'polygon' : 'polyline';
              return (
                <Shape key={id} data-kind="outline" points={section.points.map(xy).join(' ')} fill="none" stroke={stroke} strokeWidth={1.5}>
                  {title}
                </Shape>
              );
            }
            if (section.kind === 'segments') {
              let d = '';
              for (let i = 0; i + 1 < section.points.length; i += 2) d += `M${xy(section.points[i]!)}L${xy(section.points[i + 1]!)}`;
              return (
                <path key={id} data-kind="segments" d={d} stroke={stroke} strokeWidth={2} strokeLinecap="round">
                  {title}
                </path>
              );
            }
            return (
              <g key={id} data-kind="points" fill={stroke}>
                {title}
                {section.points.map((p, i) => {
                  const [x, y] = screen.toScreen(p);
                  return <circle key={i} cx={x} cy={y} r={2.5} />;
                })}
              </g>
            );
          })}
        </svg>
      )}
    </>
  );
}
