import type { QidoQuery } from '../../common/contract/hostContract';
import { DICOMWEB_PREFIX } from '../../common/contract/hostContract';
import type { StudyCache } from '../cache/studyCache';
import type { LocalStudies } from '../host/localStudies';
import { INSTANCE_LEVEL, projectAttributes, SERIES_LEVEL, STUDY_LEVEL } from './qidoAttributes';
import type { DicomJsonAttribute, DicomJsonDataset } from '../../common/dicom/model/dicomJson';

/** Rewrites the stored instance-relative BulkDataURIs into paths on this host's DICOMweb service. */
function withBulkDataUris(ds: DicomJsonDataset, base: string): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const [key, attr] of Object.entries(ds)) {
    if (attr.BulkDataURI?.startsWith('bulkdata/')) out[key] = { ...attr, BulkDataURI: `${base}/${attr.BulkDataURI}` };
    else if (attr.vr === 'SQ' && attr.Value) out[key] = { ...attr, Value: (attr.Value as DicomJsonDataset[]).map((item) => withBulkDataUris(item, base)) } as DicomJsonAttribute;
    else out[key] = attr;
  }
  return out;
}

function instanceBase(ds: DicomJsonDataset): string {
  const v = (tag: string): string => String(ds[tag]?.Value?.[0] ?? '');
  return `${DICOMWEB_PREFIX}/studies/${v('0020000D')}/series/${v('0020000E')}/instances/${v('00080018')}`;
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
    studyMetadata(studyUid) {
      return idx.studyMetadata(studyUid)?.map((d) => withBulkDataUris(d, instanceBase(d)));
    },
    seriesMetadata(studyUid, seriesUid) {
      return idx.instancesOfSeries(studyUid, seriesUid)?.map((d) => withBulkDataUris(d, instanceBase(d)));
    },
  };
}
