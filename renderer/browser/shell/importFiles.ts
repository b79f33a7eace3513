import { readerMessage, type HostClient } from '../../../electron/common/contract/hostClient';
import { stowOutcomes } from '../../common/import/stowOutcomes';

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  stored: number;
  failed: number;
  /** Each file not stored, and why; each stored with damage. */
  problems: Array<{ file: string; text: string }>;
}

/** Files per STOW-RS request: big enough to amortise the request, small enough for steady progress. */
const BATCH = 16;

/**
 * Imports files the user picked or dropped: STOW-RS to the host's local DICOMweb, in batches,
 * reporting progress after each. Files the host cannot store are counted, not fatal.
 */
export async function importFiles(client: HostClient, files: File[], onProgress: (p: ImportProgress) => void): Promise<ImportProgress> {
  const progress: ImportProgress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal: files.reduce((n, f) => n + f.size, 0), stored: 0, failed: 0, problems: [] };
  onProgress({ ...progress });
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const parts = await Promise.all(batch.map(async (f) => ({ contentType: 'application/dicom', bytes: new Uint8Array(await f.arrayBuffer()) })));
    try {
      const result = await client.call('stowStudies', { body: { type: 'application/dicom', parts } });
      for (const outcome of stowOutcomes(batch.map((f, k) => ({ name: f.name, bytes: parts[k]!.bytes })), result)) {
        if (outcome.stored) progress.stored++;
        else progress.failed++;
        if (!outcome.stored) progress.problems.push({ file: outcome.file, text: outcome.reason });
        else if (outcome.warning) progress.problems.push({ file: outcome.file, text: outcome.warning });
      }
    } catch (error) {
      progress.failed += batch.length;
      for (const f of batch) progress.problems.push({ file: f.name, text: readerMessage(error) });
    }
    progress.filesDone += batch.length;
    progress.bytesDone += batch.reduce((n, f) => n + f.size, 0);
    onProgress({ ...progress });
  }
  return progress;
}
