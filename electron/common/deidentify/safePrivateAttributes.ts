import { SAFE_PRIVATE_ATTRIBUTES } from './safePrivateAttributes.generated';

let safe: Set<string> | undefined;

function key(group: number, creator: string, elementLow: number): string {
  return `${group.toString(16).toUpperCase().padStart(4, '0')}|${creator.trim().toUpperCase()}|${elementLow.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** True when PS3.15 Table E.3.10-1 lists the private element (group, its block's creator, low byte) as safe. */
export function isSafePrivateAttribute(group: number, creator: string, elementLow: number): boolean {
  if (!safe) {
    safe = new Set();
    for (const line of SAFE_PRIVATE_ATTRIBUTES.trim().split('\n')) {
      const [g, c, e] = line.split('|') as [string, string, string];
      safe.add(key(parseInt(g, 16), c, parseInt(e, 16)));
    }
  }
  return safe.has(key(group, creator, elementLow));
}
