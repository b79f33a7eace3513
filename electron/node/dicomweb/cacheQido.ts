import type { QidoQuery } from '../../common/contract/hostContract';
import { DICOMWEB_PREFIX } from '../../common/contract/hostContract';
import type { StudyCache } from '../cache/studyCache';
import type { LocalStudies } from '../host/localStudies';
import { INSTANCE_LEVEL, projectAttributes, SERIES_LEVEL, STUDY_LEVEL } from './qidoAttributes';
import { SerializedJson } from '../../common/contract/serializedJson';

/** The stored instance-relative bulk data references (`"BulkDataURI":"bulkdata/…"`, as JSON.stringify wrote them). */
const STORED_BULK_DATA_URI = '"BulkDataURI":"bulkdata/';

/**
 * WADO-RS metadata straight from the stored JSON text: each instance's relative BulkDataURIs
 * made paths on this host's DICOMweb service by a text replacement (the stored form is always
 * JSON.stringify's), streamed a few instances at a time.
 */
function metadataJson(studyUid: string, rows: Array<{ seriesUid: string; sopUid: string; metadata: string }> | undefined): SerializedJson | undefined {
  if (!rows) return undefined;
  return SerializedJson.array(rows, (r) => r.metadata.replaceAll(STORED_BULK_DATA_URI, `"BulkDataURI":"${DICOMWEB_PREFIX}/studies/${studyUid}/series/${r.seriesUid}/instances/${r.sopUid}/bulkdata/`));
}

function paged<T>(items: T[], query: QidoQuery): T[] {
  const offset = Math.max(0, Number(query.offset ?? 0) || 0);
  const limit = query.limit !== undefined ? Math.max(0, Number(query.limit) || 0) : items.length;
  return items.slice(offset, offset + limit);
}

/** Matches a QIDO value against a stored one: `*`/`?` wildcards, case-insensitive for text. */
function matches(stored: string, wanted: string): boolean {
  if (!/[*?]/.test(wanted)) return stored.toLowerCase() === wanted.toLowerCase();
  const re = new RegExp(`^${wanted.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'is');
  return re.test(stored);
}

/** QIDO-RS and WADO-RS metadata over the cache's index: no file is read. */
export function createCacheQido(cache: StudyCache): Pick<LocalStudies, 'qidoStudies' | 'qidoSeries' | 'qidoInstances' | 'studyMetadata' | 'seriesMetadata'> {
  const idx = cache.index;
  return {
    qidoStudies(query) {
      const studies = idx.searchStudies({
        ...(query.PatientName ? { patientName: query.PatientName } : {}),
        ...(query.PatientID ? { patientId: query.PatientID } : {}),
        ...(query.AccessionNumber ? { accessionNumber: query.AccessionNumber } : {}),
        ...(query.StudyDate ? { studyDate: query.StudyDate } : {}),
        ...(query.ModalitiesInStudy ? { modality: query.ModalitiesInStudy } : {}),
        limit: 100_000,
      });
      const uids = query.StudyInstanceUID?.split(/[,\\]/);
      const rows = studies.filter((s) => !uids || uids.includes(s.studyInstanceUid));
      return paged(rows, query).map((s) => {
        const first = idx.seriesOfStudy(s.studyInstanceUid)?.[0]?.first ?? {};
        return projectAttributes(first, STUDY_LEVEL, {
          '00080061': { vr: 'CS', Value: s.modalities },
          '00201206': { vr: 'IS', Value: [s.seriesCount] },
          '00201208': { vr: 'IS', Value: [s.instanceCount] },
        });
      });
    },
    qidoSeries(studyUid, query) {
      const series = idx.seriesOfStudy(studyUid);
      if (!series) return undefined;
      const rows = series
        .filter((s) => !query.Modality || matches(String(s.first['00080060']?.Value?.[0] ?? ''), query.Modality))
        .filter((s) => !query.SeriesInstanceUID || s.seriesUid === query.SeriesInstanceUID)
        .filter((s) => !query.SeriesNumber || String(s.first['00200011']?.Value?.[0] ?? '') === query.SeriesNumber);
      return paged(rows, query).map((s) => projectAttributes(s.first, SERIES_LEVEL, { '00201209': { vr: 'IS', Value: [s.instances] } }));
    },
    qidoInstances(studyUid, seriesUid, query) {
      const instances = idx.instancesOfSeries(studyUid, seriesUid);
      if (!instances) return undefined;
      const rows = instances.filter((d) => !query.SOPInstanceUID || d['00080018']?.Value?.[0] === query.SOPInstanceUID);
      return paged(rows, query).map((d) => projectAttributes(d, INSTANCE_LEVEL, {}));
    },
    studyMetadata: (studyUid) => metadataJson(studyUid, idx.metadataRows(studyUid)),
    seriesMetadata: (studyUid, seriesUid) => metadataJson(studyUid, idx.metadataRows(studyUid, seriesUid)),
  };
}
