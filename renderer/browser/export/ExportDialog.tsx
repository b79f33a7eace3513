import { useEffect, useState } from 'react';
import { readerMessage } from '../../../electron/common/contract/hostClient';
import type { HostInfo, StudySummary } from '../../../electron/common/contract/hostContract';
import type { ExportJob } from '../../../electron/common/export/exportJob';
import { formatPersonName } from '../../common/formatDicomValues';
import { EXPORT_CHOICES, exportRequestOf, type DeidentifyForm, type ExportChoice } from '../../common/export/exportForm';
import type { HostConnection } from '../host/hostConnection';
import { Dialog } from '../shell/Dialog';
import { DeidentifyFields } from './DeidentifyFields';
import './exportDialogs.css';

export interface ExportDialogProps {
  host: HostConnection;
  study: Pick<StudySummary, 'studyInstanceUid' | 'patientName' | 'studyDescription'>;
  onClose(): void;
}

/** A later word on the job wins, except that a finished job never goes back to running (an event overtaken by a poll). */
function later(current: ExportJob | undefined, next: ExportJob): ExportJob {
  if (!current || current.id !== next.id) return next;
  if (current.state !== 'running') return current;
  return next.state !== 'running' || next.progress.instancesDone >= current.progress.instancesDone ? next : current;
}

function statusText(job: ExportJob): string {
  const { progress, result } = job;
  switch (job.state) {
    case 'running':
      return progress.phase === 'dicomdir' ? 'Writing the DICOMDIR…' : progress.phase === 'image' ? 'Writing the ISO image…' : `Writing ${progress.instancesDone} of ${progress.instancesTotal || '…'} instances (${job.percent} %)`;
    case 'done':
      return `Done: ${result?.instances ?? 0} instances, ${((result?.bytes ?? 0) / 2 ** 20).toFixed(1)} MiB written to ${job.request.out}`;
    case 'cancelled':
      return 'Cancelled: nothing was written.';
    case 'failed':
      return `Failed: ${job.error ?? 'no reason given'} (nothing was written)`;
  }
}

/**
 * Export a study from the study list: destination, format (folder, zip, PDI media, ISO), optional
 * de-identification; the host runs it as a job, and its progress shows here until it is done.
 */
export function ExportDialog({ host, study, onClose }: ExportDialogProps) {
  const [destination, setDestination] = useState('');
  const [choice, setChoice] = useState<ExportChoice>('pdi');
  const [deidentify, setDeidentify] = useState<DeidentifyForm>({ enabled: false, options: [], pseudonym: '' });
  const [mode, setMode] = useState<HostInfo['mode']>();
  const [job, setJob] = useState<ExportJob>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const jobId = job?.id;
  const running = job?.state === 'running';

  useEffect(() => {
    host.client.call('getHostInfo').then((info) => setMode(info.mode), () => undefined);
  }, [host]);

  // Progress comes as events; a poll while it runs covers events missed before the subscription.
  useEffect(() => {
    if (!jobId) return undefined;
    const off = host.onEvent((event) => {
      if (event.type === 'onDidChangeExport' && event.job.id === jobId) setJob((j) => later(j, event.job));
    });
    const poll = setInterval(() => {
      host.client.call('getExport', { params: { exportId: jobId } }).then((j) => setJob((current) => later(current, j)), () => undefined);
    }, 1000);
    return () => {
      off();
      clearInterval(poll);
    };
  }, [host, jobId]);
  useEffect(() => {
    if (job && job.state !== 'running') setBusy(false);
  }, [job]);

  const start = (): void => {
    const request = exportRequestOf(study.studyInstanceUid, destination, choice, deidentify);
    if (typeof request === 'string') {
      setError(request);
      return;
    }
    setError(undefined);
    setBusy(true);
    setJob(undefined);
    host.client.call('startExport', { body: request }).then(
      (j) => setJob((current) => later(current, j)),
      (e: unknown) => {
        setBusy(false);
        setError(readerMessage(e));
      },
    );
  };

  const cancel = (): void => {
    if (!running || !jobId) return onClose();
    host.client.call('cancelExport', { params: { exportId: jobId } }).then((j) => setJob(j), (e: unknown) => setError(readerMessage(e)));
  };

  return (
    // Closing does not leave an export running unseen: while it runs, Cancel is the way out.
    <Dialog title="Export study" testId="export-dialog" onClose={() => (running ? undefined : onClose())}>
      <p className="dialog-note">
        {formatPersonName(study.patientName)} — {study.studyDescription || study.studyInstanceUid}
      </p>
      <p className="dialog-note" data-testid="export-where">
        {mode === 'browser'
          ? 'The destination is a path on the computer running the Lightbox host. In browser mode the host and this page run on the same computer, so it is a path on this computer.'
          : 'The destination is a new folder or file on this computer.'}
      </p>
      <div className="export-form">
        <label>
          Destination
          <input className="search-box" aria-label="Destination" placeholder="/home/me/Desktop/study-export" value={destination} onChange={(e) => setDestination(e.target.value)} disabled={busy} />
        </label>
        <label>
          Format
          <select className="source-select" aria-label="Format" value={choice} onChange={(e) => setChoice(e.target.value as ExportChoice)} disabled={busy}>
            {EXPORT_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <DeidentifyFields value={deidentify} onChange={setDeidentify} disabled={busy} />
      {job && (
        <div className="export-progress" data-testid="export-status" data-state={job.state}>
          <progress max={100} value={job.percent} aria-label="Export progress" data-testid="export-progress" />
          <span>{statusText(job)}</span>
          {job.result?.pseudonyms.length ? <div className="dialog-note">Pseudonym: {job.result.pseudonyms.join(', ')}</div> : null}
          {job.result?.refused.map((r) => (
            <div key={r.sopInstanceUid} className="dialog-error">
              Left out: {r.reason}
            </div>
          ))}
        </div>
      )}
      {error && (
        <div className="dialog-error" role="alert" data-testid="export-error">
          {error}
        </div>
      )}
      <div className="dialog-actions">
        <button className="toolbar-button" onClick={start} disabled={busy} data-testid="export-start">
          Export
        </button>
        <button className="toolbar-button" onClick={cancel} data-testid="export-cancel">
          {running ? 'Cancel export' : 'Close'}
        </button>
      </div>
    </Dialog>
  );
}
