import { appendFileSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';

/** What a writer was doing to a stored file when it stopped. */
export interface JournalEntry {
  /** `place`: the file was being put in place for a row not yet committed; `remove`: it was to be removed once no row named it. */
  op: 'place' | 'remove';
  objectPath: string;
}

export const JOURNAL_NAME = 'placements.journal';

/**
 * The writer's intentions for stored files, in its own incoming folder: a line is appended before
 * a file is placed or removed and the journal is emptied once the index agrees. A process killed
 * in between leaves the journal behind, and whoever opens the cache next finishes the work
 * (`recoverPlacements`) instead of leaving orphan files for `cache verify` to complain about.
 * No fsync: a crashed process's writes are in the kernel; after a power cut an unjournalled file
 * was not durable either.
 */
export class PlacementJournal {
  private readonly file: string;
  private dirty = false;

  constructor(folder: string) {
    this.file = path.join(folder, JOURNAL_NAME);
  }

  record(entries: JournalEntry[]): void {
    if (entries.length === 0) return;
    appendFileSync(this.file, entries.map((e) => `${e.op} ${e.objectPath}\n`).join(''), { mode: 0o600 });
    this.dirty = true;
  }

  /** Everything recorded is settled (committed, removed, or handed to recovery). */
  clear(): void {
    if (!this.dirty) return;
    truncateSync(this.file, 0);
    this.dirty = false;
  }
}

/** The entries of a journal file (missing or empty: none). Lines are written whole; a torn last line is ignored. */
export function readJournal(file: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^(place|remove) (\S+)$/.exec(line);
    // Paths are the cache's own hash-derived names: anything else is not ours to touch.
    if (m && !m[2]!.split(/[\\/]/).includes('..') && !path.isAbsolute(m[2]!)) entries.push({ op: m[1] as JournalEntry['op'], objectPath: m[2]! });
  }
  return entries;
}

/** Files that writers still running are placing (under the shared incoming folder): not orphans, whatever the index says yet. */
export function placementsInProgress(sharedIncoming: string): Set<string> {
  const out = new Set<string>();
  let folders: string[];
  try {
    folders = readdirSync(sharedIncoming);
  } catch {
    return out;
  }
  for (const folder of folders) for (const e of readJournal(path.join(sharedIncoming, folder, JOURNAL_NAME))) if (e.op === 'place') out.add(e.objectPath);
  return out;
}
