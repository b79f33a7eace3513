import type { DisplayInfo } from '../contract/hostContract';

/**
 * Which physical display plays which role in this reading room (`diagnostic`, `diagnostic-2`,
 * `worklist`, `color` …), remembered by display id and geometry so the same monitor keeps its role
 * after a restart, and a different monitor plugged into the same port does not inherit it.
 */
export interface ReadingRoomProfile {
  roles: Record<string, string>;
}

/** The key a display is remembered by: its id and where and how large it is. */
export function displayKey(d: DisplayInfo): string {
  return `${d.id}@${d.bounds.width}x${d.bounds.height}+${d.bounds.x}+${d.bounds.y}`;
}

/** Roles not meant for images: layouts are never placed there unless they ask for them. */
const NOT_DIAGNOSTIC = new Set(['worklist', 'color', 'reporting']);

/** Displays that take image layouts (not the worklist or reporting monitor). */
export function diagnosticDisplays(displays: DisplayInfo[]): DisplayInfo[] {
  return displays.filter((d) => !NOT_DIAGNOSTIC.has(d.role ?? ''));
}

/** Each display's role: from the profile, else diagnostic displays numbered left to right. */
export function displayRoles(displays: DisplayInfo[], profile: ReadingRoomProfile): Map<string, string> {
  const roles = new Map<string, string>();
  for (const d of displays) {
    const role = profile.roles[displayKey(d)];
    if (role) roles.set(d.id, role);
  }
  const taken = new Set(roles.values());
  let n = 1;
  for (const d of [...displays].sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y)) {
    if (roles.has(d.id)) continue;
    let role: string;
    do role = n++ === 1 ? 'diagnostic' : `diagnostic-${n - 1}`;
    while (taken.has(role));
    roles.set(d.id, role);
    taken.add(role);
  }
  return roles;
}

export interface DisplayPlan {
  /** Layout index (a stage's displays[i]) → the display id it goes to. */
  placements: Map<number, string>;
  /** Layouts without a display. */
  unplaced: number[];
}

/**
 * Places a stage's display layouts on the reading room's displays: a layout asking for a role
 * goes to the display playing it; the others take the remaining diagnostic displays, largest
 * first, then left to right. Viewport state belongs to the layout, not to the monitor, so a
 * re-plan after a display was added, removed or rearranged keeps every viewport as it was.
 */
export function planDisplays(layouts: { role?: string }[], displays: DisplayInfo[], profile: ReadingRoomProfile): DisplayPlan {
  const roles = displayRoles(displays, profile);
  const free = new Set(displays.map((d) => d.id));
  const placements = new Map<number, string>();
  layouts.forEach((layout, i) => {
    if (!layout.role) return;
    const match = displays.find((d) => free.has(d.id) && roles.get(d.id) === layout.role);
    if (match) {
      placements.set(i, match.id);
      free.delete(match.id);
    }
  });
  const rest = displays
    .filter((d) => free.has(d.id) && !NOT_DIAGNOSTIC.has(roles.get(d.id) ?? ''))
    .sort((a, b) => b.bounds.width * b.bounds.height - a.bounds.width * a.bounds.height || a.bounds.x - b.bounds.x);
  const unplaced: number[] = [];
  layouts.forEach((layout, i) => {
    if (placements.has(i)) return;
    const d = rest.shift();
    if (d) placements.set(i, d.id);
    else unplaced.push(i);
  });
  return { placements, unplaced };
}
