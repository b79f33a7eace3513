import { useEffect, useState } from 'react';
import type { ReadingStatus } from '../../../electron/common/contract/hostContract';
import { READING_STATUS_LABELS } from '../../../electron/common/studies/readingStatus';
import type { HostConnection } from '../host/hostConnection';

/**
 * The open study's reading status in the toolbar: "Mark read" ends the reading (audited on the
 * host); a read study can be set back to in progress. Kept current by `onDidChangeReadingStatus`.
 */
export function ReadingStatusButton({ host, studyUid }: { host: HostConnection; studyUid: string }) {
  const [status, setStatus] = useState<ReadingStatus>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    host.client.call('searchStudies', { query: { studyInstanceUid: studyUid } }).then(
      ([row]) => live && setStatus(row?.readingStatus ?? 'unread'),
      (e: unknown) => live && setError(String(e)),
    );
    const off = host.onEvent((event) => {
      if (event.type === 'onDidChangeReadingStatus' && event.status.studyInstanceUid === studyUid) setStatus(event.status.status);
    });
    return () => {
      live = false;
      off();
    };
  }, [host, studyUid]);
  if (!status) return null;
  const next: ReadingStatus = status === 'read' ? 'in-progress' : 'read';
  const set = (): void => {
    host.client.call('putReadingStatus', { params: { studyUid }, body: { status: next } }).then(
      (saved) => {
        setStatus(saved.status);
        setError(undefined);
      },
      (e: unknown) => setError(String(e)),
    );
  };
  return (
    <button
      className="toolbar-button"
      onClick={set}
      aria-pressed={status === 'read'}
      title={error ?? `Reading status: ${READING_STATUS_LABELS[status]}. ${status === 'read' ? 'Set back to in progress' : 'Mark the study read'} (audited).`}
      data-testid="toolbar-reading-status"
      data-status={status}
    >
      {status === 'read' ? 'Read ✓' : 'Mark read'}
    </button>
  );
}
