import type { HostInfo, HostRouteImplementations } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import { createDicomWebRoutes } from './dicomWebRoutes';
import { notCached, requireUid } from './hostRouteChecks';
import type { HostEventBus } from '../../common/events/hostEventBus';
import type { DisplayService } from './displayService';
import type { DicomWebService } from './dicomWebService';
import type { StudyCatalog } from './studyCatalog';
import type { PacsApi } from './pacsApi';
import { createPacsRoutes } from './pacsRoutes';
import { hangStudy } from '../../common/hanging/hangingEngine';
import { shippedProtocols } from '../../common/hanging/shippedProtocols';
import { studyFactsFromSeriesHeads } from '../../common/hanging/studyFacts';

export interface HostServices {
  info: HostInfo;
  catalog: StudyCatalog;
  dicomweb: DicomWebService;
  displays: DisplayService;
  events: HostEventBus;
  pacs?: PacsApi;
}

/** Implements every request of the host contract on top of the host's services. */
export function createHostRouteImplementations(services: HostServices): HostRouteImplementations {
  const { catalog } = services;
  return {
    getHostInfo: async () => services.info,
    searchStudies: async ({ query }) => {
      const limit = query.limit === undefined ? undefined : Number(query.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
        throw new HostError(400, 'bad-request', `limit must be a positive integer, got "${query.limit}"`);
      }
      return catalog.search({ ...query, limit });
    },
    getStudyMetadata: async ({ params }) => {
      const uid = requireUid(params.studyUid, 'StudyInstanceUID');
      return (await catalog.getStudyMetadata(uid)) ?? Promise.reject(notCached(`study ${uid}`));
    },
    getSeriesVolumeInfo: async ({ params }) => {
      const study = requireUid(params.studyUid, 'StudyInstanceUID');
      const series = requireUid(params.seriesUid, 'SeriesInstanceUID');
      return (await catalog.getSeriesVolumeInfo(study, series)) ?? Promise.reject(notCached(`series ${series}`));
    },
    getSeriesVolume: async ({ params }) => {
      const study = requireUid(params.studyUid, 'StudyInstanceUID');
      const series = requireUid(params.seriesUid, 'SeriesInstanceUID');
      const bytes = await catalog.getSeriesVolume(study, series);
      if (!bytes) throw notCached(`series ${series}`);
      return bytes.slice().buffer;
    },
    getFrame: async ({ params }) => {
      const study = requireUid(params.studyUid, 'StudyInstanceUID');
      const series = requireUid(params.seriesUid, 'SeriesInstanceUID');
      const instance = requireUid(params.instanceUid, 'SOPInstanceUID');
      const frame = Number(params.frame);
      // PS3.18 10.4.1.1.3: frame numbers are 1-based.
      if (!Number.isInteger(frame) || frame < 1) throw new HostError(400, 'bad-request', `frame must be ≥ 1, got "${params.frame}"`);
      const bytes = await catalog.getFrame(study, series, instance, frame);
      if (!bytes) throw notCached(`frame ${frame} of instance ${instance}`);
      return bytes.slice().buffer;
    },
    openStudy: async ({ body }) => {
      if (!body || (!body.studyInstanceUid && !body.accessionNumber)) {
        throw new HostError(400, 'bad-request', 'openStudy needs studyInstanceUid or accessionNumber');
      }
      const uid = body.studyInstanceUid
        ? requireUid(body.studyInstanceUid, 'StudyInstanceUID')
        : await catalog.findStudyByAccession(body.accessionNumber ?? '');
      const known = uid !== undefined && (await catalog.getStudyMetadata(uid)) !== undefined;
      if (!uid || !known) {
        const what = body.studyInstanceUid ? `Study ${body.studyInstanceUid}` : `Accession number ${body.accessionNumber}`;
        return { accepted: false, studyInstanceUid: uid, message: `${what} is not in the local cache` };
      }
      catalog.recordOpen?.(uid);
      services.pacs?.studyOpened(uid);
      services.events.emit({ type: 'onDidOpenStudy', studyInstanceUid: uid });
      return { accepted: true, studyInstanceUid: uid, message: `Opening study ${uid}` };
    },
    getAnnotations: async ({ params }) => {
      const study = requireUid(params.studyUid, 'StudyInstanceUID');
      if (!catalog.getAnnotations) throw new HostError(501, 'unsupported', 'this host keeps no annotations');
      return catalog.getAnnotations(study);
    },
    putAnnotations: async ({ params, body }) => {
      const study = requireUid(params.studyUid, 'StudyInstanceUID');
      if (!catalog.putAnnotations) throw new HostError(501, 'unsupported', 'this host keeps no annotations');
      return catalog.putAnnotations(study, body);
    },
    getHanging: async ({ params, query }) => {
      const uid = requireUid(params.studyUid, 'StudyInstanceUID');
      const displays = query.displays === undefined ? services.displays.listDisplays().length : Number(query.displays);
      if (!Number.isInteger(displays) || displays < 1) throw new HostError(400, 'bad-request', `displays must be a positive integer, got "${query.displays}"`);
      const input = catalog.getHangingInput?.(uid);
      if (!input) throw notCached(`study ${uid}`);
      const current = studyFactsFromSeriesHeads(input.current)!;
      const candidates = input.others.map((o) => studyFactsFromSeriesHeads(o)!);
      return hangStudy(shippedProtocols(), { current, candidates, displays });
    },
    listDisplays: async () => services.displays.listDisplays(),
    ...createDicomWebRoutes(services.dicomweb),
    ...createPacsRoutes(services.pacs),
  };
}
