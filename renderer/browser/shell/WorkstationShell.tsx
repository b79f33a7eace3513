import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HostInfo } from '../../../electron/common/contract/hostContract';
import type { HostConnection } from '../host/hostConnection';
import { StatusBar } from './StatusBar';
import { StudyBrowser } from '../studyBrowser/StudyBrowser';
import { useEscapeToBrowser } from '../studyBrowser/useEscapeToBrowser';
import { ReadingStatusButton } from '../studyBrowser/ReadingStatusButton';
import { ViewportArea } from './ViewportArea';
import { ViewerWorkspace, type ViewerStateAccess } from '../viewing/ViewerWorkspace';
import { StudyMetadataSource } from '../viewing/studyMetadataSource';
import { launchCommand } from './launchParameters';
import { PacsStatusBar } from './PacsStatusBar';
import { PacsNodesDialog } from './PacsNodesDialog';
import { usePacsStatus } from './usePacsStatus';
import { useHanging } from './useHanging';
import { forgetStudiesFusionSources } from '../fusion/loadFusionSource';
import { notifySuvOverridesChanged } from '../fusion/suvOverridesBus';
import { useHostState } from './useHostState';
import { ResultsPanel } from '../results/ResultsPanel';
import { useStudyResults } from '../results/useStudyResults';
import { useResultOverlays } from '../results/useResultOverlays';
import { DEFAULT_SEGMENT_STYLE, segmentKey, type SegmentStyle } from '../../common/results/resultOverlay';

/** Performance mark set once the shell has painted and talked to the host (cold-start benchmark). */
export const SHELL_READY_MARK = 'lightbox-shell-ready';

export interface WorkstationShellProps {
  host: HostConnection;
  displayId: string;
  /** Requested before React starts, so the answer is usually there by the first render. */
  hostInfo: Promise<HostInfo>;
}

