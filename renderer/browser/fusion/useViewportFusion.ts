import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { ViewportAssignment } from '../../../electron/common/hanging/hangingEngine';
import type { FusionColorMapId } from '../../common/fusion/colorMaps';
import { DEFAULT_FUSION_DISPLAY, type FusionDisplay, type FusionView } from '../../common/fusion/fusionDisplay';
import type { FusionSource, FusionSourceResult } from '../../common/fusion/fusionSource';
import { expectFirstPaint } from '../viewing/afterFirstImages';
import { FIRST_EXACT_FUSED_IMAGE_MARK } from './FusionLayer';
import { loadFusionSource, type SeriesHeaders } from './loadFusionSource';

/** What one viewport fuses: a series (of its study), over its images or — `alone` — alone in inverted grey. */
interface CellFusion {
  studyUid: string;
  seriesUid: string;
  alone: boolean;
  /** Set for a protocol's fusion: it holds only while the cell shows the series the protocol put there. */
  onSeries?: string;
}

/** The display settings every fused viewport of the window shares (PET-alone is each viewport's own). */
interface SharedDisplay {
  colorMap: FusionColorMapId;
  opacity: number;
  /** Absent: each source's own default window (SUV 0–5 for a PET). */
  window?: { min: number; max: number };
}

export interface ViewportFusion {
  /** The fusion a viewport draws (undefined: none, or its source is still loading). */
  views: (FusionView | undefined)[];
  /** What the active viewport fuses, for the fusion controls to show (a series of the window's own study only). */
  activeFused?: { seriesUid: string; display: FusionDisplay };
  /** The fusion controls' loader: one source per series, shared with the hung viewports. */
  load(seriesUid: string): Promise<FusionSourceResult>;
  /** The fusion controls' changes: the active viewport's fusion on or off, and the shared display. */
  onControls(view: FusionView | undefined): void;
}

const key = (studyUid: string, seriesUid: string) => `${studyUid}|${seriesUid}`;
const sameWindow = (a?: { min: number; max: number }, b?: { min: number; max: number }) => a?.min === b?.min && a?.max === b?.max;

/** A hung display's fusions, and the shared display its protocol starts from (the first fused viewport's). */
function fromProtocol(viewports: ViewportAssignment[], studyUid: string): { cells: (CellFusion | undefined)[]; shared: SharedDisplay } {
  const cells = viewports.map((v): CellFusion | undefined =>
    v.fusion && v.seriesInstanceUid ? { studyUid: v.fusion.studyInstanceUid || studyUid, seriesUid: v.fusion.seriesInstanceUid, alone: v.fusion.alone === true, onSeries: v.seriesInstanceUid } : undefined,
  );
  const coloured = viewports.find((v) => v.fusion && !v.fusion.alone)?.fusion;
  const windowed = viewports.find((v) => v.fusion?.window)?.fusion?.window;
  return {
    cells,
    shared: {
      colorMap: coloured?.colorMap ?? DEFAULT_FUSION_DISPLAY.colorMap,
      opacity: coloured?.opacity ?? DEFAULT_FUSION_DISPLAY.opacity,
      ...(windowed ? { window: { min: windowed[0], max: windowed[1] } } : {}),
    },
  };
}

/**
 * Fusion per viewport of a stack grid. A hanging protocol's viewport with `fusion` opens fused by
 * itself (its source loaded once and shared by every viewport that fuses the same series); the
 * others are not fused. The reader's fusion controls switch fusion on or off in the active viewport
 * and change the colour map, opacity and window of every fused viewport at once.
 */
