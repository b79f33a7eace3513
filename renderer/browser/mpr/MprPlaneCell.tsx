import { useEffect, useLayoutEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { dot, length, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { planeEdgeLabels, referenceLineDirection, sliceStep, STANDARD_PLANES, type MprPlaneName } from '../../common/mpr/mprGeometry';
import { MPR_PLANES, moveCenter, planeScreen, positionAlong, rotateOthers, scrollPlane, type MprState, type PlaneScreen } from '../../common/mpr/mprState';
import type { SharedRenderWindow } from '../viewing/sharedRenderWindow';
import { MprPlaneView } from './mprPlaneView';
import { ellipseOutline, planeMeasurementLabel, PLANE_POINTS_NEEDED, type PlaneMeasurement } from '../../common/mpr/planeMeasurements';
import { mprHooks } from './mprTestHooks';
import { useElementSize } from './useElementSize';
import type { LoadedVolume } from './volumeSource';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import { MprResultOverlayLayer } from './MprResultOverlayLayer';
import { MprFusionLayer, type MprFusion } from './MprFusionLayer';

export type MprTool = 'crosshair' | 'windowLevel' | 'pan' | 'zoom' | 'rotate' | 'length' | 'angle' | 'ellipse' | 'curve';

export const PLANE_COLORS: Record<MprPlaneName, string> = { axial: '#e0524d', coronal: '#4fc24f', sagittal: '#e0c340' };
const TITLES: Record<MprPlaneName, string> = { axial: 'Axial', coronal: 'Coronal', sagittal: 'Sagittal' };

export interface MprPlaneCellProps {
  name: MprPlaneName;
  volume: LoadedVolume;
  state: MprState;
  renderWindow: SharedRenderWindow;
  tool: MprTool;
  active: boolean;
  measurements: PlaneMeasurement[];
  onActivate(): void;
  update(change: (s: MprState) => MprState): void;
  onMeasure(m: PlaneMeasurement): void;
  /** A centerline being clicked (curve tool) or finished, and the point the curved views' cursor is at. */
  curve?: { points: Vec3[]; line?: Vec3[] };
  cursorPoint?: Vec3;
  onCurvePoint(p: Vec3): void;
  onCurveDone(): void;
  /** Switched-on results of this volume's series (SEG masks, RTSTRUCT contours) drawn on the plane. */
  overlays?: ResultOverlay[];
  /** The window's fused series, drawn over the plane (sampled on the slab's centre plane). */
  fusion?: MprFusion;
}

/** One MPR plane: its vtk.js view, pointer tools, orientation letters, reference lines and lengths. */
export function MprPlaneCell({ name, volume, state, renderWindow, tool, active, measurements, onActivate, update, onMeasure, curve, cursorPoint, onCurvePoint, onCurveDone, overlays, fusion }: MprPlaneCellProps) {
  const element = useRef<HTMLDivElement>(null);
  const view = useRef<MprPlaneView>(undefined);
  const size = useElementSize(element);
  const g = volume.geometry;
  const screen = useMemo(() => planeScreen(state, g, name, size), [state, g, name, size]);
  const plane = state.planes[name];
  /** Points of the measurement being drawn; the last follows the pointer. */
  const [drawing, setDrawing] = useState<Vec3[]>();

  useLayoutEffect(() => {
    const v = new MprPlaneView(element.current!);
    view.current = v;
    renderWindow.add(v);
    return () => {
      renderWindow.remove(v);
      delete mprHooks().planes[name];
    };
  }, [renderWindow, name]);

  useEffect(() => {
    const v = view.current!;
    v.setVolume(volume);
    v.setState({ plane, center: state.center, pan: state.views[name].pan, mmPerPixel: screen.mmPerPixel, slab: state.slab, window: state.window, nearest: state.interpolation === 'nearest' });
    mprHooks().planes[name] = { element: element.current!, screen };
    renderWindow.requestRender();
  }, [volume, state, screen, renderWindow, name, plane]);

  /**
   * The drag in progress, with the screen mapping it started on: the view is centred on the
   * crosshair, so mapping each move through the mapping of the moment moved the centre again by
   * how far the view had just moved — a 50 px drag ran to the volume's edge.
   */
  const drag = useRef<{ x: number; y: number; angle: number; start: Vec3; screen: PlaneScreen }>(undefined);
  const local = (e: { clientX: number; clientY: number }): [number, number] => {
    const box = element.current!.getBoundingClientRect();
    return [e.clientX - box.left, e.clientY - box.top];
  };
  const centerOnScreen = screen.toScreen(state.center);
  const angleAt = (x: number, y: number) => (Math.atan2(y - centerOnScreen[1], x - centerOnScreen[0]) * 180) / Math.PI;

  const onPointerDown = (e: ReactPointerEvent) => {
    onActivate();
    if (e.button !== 0) return;
    element.current!.setPointerCapture(e.pointerId);
    const [x, y] = local(e);
    const start = screen.toPatient(x, y);
    drag.current = { x, y, angle: angleAt(x, y), start, screen };
    if (tool === 'crosshair') update((s) => moveCenter(s, g, start));
    if (tool === 'length' || tool === 'ellipse') setDrawing([start, start]);
    if (tool === 'angle') {
      // Click the three points (the vertex second); the next point follows the pointer.
      const fixed = [...(drawing ?? []).slice(0, -1), start];
      if (fixed.length === PLANE_POINTS_NEEDED.angle) {
        onMeasure({ id: `mpr-${Date.now()}`, kind: 'angle', points: fixed, plane });
        setDrawing(undefined);
      } else setDrawing([...fixed, start]);
    }
    if (tool === 'curve') onCurvePoint(start);
  };
  const onPointerMove = (e: ReactPointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const [x, y] = local(e);
    const dx = x - d.x;
    const dy = y - d.y;
    switch (tool) {
      case 'crosshair':
        update((s) => moveCenter(s, g, d.screen.toPatient(x, y)));
        break;
      case 'windowLevel':
        update((s) => ({ ...s, window: { center: s.window.center + dy * (s.window.width / 256), width: Math.max(1, s.window.width + dx * (s.window.width / 256)) } }));
        break;
      case 'pan':
        update((s) => ({ ...s, views: { ...s.views, [name]: { ...s.views[name], pan: [s.views[name].pan[0] + dx * screen.mmPerPixel, s.views[name].pan[1] + dy * screen.mmPerPixel] } } }));
        break;
      case 'zoom':
        update((s) => ({ ...s, views: { ...s.views, [name]: { ...s.views[name], zoom: Math.max(0.25, Math.min(32, s.views[name].zoom * Math.exp(-dy / 200))) } } }));
        break;
      case 'rotate': {
        const angle = angleAt(x, y);
        const delta = ((angle - d.angle + 540) % 360) - 180;
        update((s) => rotateOthers(s, name, delta));
        d.angle = angle;
        break;
      }
      case 'length':
      case 'ellipse':
        setDrawing([d.start, screen.toPatient(x, y)]);
        break;
    }
    if (tool !== 'rotate') Object.assign(d, { x, y });
  };
  const onPointerUp = () => {
    if ((tool === 'length' || tool === 'ellipse') && drawing && length(sub(drawing[1]!, drawing[0]!)) > 0) onMeasure({ id: `mpr-${Date.now()}`, kind: tool, points: drawing, plane });
    if (tool !== 'angle') setDrawing(undefined);
    drag.current = undefined;
  };
  // The angle's next point follows the pointer between clicks.
  const onHover = (e: ReactPointerEvent) => {
    if (tool !== 'angle' || !drawing || drag.current) return;
    const [x, y] = local(e);
    setDrawing([...drawing.slice(0, -1), screen.toPatient(x, y)]);
  };

  const labels = planeEdgeLabels(plane);
  const standard = STANDARD_PLANES[name];
  const oblique = Math.abs(dot(plane.right, standard.right)) < 0.9999 || Math.abs(dot(plane.down, standard.down)) < 0.9999;
  // A measurement is shown where it lies: within half a slice (or the slab) of this plane.
  const tolerance = Math.max(state.slab.thickness / 2, sliceStep(g, plane.normal) / 2) + 1e-6;
  const drawn: PlaneMeasurement[] = drawing && (tool === 'length' || tool === 'angle' || tool === 'ellipse') ? [{ id: 'drawing', kind: tool, points: drawing, plane }] : [];
  const visible = [...measurements, ...drawn].filter((m) => m.points.every((p) => Math.abs(dot(sub(p, state.center), plane.normal)) <= tolerance));
  const reach = Math.hypot(size.width, size.height);

  return (
    <div
      ref={element}
      className={`viewport mpr-viewport${active ? ' active' : ''}`}
      data-testid={`mpr-${name}`}
      onPointerDown={onPointerDown}
      onPointerMove={(e) => {
        onPointerMove(e);
        onHover(e);
      }}
      onPointerUp={onPointerUp}
      onWheel={(e) => update((s) => scrollPlane(s, g, name, Math.sign(e.deltaY)))}
      onDoubleClick={() => tool === 'curve' && onCurveDone()}
      onContextMenu={(e) => e.preventDefault()}
    >
      {fusion && <MprFusionLayer {...fusion} screen={screen} size={size} slabThickness={state.slab.thickness} />}
      {overlays && overlays.length > 0 && <MprResultOverlayLayer plane={plane} center={state.center} screen={screen} size={size} tolerance={tolerance} overlays={overlays} />}
      <svg className="mpr-lines" width={size.width} height={size.height} aria-hidden="true">
        {MPR_PLANES.filter((other) => other !== name).map((other) => {
          const d = referenceLineDirection(plane, state.planes[other]);
          if (!d) return null;
          const [cx, cy] = centerOnScreen;
          return <line key={other} data-testid={`refline-${name}-${other}`} x1={cx - d[0] * reach} y1={cy - d[1] * reach} x2={cx + d[0] * reach} y2={cy + d[1] * reach} stroke={PLANE_COLORS[other]} strokeWidth={1} opacity={0.8} />;
        })}
        {curve && (
          <polyline
            data-testid="mpr-curve"
            points={(curve.line ?? curve.points).map((p) => screen.toScreen(p).join(',')).join(' ')}
            fill="none"
            stroke="#58c4ff"
            strokeWidth={1.5}
          />
        )}
        {curve?.points.map((p, i) => {
          const [x, y] = screen.toScreen(p);
          return <circle key={i} cx={x} cy={y} r={3} fill="#58c4ff" />;
        })}
        {cursorPoint && (() => {
          const [x, y] = screen.toScreen(cursorPoint);
          return <circle cx={x} cy={y} r={5} fill="none" stroke="#ffd54a" strokeWidth={1.5} />;
        })()}
        {visible.map((m) => {
          const outline = (m.kind === 'ellipse' ? ellipseOutline(m) : m.points).map((p) => screen.toScreen(p));
          const end = screen.toScreen(m.points.at(-1)!);
          return (
            <g key={m.id} data-testid="mpr-measurement" data-kind={m.kind}>
              <polyline points={outline.map((p) => p.join(',')).join(' ')} fill="none" stroke="#ffd54a" strokeWidth={1.5} />
              <text x={end[0] + 6} y={end[1] - 6} fill="#ffd54a" fontSize={12}>
                {planeMeasurementLabel(m)}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="viewport-overlay" aria-hidden="true">
        <div className="overlay-corner overlay-topLeft" data-testid={`mpr-title-${name}`}>
          <div style={{ color: PLANE_COLORS[name] }}>
            {TITLES[name]}
            {oblique ? ' (oblique)' : ''}
          </div>
          {state.slab.thickness > 0 && <div>{`${state.slab.mode.toUpperCase()} slab ${state.slab.thickness.toFixed(1)} mm`}</div>}
        </div>
        <div className="overlay-corner overlay-topRight">
          <div>{`${positionAlong(state, g, name).toFixed(1)} mm`}</div>
          <div>{`Zoom ${(state.views[name].zoom * 100).toFixed(0)} %`}</div>
        </div>
        <div className="overlay-corner overlay-bottomLeft">
          <div>{`W ${Math.round(state.window.width)} L ${Math.round(state.window.center)}`}</div>
        </div>
        <div className="orientation-marker marker-top" data-testid={`mpr-marker-${name}-top`}>{labels.top}</div>
        <div className="orientation-marker marker-bottom" data-testid={`mpr-marker-${name}-bottom`}>{labels.bottom}</div>
        <div className="orientation-marker marker-left" data-testid={`mpr-marker-${name}-left`}>{labels.left}</div>
        <div className="orientation-marker marker-right" data-testid={`mpr-marker-${name}-right`}>{labels.right}</div>
      </div>
    </div>
  );
}
