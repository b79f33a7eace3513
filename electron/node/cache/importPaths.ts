import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { dicomDirReferences } from './dicomDirReferences';
import { DicomParseError } from '../../common/dicom/dicomErrors';
import type { StoreAudit, StudyCache } from './studyCache';
import { StorageError } from './storeOutcome';

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  filesPerSecond: number;
  etaSeconds: number;
}

export interface ImportReport {
  stored: number;
  replaced: number;
  duplicates: number;
  /** DICOMDIR files, non-DICOM files found in folders and archives (README, INDEX.HTM …), symbolic links: skipped, each with why. */
  skipped: Array<{ file: string; reason: string }>;
  /** Stored (counted in `stored`/`replaced`) with known damage, each problem named: "Pixel Data (7FE0,0010) is 62 bytes short …". */
  damaged: Array<{ file: string; damage: string[] }>;
  failed: Array<{ file: string; reason: string }>;
  studies: string[];
  bytes: number;
}

import { MEDIA_STORAGE_DIRECTORY } from './studyCache';
import { zipEntries } from './zipEntries';

/** Something to import: a file on disk or an entry of a zip archive. */
interface ImportSource {
  file: string;
  size: number;
  read(): Uint8Array;
  /** Found in a folder or an archive rather than named by the user: a non-DICOM file there is skipped, not a failure. */
  found: boolean;
}

/** Files to import: folders recursively, DICOMDIRs expanded to the files they reference, zip archives opened. */
function collectSources(inputs: string[], openArchives: Array<{ close(): void }>, skipped: ImportReport['skipped']): ImportSource[] {
  const sources: ImportSource[] = [];
  for (const { file, size, found, refused } of collectFiles(inputs, skipped)) {
    if (refused !== undefined) sources.push({ file, size, read: () => { throw new Error(refused); }, found });
    else if (file.toLowerCase().endsWith('.zip')) {
      try {
        const zip = zipEntries(file);
        openArchives.push(zip);
        for (const entry of zip.entries) sources.push({ file: `${file}!/${entry.name}`, size: entry.size, read: () => entry.read(), found: true });
      } catch (error) {
        // A damaged archive is one failed item of the import, reported with its reason.
        sources.push({ file, size, read: () => { throw error; }, found: false });
      }
    } else sources.push({ file, size, read: () => new Uint8Array(readFileSync(file)), found });
  }
  return sources;
}

