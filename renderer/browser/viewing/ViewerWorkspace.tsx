import { createRef, useCallback, useMemo, useRef, useState, type MutableRefObject, type RefObject } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import { FrameLoader } from './frameLoader';
import { whenFirstPaintsDone } from './afterFirstImages';
import type { StudyMetadataSource } from './studyMetadataSource';
import { SeriesStrip } from './SeriesStrip';
import { ViewerToolbar } from './ViewerToolbar';
import type { ToolName, ViewportCommands } from './viewerTools';
import { MprWorkspace } from '../mpr/MprWorkspace';
import type { HangingProtocol } from '../../../electron/common/hanging/protocolTypes';
import { ProtocolEditorDialog } from '../hanging/ProtocolEditorDialog';
import { screenProtocol } from '../hanging/screenProtocol';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useTagBrowser } from '../tags/useTagBrowser';
import { useViewerKeys } from './useViewerKeys';
import { useStudyMeasurements } from './useStudyMeasurements';
import { useKeyImages } from './useKeyImages';
import { ViewerKeyImageStrip } from './ViewerKeyImageStrip';
import type { ViewerStateAccess } from './viewerStateAccess';
import type { StoredKeyImage } from '../../../electron/common/contract/hostContract';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import { priorLabel } from '../../common/viewing/priorLabel';
import type { MprLayout } from '../mpr/MprToolbar';
import { FusionControls } from '../fusion/FusionControls';
import type { FusionView } from '../../common/fusion/fusionDisplay';
import { useSeriesFrameOfReference } from '../fusion/useSeriesFrameOfReference';
import { useViewportFusion } from '../fusion/useViewportFusion';
import type { HungView } from './hungView';
import { useViewerRenderWindow } from './useViewerRenderWindow';
import { useViewerMetadata } from './useViewerMetadata';
import { useViewportReports } from './useViewportReports';
import { useStudyLayout, type Reformat } from './useStudyLayout';
import { useStripStudy } from './useStripStudy';
import { StackGrid } from './StackGrid';

export type { HungView } from './hungView';
export type { ViewerStateAccess } from './viewerStateAccess';

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

/**
 * The reading area of one window: series strip, toolbar and a grid of stack viewports drawn by one
 * shared WebGL context. Until the hanging-protocol engine lands, a study opens as its image series in
 * a grid. Measurements are saved with the study in the cache as they change.
 */
export function ViewerWorkspace({ client, studyUid, revision = 0, hung, metadata: opened, annotationVersions, overlays, viewerState }: ViewerWorkspaceProps) {
  const grid = useRef<HTMLDivElement>(null);
  // Background prefetch after the first paints: on 2 cores it held back the fused image by ~100 ms.
  const loader = useMemo(() => new FrameLoader(client, { prefetchAfter: whenFirstPaintsDone() }), [client]);
  const { renderWindow, thumbnailsWanted } = useViewerRenderWindow(grid, loader);
  const { studyHeaders, metadataFor } = useViewerMetadata(client, studyUid, opened, revision);
  const [cellStudies, setCellStudies] = useState<(string | undefined)[]>([]);
  const [layout, setLayout] = useState({ rows: 1, columns: 1 });
  const [assigned, setAssigned] = useState<(string | undefined)[]>([]);
  const [active, setActive] = useState(0);
  const [tool, setTool] = useState<ToolName>('windowLevel');
  const reports = useViewportReports();
  const { shown, windows } = reports;
  const [editing, setEditing] = useState<HangingProtocol>();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  /** MPR/3D of one series in place of the stack grid (the grid's state is kept for the way back). */
  const [reformat, setReformat] = useState<Reformat>();
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

  const series = useStudyLayout({ client, studyUid, revision, hung, cells, setLayout, setAssigned, setCellStudies, setActive, setReformat });
  const activeStudy = cellStudies[active] ?? studyUid;
  const { stripStudy, stripSeries, setStripChoice, currentDate, stripPrior } = useStripStudy(client, studyUid, series, active, activeStudy);

  const activeCommands = (): ViewportCommands | null => (reformat ? mprCommands.current : (commandRefs[active]?.current ?? null));
  const openReformat = (layout: MprLayout) => {
    const seriesUid = reformat?.seriesUid ?? assigned[active];
    if (seriesUid) setReformat({ layout, seriesUid, studyUid: reformat?.studyUid ?? cellStudies[active] ?? studyUid });
  };

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
            <ViewerKeyImageStrip keyImages={keyImages.keyImages} ids={keyImages.ids} overlays={overlays} activeShown={activeShown} series={series} onToggle={toggleKeyImage} onPick={pickKeyImage} />
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
            {renderWindow && !reformat && (
              <StackGrid
                cells={cells}
                client={client}
                renderWindow={renderWindow}
                loader={loader}
                studyUid={studyUid}
                hung={hung}
                assigned={assigned}
                cellStudies={cellStudies}
                active={active}
                tool={tool}
                measurements={measurements}
                commandRefs={commandRefs}
                reports={reports}
                currentDate={currentDate}
                keyImageIds={keyImages.ids}
                presentationsOff={presentationsOff}
                fusionViews={viewportFusion.views}
                metadataFor={metadataFor}
                onActivate={setActive}
                onTool={setTool}
                onMeasurementsChange={(update) => setMeasurements(update)}
                onAssign={(i, uid) => assign(i, uid)}
                {...(overlays ? { overlays } : {})}
                {...(goTo ? { goTo } : {})}
              />
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
