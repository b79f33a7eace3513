import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PacsStatus, ReadingStatus, StudySummary } from '../../../electron/common/contract/hostContract';
import type { HostConnection } from '../host/hostConnection';
import { ImportControl } from '../shell/ImportControl';
import { RemoteStudyList } from '../shell/RemoteStudyList';
import { ExportDialog } from '../export/ExportDialog';
import { SecondOpinionDialog } from '../export/SecondOpinionDialog';
import { DEFAULT_SORT, nextSort, sortStudies, type StudySort } from '../../common/studyBrowser/sortStudies';
import { EMPTY_FILTERS, studyBrowserQuery, type StudyBrowserFilters } from '../../common/studyBrowser/studyBrowserQuery';
import { StudyFilters } from './StudyFilters';
import { StudyTable } from './StudyTable';
import { StudyActions } from './StudyActions';
import { useStudySearch } from './useStudySearch';
import './studyBrowser.css';
import { useColumnWidths } from './useColumnWidths';

export interface StudyBrowserProps {
  host: HostConnection;
  pacs?: PacsStatus;
  onOpenStudy(studyInstanceUid: string): void;
  /** Shown over an open study: Esc in the list goes back to it. */
  onBack?(): void;
  /** Whether it is on screen (it stays mounted under the viewer, keeping filters, sort and selection). */
  shown: boolean;
}

/**
 * The study browser: the whole window while no study is open (and over the viewer when called
 * back with Esc or Studies). Filters ask the host; sorting and column widths are the reader's, here.
 */
export function StudyBrowser({ host, pacs, onOpenStudy, onBack, shown }: StudyBrowserProps) {
  const [source, setSource] = useState('local');
  const [filters, setFilters] = useState<StudyBrowserFilters>(EMPTY_FILTERS);
  const [sort, setSort] = useState<StudySort>(DEFAULT_SORT);
  const [selectedUid, setSelectedUid] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [sharing, setSharing] = useState<{ dialog: 'export' | 'second-opinion'; study: StudySummary }>();
  // The day is read when the filters change: "today" after midnight means the new day.
  const query = useMemo(() => studyBrowserQuery(filters, new Date()), [filters]);
  const search = useStudySearch(host, query);
  const { widths, setWidth } = useColumnWidths();
  const studies = useMemo(() => sortStudies(search.studies, sort), [search.studies, sort]);
  const selectedIndex = Math.max(0, studies.findIndex((s) => s.studyInstanceUid === selectedUid));
  const selected = studies[selectedIndex];
  const tbody = useRef<HTMLTableSectionElement>(null);
  const knownModalities = useMemo(() => [...new Set([...search.studies.flatMap((s) => s.modalities), ...(filters.modality ? [filters.modality] : [])])], [search.studies, filters.modality]);

  // Back in the list (Esc from the viewer, Studies): the keyboard works on the rows at once.
  useEffect(() => {
    if (shown && source === 'local') tbody.current?.focus({ preventScroll: true });
  }, [shown, source]);

  const open = (study: Pick<StudySummary, 'studyInstanceUid'> | undefined): void => {
    if (!study) return;
    host.client
      .call('openStudy', { body: { studyInstanceUid: study.studyInstanceUid } })
      .then((result) => {
        if (!result.accepted) return setActionError(result.message);
        // The viewer takes the keyboard: the rows going out of sight must not keep it.
        tbody.current?.blur();
        onOpenStudy(study.studyInstanceUid);
      })
      .catch((e: unknown) => setActionError(String(e)));
  };
  const setStatus = (study: StudySummary, status: ReadingStatus): void => {
    host.client
      .call('putReadingStatus', { params: { studyUid: study.studyInstanceUid }, body: { status } })
      .then(() => setActionError(undefined))
      .catch((e: unknown) => setActionError(String(e)));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>): void => {
    // Hidden under the viewer, the rows may keep the focus: their keys are the viewer's then.
    if (!shown) return;
    const move = (to: number): void => setSelectedUid(studies[Math.min(Math.max(to, 0), studies.length - 1)]?.studyInstanceUid);
    if (e.key === 'ArrowDown') move(selectedIndex + 1);
    else if (e.key === 'ArrowUp') move(selectedIndex - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(studies.length - 1);
    else if (e.key === 'Enter') open(selected);
    else if (e.key === 'Escape' && onBack) onBack();
    else return;
    e.preventDefault();
  };

  // Keep the selected row in view as the keyboard moves it.
  useEffect(() => {
    tbody.current?.querySelector('tr.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selectedUid]);

  const error = search.error ?? actionError;
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY_FILTERS);
  return (
    <section
      className={`study-browser${onBack ? ' over-viewer' : ''}`}
      aria-label="Study list"
      data-testid="study-list"
      hidden={!shown}
      // Over an open study, keys typed here are the browser's: the viewer's window-wide keys (arrows scroll images) must not see them.
      onKeyDown={(e) => shown && e.stopPropagation()}
    >
      <ImportControl host={host} onImported={search.refresh}>
        <div className="study-browser-bar">
          <span className="panel-title">Studies</span>
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
          {source === 'local' && <StudyFilters filters={filters} knownModalities={knownModalities} onChange={setFilters} />}
          {source === 'local' && <span className="study-count" data-testid="study-count">{studies.length} {studies.length === 1 ? 'study' : 'studies'}</span>}
          {onBack && (
            <button className="toolbar-button" onClick={onBack} data-testid="back-to-viewer" title="Back to the open study (Esc)">
              Back to viewer
            </button>
          )}
        </div>
        {source !== 'local' ? (
          <RemoteStudyList host={host} node={source} status={pacs} onOpenStudy={(uid) => open({ studyInstanceUid: uid })} />
        ) : (
          <>
            {error && (
              <div className="panel-error" role="alert">
                {error}
              </div>
            )}
            {search.loaded && studies.length === 0 ? (
              <div className="empty-note">{filtered ? 'No studies in the local cache match these filters' : 'No studies in the local cache'}</div>
            ) : (
              <StudyTable
                ref={tbody}
                studies={studies}
                retrieves={pacs?.retrieves ?? []}
                widths={widths}
                sort={sort}
                selectedUid={selected?.studyInstanceUid}
                onSort={(column) => setSort((s) => nextSort(s, column))}
                onResize={setWidth}
                onSelect={setSelectedUid}
                onOpen={open}
                onKeyDown={onKeyDown}
              />
            )}
            {studies.length > 0 && <StudyActions study={selected} pacs={pacs} onOpen={open} onSetStatus={setStatus} onShare={(dialog, study) => setSharing({ dialog, study })} />}
          </>
        )}
        {sharing?.dialog === 'export' && <ExportDialog host={host} study={sharing.study} onClose={() => setSharing(undefined)} />}
        {sharing?.dialog === 'second-opinion' && pacs && <SecondOpinionDialog host={host} study={sharing.study} pacs={pacs} onClose={() => setSharing(undefined)} />}
      </ImportControl>
    </section>
  );
}
