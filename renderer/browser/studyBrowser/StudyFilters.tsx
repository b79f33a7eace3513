import type { ReadingStatus } from '../../../electron/common/contract/hostContract';
import { READING_STATUS_LABELS, READING_STATUSES } from '../../../electron/common/studies/readingStatus';
import { DATE_PRESET_LABELS, type DatePreset } from '../../common/studyBrowser/datePresets';
import type { StudyBrowserFilters } from '../../common/studyBrowser/studyBrowserQuery';

/** Modalities offered even before a study of that kind is held (the host matches a whole code). */
const COMMON_MODALITIES = ['CT', 'MR', 'PT', 'NM', 'CR', 'DX', 'MG', 'US', 'XA', 'RF', 'OT', 'SR', 'SEG'];

export interface StudyFiltersProps {
  filters: StudyBrowserFilters;
  /** Modalities of the studies held, offered beside the common ones. */
  knownModalities: string[];
  onChange(filters: StudyBrowserFilters): void;
}

/** The browser's filter row: text (name, ID, accession), date preset or range, modality, reading status. */
export function StudyFilters({ filters, knownModalities, onChange }: StudyFiltersProps) {
  const set = <K extends keyof StudyBrowserFilters>(key: K, value: StudyBrowserFilters[K]): void => onChange({ ...filters, [key]: value });
  const modalities = [...new Set([...COMMON_MODALITIES, ...knownModalities])].sort();
  return (
    <div className="study-filters" role="search" data-testid="study-filters">
      <input
        className="search-box"
        type="search"
        placeholder="Patient name, ID or accession"
        aria-label="Search patient name, ID or accession"
        value={filters.text}
        onChange={(e) => set('text', e.target.value)}
        data-testid="filter-text"
      />
      <select aria-label="Study date" value={filters.datePreset} onChange={(e) => set('datePreset', e.target.value as DatePreset)} data-testid="filter-date">
        {(Object.keys(DATE_PRESET_LABELS) as DatePreset[]).map((p) => (
          <option key={p} value={p}>
            {DATE_PRESET_LABELS[p]}
          </option>
        ))}
      </select>
      {filters.datePreset === 'custom' && (
        <>
          <input type="date" aria-label="From date" value={filters.customFrom} onChange={(e) => set('customFrom', e.target.value)} data-testid="filter-date-from" />
          <input type="date" aria-label="To date" value={filters.customTo} onChange={(e) => set('customTo', e.target.value)} data-testid="filter-date-to" />
        </>
      )}
      <select aria-label="Modality" value={filters.modality} onChange={(e) => set('modality', e.target.value)} data-testid="filter-modality">
        <option value="">Any modality</option>
        {modalities.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <select aria-label="Reading status" value={filters.status} onChange={(e) => set('status', e.target.value as ReadingStatus | '')} data-testid="filter-status">
        <option value="">Any status</option>
        {READING_STATUSES.map((s) => (
          <option key={s} value={s}>
            {READING_STATUS_LABELS[s]}
          </option>
        ))}
      </select>
    </div>
  );
}
