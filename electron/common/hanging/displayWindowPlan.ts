import type { DisplayBounds, DisplayInfo } from '../contract/hostContract';

export interface DisplayWindowChanges {
  /** Displays without a window yet. */
  open: DisplayInfo[];
  /** Display ids whose display is gone: their windows close (their layouts move to the displays left). */
  close: string[];
  /** Displays that moved or changed size: their windows follow. */
  move: DisplayInfo[];
}

const same = (a: DisplayBounds, b: DisplayBounds): boolean => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
 * One window per display: what to open, close and move after displays were added, removed or
 * rearranged. Windows are keyed by display id, so a rearrangement moves windows rather than
 * reopening them, and what they show survives.
 */
export function planDisplayWindows(windows: ReadonlyMap<string, DisplayBounds>, displays: DisplayInfo[]): DisplayWindowChanges {
  const present = new Set(displays.map((d) => d.id));
  return {
    open: displays.filter((d) => !windows.has(d.id)),
    close: [...windows.keys()].filter((id) => !present.has(id)),
    move: displays.filter((d) => windows.has(d.id) && !same(windows.get(d.id)!, d.bounds)),
  };
}
