import type { AnnotationChanges, StoredMeasurement } from '../../../electron/common/contract/hostContract';

/** What the host holds, as this window last heard it: measurement id → its JSON. */
export type KnownMeasurements = Map<string, string>;

export function knownFrom(list: StoredMeasurement[]): KnownMeasurements {
  return new Map(list.map((m) => [m.id, JSON.stringify(m)]));
}

/** This window's edits since it last heard from the host: changed or new measurements, and removed ids. */
export function changesSince(known: KnownMeasurements, current: StoredMeasurement[]): Required<Pick<AnnotationChanges, 'upsert' | 'remove'>> {
  const ids = new Set(current.map((m) => m.id));
  return {
    upsert: current.filter((m) => known.get(m.id) !== JSON.stringify(m)),
    remove: [...known.keys()].filter((id) => !ids.has(id)),
  };
}

export function isEmpty(changes: { upsert: unknown[]; remove: unknown[] }): boolean {
  return changes.upsert.length === 0 && changes.remove.length === 0;
}

/** The host's list with this window's unsaved edits on top (they are sent next; another window's edits stay). */
export function withLocalChanges(host: StoredMeasurement[], local: { upsert: StoredMeasurement[]; remove: string[] }): StoredMeasurement[] {
  const gone = new Set(local.remove);
  const mine = new Map(local.upsert.map((m) => [m.id, m]));
  const out = host.filter((m) => !gone.has(m.id)).map((m) => mine.get(m.id) ?? m);
  const present = new Set(out.map((m) => m.id));
  for (const m of local.upsert) if (!present.has(m.id)) out.push(m);
  return out;
}
