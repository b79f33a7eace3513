import { useState, type FormEvent } from 'react';
import { readerMessage } from '../../../electron/common/contract/hostClient';
import type { PacsStatus, RemoteStudy, RetrieveJob } from '../../../electron/common/contract/hostContract';
import { formatDicomDate, formatPersonName } from '../../common/formatDicomValues';
import type { HostConnection } from '../host/hostConnection';

export interface RemoteStudyListProps {
  host: HostConnection;
  node: string;
  status: PacsStatus | undefined;
  onOpenStudy(studyInstanceUid: string): void;
}

function progressOf(job: RetrieveJob | undefined): string {
  if (!job) return '';
  if (job.state === 'queued') return 'queued';
  if (job.state === 'failed') return `failed: ${job.error ?? ''}`;
  if (job.total === 0) return job.state === 'done' ? 'done' : 'listing…';
  return `${job.done}/${job.total}`;
}

/** Searches a remote node (C-FIND or QIDO-RS) and retrieves studies into the cache with progress; arriving studies open while they arrive. */
export function RemoteStudyList({ host, node, status, onOpenStudy }: RemoteStudyListProps) {
  const [patientName, setPatientName] = useState('');
  const [patientId, setPatientId] = useState('');
  const [studyDate, setStudyDate] = useState('');
  const [studies, setStudies] = useState<RemoteStudy[]>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const search = (e?: FormEvent): void => {
    e?.preventDefault();
    setBusy(true);
    host.client
      .call('queryPacs', { params: { node }, body: { patientName: patientName ? `${patientName}*` : undefined, patientId: patientId || undefined, studyDate: studyDate || undefined } })
      .then((found) => {
        setStudies(found);
        setError(undefined);
      })
      .catch((err: unknown) => setError(readerMessage(err)))
      .finally(() => setBusy(false));
  };

  const retrieve = (study: RemoteStudy): void => {
    host.client.call('retrieveFromPacs', { params: { node }, body: { studyInstanceUid: study.studyInstanceUid, priority: 1 } }).catch((err: unknown) => setError(String(err)));
  };

  const jobFor = (uid: string): RetrieveJob | undefined => [...(status?.retrieves ?? [])].reverse().find((j) => j.node === node && j.studyInstanceUid === uid);

  return (
    <div className="remote-studies" data-testid="remote-studies">
      <form className="remote-search" onSubmit={search}>
        <input className="search-box" type="search" placeholder="Patient name" aria-label="Remote patient name" value={patientName} onChange={(e) => setPatientName(e.target.value)} />
        <input className="search-box" type="search" placeholder="Patient ID" aria-label="Remote patient ID" value={patientId} onChange={(e) => setPatientId(e.target.value)} />
        <input className="search-box" type="search" placeholder="Date YYYYMMDD-YYYYMMDD" aria-label="Remote study date" value={studyDate} onChange={(e) => setStudyDate(e.target.value)} />
        <button className="toolbar-button" type="submit" disabled={busy} data-testid="remote-search">
          {busy ? 'Searching…' : `Search ${node}`}
        </button>
      </form>
      {error && (
        <div className="panel-error" role="alert">
          {error}
        </div>
      )}
      {studies && studies.length === 0 && <div className="empty-note">No studies found on {node}</div>}
      {studies && studies.length > 0 && (
        <div className="study-table-scroll">
          <table className="study-table">
            <thead>
              <tr>
                <th>Patient</th>
                <th>ID</th>
                <th>Date</th>
                <th>Mod.</th>
                <th>Description</th>
                <th>Images</th>
                <th>Local</th>
              </tr>
            </thead>
            <tbody>
              {studies.map((s) => {
                const job = jobFor(s.studyInstanceUid);
                const cached = job ? job.done : s.cachedInstances;
                const active = job && (job.state === 'queued' || job.state === 'running');
                return (
                  <tr key={s.studyInstanceUid} data-testid="remote-study" onDoubleClick={() => cached > 0 && onOpenStudy(s.studyInstanceUid)}>
                    <td title={formatPersonName(s.patientName)}>{formatPersonName(s.patientName)}</td>
                    <td>{s.patientId}</td>
                    <td>{formatDicomDate(s.studyDate)}</td>
                    <td>{s.modalities.join('/')}</td>
                    <td title={s.studyDescription}>{s.studyDescription}</td>
                    <td>{s.instanceCount ?? ''}</td>
                    <td data-testid="remote-study-state">
                      {active || job?.state === 'failed' ? (
                        <span title={job?.error}>{progressOf(job)}</span>
                      ) : cached > 0 && (s.instanceCount === undefined || cached >= s.instanceCount) ? (
                        <button className="link-button" onClick={() => onOpenStudy(s.studyInstanceUid)}>
                          Open
                        </button>
                      ) : (
                        <button className="link-button" onClick={() => retrieve(s)} data-testid="retrieve">
                          Retrieve
                        </button>
                      )}
                      {active && cached > 0 && (
                        <button className="link-button" onClick={() => onOpenStudy(s.studyInstanceUid)}>
                          Open
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
