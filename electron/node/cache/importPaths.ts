import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { readDicomDir, referencedFiles } from '../../common/dicom/dicomdir/readDicomDir';
import { DicomParseError } from '../../common/dicom/dicomErrors';
import type { StudyCache } from './studyCache';
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
  /** DICOMDIR files and other non-instance files that were recognised and skipped. */
  skipped: Array<{ file: string; reason: string }>;
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
}

/** Files to import: folders recursively, DICOMDIRs expanded to the files they reference, zip archives opened. */
function collectSources(inputs: string[], openArchives: Array<{ close(): void }>): ImportSource[] {
  const sources: ImportSource[] = [];
  for (const { file, size } of collectFiles(inputs)) {
    if (file.toLowerCase().endsWith('.zip')) {
      try {
        const zip = zipEntries(file);
        openArchives.push(zip);
        for (const entry of zip.entries) sources.push({ file: `${file}!/${entry.name}`, size: entry.size, read: () => entry.read() });
      } catch (error) {
        // A damaged archive is one failed item of the import, reported with its reason.
        sources.push({ file, size, read: () => { throw error; } });
      }
    } else sources.push({ file, size, read: () => new Uint8Array(readFileSync(file)) });
  }
  return sources;
}

function collectFiles(inputs: string[]): Array<{ file: string; size: number }> {
  const out = new Map<string, number>();
  const add = (file: string): void => {
    const st = statSync(file, { throwIfNoEntry: false });
    if (st?.isFile()) out.set(path.resolve(file), st.size);
  };
  for (const input of inputs) {
    const st = statSync(input, { throwIfNoEntry: false });
    if (!st) throw new Error(`${input}: no such file or folder`);
    if (st.isDirectory()) {
      for (const e of readdirSync(input, { withFileTypes: true, recursive: true })) {
        if (e.isFile() && !e.name.startsWith('.')) add(path.join(e.parentPath, e.name));
      }
    } else if (path.basename(input).toUpperCase() === 'DICOMDIR') {
      // IHE PDI media: the DICOMDIR lists the instances (paths relative to the media root).
      add(input);
      const { roots } = readDicomDir(new Uint8Array(readFileSync(input)), input, (b) => inflateRawSync(b));
      for (const r of referencedFiles(roots)) add(path.join(path.dirname(input), ...r.file.split('/')));
    } else add(input);
  }
  return [...out].map(([file, size]) => ({ file, size })).sort((a, b) => a.file.localeCompare(b.file));
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
    return await importSources(cache, collectSources(inputs, archives), inputs, onProgress, onStored);
  } finally {
    for (const a of archives) a.close();
  }
}

async function importSources(
  cache: StudyCache,
  files: ImportSource[],
  inputs: string[],
  onProgress?: (p: ImportProgress) => void,
  onStored?: (sopInstanceUid: string) => void,
): Promise<ImportReport> {
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const report: ImportReport = { stored: 0, replaced: 0, duplicates: 0, skipped: [], failed: [], studies: [], bytes: 0 };
  const studies = new Set<string>();
  const started = Date.now();
  let lastYield = Date.now();
  let bytesDone = 0;
  for (const [i, { file, size, read }] of files.entries()) {
    bytesDone += size;
    try {
      const outcome = cache.store(read(), file);
      studies.add(outcome.studyInstanceUid);
      report[outcome.status === 'stored' ? 'stored' : outcome.status === 'replaced' ? 'replaced' : 'duplicates']++;
      if (outcome.status !== 'duplicate') onStored?.(outcome.sopInstanceUid);
      report.bytes += size;
    } catch (error) {
      const reason = error instanceof DicomParseError ? `${error.reason}: ${error.detail}` : error instanceof Error ? error.message : String(error);
      if (reason.includes(MEDIA_STORAGE_DIRECTORY)) report.skipped.push({ file, reason: 'DICOMDIR (read for its references, not stored)' });
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
  // One audit entry per study touched (PS3.15 A.5.3 "DICOM Instances Transferred": import).
  // A disk that filled up during the import may refuse these rows too: the import's result stands, and says so.
  try {
    for (const studyUid of report.studies) {
      cache.audit({ action: 'import', outcome: 'success', studyUid, detail: `from ${inputs.join(', ')}` });
    }
    if (report.failed.length) cache.audit({ action: 'import', outcome: `${report.failed.length} file(s) failed`, studyUid: '', detail: report.failed.map((f) => f.file).join(', ').slice(0, 4000) });
  } catch (error) {
    report.failed.push({ file: '(audit trail)', reason: `not written: ${new StorageError(cache.paths.index, error).message}` });
  }
  return report;
}
