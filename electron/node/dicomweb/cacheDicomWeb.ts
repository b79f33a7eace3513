import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { DicomJsonAttribute, DicomJsonDataset, QidoQuery } from '../../common/contract/hostContract';
import { DICOMWEB_PREFIX } from '../../common/contract/hostContract';
import { decodeFileFrame, samplesAsLittleEndianBytes } from '../../../native-codecs/node/decodeFileFrame';
import type { StudyCache } from '../cache/studyCache';
import type { DicomWebService } from '../host/dicomWebService';
import { HostError } from '../../common/contract/hostError';
import { renderThumbnail } from '../imaging/renderThumbnail';
import { INSTANCE_LEVEL, projectAttributes, SERIES_LEVEL, STUDY_LEVEL } from './qidoAttributes';

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

/** The local cache as a DICOMweb origin: QIDO-RS from the index, WADO-RS metadata from stored headers, frames decoded. */
export function createCacheDicomWeb(cache: StudyCache): DicomWebService {
  const idx = cache.index;
  const file = (studyUid: string, seriesUid: string, sopUid: string): string | undefined => {
    const o = idx.instanceObject(studyUid, seriesUid, sopUid);
    return o ? path.join(cache.paths.objects, o.objectPath) : undefined;
  };
  return {
    searchStudies(query) {
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
    searchSeries(studyUid, query) {
      const series = idx.seriesOfStudy(studyUid);
      if (!series) return undefined;
      const rows = series
        .filter((s) => !query.Modality || matches(String(s.first['00080060']?.Value?.[0] ?? ''), query.Modality))
        .filter((s) => !query.SeriesInstanceUID || s.seriesUid === query.SeriesInstanceUID)
        .filter((s) => !query.SeriesNumber || String(s.first['00200011']?.Value?.[0] ?? '') === query.SeriesNumber);
      return paged(rows, query).map((s) => projectAttributes(s.first, SERIES_LEVEL, { '00201209': { vr: 'IS', Value: [s.instances] } }));
    },
    searchInstances(studyUid, seriesUid, query) {
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
    async frames(studyUid, seriesUid, sopUid, frames) {
      const f = file(studyUid, seriesUid, sopUid);
      if (!f) return undefined;
      const out: Uint8Array[] = [];
      for (const n of frames) out.push(samplesAsLittleEndianBytes((await decodeFileFrame(f, n)).pixels));
      return out;
    },
    bulkData(studyUid, seriesUid, sopUid, offset, length) {
      const f = file(studyUid, seriesUid, sopUid);
      if (!f || length < 0) return undefined;
      const fd = openSync(f, 'r');
      try {
        const bytes = new Uint8Array(length);
        const n = readSync(fd, bytes, 0, length, offset);
        return bytes.subarray(0, n);
      } finally {
        closeSync(fd);
      }
    },
    async thumbnail(studyUid, seriesUid, sopUid) {
      const instances = idx.instancesOfSeries(studyUid, seriesUid);
      if (!instances) return undefined;
      const ds = sopUid ? instances.find((d) => d['00080018']?.Value?.[0] === sopUid) : instances[Math.floor(instances.length / 2)];
      if (!ds) return undefined;
      const f = file(studyUid, seriesUid, String(ds['00080018']!.Value![0]));
      if (!f || !ds['7FE00010']) return undefined;
      try {
        return renderThumbnail(ds, await decodeFileFrame(f, 1));
      } catch (error) {
        throw new HostError(422, 'undecodable', error instanceof Error ? error.message : String(error));
      }
    },
    store(instances) {
      // PS3.18 10.5.3: Referenced SOP Sequence (0008,1199) for stored, Failed SOP Sequence (0008,1198) with a reason.
      const referenced: DicomJsonDataset[] = [];
      const failed: DicomJsonDataset[] = [];
      instances.forEach((bytes, i) => {
        try {
          const outcome = cache.store(bytes, `STOW-RS part ${i + 1}`);
          referenced.push({ '00081155': { vr: 'UI', Value: [outcome.sopInstanceUid] } });
          cache.audit({ action: 'import', outcome: 'success', studyUid: outcome.studyInstanceUid, detail: 'STOW-RS' });
        } catch (error) {
          // 0xA700 "out of resources" for storage failures, 0xC000 "cannot understand" for bad data (PS3.4 B.2.3).
          failed.push({ '00081197': { vr: 'US', Value: [error instanceof Error && error.name === 'StorageError' ? 0xa700 : 0xc000] } });
        }
      });
      return {
        ...(referenced.length ? { '00081199': { vr: 'SQ', Value: referenced } } : {}),
        ...(failed.length ? { '00081198': { vr: 'SQ', Value: failed } } : {}),
      } as DicomJsonDataset;
    },
    instance(studyUid, seriesUid, sopUid) {
      const o = idx.instanceObject(studyUid, seriesUid, sopUid);
      return o ? cache.readObject(o.objectPath) : undefined;
    },
  };
}
