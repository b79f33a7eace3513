import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { PacsStatus, StudySummary } from '../../../electron/common/contract/hostContract';
import { RemoteStudyList } from './RemoteStudyList';
import type { HostConnection } from '../host/hostConnection';
import { formatDicomDate, formatPersonName } from '../../common/formatDicomValues';
import { qidoStudyRows } from '../../common/qidoStudyRows';
import { ImportControl } from './ImportControl';
import { ExportDialog } from '../export/ExportDialog';
import { SecondOpinionDialog } from '../export/SecondOpinionDialog';

export interface StudyListPanelProps {
  host: HostConnection;
  onOpenStudy(studyInstanceUid: string): void;
  pacs?: PacsStatus;
}

function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${Math.round(n / 1e3)} kB`;
}

/** Search and list the local cache; arrow keys move, Enter opens. */
export function StudyListPanel({ host, onOpenStudy, pacs }: StudyListPanelProps) {
  const [source, setSource] = useState('local');
  const [patientName, setPatientName] = useState('');
  const [studies, setStudies] = useState<StudySummary[]>([]);
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string>();
  /** The selected study's export or second-opinion dialog, when open. */
  const [sharing, setSharing] = useState<{ dialog: 'export' | 'second-opinion'; study: StudySummary }>();

  const search = useCallback(() => {
    // The study list reads the local DICOMweb service like any DICOMweb client (QIDO-RS); what only
    // the cache knows (bytes held, pinned) comes from the cache's own search and is merged in.
    const name = patientName ? `${patientName}*` : undefined;
    Promise.all([
      host.client.call('qidoStudies', { query: name ? { PatientName: name } : {} }),
      host.client.call('searchStudies', { query: name ? { patientName: name } : {} }).catch(() => [] as StudySummary[]),
    ])
      .then(([found, cached]) => {
        const facts = new Map(cached.map((c) => [c.studyInstanceUid, c]));
        setStudies(qidoStudyRows(found).map((r) => ({ ...r, sizeBytes: facts.get(r.studyInstanceUid)?.sizeBytes ?? 0, pinned: facts.get(r.studyInstanceUid)?.pinned ?? false })));
        setSelected(0);
        setError(undefined);
      })
      .catch((e: unknown) => setError(String(e)));
  }, [host, patientName]);

  useEffect(search, [search]);
  useEffect(
    () =>
      host.onEvent((event) => {
        if (event.type === 'onDidChangeStudies') search();
      }),
    [host, search],
  );

  const open = (study: Pick<StudySummary, 'studyInstanceUid'> | undefined): void => {
    if (!study) return;
    host.client
      .call('openStudy', { body: { studyInstanceUid: study.studyInstanceUid } })
      .then((result) => (result.accepted ? onOpenStudy(study.studyInstanceUid) : setError(result.message)))
      .catch((e: unknown) => setError(String(e)));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>): void => {
    if (e.key === 'ArrowDown') setSelected((i) => Math.min(i + 1, studies.length - 1));
    else if (e.key === 'ArrowUp') setSelected((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter') open(studies[selected]);
    else return;
    e.preventDefault();
  };

  return (
    <aside className="study-list" aria-label="Study list" data-testid="study-list">
      <ImportControl host={host} onImported={search}>
      <div className="panel-title">
        Studies
        {pacs && pacs.nodes.length > 0 && (
          <select className="source-select" aria-label="Search in" value={source} onChange={(e) => setSource(e.target.value)} data-testid="study-source">
            <option value="local">Local cache</option>
            {pacs.nodes.map((n) => (
              <option key={n.name} value={n.name}>
                {n.name}
                {n.state === 'offline' ? ' (offline)' : ''}
              </option>
            ))}
          </select>
        )}
      </div>
      {source !== 'local' ? (
        <RemoteStudyList host={host} node={source} status={pacs} onOpenStudy={(uid) => open({ studyInstanceUid: uid })} />
      ) : (
      <>
      <input
        className="search-box"
        type="search"
        placeholder="Patient name"
        aria-label="Search patient name"
        value={patientName}
        onChange={(e) => setPatientName(e.target.value)}
      />
      {error && <div className="panel-error" role="alert">{error}</div>}
      {studies.length === 0 ? (
        <div className="empty-note">No studies in the local cache</div>
      ) : (
        <div className="study-table-scroll">
        <table className="study-table">
          <colgroup>
            <col className="c-patient" />
            <col className="c-id" />
            <col className="c-date" />
            <col className="c-mod" />
            <col className="c-acc" />
            <col className="c-desc" />
            <col className="c-series" />
            <col className="c-size" />
          </colgroup>
          <thead>
            <tr>
              <th>Patient</th>
              <th>ID</th>
              <th>Date</th>
              <th>Mod.</th>
              <th>Acc.</th>
              <th>Description</th>
              <th>Ser.</th>
              <th title="Bytes in the local cache; ● pinned (never evicted)">Cache</th>
            </tr>
          </thead>
          <tbody tabIndex={0} onKeyDown={onKeyDown}>
            {studies.map((s, i) => (
              <tr
                key={s.studyInstanceUid}
                aria-selected={i === selected}
                className={i === selected ? 'selected' : undefined}
                onClick={() => setSelected(i)}
                onDoubleClick={() => open(s)}
              >
                <td title={formatPersonName(s.patientName)}>{formatPersonName(s.patientName)}</td>
                <td>{s.patientId}</td>
                <td>{formatDicomDate(s.studyDate)}</td>
                <td>{s.modalities.join('/')}</td>
                <td>{s.accessionNumber}</td>
                <td title={s.studyDescription}>{s.studyDescription}</td>
                <td>{s.seriesCount}</td>
                <td title={s.pinned ? 'Pinned: kept in the cache' : 'Cached locally'} data-testid="cache-state">
                  {s.pinned ? '● ' : ''}
                  {formatBytes(s.sizeBytes)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {studies.length > 0 && (
        <div className="study-actions" data-testid="study-actions">
          <button className="toolbar-button" disabled={!studies[selected]} onClick={() => studies[selected] && setSharing({ dialog: 'export', study: studies[selected] })} data-testid="study-export">
            Export…
          </button>
          <button
            className="toolbar-button"
            disabled={!studies[selected] || !pacs?.nodes.length}
            title={pacs?.nodes.length ? 'Send the selected study to a node, de-identified or as it is' : 'Add a PACS node first (PACS settings)'}
            onClick={() => studies[selected] && setSharing({ dialog: 'second-opinion', study: studies[selected] })}
            data-testid="study-second-opinion"
          >
            Second opinion…
          </button>
        </div>
      )}
      </>
      )}
      {sharing?.dialog === 'export' && <ExportDialog host={host} study={sharing.study} onClose={() => setSharing(undefined)} />}
      {sharing?.dialog === 'second-opinion' && pacs && <SecondOpinionDialog host={host} study={sharing.study} pacs={pacs} onClose={() => setSharing(undefined)} />}
      </ImportControl>
    </aside>
  );
}
