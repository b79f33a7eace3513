import type { PacsStatus, ReadingStatus, StudySummary } from '../../../electron/common/contract/hostContract';

export interface StudyActionsProps {
  study?: StudySummary;
  pacs?: PacsStatus;
  onOpen(study: StudySummary): void;
  onSetStatus(study: StudySummary, status: ReadingStatus): void;
  onShare(dialog: 'export' | 'second-opinion', study: StudySummary): void;
}

/** What the reader can do with the selected study: open, mark read (or back), export, send for a second opinion. */
export function StudyActions({ study, pacs, onOpen, onSetStatus, onShare }: StudyActionsProps) {
  const status = study?.readingStatus ?? 'unread';
  return (
    <div className="study-actions" data-testid="study-actions">
      <button className="toolbar-button" disabled={!study} onClick={() => study && onOpen(study)} data-testid="study-open">
        Open
      </button>
      {status === 'read' ? (
        <button className="toolbar-button" disabled={!study} onClick={() => study && onSetStatus(study, 'in-progress')} data-testid="study-mark-unread" title="Back to in progress (audited)">
          Mark not read
        </button>
      ) : (
        <button className="toolbar-button" disabled={!study} onClick={() => study && onSetStatus(study, 'read')} data-testid="study-mark-read" title="Reading done (audited)">
          Mark read
        </button>
      )}
      {status !== 'unread' && (
        <button className="toolbar-button" disabled={!study} onClick={() => study && onSetStatus(study, 'unread')} data-testid="study-mark-unread-all" title="Back to unread (audited)">
          Mark unread
        </button>
      )}
      <button className="toolbar-button" disabled={!study} onClick={() => study && onShare('export', study)} data-testid="study-export">
        Export…
      </button>
      <button
        className="toolbar-button"
        disabled={!study || !pacs?.nodes.length}
        title={pacs?.nodes.length ? 'Send the selected study to a node, de-identified or as it is' : 'Add a PACS node first (PACS settings)'}
        onClick={() => study && onShare('second-opinion', study)}
        data-testid="study-second-opinion"
      >
        Second opinion…
      </button>
    </div>
  );
}
