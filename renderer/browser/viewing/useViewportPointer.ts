import { useRef, useState, type PointerEvent as ReactPointerEvent, type WheelEvent as ReactWheelEvent } from 'react';
import type { StoredMeasurement } from '../../../electron/common/contract/hostContract';
import { POINTS_NEEDED } from '../../common/measure/measurements';
import type { StackImage } from '../../common/viewing/stackImages';
import { imageToScreen, panBy, screenToImage, zoomAbout, type Point2, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';
import { isMeasureTool, type ToolName } from './viewerTools';
import { elementPoint, useDeleteSelected } from './pointerPoint';

export interface ViewportPointerOptions {
  tool: ToolName;
  transform?: ViewTransform;
  size: ViewportSize;
  image?: StackImage;
  voiWindow?: { center: number; width: number };
  measurements: StoredMeasurement[];
  seriesUid: string;
  onActivate(): void;
  onScroll(delta: number): void;
  onWindow(center: number, width: number): void;
  onTransform(t: ViewTransform): void;
  onMeasurementsChange(update: (all: StoredMeasurement[]) => StoredMeasurement[]): void;
  /** A right click that did not drag: the tool menu at that point. */
  onToolMenu(at: Point2): void;
}

type Drag =
  | { kind: 'window'; x: number; y: number; center: number; width: number }
  | { kind: 'pan'; x: number; y: number; transform: ViewTransform }
  | { kind: 'zoom'; x: number; y: number; transform: ViewTransform; moved: boolean }
  | { kind: 'scroll'; y: number; carried: number }
  | { kind: 'draw' }
  | { kind: 'handle'; id: string; point: number };

const HANDLE_RADIUS = 6;
let nextId = 1;
const newId = (): string => `m${Date.now().toString(36)}${(nextId++).toString(36)}`;

/**
 * Mouse and touchpad gestures of a stack viewport: the left button runs the selected tool, the middle
 * button pans, the right button zooms, the wheel scrolls (with Ctrl: zooms). Measurements are drawn
 * and edited by their handles; a selected measurement is deleted with Delete/Backspace.
 */
export function useViewportPointer(o: ViewportPointerOptions) {
  const drag = useRef<Drag>(undefined);
  const [draft, setDraft] = useState<StoredMeasurement>();
  const [selectedId, setSelectedId] = useState<string>();
  const latest = useRef(o);
  latest.current = o;

  useDeleteSelected(selectedId, (id) => {
    latest.current.onMeasurementsChange((all) => all.filter((m) => m.id !== id));
    setSelectedId(undefined);
  });

  const local = (e: ReactPointerEvent | ReactWheelEvent): Point2 => elementPoint(e);

  /** The nearest measurement handle of the shown image within reach of a screen point. */
  const findHandle = (s: Point2): { id: string; point: number } | undefined => {
    const { transform, size, image, measurements } = latest.current;
    if (!transform || !image) return undefined;
    let best: { id: string; point: number; d: number } | undefined;
    for (const m of measurements) {
      if (m.sopInstanceUid !== image.sopInstanceUid || m.frame !== image.frame) continue;
      for (let i = 0; i < m.points.length; i++) {
        const q = imageToScreen(transform, size, m.points[i]!);
        const d = Math.hypot(q[0] - s[0], q[1] - s[1]);
        if (d <= HANDLE_RADIUS && (!best || d < best.d)) best = { id: m.id, point: i, d };
      }
    }
    return best && { id: best.id, point: best.point };
  };

  const commit = (m: StoredMeasurement) => {
    latest.current.onMeasurementsChange((all) => [...all, m]);
    setSelectedId(m.id);
    setDraft(undefined);
  };

  const onPointerDown = (e: ReactPointerEvent) => {
    const { tool, transform, size, image, voiWindow, seriesUid } = latest.current;
    latest.current.onActivate();
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    const s = local(e);
    if (!transform || !image) return;
    const mode: ToolName = e.button === 1 ? 'pan' : e.button === 2 ? 'zoom' : tool;
    if (mode === 'windowLevel' && voiWindow) drag.current = { kind: 'window', x: s[0], y: s[1], ...voiWindow };
    else if (mode === 'pan') drag.current = { kind: 'pan', x: s[0], y: s[1], transform };
    else if (mode === 'zoom') drag.current = { kind: 'zoom', x: s[0], y: s[1], transform, moved: false };
    else if (mode === 'scroll') drag.current = { kind: 'scroll', y: s[1], carried: 0 };
    else if (isMeasureTool(mode)) {
      const handle = findHandle(s);
      if (handle && !draft) {
        drag.current = { kind: 'handle', ...handle };
        setSelectedId(handle.id);
        return;
      }
      const p = screenToImage(transform, size, s);
      if (draft) {
        // Multi-click tools (angle, Cobb): a click fixes the rubber-band point where it is.
        setDraft({ ...draft, points: [...draft.points.slice(0, -1), p] });
        drag.current = { kind: 'draw' };
        return;
      }
      const base = { id: newId(), kind: mode, seriesInstanceUid: seriesUid, sopInstanceUid: image.sopInstanceUid, frame: image.frame };
      if (mode === 'probe') return commit({ ...base, points: [p] });
      setSelectedId(undefined);
      setDraft({ ...base, points: [p, p], ...(mode === 'arrow' ? { text: 'Finding' } : {}) });
      drag.current = { kind: 'draw' };
    }
  };

  const onPointerMove = (e: ReactPointerEvent) => {
    const d = drag.current;
    const { transform, size } = latest.current;
    const s = local(e);
    if (draft && transform && (d?.kind === 'draw' || (draft.kind === 'angle' || draft.kind === 'cobb'))) {
      const p = screenToImage(transform, size, s);
      if (draft.kind === 'freehand' && d?.kind === 'draw') setDraft({ ...draft, points: [...draft.points, p] });
      else setDraft({ ...draft, points: [...draft.points.slice(0, -1), p] });
      return;
    }
    if (!d) return;
    if (d.kind === 'window') {
      // Sensitivity follows the current width, so narrow brain windows and wide bone windows both feel right.
      const k = Math.max(d.width / 256, 0.1);
      latest.current.onWindow(d.center + (s[1] - d.y) * k, Math.max(1, d.width + (s[0] - d.x) * k));
    } else if (d.kind === 'pan') latest.current.onTransform(panBy(d.transform, size, s[0] - d.x, s[1] - d.y));
    else if (d.kind === 'zoom') {
      d.moved = d.moved || Math.abs(s[1] - d.y) > 2;
      latest.current.onTransform(zoomAbout(d.transform, size, Math.exp(-(s[1] - d.y) / 150), [d.x, d.y]));
    } else if (d.kind === 'scroll') {
      const steps = Math.trunc((s[1] - d.y) / 8);
      if (steps) {
        latest.current.onScroll(steps);
        d.y += steps * 8;
      }
    } else if (d.kind === 'handle' && transform) {
      const p = screenToImage(transform, size, s);
      latest.current.onMeasurementsChange((all) => all.map((m) => (m.id === d.id ? { ...m, points: m.points.map((q, i) => (i === d.point ? p : q)) } : m)));
    }
  };

  const onPointerUp = (e: ReactPointerEvent) => {
    const d = drag.current;
    drag.current = undefined;
    if (d?.kind === 'zoom' && e.button === 2 && !d.moved) {
      latest.current.onTransform(d.transform);
      latest.current.onToolMenu(local(e));
      return;
    }
    if (d?.kind !== 'draw' || !draft) return;
    const needed = POINTS_NEEDED[draft.kind];
    const { transform } = latest.current;
    if (draft.kind === 'freehand') return draft.points.length >= needed ? commit(draft) : setDraft(undefined);
    const [a, b] = draft.points;
    const tiny = transform && a && b && Math.hypot(a[0] - b[0], a[1] - b[1]) * transform.scale < 3;
    if (draft.points.length === 2 && tiny) return needed === 2 ? setDraft(undefined) : undefined;
    if (draft.points.length >= needed) return commit({ ...draft, points: draft.points.slice(0, needed) });
    // Angle/Cobb: keep a rubber-band point following the pointer for the next click.
    setDraft({ ...draft, points: [...draft.points, draft.points[draft.points.length - 1]!] });
  };

  // Double-click on an arrow's handle edits its text.
  const onDoubleClick = (e: React.MouseEvent) => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const handle = findHandle([e.clientX - r.left, e.clientY - r.top]);
    const m = handle && latest.current.measurements.find((x) => x.id === handle.id);
    if (!m || m.kind !== 'arrow') return;
    const text = window.prompt('Arrow text', m.text ?? '');
    if (text === null) return;
    latest.current.onMeasurementsChange((all) => all.map((x) => (x.id === m.id ? { ...x, text: text.slice(0, 1000) } : x)));
  };

  const onWheel = (e: ReactWheelEvent) => {
    const { transform, size } = latest.current;
    if (e.ctrlKey && transform) {
      latest.current.onTransform(zoomAbout(transform, size, Math.exp(-e.deltaY / 300), local(e)));
      return;
    }
    latest.current.onScroll(Math.sign(e.deltaY));
  };

  return {
    draft,
    selectedId,
    handlers: { onPointerDown, onPointerMove, onPointerUp, onWheel, onDoubleClick, onContextMenu: (e: ReactPointerEvent | React.MouseEvent) => e.preventDefault() },
  };
}
