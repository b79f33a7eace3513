import { useEffect, useMemo, useState } from 'react';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { datasetTagRows, searchTagRows } from '../../common/tags/datasetTagRows';
import { Dialog } from '../shell/Dialog';
import './tagBrowser.css';

/** Rows drawn at most (an enhanced multi-frame header has tens of thousands): a search narrows them. */
const MAX_ROWS = 3000;

interface Props {
  /** What the header is of, for the title ("CT 1.2.3…, image 12"). */
  label: string;
  /** The image's header (DICOM JSON, as the host's metadata gives it). */
  load(): Promise<DicomJsonDataset | undefined>;
  onClose(): void;
}

/** The DICOM attributes of the image on screen, nested sequences included, searchable by keyword, tag or value. */
export function TagBrowserDialog({ label, load, onClose }: Props) {
  const [dataset, setDataset] = useState<DicomJsonDataset | null>();
  const [query, setQuery] = useState('');
  useEffect(() => {
    let live = true;
    load().then(
      (ds) => live && setDataset(ds ?? null),
      () => live && setDataset(null),
    );
    return () => {
      live = false;
    };
  }, [load]);
  const rows = useMemo(() => (dataset ? datasetTagRows(dataset) : []), [dataset]);
  const found = useMemo(() => searchTagRows(rows, query), [rows, query]);
  return (
    <Dialog title={`DICOM tags: ${label}`} testId="tag-browser" onClose={onClose}>
      <input className="tag-search" aria-label="Search tags" placeholder="Keyword, tag (0010,0010) or value" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
      {dataset === undefined && <p className="dialog-note">Reading the header…</p>}
      {dataset === null && <p className="dialog-error">This image's header could not be read from the cache.</p>}
      {dataset && (
        <p className="dialog-note" data-testid="tag-count">
          {found.length === rows.length ? `${rows.length} rows` : `${found.length} of ${rows.length} rows`}
          {found.length > MAX_ROWS ? ` (the first ${MAX_ROWS} shown: search to narrow)` : ''}
        </p>
      )}
      <table className="study-table tag-table">
        <tbody>
          {found.slice(0, MAX_ROWS).map((r) => (
            <tr key={r.id} data-testid="tag-row" data-tag={r.tag} data-depth={r.depth} className={r.kind === 'item' ? 'tag-item' : undefined}>
              <td style={{ paddingLeft: 4 + r.depth * 14 }}>{r.tag}</td>
              <td>{r.keyword}</td>
              <td>{r.vr}</td>
              <td className="tag-value">{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
