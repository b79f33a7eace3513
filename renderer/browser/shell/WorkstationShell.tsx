import { useEffect, useState } from 'react';
import type { HostInfo } from '../../../electron/common/contract/hostContract';
import type { HostConnection } from '../host/hostConnection';
import { StatusBar } from './StatusBar';
import { StudyListPanel } from './StudyListPanel';
import { ViewportArea } from './ViewportArea';

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

  useEffect(() => {
    hostInfo.then(setInfo, (e: unknown) => setError(String(e)));
    return host.onEvent((event) => {
      if (event.type === 'onDidOpenStudy') setOpenStudyUid(event.studyInstanceUid);
    });
  }, [host, hostInfo]);

  useEffect(() => {
    // Signals tests and the cold-start benchmark that the shell has talked to the host.
    if (!info || document.body.dataset.shellReady) return;
    document.body.dataset.shellReady = 'true';
    performance.mark(SHELL_READY_MARK);
  }, [info]);

  return (
    <div className="shell" data-testid="workstation-shell">
      <header className="toolbar" role="toolbar" aria-label="Tools">
        <span className="brand">Lightbox</span>
        <span className="toolbar-spacer" />
        <span className="display-badge" title="This window's display">
          Display {displayId}
        </span>
      </header>
      <StudyListPanel host={host} onOpenStudy={(uid) => setOpenStudyUid(uid)} />
      <ViewportArea studyInstanceUid={openStudyUid} />
      <StatusBar info={info} error={error} />
    </div>
  );
}
