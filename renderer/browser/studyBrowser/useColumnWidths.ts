import { useCallback, useState } from 'react';
import { clampColumnWidth, COLUMN_WIDTHS_KEY, parseColumnWidths, type ColumnWidths } from '../../common/studyBrowser/columnWidths';
import type { StudyColumnId } from '../../common/studyBrowser/studyColumns';

function readStored(): string | null {
  try {
    return window.localStorage.getItem(COLUMN_WIDTHS_KEY);
  } catch {
    return null; // storage blocked: the defaults
  }
}

/** The study browser's column widths: as the reader last dragged them (localStorage), else the defaults. */
export function useColumnWidths(): { widths: ColumnWidths; setWidth(id: StudyColumnId, width: number): void } {
  const [widths, setWidths] = useState<ColumnWidths>(() => parseColumnWidths(readStored()));
  const setWidth = useCallback((id: StudyColumnId, width: number) => {
    setWidths((current) => {
      const next = { ...current, [id]: clampColumnWidth(id, width) };
      try {
        window.localStorage.setItem(COLUMN_WIDTHS_KEY, JSON.stringify(next));
      } catch {
        // Not kept: the widths still hold for this window.
      }
      return next;
    });
  }, []);
  return { widths, setWidth };
}
