import { closeSync, openSync, rmSync, statSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadPacsSettings, savePacsSettings, settingsFile, type PacsSettings } from './pacsSettings';

/** A lock left by a process killed mid-update is taken over after this long (an update takes milliseconds). */
const STALE_LOCK_MS = 10_000;
const WAIT_LIMIT_MS = 5_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Changes the PACS settings as one read-modify-write under a lock file, so that the running app
 * and a `lightbox nodes …` command never lose each other's changes: each re-reads the file under
 * the lock and writes back only its own change (a node added in the PACS dialog kept the app's
 * old copy and dropped the node the CLI had added meanwhile). Returns what was saved.
 */
export function updatePacsSettings(dataDir: string, change: (settings: PacsSettings) => PacsSettings): PacsSettings {
  const lock = `${settingsFile(dataDir)}.lock`;
  mkdirSync(path.dirname(lock), { recursive: true, mode: 0o700 });
  const started = Date.now();
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lock, { force: true });
      else if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`${settingsFile(dataDir)} is being changed by another Lightbox process (lock ${lock}); try again`);
      else sleepSync(20);
    }
  }
  try {
    const next = change(loadPacsSettings(dataDir));
    savePacsSettings(dataDir, next);
    return next;
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Identifies the settings file's current version (its change time and size), to notice another process's update. */
export function pacsSettingsStamp(dataDir: string): string {
  const st = statSync(settingsFile(dataDir), { throwIfNoEntry: false });
  return st ? `${st.mtimeMs}:${st.ctimeMs}:${st.size}` : 'none';
}
