import { createRef, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MutableRefObject, type RefObject } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import { FrameLoader } from './frameLoader';
import { whenFirstPaintsDone } from './afterFirstImages';
import { StudyMetadataSource } from './studyMetadataSource';
import type { HungDisplay } from '../../../electron/common/hanging/hangingEngine';
import type { SyncGroup } from '../../../electron/common/hanging/protocolTypes';
import type { SyncBus } from './viewerSync';
import { SeriesStrip } from './SeriesStrip';
import { OPEN_STUDY_MARK, type SharedRenderWindow } from './sharedRenderWindow';
import { releaseRenderWindow, takeRenderWindow } from './renderWindowPool';
import { StackViewport, type ShownImage } from './StackViewport';
import { ViewerToolbar } from './ViewerToolbar';
import { markOnce, publishFrameCache, publishRenderWindow } from './viewerTestHooks';
import type { ToolName, ViewportCommands } from './viewerTools';
import { defaultGrid, imageSeries } from '../../common/viewing/defaultLayout';
import { MprWorkspace } from '../mpr/MprWorkspace';
import { hungReformat } from '../../common/mpr/hungReformat';
import type { HangingProtocol } from '../../../electron/common/hanging/protocolTypes';
import { ProtocolEditorDialog } from '../hanging/ProtocolEditorDialog';
import { screenProtocol } from '../hanging/screenProtocol';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useTagBrowser } from '../tags/useTagBrowser';
import { useViewerKeys } from './useViewerKeys';
import { useStudyMeasurements } from './useStudyMeasurements';
import { useStudyDate } from './useStudyDate';
import { useKeyImages } from './useKeyImages';
import { KeyImageStrip } from './KeyImageStrip';
import type { StoredKeyImage, ViewportPresentation } from '../../../electron/common/contract/hostContract';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import { priorLabel } from '../../common/viewing/priorLabel';
import type { MprLayout } from '../mpr/MprToolbar';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { FusionControls } from '../fusion/FusionControls';
import type { FusionView } from '../../common/fusion/fusionDisplay';
import { useSeriesFrameOfReference } from '../fusion/useSeriesFrameOfReference';
import { PetMipCell } from '../pet/PetMipCell';
import { useViewportFusion } from '../fusion/useViewportFusion';

export interface ViewerWorkspaceProps {
  client: HostClient;
  studyUid: string;
  /** Bumped when images of this study arrive while it is open. */
  revision?: number;
  /** What the hanging protocol puts on this window's display in the current stage (absent: series in a grid). */
  hung?: HungView;
  /** The study's metadata, already asked for as the study opened (beside the hanging); absent: asked for now. */
  metadata?: StudyMetadataSource;
  /** The newest measurement version the host announced per study (another window saved): merged in. */
  annotationVersions?: Record<string, number>;
  /** Results switched on in the Results panel (SEG, RTSTRUCT, SR, PR), drawn over or applied to their images. */
  overlays?: ResultOverlay[];
  /** Filled with what "Save results" needs from the viewer: each viewport's display, and the edits still on their way to the host. */
  viewerState?: MutableRefObject<ViewerStateAccess | undefined>;
}

const NO_VERSIONS: Record<string, number> = {};

/** What the shell asks of the viewer when the reader saves results. */
export interface ViewerStateAccess {
  /** What each stack viewport shows, to keep as presentation states. */
  presentations(): ViewportPresentation[];
  /** Resolves once the measurements and key image marks made here have reached the host. */
  flush(): Promise<void>;
}

/** One display of a hung stage, with the synchronization it takes part in. */
export interface HungView {
  /** Changes when the stage or the protocol changes: the layout is laid out anew. */
  key: string;
  /** The protocol and stage that hung it ("Save as protocol…" starts from them). */
  protocolId: string;
  stage: number;
  display: HungDisplay;
  syncGroups: SyncGroup[];
  bus: SyncBus;
}

/**
 * The reading area of one window: series strip, toolbar and a grid of stack viewports drawn by one
 * shared WebGL context. Until the hanging-protocol engine lands, a study opens as its image series in
 * a grid. Measurements are saved with the study in the cache as they change.
 */
