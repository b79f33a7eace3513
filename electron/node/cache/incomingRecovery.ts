import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { processAlive } from '../runtime/processAlive';
import { READY_SUFFIX } from './incomingInstance';
import { JOURNAL_NAME, readJournal, type JournalEntry } from './placementJournal';

/** What a process that no longer runs left: files answered as received, and its placement journal. */
export interface Abandoned {
  ready: string[];
  journal: JournalEntry[];
}

/**
 * Takes over what processes that no longer run left in the shared incoming folder (each open
 * cache writes in its own `PID-RANDOM` folder there). Their folders are renamed into `ours`, so
 * that of several caches opening at once exactly one takes each; finished files (`*.ready`:
 * answered to a sender, not yet placed) are returned to be stored, with what its placement
 * journal says it was doing; partial ones are dropped. Loose files of older versions are dropped
 * once an hour old.
 */
export function claimAbandonedIncoming(shared: string, ours: string): Abandoned {
  mkdirSync(ours, { recursive: true, mode: 0o700 });
  const ready: string[] = [];
  const journal: JournalEntry[] = [];
  for (const entry of readdirSync(shared, { withFileTypes: true })) {
    const full = path.join(shared, entry.name);
    const owner = /^(\d+)-/.exec(entry.name);
    if (entry.isDirectory() && owner && !processAlive(Number(owner[1]))) {
      const claimed = path.join(ours, `recovered-${entry.name}`);
      try {
        renameSync(full, claimed);
      } catch {
        continue; // another opener took it
      }
      journal.push(...readJournal(path.join(claimed, JOURNAL_NAME)));
      ready.push(...finishedFilesIn(claimed, true));
    } else if (entry.isFile() && Date.now() - statSync(full).mtimeMs > 3_600_000) {
      rmSync(full, { force: true });
    }
  }
  return { ready, journal };
}

/** Finished files under `dir` (recursively); with `dropPartial`, everything else there is removed. */
export function finishedFilesIn(dir: string, dropPartial = false): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...finishedFilesIn(full, dropPartial));
    else if (entry.name.endsWith(READY_SUFFIX)) found.push(full);
    else if (dropPartial) rmSync(full, { force: true });
  }
  return found;
}
