import { STUDY_COLUMNS, type StudyColumnId } from './studyColumns';

export type ColumnWidths = Record<StudyColumnId, number>;

/** localStorage key of the widths the reader dragged the columns to. */
export const COLUMN_WIDTHS_KEY = 'lightbox.studyBrowser.columnWidths';

export const MAX_COLUMN_WIDTH = 1200;

export function defaultColumnWidths(): ColumnWidths {
  return Object.fromEntries(STUDY_COLUMNS.map((c) => [c.id, c.width])) as ColumnWidths;
}

/** A width kept within the column's minimum and a sane maximum, in whole px. */
export function clampColumnWidth(id: StudyColumnId, width: number): number {
  const min = STUDY_COLUMNS.find((c) => c.id === id)?.minWidth ?? 60;
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(min, Number.isFinite(width) ? width : min)));
}

/**
 * Stored widths (JSON) over the defaults: unknown columns, non-numbers and broken JSON are
 * ignored (an older or hand-edited value must never hide a column), each width clamped.
 */
export function parseColumnWidths(stored: string | null): ColumnWidths {
  const widths = defaultColumnWidths();
  if (!stored) return widths;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return widths;
  }
  if (!parsed || typeof parsed !== 'object') return widths;
  for (const column of STUDY_COLUMNS) {
    const value = (parsed as Record<string, unknown>)[column.id];
    if (typeof value === 'number') widths[column.id] = clampColumnWidth(column.id, value);
  }
  return widths;
}