export function ViewerWorkspace({ client, studyUid, revision = 0, hung, metadata: opened, annotationVersions, overlays, viewerState }: ViewerWorkspaceProps) {
  const grid = useRef<HTMLDivElement>(null);
  const [renderWindow, setRenderWindow] = useState<SharedRenderWindow>();
  const [thumbnailsWanted, setThumbnailsWanted] = useState(false);
  // Background prefetch after the first paints: on 2 cores it held back the fused image by ~100 ms.
  const loader = useMemo(() => new FrameLoader(client, { prefetchAfter: whenFirstPaintsDone() }), [client]);
  // Asked for at once, beside the series list (see StudyMetadataSource).
  // Re-read when images of this study arrive (a retrieve in progress): new series and new images appear.
  const metadata = useMemo(() => opened ?? new StudyMetadataSource(client, studyUid), [opened, client, studyUid, revision]);
  const studyHeaders = useCallback((seriesUid: string) => metadata.series(seriesUid), [metadata]);
  // Viewports of other studies (priors hung beside the current one) read their own study's metadata.
  const otherStudies = useMemo(() => new Map<string, StudyMetadataSource>(), [client, revision]);
  const metadataFor = (uid: string | undefined): StudyMetadataSource => {
    if (!uid || uid === studyUid) return metadata;
    let source = otherStudies.get(uid);
    if (!source) otherStudies.set(uid, (source = new StudyMetadataSource(client, uid)));
    return source;
  };
  const [cellStudies, setCellStudies] = useState<(string | undefined)[]>([]);
  const [series, setSeries] = useState<DicomJsonDataset[]>([]);
  const [layout, setLayout] = useState({ rows: 1, columns: 1 });
  const [assigned, setAssigned] = useState<(string | undefined)[]>([]);
  const [active, setActive] = useState(0);
  const [tool, setTool] = useState<ToolName>('windowLevel');
  const [shown, setShown] = useState<Record<number, ShownImage | undefined>>({});
  const shownCallbacks = useMemo(
    () => Array.from({ length: 16 }, (_, i) => (image: ShownImage | undefined) => setShown((all) => (all[i] === image ? all : { ...all, [i]: image }))),
    [],
  );
  /** MPR/3D of one series in place of the stack grid (the grid's state is kept for the way back). */
  const [editing, setEditing] = useState<HangingProtocol>();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  /** Each viewport's window as shown: the tool bar's W/L fields follow the active one (they always read 400/40). */
  const [windows, setWindows] = useState<Record<number, { center: number; width: number } | undefined>>({});
  const windowCallbacks = useMemo(
    () => Array.from({ length: 16 }, (_, i) => (w: { center: number; width: number } | undefined) => setWindows((all) => (all[i]?.center === w?.center && all[i]?.width === w?.width ? all : { ...all, [i]: w }))),
    [],
  );
  const [reformat, setReformat] = useState<{ layout: MprLayout; studyUid: string; seriesUid: string; preset?: string }>();
  const mprCommands = useRef<ViewportCommands>(null);
  const cells = layout.rows * layout.columns;
  // Each series on screen with its study: measurements on a prior are kept with the prior.
  const seriesStudies = useMemo(() => new Map(assigned.flatMap((uid, i) => (uid && cellStudies[i] ? [[uid, cellStudies[i]!] as const] : []))), [assigned, cellStudies]);
  const { measurements, setMeasurements, saveState, flush: flushMeasurements } = useStudyMeasurements(client, studyUid, seriesStudies, annotationVersions ?? NO_VERSIONS);
  const keyImages = useKeyImages(client, studyUid, annotationVersions?.[studyUid] ?? 0);
  const [goTo, setGoTo] = useState<{ cell: number; sopInstanceUid: string; frame: number; nonce: number }>();
  // Key images are the current study's: a prior's image is not marked from here.
  const activeShown = !cellStudies[active] || cellStudies[active] === studyUid ? shown[active]?.geometry : undefined;
  const toggleKeyImage = () => {
    // The image the active viewport shows now (its last render), not the one last reported to this
    // component: a k pressed right after a scroll marks the image on screen.
    const now = !cellStudies[active] || cellStudies[active] === studyUid ? commandRefs[active]?.current?.presentation?.() : undefined;
    if (now) keyImages.toggle({ seriesInstanceUid: now.seriesInstanceUid, sopInstanceUid: now.sopInstanceUid, frame: now.frame });
  };
  const pickKeyImage = (k: StoredKeyImage) => {
    const showing = assigned.findIndex((uid, i) => uid === k.seriesInstanceUid && (!cellStudies[i] || cellStudies[i] === studyUid));
    const cell = showing >= 0 ? showing : active;
    if (showing < 0) assign(cell, k.seriesInstanceUid, studyUid);
    setActive(cell);
    setGoTo({ cell, sopInstanceUid: k.sopInstanceUid, frame: k.frame, nonce: (goTo?.nonce ?? 0) + 1 });
  };
  const commandRefs = useMemo(() => Array.from({ length: 16 }, () => createRef<ViewportCommands>()), []) as RefObject<ViewportCommands | null>[];

  useLayoutEffect(() => {
    performance.mark(OPEN_STUDY_MARK);
    const rw = takeRenderWindow(grid.current!);
    publishRenderWindow(rw);
    publishFrameCache(() => loader.cache.size);
    setRenderWindow(rw);
    // Thumbnails are rendered by the host too: ask for them once the first image is on screen.
    let live = true;
    const later = () => live && setThumbnailsWanted(true);
    void rw.whenFirstImage().then(later);
    const fallback = setTimeout(later, 3000);
    return () => {
      live = false;
      clearTimeout(fallback);
      releaseRenderWindow(rw);
    };
  }, []);

  const laidOut = useRef(false);
  useEffect(() => {
    if (!hung) return;
    laidOut.current = true;
    const layout = hung.display.layout;
    const count = hung.display.viewports.length;
    setLayout(layout.kind === 'grid' ? { rows: layout.rows, columns: layout.columns } : { rows: 1, columns: Math.max(1, count) });
    setAssigned(hung.display.viewports.map((v) => v.seriesInstanceUid));
    setCellStudies(hung.display.viewports.map((v) => v.studyInstanceUid));
    setActive(0);
    // MPR planes, 3D or MIP viewports in the protocol: this display opens as that reformat.
    const asked = hungReformat(hung.display.viewports);
    setReformat(asked ? { layout: asked.layout, seriesUid: asked.seriesUid, studyUid: asked.studyUid ?? studyUid, ...(asked.preset ? { preset: asked.preset } : {}) } : undefined);
    // Laid out once per stage and display; the series list refreshing must not undo it.
  }, [hung?.key]);

  useEffect(() => {
    let live = true;
    client.call('qidoSeries', { params: { studyUid } }).then((rows) => {
      if (!live) return;
      markOnce('lightbox-series-listed');
      const images = imageSeries(rows);
      setSeries(images);
      const uids = images.map((s) => String(s['0020000E']?.Value?.[0] ?? ''));
      // A hung layout keeps its empty viewports empty: the protocol found nothing for them.
      if (hung) return;
      if (laidOut.current) {
        // Series that arrived since: into the cells still empty, the layout as the reader left it.
        setAssigned((current) => {
          const fresh = uids.filter((u) => !current.includes(u));
          return current.map((u) => u ?? fresh.shift()).concat(Array.from({ length: Math.max(0, cells - current.length) }, () => fresh.shift())).slice(0, Math.max(cells, current.length));
        });
        return;
      }
      if (images.length === 0) return;
      laidOut.current = true;
      const g = defaultGrid(images.length);
      setLayout(g);
      setAssigned(uids.slice(0, g.rows * g.columns));
      setActive(0);
    });
    return () => {
      live = false;
    };
  }, [client, studyUid, revision]);

  // The strip lists the series of the study in the active viewport (a prior's, on a prior's viewport).
  // The reader may switch the strip to the other study (the current one's series onto a prior's display).
  const [stripChoice, setStripChoice] = useState<{ cell: number; study: string }>();
  const activeStudy = cellStudies[active] ?? studyUid;
  const stripStudy = stripChoice?.cell === active ? stripChoice.study : activeStudy;
  const [otherSeries, setOtherSeries] = useState<{ uid: string; rows: DicomJsonDataset[] }>();
  useEffect(() => {
    if (stripStudy === studyUid) return;
    let live = true;
    client.call('qidoSeries', { params: { studyUid: stripStudy } }).then((rows) => live && setOtherSeries({ uid: stripStudy, rows: imageSeries(rows) }));
    return () => {
      live = false;
    };
  }, [client, stripStudy, studyUid]);
  const stripSeries = stripStudy === studyUid ? series : otherSeries?.uid === stripStudy ? otherSeries.rows : [];
  const currentDate = useStudyDate(client, studyUid);
  const stripPrior = useStudyDate(client, stripStudy);

  const activeCommands = (): ViewportCommands | null => (reformat ? mprCommands.current : (commandRefs[active]?.current ?? null));
  const openReformat = (layout: MprLayout) => {
    const seriesUid = reformat?.seriesUid ?? assigned[active];
    if (seriesUid) setReformat({ layout, seriesUid, studyUid: reformat?.studyUid ?? cellStudies[active] ?? studyUid });
  };
  const syncs = useMemo(
    () =>
      hung?.display.viewports.map((v) => (v.sync.length ? { bus: hung.bus, groups: hung.syncGroups.filter((g) => v.sync.includes(g.id)) } : undefined)) ?? [],
    [hung?.key, hung?.bus],
  );
  const syncFor = (i: number) => syncs[i];
  // A cell keeps its protocol's window and sync only while it shows the series the protocol put there.
  const hungHere = (i: number): boolean => !!hung && assigned[i] !== undefined && assigned[i] === hung.display.viewports[i]?.seriesInstanceUid;

  const [presentationsOff, setPresentationsOff] = useState(false);
  const [fusion, setFusion] = useState<FusionView>();
  // Per viewport in the stack grid: a protocol's fused viewports open fused; the controls switch the active one.
  const viewportFusion = useViewportFusion({ client, studyUid, hung: hung ? { key: hung.key, viewports: hung.display.viewports } : undefined, assigned, active, stackHidden: !!reformat, studyHeaders });
  const { onControls } = viewportFusion;
  const onFusionControls = useCallback((view: FusionView | undefined) => (setFusion(view), onControls(view)), [onControls]);
  // The fusion follows the MPR too: checked against the reformatted series' Frame of Reference.
  const reformatFrame = useSeriesFrameOfReference(reformat ? metadataFor(reformat.studyUid) : undefined, reformat?.seriesUid);
  const tags = useTagBrowser(() => {
    const image = commandRefs[active]?.current?.presentation?.();
    return image ? { image, headers: metadataFor(cellStudies[active]) } : undefined;
  });
  useViewerKeys({ activeCommands, cells, setActive, setTool, showShortcuts: () => setShortcutsOpen(true), stackShown: !reformat, toggleKeyImage, togglePresentations: () => setPresentationsOff((v) => !v), showTags: tags.show });
  if (viewerState)
    viewerState.current = {
      presentations: () => (reformat ? [] : commandRefs.slice(0, cells).flatMap((r) => r.current?.presentation?.() ?? [])),
      flush: () => Promise.all([flushMeasurements(), keyImages.settled()]).then(() => undefined),
    };

  function assign(position: number, seriesUid: string, fromStudy = stripStudy) {
    setAssigned((a) => {
      const next = [...a];
      next[position] = seriesUid;
      return next;
    });
    // The strip shows the series of the active viewport's study: a cell given one reads that study.
    setCellStudies((c) => {
      const next = [...c];
      next[position] = fromStudy === studyUid ? undefined : fromStudy;
      return next;
    });
  }

  return (
    <div className="viewer-workspace" data-testid="viewer-workspace">
      <ViewerToolbar
        tool={tool}
        onTool={setTool}
        layout={layout}
        onLayout={setLayout}
        commands={activeCommands}
        saveState={saveState}
        activeWindow={reformat ? undefined : windows[active]}
        onReformat={reformat ? undefined : openReformat}
        onSaveProtocol={
          reformat ? undefined : () => void screenProtocol(client, studyUid, assigned, layout, hung ? { protocolId: hung.protocolId, stage: hung.stage, display: hung.display } : undefined).then(setEditing)
        }
      />
      <FusionControls client={client} studyUid={studyUid} series={series} frameOfReferenceUid={reformat ? reformatFrame : shown[active]?.frameOfReferenceUid} fused={viewportFusion.activeFused} onChange={onFusionControls} />
      {editing && <ProtocolEditorDialog client={client} initial={editing} onClose={() => setEditing(undefined)} />}
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
      {tags.dialog}
      <div className="viewer-body">
        <SeriesStrip
          thumbnails={thumbnailsWanted}
          client={client}
          studyUid={stripStudy}
          series={stripSeries}
          shown={assigned}
          onPick={(uid) => assign(active, uid)}
          label={priorLabel(stripPrior, currentDate, stripStudy !== studyUid)}
          switchTo={
            stripStudy !== studyUid
              ? { label: 'Current study', onSwitch: () => setStripChoice({ cell: active, study: studyUid }) }
              : activeStudy !== studyUid
                ? { label: 'Prior study', onSwitch: () => setStripChoice({ cell: active, study: activeStudy }) }
                : undefined
          }
        />
        <div className="viewer-main">
          {!reformat && (
            <KeyImageStrip
              keyImages={keyImages.keyImages}
              documents={(overlays ?? []).flatMap((o) => (o.kind === 'ko' ? [{ sopInstanceUid: o.sopInstanceUid, title: o.title, images: o.images.map((i) => ({ ...i, id: `${i.sopInstanceUid}#${i.frame}` })) }] : []))}
              activeMarked={!!activeShown && keyImages.ids.has(`${activeShown.sopInstanceUid}#${activeShown.frame}`)}
              canMark={!!activeShown}
              onToggle={toggleKeyImage}
              onPick={pickKeyImage}
              describe={(k) => {
                const row = series.find((s) => s['0020000E']?.Value?.[0] === k.seriesInstanceUid);
                return `Se ${String(row?.['00200011']?.Value?.[0] ?? '?')} · ${k.frame > 1 ? `frame ${k.frame} of ` : ''}${k.sopInstanceUid.slice(-6)}`;
              }}
            />
          )}
          <div
            ref={grid}
            className="viewport-grid"
            style={reformat ? undefined : { gridTemplateRows: `repeat(${layout.rows}, 1fr)`, gridTemplateColumns: `repeat(${layout.columns}, 1fr)` }}
          >
            {renderWindow && reformat && (
              <div className="viewport-cell mpr-host">
                <MprWorkspace
                  client={client}
                  renderWindow={renderWindow}
                  studyUid={reformat.studyUid}
                  seriesUid={reformat.seriesUid}
                  layout={reformat.layout}
                  initialPreset={reformat.preset}
                  onLayout={(l) => setReformat({ ...reformat, layout: l })}
                  onClose={() => setReformat(undefined)}
                  commands={mprCommands}
                  {...(overlays ? { overlays } : {})}
                  {...(fusion ? { fusion: { view: fusion, frameOfReferenceUid: reformatFrame } } : {})}
                />
              </div>
            )}
            {renderWindow &&
              !reformat &&
              Array.from({ length: cells }, (_, i) => (
                <div
                  key={i}
                  className="viewport-cell"
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => {
                    const uid = e.dataTransfer.getData('application/x-lightbox-series');
                    if (uid) assign(i, uid);
                  }}
                >
                  {hungHere(i) && hung?.display.viewports[i]?.type === 'mip' ? (
                    <PetMipCell
                      client={client}
                      renderWindow={renderWindow}
                      studyUid={cellStudies[i] ?? studyUid}
                      seriesUid={assigned[i]!}
                      active={i === active}
                      onActivate={() => setActive(i)}
                      // The hottest voxel under the click: every stack of the display to its slice.
                      onPoint={(p) => commandRefs.slice(0, cells).forEach((r, j) => j !== i && r.current?.goToPoint?.(p))}
                    />
                  ) : (
                  <StackViewport
                    ref={commandRefs[i]}
                    loader={loader}
                    metadata={metadataFor(cellStudies[i])}
                    renderWindow={renderWindow}
                    studyUid={cellStudies[i] ?? studyUid}
                    priorOf={cellStudies[i] && cellStudies[i] !== studyUid ? currentDate : undefined}
                    initialPreset={hungHere(i) ? hung?.display.viewports[i]?.windowPreset : undefined}
                    sync={hungHere(i) ? syncFor(i) : undefined}
                    seriesUid={assigned[i]}
                    position={i}
                    active={i === active}
                    tool={tool}
                    measurements={measurements}
                    activeImage={shown[active]}
                    onShownImage={shownCallbacks[i]!}
                    onWindow={windowCallbacks[i]!}
                    onActivate={() => setActive(i)}
                    onTool={setTool}
                    onMeasurementsChange={(update) => setMeasurements(update)}
                    keyImageIds={keyImages.ids}
                    presentationsOff={presentationsOff}
                    fusion={viewportFusion.views[i]}
                    {...(overlays ? { overlays } : {})}
                    {...(goTo?.cell === i ? { goTo } : {})}
                  />
                  )}
                </div>
              ))}
          </div>
        </div>
      </div>
    </div>
  );
}
