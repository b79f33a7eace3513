import { useEffect } from 'react';

/** Where Esc already means something else: typing, a dialog, a menu (a viewport's tool menu closes on Esc). */
function escapeBelongsElsewhere(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], [role="menu"], [role="listbox"]')) return true;
  // A dialog or a menu open anywhere (a viewport's tool menu closes on Esc from the viewport itself).
  return document.querySelector('[role="dialog"][aria-modal="true"], [role="menu"]') !== null;
}

/** While the viewer shows a study, Esc goes back to the study browser (unless something nearer used it). */
export function useEscapeToBrowser(active: boolean, back: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.repeat || escapeBelongsElsewhere(e.target)) return;
      e.preventDefault();
      back();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [active, back]);
}
