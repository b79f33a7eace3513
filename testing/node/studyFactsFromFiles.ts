import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { parseDicom } from '../../electron/common/dicom/parse/parseDicom';
import { studyFactsFromInstances, type StudyFacts } from '../../electron/common/hanging/studyFacts';
import type { DicomJsonDataset } from '../../electron/common/dicom/model/dicomJson';

/** Hanging-protocol input from DICOM files (tests): the files' headers, grouped by study and series. */
export function studyFactsFromFiles(files: string[]): StudyFacts[] {
  const headers: DicomJsonDataset[] = [];
  for (const file of files) {
    try {
      headers.push(parseDicom(new Uint8Array(readFileSync(file)), { source: file, inflateRaw: (b) => inflateRawSync(b) }).dataset);
    } catch {
      // not DICOM: not part of a study
    }
  }
  return studyFactsFromInstances(headers);
}
