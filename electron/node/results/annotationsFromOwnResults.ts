import type { StoredKeyImage, StudyAnnotations } from '../../common/contract/hostContract';
import type { createAnnotationStore } from '../cache/annotationStore';
import type { StudyCache } from '../cache/studyCache';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { numberValue, stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { readKeyObjectSelection } from '../../common/results/keyObjects/readKeyObjectSelection';
import { LIGHTBOX_MANUFACTURER, resultKindOf, type ResultKind } from '../../common/results/resultObjects';
import { recoverOwnMeasurements } from '../../common/results/sr/ownMeasurements';
import { readMeasurementReport } from '../../common/results/sr/readMeasurementReport';

/** Our newest document of a kind: highest content date/time, then instance number. */
function newestOwn(datasets: DicomJsonDataset[], kind: ResultKind): DicomJsonDataset | undefined {
  const key = (d: DicomJsonDataset) => `${stringValue(d, '00080023') ?? ''}${stringValue(d, '00080033') ?? ''}|${String(numberValue(d, Tag.InstanceNumber) ?? 0).padStart(9, '0')}`;
  return datasets
    .filter((d) => resultKindOf(stringValue(d, Tag.SOPClassUID) ?? '') === kind && stringValue(d, '00080070') === LIGHTBOX_MANUFACTURER)
    .sort((a, b) => (key(a) < key(b) ? 1 : -1))[0];
}

/**
 * A study's measurements and key images as Lightbox last sent them, read back from its own
 * TID 1500 report and Key Object Selection — for a study retrieved from the PACS into a cache that
 * never had its annotations (another workstation, or after the local copy was deleted).
 * `datasets`: the study's result headers; `imageHeaders`: all its headers, asked for only when a
 * report of ours is there. Undefined when the study holds neither; `problems` lists groups that
 * could not be turned back.
 */
export function annotationsFromOwnResults(datasets: DicomJsonDataset[], imageHeaders: () => DicomJsonDataset[]): { annotations: Pick<StudyAnnotations, 'measurements' | 'keyImages'>; problems: string[] } | undefined {
  const sr = newestOwn(datasets, 'sr');
  const ko = newestOwn(datasets, 'ko');
  if (!sr && !ko) return undefined;
  const problems: string[] = [];
  // The measured images' headers (their pixel spacing) are read only when there is a report to recover.
  const measurements = sr ? recoverOwnMeasurements(readMeasurementReport(sr), imageHeaders()) : undefined;
  if (measurements) problems.push(...measurements.unreadable.map((u) => `measurement ${u.id}: ${u.reason}`));
  // MPR measurements come back without the plane they were drawn in: they stay in the report only.
  if (measurements?.volumeMeasurements.length) problems.push(`${measurements.volumeMeasurements.length} MPR measurement(s) stay in the report (the plane they were drawn in is not recorded there)`);
  const keyImages: StoredKeyImage[] = [];
  const doc = ko ? readKeyObjectSelection(ko) : undefined;
  if (doc?.kind === 'key-objects') {
    for (const o of doc.objects)
      for (const frame of o.frames ?? [1]) keyImages.push({ id: `${o.sopInstanceUid}#${frame}`, seriesInstanceUid: o.seriesInstanceUid, sopInstanceUid: o.sopInstanceUid, frame });
  }
  return { annotations: { measurements: measurements?.measurements ?? [], ...(keyImages.length ? { keyImages } : {}) }, problems };
}

/**
 * A study's annotations as kept here; when never saved here, those its own documents carry (then
 * kept, so later edits apply on top of them). A read-only cache answers them without keeping them.
 */
export function annotationsOrRecovered(store: ReturnType<typeof createAnnotationStore>, cache: StudyCache, studyUid: string): StudyAnnotations {
  const kept = store.get(studyUid);
  if (kept.savedAt) return kept;
  // Result headers only (chosen in SQL): a study opened for reading parses no image header here.
  const recovered = annotationsFromOwnResults(cache.index.resultMetadata(studyUid), () => cache.index.studyMetadata(studyUid) ?? []);
  if (!recovered || (!recovered.annotations.measurements.length && !recovered.annotations.keyImages?.length)) return kept;
  for (const problem of recovered.problems) console.warn(`lightbox: study ${studyUid}: ${problem}`);
  if (cache.readOnly) return { ...kept, ...recovered.annotations };
  return store.put(studyUid, { studyInstanceUid: studyUid, measurements: recovered.annotations.measurements, keyImages: recovered.annotations.keyImages ?? [] });
}
