import { useMemo, type RefObject } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { StoredMeasurement } from '../../../electron/common/contract/hostContract';
import type { FusionView } from '../../common/fusion/fusionDisplay';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import { PetMipCell } from '../pet/PetMipCell';
import type { FrameLoader } from './frameLoader';
import type { HungView } from './hungView';
import type { SharedRenderWindow } from './sharedRenderWindow';
import { StackViewport } from './StackViewport';
import type { StudyMetadataSource } from './studyMetadataSource';
import type { ViewportReports } from './useViewportReports';
import type { ToolName, ViewportCommands } from './viewerTools';

export interface StackGridProps {
  cells: number;
  client: HostClient;
  renderWindow: SharedRenderWindow;
  loader: FrameLoader;
  /** The open study; a cell of another study (a prior) says so in `cellStudies`. */
  studyUid: string;
  hung: HungView | undefined;
  assigned: (string | undefined)[];
  cellStudies: (string | undefined)[];
  active: number;
  tool: ToolName;
  measurements: StoredMeasurement[];
  commandRefs: RefObject<ViewportCommands | null>[];
  reports: ViewportReports;
  /** The open study's date: a prior's viewport is labelled with its interval from it. */
  currentDate: string;
  keyImageIds: ReadonlySet<string>;
  presentationsOff: boolean;
  fusionViews: (FusionView | undefined)[];
  overlays?: ResultOverlay[];
  goTo?: { cell: number; sopInstanceUid: string; frame: number; nonce: number };
  metadataFor(studyUid: string | undefined): StudyMetadataSource;
  onActivate(cell: number): void;
  onTool(tool: ToolName): void;
  onMeasurementsChange(update: (all: StoredMeasurement[]) => StoredMeasurement[]): void;
  /** A series dropped on a cell. */
  onAssign(cell: number, seriesUid: string): void;
}

/** The cells of the stack grid: a stack viewport each, or a protocol's rotating PET MIP. */
export function StackGrid(props: StackGridProps) {
  const { cells, client, renderWindow, studyUid, hung, assigned, cellStudies, active, commandRefs, reports, overlays, goTo } = props;
  const syncs = useMemo(
    () =>
      hung?.display.viewports.map((v) => (v.sync.length ? { bus: hung.bus, groups: hung.syncGroups.filter((g) => v.sync.includes(g.id)) } : undefined)) ?? [],
    [hung?.key, hung?.bus],
  );
  const syncFor = (i: number) => syncs[i];
  // A cell keeps its protocol's window and sync only while it shows the series the protocol put there.
  const hungHere = (i: number): boolean => !!hung && assigned[i] !== undefined && assigned[i] === hung.display.viewports[i]?.seriesInstanceUid;
  return (
    <>
      {Array.from({ length: cells }, (_, i) => (
        <div
          key={i}
          className="viewport-cell"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            const uid = e.dataTransfer.getData('application/x-lightbox-series');
            if (uid) props.onAssign(i, uid);
          }}
        >
          {hungHere(i) && hung?.display.viewports[i]?.type === 'mip' ? (
            <PetMipCell
              client={client}
              renderWindow={renderWindow}
              studyUid={cellStudies[i] ?? studyUid}
              seriesUid={assigned[i]!}
              active={i === active}
              onActivate={() => props.onActivate(i)}
              // The hottest voxel under the click: every stack of the display to its slice.
              onPoint={(p) => commandRefs.slice(0, cells).forEach((r, j) => j !== i && r.current?.goToPoint?.(p))}
            />
          ) : (
            <StackViewport
              ref={commandRefs[i]}
              loader={props.loader}
              metadata={props.metadataFor(cellStudies[i])}
              renderWindow={renderWindow}
              studyUid={cellStudies[i] ?? studyUid}
              priorOf={cellStudies[i] && cellStudies[i] !== studyUid ? props.currentDate : undefined}
              initialPreset={hungHere(i) ? hung?.display.viewports[i]?.windowPreset : undefined}
              sync={hungHere(i) ? syncFor(i) : undefined}
              seriesUid={assigned[i]}
              position={i}
              active={i === active}
              tool={props.tool}
              measurements={props.measurements}
              activeImage={reports.shown[active]}
              onShownImage={reports.shownCallbacks[i]!}
              onWindow={reports.windowCallbacks[i]!}
              onActivate={() => props.onActivate(i)}
              onTool={props.onTool}
              onMeasurementsChange={(update) => props.onMeasurementsChange(update)}
              keyImageIds={props.keyImageIds}
              presentationsOff={props.presentationsOff}
              fusion={props.fusionViews[i]}
              {...(overlays ? { overlays } : {})}
              {...(goTo?.cell === i ? { goTo } : {})}
            />
          )}
        </div>
      ))}
    </>
  );
}