export function useViewportFusion(args: {
  client: HostClient;
  studyUid: string;
  hung?: { key: string; viewports: ViewportAssignment[] };
  /** The series each cell shows. */
  assigned: (string | undefined)[];
  active: number;
  /** The stack grid is hidden (a reformat is shown): the controls drive the reformat, not the grid's viewports. */
  stackHidden: boolean;
  /** The open study's instance headers, read as it opened (a fused series of it needs no second read). */
  studyHeaders?: SeriesHeaders;
}): ViewportFusion {
  const { client, studyUid, hung, assigned, active } = args;
  const [cells, setCells] = useState<(CellFusion | undefined)[]>([]);
  const [shared, setShared] = useState<SharedDisplay>({ colorMap: DEFAULT_FUSION_DISPLAY.colorMap, opacity: DEFAULT_FUSION_DISPLAY.opacity });
  const [sources, setSources] = useState<ReadonlyMap<string, FusionSource>>(new Map());
  const loads = useRef(new Map<string, Promise<FusionSourceResult>>());
  useEffect(() => {
    loads.current = new Map();
    setSources(new Map());
  }, [client]);

  const clientRef = useRef(client);
  clientRef.current = client;
  const studyRef = useRef(studyUid);
  studyRef.current = studyUid;
  const headersRef = useRef(args.studyHeaders);
  headersRef.current = args.studyHeaders;
  /** Loads (once) a series to fuse; kept in `sources` when it can be fused. */
  const loadOf = useCallback((study: string, series: string): Promise<FusionSourceResult> => {
    const k = key(study, series);
    let p = loads.current.get(k);
    if (!p) {
      p = loadFusionSource(clientRef.current, study, series, study === studyRef.current ? headersRef.current : undefined);
      loads.current.set(k, p);
      p.then(
        (r) => r.ok && setSources((all) => (all.get(k) === r.source ? all : new Map(all).set(k, r.source))),
        () => loads.current.delete(k), // asked again next time
      );
    }
    return p;
  }, []);

  useEffect(() => {
    if (!hung) return;
    const start = fromProtocol(hung.viewports, studyUid);
    setCells(start.cells);
    setShared(start.shared);
    // Work deferred past the first images (the MIP) also waits for the first fused image.
    const fused = start.cells.filter((c): c is CellFusion => !!c && !c.alone);
    const withdraw = fused.length ? expectFirstPaint(FIRST_EXACT_FUSED_IMAGE_MARK) : () => undefined;
    // Every hung fusion's source at once, as the images load: the first fused image waits for it.
    for (const c of start.cells) if (c) void loadOf(c.studyUid, c.seriesUid).catch(() => undefined);
    // None of the fused can be: no first fused image to wait for.
    void Promise.all(fused.map((c) => loadOf(c.studyUid, c.seriesUid).then((r) => r.ok, () => false))).then((ok) => ok.every((fine) => !fine) && withdraw());
    return withdraw;
  }, [hung?.key]);

  const activeRef = useRef(active);
  activeRef.current = active;
  const hiddenRef = useRef(args.stackHidden);
  hiddenRef.current = args.stackHidden;

  const fusedDisplay = useMemo<FusionDisplay | undefined>(() => (shared.window ? { ...shared, window: shared.window, petOnly: false } : undefined), [shared]);
  const aloneDisplay = useMemo<FusionDisplay | undefined>(() => (fusedDisplay ? { ...fusedDisplay, petOnly: true } : undefined), [fusedDisplay]);
  const views = useMemo(
    () =>
      cells.map((c, i): FusionView | undefined => {
        if (!c || (c.onSeries !== undefined && assigned[i] !== c.onSeries)) return undefined;
        const source = sources.get(key(c.studyUid, c.seriesUid));
        if (!source) return undefined;
        const display = fusedDisplay && aloneDisplay ? (c.alone ? aloneDisplay : fusedDisplay) : { ...shared, window: source.defaultWindow, petOnly: c.alone };
        return { source, display };
      }),
    [cells, sources, assigned, fusedDisplay, aloneDisplay, shared],
  );

  const activeCell = cells[active];
  const activeView = views[active];
  const activeFused = useMemo(
    () => (activeCell && activeView && activeCell.studyUid === studyUid ? { seriesUid: activeCell.seriesUid, display: activeView.display } : undefined),
    [activeCell, activeView, studyUid],
  );

  const load = useCallback((seriesUid: string) => loadOf(studyRef.current, seriesUid), [loadOf]);
  /** Stable (the controls report through an effect that depends on it). */
  const lastControls = useRef<FusionView>(undefined);
  const onControls = useCallback((view: FusionView | undefined) => {
    const previous = lastControls.current;
    lastControls.current = view;
    if (hiddenRef.current) return;
    const at = activeRef.current;
    if (!view) {
      // The controls say "nothing" as they mount: only a fusion they showed is switched off.
      if (previous) setCells((all) => (all[at] ? Object.assign([...all], { [at]: undefined }) : all));
      return;
    }
    const next: CellFusion = { studyUid: studyRef.current, seriesUid: view.source.seriesInstanceUid, alone: view.display.petOnly };
    const k = key(next.studyUid, next.seriesUid);
    setSources((all) => (all.get(k) === view.source ? all : new Map(all).set(k, view.source)));
    setCells((all) => {
      const c = all[at];
      if (c && c.studyUid === next.studyUid && c.seriesUid === next.seriesUid && c.alone === next.alone) return all;
      const copy = [...all];
      copy[at] = next;
      return copy;
    });
    const d = view.display;
    setShared((s) => (s.colorMap === d.colorMap && s.opacity === d.opacity && sameWindow(s.window, d.window) ? s : { colorMap: d.colorMap, opacity: d.opacity, window: d.window }));
  }, []);

  return { views, activeFused, load, onControls };
}