function collectFiles(inputs: string[], skipped: ImportReport['skipped']): Array<{ file: string; size: number; found: boolean; refused?: string }> {
  const out = new Map<string, { size: number; found: boolean; refused?: string }>();
  const add = (file: string, found = true): void => {
    const st = statSync(file, { throwIfNoEntry: false });
    if (st?.isFile()) out.set(path.resolve(file), { size: st.size, found });
  };
  for (const input of inputs) {
    const st = statSync(input, { throwIfNoEntry: false });
    if (!st) throw new Error(`${input}: no such file or folder`);
    if (st.isDirectory()) {
      for (const e of readdirSync(input, { withFileTypes: true, recursive: true })) {
        const full = path.join(e.parentPath, e.name);
        // Not followed: a link may lead out of the folder being imported (or loop back into it).
        if (e.isSymbolicLink()) skipped.push({ file: full, reason: 'symbolic link (not followed: name its target to import it)' });
        else if (e.isFile() && !e.name.startsWith('.')) add(full);
      }
    } else if (path.basename(input).toUpperCase() === 'DICOMDIR') {
      // IHE PDI media: the DICOMDIR lists the instances (paths relative to the media root).
      add(input);
      const { files, refused } = dicomDirReferences(input);
      for (const file of files) add(file);
      // Refused IDs are never read: each becomes a failed item that says why.
      for (const r of refused) out.set(`${path.resolve(input)} (Referenced File ID ${r.id})`, { size: 0, found: false, refused: r.reason });
    } else add(input, false);
  }
  return [...out].map(([file, item]) => ({ file, ...item })).sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * Imports files, folders, zip archives and DICOMDIR media into the cache, one file at a time (memory stays
 * bounded whatever the count). Broken or non-DICOM files are reported by name with the reason;
 * the import goes on.
 */
export async function importPaths(
  cache: StudyCache,
  inputs: string[],
  onProgress?: (p: ImportProgress) => void,
  onStored?: (sopInstanceUid: string) => void,
): Promise<ImportReport> {
  const archives: Array<{ close(): void }> = [];
  try {
    const skipped: ImportReport['skipped'] = [];
    return await importSources(cache, collectSources(inputs, archives, skipped), inputs, skipped, onProgress, onStored);
  } finally {
    for (const a of archives) a.close();
  }
}

async function importSources(
  cache: StudyCache,
  files: ImportSource[],
  inputs: string[],
  skipped: ImportReport['skipped'],
  onProgress?: (p: ImportProgress) => void,
  onStored?: (sopInstanceUid: string) => void,
): Promise<ImportReport> {
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const report: ImportReport = { stored: 0, replaced: 0, duplicates: 0, skipped, damaged: [], failed: [], studies: [], bytes: 0 };
  const studies = new Set<string>();
  const started = Date.now();
  let lastYield = Date.now();
  let bytesDone = 0;
  // One audit entry per study (PS3.15 A.5.3 "DICOM Instances Transferred": import), written with
  // the study's first stored instance: an import that is killed midway has audited what it stored.
  const storeAudit: StoreAudit = { action: 'import', detail: `from ${inputs.join(', ')}`, studies: new Set() };
  for (const [i, { file, size, read, found }] of files.entries()) {
    bytesDone += size;
    try {
      const outcome = cache.store(read(), file, undefined, storeAudit);
      studies.add(outcome.studyInstanceUid);
      report[outcome.status === 'stored' ? 'stored' : outcome.status === 'replaced' ? 'replaced' : 'duplicates']++;
      if (outcome.status !== 'duplicate') onStored?.(outcome.sopInstanceUid);
      if (outcome.status !== 'duplicate' && outcome.damage) report.damaged.push({ file, damage: outcome.damage });
      report.bytes += size;
    } catch (error) {
      const message = error instanceof DicomParseError ? `${error.reason}: ${error.detail}` : error instanceof Error ? error.message : String(error);
      // The report names the file once.
      const reason = message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
      if (reason.includes(MEDIA_STORAGE_DIRECTORY)) report.skipped.push({ file, reason: 'DICOMDIR (read for its references, not stored)' });
      else if (found && error instanceof DicomParseError && error.reason === 'not-dicom') report.skipped.push({ file, reason: 'not DICOM' });
      else report.failed.push({ file, reason });
    }
    const now = Date.now();
    if (onProgress && (now - lastYield > 100 || i === files.length - 1)) {
      const seconds = Math.max((now - started) / 1000, 1e-3);
      onProgress({ filesDone: i + 1, filesTotal: files.length, bytesDone, bytesTotal, filesPerSecond: (i + 1) / seconds, etaSeconds: ((files.length - i - 1) * seconds) / (i + 1) });
    }
    if (now - lastYield > 10) {
      lastYield = now;
      await new Promise((r) => setImmediate(r)); // keep the host responsive: no task longer than ~10 ms
    }
  }
  report.studies = [...studies];
  if (cache.readOnly) return report; // nothing was stored, and the audit trail cannot be written either
  // A disk that filled up during the import may refuse this row too: the import's result stands, and says so.
  try {
    if (report.failed.length) cache.audit({ action: 'import', outcome: `${report.failed.length} file(s) failed`, studyUid: '', detail: report.failed.map((f) => f.file).join(', ').slice(0, 4000) });
  } catch (error) {
    report.failed.push({ file: '(audit trail)', reason: `not written: ${new StorageError(cache.paths.index, error).message}` });
  }
  return report;
}
