import { useRef, useState, type MouseEvent as ReactMouseEvent, type PointerEvent as ReactPointerEvent, type WheelEvent as ReactWheelEvent } from 'react';
import type { SuvRegion } from '../../common/fusion/suvRegionLabel';
import { formatMetabolicThreshold, parseMetabolicThreshold, DEFAULT_PERCENT_THRESHOLD, DEFAULT_SUV_THRESHOLD } from '../../common/fusion/suvRegions';
import type { StackImage } from '../../common/viewing/stackImages';
import { imageToScreen, screenToImage, type Point2, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';
import { isSuvTool, type ToolName } from '../viewing/viewerTools';
import { elementPoint, useDeleteSelected } from '../viewing/pointerPoint';

interface Options {
  tool: ToolName;
  transform?: ViewTransform;
  size: ViewportSize;
  image?: StackImage;
  seriesUid: string;
}

/** The pointer handlers a viewport hands on (useViewportPointer's). */
interface Handlers {
  onPointerDown(e: ReactPointerEvent): void;
  onPointerMove(e: ReactPointerEvent): void;
  onPointerUp(e: ReactPointerEvent): void;
  onWheel(e: ReactWheelEvent): void;
  onDoubleClick(e: ReactMouseEvent): void;
  onContextMenu(e: ReactPointerEvent | ReactMouseEvent): void;
}

const HANDLE_RADIUS = 6;
let nextId = 1;

/** Asks the reader for a sphere's metabolic-volume threshold; undefined when cancelled or not understood. */
function askThreshold(current: string | undefined): string | undefined {
  const typed = window.prompt(`Metabolic volume threshold: a fixed SUV (e.g. ${DEFAULT_SUV_THRESHOLD}) or a percentage of SUVmax (e.g. ${DEFAULT_PERCENT_THRESHOLD}%)`, current ?? String(DEFAULT_SUV_THRESHOLD));
  if (typed === null) return undefined;
  const t = parseMetabolicThreshold(typed);
  return t ? formatMetabolicThreshold(t) : undefined;
}

/**
 * The SUV region tools of a stack viewport ("SUV ROI": an ellipse dragged corner to corner; "SUV
 * sphere": a centre dragged out to its radius). Regions live in this viewport's session; a region's
 * handle is dragged to change it, a double-click on a sphere's handle sets its threshold, Delete
 * removes the selected one. Other buttons and tools go to the viewport's own handlers (`wrap`).
 */
export function useSuvTools(o: Options) {
  const [regions, setRegions] = useState<SuvRegion[]>([]);
  const [draft, setDraft] = useState<SuvRegion>();
  const [selectedId, setSelectedId] = useState<string>();
  const drag = useRef<{ kind: 'draw' } | { kind: 'handle'; id: string; point: 0 | 1 }>(undefined);
  const latest = useRef(o);
  latest.current = o;

  useDeleteSelected(selectedId, (id) => {
    setRegions((all) => all.filter((r) => r.id !== id));
    setSelectedId(undefined);
  });

  const local = (e: ReactPointerEvent | ReactMouseEvent): Point2 => elementPoint(e);
  const shownRegions = (image = latest.current.image) => (image ? regions.filter((r) => r.sopInstanceUid === image.sopInstanceUid && r.frame === image.frame) : []);
  const findHandle = (s: Point2): { id: string; point: 0 | 1 } | undefined => {
    const { transform, size } = latest.current;
    if (!transform) return undefined;
    for (const r of shownRegions())
      for (const point of [0, 1] as const) {
        const q = imageToScreen(transform, size, r.points[point]);
        if (Math.hypot(q[0] - s[0], q[1] - s[1]) <= HANDLE_RADIUS) return { id: r.id, point };
      }
    return undefined;
  };

  const mine = (e: ReactPointerEvent) => e.button === 0 && isSuvTool(latest.current.tool);

  const wrap = (h: Handlers): Handlers => ({
    ...h,
    onPointerDown(e) {
      const { tool, transform, size, image, seriesUid } = latest.current;
      // The viewport's own handler first: it activates the viewport and captures the pointer (an SUV tool is no tool of its).
      h.onPointerDown(e);
      if (!mine(e) || !transform || !image || !isSuvTool(tool)) return;
      const s = local(e);
      const handle = findHandle(s);
      if (handle) {
        drag.current = { kind: 'handle', ...handle };
        setSelectedId(handle.id);
        return;
      }
      const p = screenToImage(transform, size, s);
      setSelectedId(undefined);
      setDraft({ id: `suv${Date.now().toString(36)}${(nextId++).toString(36)}`, kind: tool, seriesInstanceUid: seriesUid, sopInstanceUid: image.sopInstanceUid, frame: image.frame, points: [p, p], ...(tool === 'suvSphere' ? { threshold: formatMetabolicThreshold({ suv: DEFAULT_SUV_THRESHOLD }) } : {}) });
      drag.current = { kind: 'draw' };
    },
    onPointerMove(e) {
      const d = drag.current;
      const { transform, size } = latest.current;
      if (!d || !transform) return h.onPointerMove(e);
      const p = screenToImage(transform, size, local(e));
      if (d.kind === 'draw') setDraft((r) => r && { ...r, points: [r.points[0], p] });
      else setRegions((all) => all.map((r) => (r.id !== d.id ? r : { ...r, points: d.point === 0 ? [p, r.points[1]] : [r.points[0], p] })));
    },
    onPointerUp(e) {
      const d = drag.current;
      if (!d) return h.onPointerUp(e);
      drag.current = undefined;
      if (d.kind !== 'draw' || !draft) return;
      const { transform } = latest.current;
      const [a, b] = draft.points;
      setDraft(undefined);
      // A click without a drag draws nothing.
      if (!transform || Math.hypot(a[0] - b[0], a[1] - b[1]) * transform.scale < 3) return;
      setRegions((all) => [...all, draft]);
      setSelectedId(draft.id);
    },
    onDoubleClick(e) {
      const handle = isSuvTool(latest.current.tool) ? findHandle(local(e)) : undefined;
      const region = handle && regions.find((r) => r.id === handle.id);
      if (!region || region.kind !== 'suvSphere') return h.onDoubleClick(e);
      const threshold = askThreshold(region.threshold);
      if (threshold) setRegions((all) => all.map((r) => (r.id === region.id ? { ...r, threshold } : r)));
    },
  });

  /** Sets a region's threshold (the label's control). */
  const setThreshold = (id: string, threshold: string) => setRegions((all) => all.map((r) => (r.id === id ? { ...r, threshold } : r)));

  return { regions, shown: shownRegions(o.image), draft, selectedId, wrap, setThreshold, askThreshold };
}
