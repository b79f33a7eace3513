import type { SaveResultsRequest, SaveResultsResponse, StudyAnnotations, ViewportPresentation } from '../../common/contract/hostContract';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { KeyObjectTitles } from '../../common/results/keyObjects/keyObjectCodes';
import { writeKeyObjectSelection, type KeyObject } from '../../common/results/keyObjects/writeKeyObjectSelection';
import { nameBasedUid } from '../../common/results/nameBasedUid';
import { buildPresentationState } from '../../common/results/presentationState/buildPresentationState';
import { writePresentationState } from '../../common/results/presentationState/writePresentationState';
import { measurementReportIdentity } from '../../common/results/reportIdentity';
import type { Code } from '../../common/results/sr/srCodes';
import { writeMeasurementReport } from '../../common/results/sr/measurementReport';
import type { StudyCache } from '../cache/studyCache';
import { LIGHTBOX_VERSION } from '../host/version';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const dicomDate = (d: Date) => `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
const dicomTime = (d: Date) => `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;

/** Series numbers of what Lightbox writes: high, so they sort after the acquired series. */
const SERIES_NUMBER = { sr: 9901, ko: 9902, pr: 9903 } as const;

function keyImageTitle(code: string | undefined): Code {
  const title = Object.values(KeyObjectTitles).find((t) => t.value === (code ?? '113000'));
  if (!title) throw new Error(`key image title ${code} is not a CID 7010 document title`);
  return title;
}

/** The key images as KOS references: frames of one instance together, each with its SOP class. */
function keyObjects(annotations: StudyAnnotations, bySop: Map<string, DicomJsonDataset>, skipped: string[]): KeyObject[] {
  const out = new Map<string, KeyObject>();
  for (const k of annotations.keyImages ?? []) {
    const ds = bySop.get(k.sopInstanceUid);
    if (!ds) {
      skipped.push(`key image ${k.sopInstanceUid}: not in the cache`);
      continue;
    }
    const multiFrame = Number(ds['00280008']?.Value?.[0] ?? 1) > 1;
    const known = out.get(k.sopInstanceUid);
    if (known) known.frames = [...(known.frames ?? []), k.frame].sort((a, b) => a - b);
    else
      out.set(k.sopInstanceUid, {
        studyInstanceUid: annotations.studyInstanceUid,
        seriesInstanceUid: k.seriesInstanceUid,
        sopClassUid: stringValue(ds, Tag.SOPClassUID) ?? '',
        sopInstanceUid: k.sopInstanceUid,
        ...(multiFrame ? { frames: [k.frame] } : {}),
      });
  }
  return [...out.values()];
}

function presentationState(p: ViewportPresentation, header: DicomJsonDataset, annotations: StudyAnnotations, version: number, now: Date, creator: string): Uint8Array {
  const study = annotations.studyInstanceUid;
  const state = buildPresentationState({
    images: [{ header, frames: [p.frame] }],
    // Named by what it shows: saving the same display again gives the same instance, and two
    // viewports showing one image differently give two states.
    sopInstanceUid: nameBasedUid(`lightbox:pr:${study}:${version}:${JSON.stringify(p)}`),
    seriesInstanceUid: nameBasedUid(`lightbox:pr-series:${study}`),
    createdAt: now,
    contentLabel: 'LIGHTBOX',
    contentDescription: 'Display as read in Lightbox',
    creatorName: creator,
    ...(p.window ? { window: p.window } : {}),
    invert: p.invert,
    rotation: p.rotation,
    flipH: p.flipH,
    flipV: p.flipV,
    ...(p.visibleMm ? { visibleMm: p.visibleMm } : {}),
    measurements: annotations.measurements.filter((m) => m.sopInstanceUid === p.sopInstanceUid && m.frame === p.frame),
  });
  return writePresentationState(state, { source: header, seriesNumber: SERIES_NUMBER.pr, softwareVersion: LIGHTBOX_VERSION });
}

/**
 * Writes a study's results — measurements (TID 1500), key images (KOS), displays (GSPS) — from
 * what the cache keeps for it and what the viewports show, and stores them in the cache as
 * instances of Lightbox's own series. Identities derive from the study and the annotations'
 * version: saving an unchanged study again stores the same instances (duplicates, not new ones).
 */
export function saveStudyResults(cache: StudyCache, annotations: StudyAnnotations, request: SaveResultsRequest, now = new Date()): Omit<SaveResultsResponse, 'queued'> {
  const study = annotations.studyInstanceUid;
  const datasets = cache.index.studyMetadata(study);
  if (!datasets) throw new Error(`study ${study} is not in the local cache`);
  const bySop = new Map(datasets.map((d) => [stringValue(d, Tag.SOPInstanceUID) ?? '', d]));
  const version = annotations.version ?? 0;
  const reader = cache.auditUser;
  const written: SaveResultsResponse['written'] = [];
  const skipped: string[] = [];
  const store = (kind: 'sr' | 'ko' | 'pr', bytes: Uint8Array, what: string, seriesInstanceUid: string) => {
    const outcome = cache.store(bytes, `Lightbox ${what}`);
    written.push({ kind, sopInstanceUid: outcome.sopInstanceUid, seriesInstanceUid });
  };

  if (annotations.measurements.length || annotations.volumeMeasurements?.length) {
    const document = measurementReportIdentity(study, version, now);
    const report = writeMeasurementReport({ annotations, datasets, readerName: reader, document });
    skipped.push(...report.skipped.map((s) => `measurement ${s.id}: ${s.reason}`));
    store('sr', report.bytes, 'measurement report', document.seriesInstanceUid);
  }
  const objects = keyObjects(annotations, bySop, skipped);
  if (objects.length) {
    const title = keyImageTitle(request.keyImageTitle);
    const seriesInstanceUid = nameBasedUid(`lightbox:ko-series:${study}`);
    const kos = writeKeyObjectSelection({
      source: bySop.get(objects[0]!.sopInstanceUid)!,
      title,
      ...(request.keyImageDescription ? { description: request.keyImageDescription } : {}),
      observerName: reader,
      objects,
      document: {
        seriesInstanceUid,
        sopInstanceUid: nameBasedUid(`lightbox:ko:${study}:${version}:${title.value}`),
        seriesNumber: SERIES_NUMBER.ko,
        instanceNumber: Math.max(1, version),
        seriesDescription: 'Lightbox key images',
        contentDate: dicomDate(now),
        contentTime: dicomTime(now),
      },
    });
    store('ko', kos.bytes, 'key images', seriesInstanceUid);
  }
  for (const p of request.presentations ?? []) {
    const header = bySop.get(p.sopInstanceUid);
    if (!header) skipped.push(`display of ${p.sopInstanceUid}: not in the cache`);
    else store('pr', presentationState(p, header, annotations, version, now, reader), 'presentation state', nameBasedUid(`lightbox:pr-series:${study}`));
  }
  if (written.length === 0) skipped.push('nothing to save: no measurements, key images or displays');
  return { written, skipped };
}
