import { useRef, type PointerEvent } from 'react';
import type { StudyColumn } from '../../common/studyBrowser/studyColumns';
import type { StudySort } from '../../common/studyBrowser/sortStudies';

export interface ColumnHeaderProps {
  column: StudyColumn;
  width: number;
  sort: StudySort;
  onSort(): void;
  onResize(width: number): void;
}

/** A sortable header (click: sort; again: reverse) with a drag handle on its right edge to resize the column. */
export function ColumnHeader({ column, width, sort, onSort, onResize }: ColumnHeaderProps) {
  const drag = useRef<{ startX: number; startWidth: number } | undefined>(undefined);
  const sorted = sort.column === column.id ? sort.direction : undefined;

  const onPointerDown = (e: PointerEvent<HTMLSpanElement>): void => {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { startX: e.clientX, startWidth: width };
  };
  const onPointerMove = (e: PointerEvent<HTMLSpanElement>): void => {
    if (drag.current) onResize(drag.current.startWidth + e.clientX - drag.current.startX);
  };
  const onPointerUp = (e: PointerEvent<HTMLSpanElement>): void => {
    drag.current = undefined;
    e.currentTarget.releasePointerCapture(e.pointerId);
  };

  return (
    <th aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'} data-column={column.id} className={column.align === 'right' ? 'num' : undefined}>
      <button type="button" className="column-sort" onClick={onSort} data-testid={`sort-${column.id}`} title={`Sort by ${column.label.toLowerCase()}`}>
        {column.label}
        <span className="sort-mark" aria-hidden="true">
          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
        </span>
      </button>
      <span
        className="column-resizer"
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize ${column.label} column`}
        data-testid={`resize-${column.id}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      />
    </th>
  );
}
