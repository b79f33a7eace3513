import { useEffect } from 'react';
import type { Point2 } from '../../common/viewing/viewTransform';

/** An event's point in its element's own CSS pixels (the viewport's screen space). */
export function elementPoint(e: { currentTarget: EventTarget; clientX: number; clientY: number }): Point2 {
  const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
  return [e.clientX - r.left, e.clientY - r.top];
}

/** Delete or Backspace removes the selected annotation (`remove` is called with its id). */
export function useDeleteSelected(selectedId: string | undefined, remove: (id: string) => void): void {
  useEffect(() => {
    if (!selectedId) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Delete' && e.key !== 'Backspace') return;
      e.preventDefault();
      remove(selectedId);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selectedId]);
}
