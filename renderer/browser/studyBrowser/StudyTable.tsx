import { forwardRef, type KeyboardEvent } from 'react';
import type { RetrieveJob, StudySummary } from '../../../electron/common/contract/hostContract';
import { cacheStateText } from '../../common/studyBrowser/cacheState';
import type { ColumnWidths } from '../../common/studyBrowser/columnWidths';
import { STUDY_COLUMNS, type StudyColumn, type StudyColumnId } from '../../common/studyBrowser/studyColumns';
import type { StudySort } from '../../common/studyBrowser/sortStudies';
import { ColumnHeader } from './ColumnHeader';

export interface StudyTableProps {
  /** Already sorted. */
  studies: StudySummary[];
  retrieves: readonly RetrieveJob[];
  widths: ColumnWidths;
  sort: StudySort;
  selectedUid?: string;
  onSort(column: StudyColumnId): void;
  onResize(column: StudyColumnId, width: number): void;
  onSelect(studyUid: string): void;
  onOpen(study: StudySummary): void;
  onKeyDown(e: KeyboardEvent<HTMLTableSectionElement>): void;
}

function Cell({ column, study, retrieves }: { column: StudyColumn; study: StudySummary; retrieves: readonly RetrieveJob[] }) {
  if (column.id === 'cache') {
    const { text, title } = cacheStateText(study, retrieves);
    return (
      <td title={title} data-testid="cache-state" data-column="cache">
        {text}
      </td>
    );
  }
  const text = column.text(study);
  return (
    <td title={text} data-column={column.id} className={column.id === 'status' ? `status-${study.readingStatus ?? 'unread'}` : column.align === 'right' ? 'num' : undefined}>
      {text}
    </td>
  );
}

/** The studies as a table: headers sort and resize; a click selects, a double click or Enter opens. */
export const StudyTable = forwardRef<HTMLTableSectionElement, StudyTableProps>(function StudyTable(props, tbody) {
  const { studies, retrieves, widths, sort, selectedUid } = props;
  const total = STUDY_COLUMNS.reduce((sum, c) => sum + widths[c.id], 0);
  return (
    <div className="study-table-scroll">
      <table className="study-table study-browser-table" style={{ width: total }} data-testid="study-browser-table">
        <colgroup>
          {STUDY_COLUMNS.map((c) => (
            <col key={c.id} style={{ width: widths[c.id] }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {STUDY_COLUMNS.map((c) => (
              <ColumnHeader key={c.id} column={c} width={widths[c.id]} sort={sort} onSort={() => props.onSort(c.id)} onResize={(w) => props.onResize(c.id, w)} />
            ))}
          </tr>
        </thead>
        <tbody ref={tbody} tabIndex={0} onKeyDown={props.onKeyDown} aria-label="Studies: arrow keys move, Enter opens">
          {studies.map((s) => (
            <tr
              key={s.studyInstanceUid}
              aria-selected={s.studyInstanceUid === selectedUid}
              className={s.studyInstanceUid === selectedUid ? 'selected' : undefined}
              data-study-uid={s.studyInstanceUid}
              onClick={() => props.onSelect(s.studyInstanceUid)}
              onDoubleClick={() => props.onOpen(s)}
            >
              {STUDY_COLUMNS.map((c) => (
                <Cell key={c.id} column={c} study={s} retrieves={retrieves} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