/** The reading-room screen: toolbar, study list panel, viewport area, status bar. */
export function WorkstationShell({ host, displayId, hostInfo }: WorkstationShellProps) {
  const [info, setInfo] = useState<HostInfo>();
  const [error, setError] = useState<string>();
  const [openStudyUid, setOpenStudyUid] = useState<string>();
  const [launchMessage, setLaunchMessage] = useState<string>();
  const [listHidden, setListHidden] = useState(false);
  /** The study browser is on screen: the whole window while no study is open, over the viewer when called back. */
  const browsing = !(openStudyUid && listHidden);
  const showViewer = useCallback(() => setListHidden(true), []);
  useEscapeToBrowser(!browsing, useCallback(() => setListHidden(false), []));
  const pacs = usePacsStatus(host);
  const hostState = useHostState(host);
  const [arrivals, setArrivals] = useState(0);
  const [nodesOpen, setNodesOpen] = useState(false);
  const hanging = useHanging(host, openStudyUid, displayId);
  const [resultsOpen, setResultsOpen] = useState(false);
  const [shownResults, setShownResults] = useState<ReadonlySet<string>>(new Set());
  const [resultsRevision, setResultsRevision] = useState(0);
  const viewerState = useRef<ViewerStateAccess | undefined>(undefined);
  const results = useStudyResults(host.client, openStudyUid, arrivals + resultsRevision);
  const loaded = useResultOverlays(host.client, openStudyUid, results.results, shownResults);
  const [segmentStyles, setSegmentStyles] = useState<Record<string, SegmentStyle>>({});
  // Segment visibility and opacity ride on the overlays the viewports draw.
  const overlays = useMemo(
    () => ({ ...loaded, overlays: loaded.overlays.map((o) => (o.kind === 'seg' ? { ...o, style: (n: number) => segmentStyles[segmentKey(o.sopInstanceUid, n)] ?? DEFAULT_SEGMENT_STYLE } : o)) }),
    [loaded, segmentStyles],
  );
  const [annotationVersions, setAnnotationVersions] = useState<Record<string, number>>({});
  // The study's metadata is asked for as it opens, beside the hanging, not after the layout is known.
  const metadata = useMemo(() => (openStudyUid ? new StudyMetadataSource(host.client, openStudyUid) : undefined), [host, openStudyUid, arrivals]);
  useEffect(
    () =>
      host.onEvent((event) => {
        if (event.type === 'onDidChangeStudies') forgetStudiesFusionSources(event.studyInstanceUids);
        if (event.type === 'onDidChangeStudies' && openStudyUid && event.studyInstanceUids.includes(openStudyUid)) setArrivals((n) => n + 1);
        // Another window (or this one) saved a study's measurements: the viewer merges the new version.
        if (event.type === 'onDidChangeAnnotations') setAnnotationVersions((v) => ((v[event.studyInstanceUid] ?? 0) >= event.version ? v : { ...v, [event.studyInstanceUid]: event.version }));
        // Another window changed a PET's SUV inputs: its fusion and SUV tools here reload with them.
        if (event.type === 'onDidChangeSuvOverrides') notifySuvOverridesChanged(event.seriesInstanceUid);
      }),
    [host, openStudyUid],
  );

  useEffect(() => {
    hostInfo.then(setInfo, (e: unknown) => setError(String(e)));
    return host.onEvent((event) => {
      if (event.type === 'onDidOpenStudy') {
        setOpenStudyUid(event.studyInstanceUid);
        setListHidden(true);
      }
    });
  }, [host, hostInfo]);

  // A study asked for in the URL (RIS/worklist launch) opens through the host, which checks the cache.
  useEffect(() => {
    const command = launchCommand(window.location.search);
    if (!command) return;
    host.client.call('openStudy', { body: command }).then(
      (r) => {
        if (r.accepted && r.studyInstanceUid) {
          setOpenStudyUid(r.studyInstanceUid);
          setListHidden(true);
        } else setLaunchMessage(r.message);
      },
      (e: unknown) => setLaunchMessage(String(e)),
    );
  }, [host]);

  useEffect(() => {
    // Signals tests and the cold-start benchmark that the shell has talked to the host.
    if (!info || document.body.dataset.shellReady) return;
    document.body.dataset.shellReady = 'true';
    performance.mark(SHELL_READY_MARK);
  }, [info]);

  return (
    <div className={`shell ${openStudyUid ? 'list-hidden' : 'browsing'}`} data-testid="workstation-shell">
      <header className="toolbar" role="toolbar" aria-label="Tools">
        <span className="brand">Lightbox</span>
        {openStudyUid && (
          <button className="toolbar-button" onClick={() => setListHidden((h) => !h)} aria-pressed={!listHidden} data-testid="toggle-study-list">
            Studies
          </button>
        )}
        {hanging.result && !hanging.result.protocol.isDefault && (
          <span className="stage-badge" data-testid="stage-badge" title={`Hanging protocol ${hanging.result.protocol.name}; n / Shift+n: next / previous stage`}>
            {hanging.result.protocol.name} · {hanging.result.stages[hanging.stage]?.name} ({hanging.stage + 1}/{hanging.result.stages.length})
          </span>
        )}
        {launchMessage && (
          <span className="launch-message" role="alert" data-testid="launch-message">
            {launchMessage}
          </span>
        )}
        <span className="toolbar-spacer" />
        {openStudyUid && <ReadingStatusButton host={host} studyUid={openStudyUid} />}
        {openStudyUid && (
          <button className="toolbar-button" onClick={() => setResultsOpen((o) => !o)} aria-pressed={resultsOpen} data-testid="toggle-results">
            Results{results.results.length ? ` (${results.results.length})` : ''}
          </button>
        )}
        {pacs && (
          <button className="toolbar-button" onClick={() => setNodesOpen(true)} data-testid="open-pacs-nodes">
            PACS
          </button>
        )}
        <span className="display-badge" title="This window's display">
          Display {displayId}
        </span>
      </header>
      <StudyBrowser
        host={host}
        pacs={pacs}
        shown={browsing}
        {...(openStudyUid ? { onBack: showViewer } : {})}
        onOpenStudy={(uid) => {
          setOpenStudyUid(uid);
          setListHidden(true);
        }}
      />
      {openStudyUid && hanging.ready ? <ViewerWorkspace key={openStudyUid} client={host.client} studyUid={openStudyUid} revision={arrivals} hung={hanging.view} metadata={metadata} annotationVersions={annotationVersions} overlays={overlays.overlays} viewerState={viewerState} /> : openStudyUid && <ViewportArea />}
      {openStudyUid && resultsOpen && (
        <ResultsPanel
          results={results.results}
          {...(results.error || overlays.problems.length ? { error: [results.error, ...overlays.problems].filter(Boolean).join('; ') } : {})}
          shown={shownResults}
          onToggle={(sop, on) => setShownResults((s) => (on ? new Set([...s, sop]) : new Set([...s].filter((x) => x !== sop))))}
          onClose={() => setResultsOpen(false)}
          aiRequests={results.aiRequests}
          aiNodes={pacs?.nodes.filter((n) => n.aiService).map((n) => n.name) ?? []}
          overlays={overlays.overlays}
          segmentStyles={segmentStyles}
          onSegmentStyle={(key, style) => setSegmentStyles((s) => ({ ...s, [key]: style }))}
          client={host.client}
          studyUid={openStudyUid}
          sendNodes={pacs?.nodes.filter((n) => !n.aiService).map((n) => n.name) ?? []}
          onSave={async (request) => {
            // The last measurement drawn may still be on its way to the host: the report must hold it.
            await viewerState.current?.flush();
            const saved = await host.client.call('saveStudyResults', { params: { studyUid: openStudyUid }, body: { ...request, presentations: viewerState.current?.presentations() ?? [] } });
            setResultsRevision((n) => n + 1);
            return saved;
          }}
          onSendToAi={(node) => void host.client.call('sendToPacs', { params: { node }, body: { studyInstanceUid: openStudyUid } }).then(() => setResultsRevision((n) => n + 1))}
        />
      )}
      {nodesOpen && pacs && <PacsNodesDialog host={host} status={pacs} onClose={() => setNodesOpen(false)} />}
      <StatusBar info={info} error={error} hostState={hostState}>
        <PacsStatusBar status={pacs} />
      </StatusBar>
    </div>
  );
}
