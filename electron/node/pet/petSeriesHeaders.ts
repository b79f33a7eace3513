import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { numberValue, stringValue } from '../../common/dicom/model/dicomJsonAccess';
import type { StudyCache } from '../cache/studyCache';
import { readDicomFileSync } from '../dicom/readDicomFile';

/** One series' headers, in instance-number order. */
export interface PetSeriesHeaders {
  seriesInstanceUid: string;
  seriesDescription: string;
  datasets: DicomJsonDataset[];
}

const byInstanceNumber = (a: DicomJsonDataset, b: DicomJsonDataset): number => (numberValue(a, '00200013') ?? 0) - (numberValue(b, '00200013') ?? 0);

function filesUnder(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(target, e.name)) : e.isFile() ? [path.join(target, e.name)] : []));
}

/**
 * The headers of the series in files and folders (header-only reads). A file named outright must be
 * DICOM; in folders, what is not DICOM (a README, a DICOMDIR's notes) is passed over.
 */
export function petSeriesFromFiles(targets: string[]): PetSeriesHeaders[] {
  const series = new Map<string, PetSeriesHeaders>();
  for (const target of targets) {
    const named = !statSync(target).isDirectory();
    for (const file of filesUnder(target)) {
      let dataset: DicomJsonDataset;
      try {
        dataset = readDicomFileSync(file, { headerOnly: true }).dataset;
      } catch (error) {
        if (named) throw error;
        continue;
      }
      const uid = stringValue(dataset, '0020000E') ?? '';
      if (!uid || !dataset['7FE00010'] && !dataset['00280010']) continue; // not an image
      const entry = series.get(uid) ?? { seriesInstanceUid: uid, seriesDescription: stringValue(dataset, '0008103E') ?? '', datasets: [] };
      entry.datasets.push(dataset);
      series.set(uid, entry);
    }
  }
  for (const s of series.values()) s.datasets.sort(byInstanceNumber);
  return [...series.values()];
}

/** A cached series' headers from the index (no file is read); undefined when it is not cached. */
export function petSeriesFromCache(cache: StudyCache, seriesUid: string): PetSeriesHeaders | undefined {
  const studyUid = cache.index.allInstances().find((i) => i.seriesUid === seriesUid)?.studyUid;
  const datasets = studyUid ? cache.index.instancesOfSeries(studyUid, seriesUid) : undefined;
  if (!datasets) return undefined;
  return { seriesInstanceUid: seriesUid, seriesDescription: stringValue(datasets[0], '0008103E') ?? '', datasets: datasets.sort(byInstanceNumber) };
}
