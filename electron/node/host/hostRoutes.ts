import type { HostInfo, HostRouteImplementations } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import { createDicomWebRoutes } from './dicomWebRoutes';
import { notCached, requireUid } from './hostRouteChecks';
import type { HostEventBus } from '../../common/events/hostEventBus';
import type { DisplayService } from './displayService';
import type { LocalStudies } from './localStudies';
import type { PacsApi } from './pacsApi';
import { createPacsRoutes } from './pacsRoutes';
import { createExportRoutes } from './exportRoutes';
import type { ExportJobs } from '../export/exportJobs';
import { diagnosticDisplays } from '../../common/hanging/displayPlanner';
import { hangStudy } from '../../common/hanging/hangingEngine';
import { shippedProtocols } from '../../common/hanging/shippedProtocols';
import type { ProtocolStore } from '../hanging/protocolStore';
import type { ReadingRoomProfileStore } from './readingRoomProfileStore';
import type { HostDiagnosticsMonitor } from './hostDiagnostics';
import { studyFactsFromSeriesHeads } from '../../common/hanging/studyFacts';
import { isReadingStatus, READING_STATUSES } from '../../common/studies/readingStatus';
import { StudySearchError } from '../cache/studySearchSql';

export interface HostServices {
  info: HostInfo;
  studies: LocalStudies;
  displays: DisplayService;
  events: HostEventBus;
  pacs?: PacsApi;
  /** Which display plays which role; absent: roles by the default numbering, not settable. */
  profile?: ReadingRoomProfileStore;
  /** Shipped and user hanging protocols; absent: the shipped ones, and no editing. */
  protocols?: ProtocolStore;
  diagnostics?: HostDiagnosticsMonitor;
  /** Exports the app starts (folder, zip, PDI, ISO on the host's machine); absent: the export requests answer 501. */
  exports?: ExportJobs;
}

/** Implements every request of the host contract on top of the host's services. */
export function createHostRouteImplementations(services: HostServices): HostRouteImplementations {
  const { studies } = services;
  return {
    getHostInfo: async () => services.info,
    getHostDiagnostics: async ({ query }) => {
      if (!services.diagnostics) throw new HostError(501, 'unsupported', 'this host keeps no diagnostics');
      return services.diagnostics.read(query.reset === '1');
    },
    searchStudies: async ({ query }) => {
      const limit = query.limit === undefined ? undefined : Number(query.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
        throw new HostError(400, 'bad-request', `limit must be a positive integer, got "${query.limit}"`);
      }
      try {
        return studies.search({ ...query, limit });
      } catch (error) {
        if (error instanceof StudySearchError) throw new HostError(400, 'bad-request', error.message);
        throw error;
      }
    },
    getSeriesVolumeInfo: async ({ params }) => {
      const study = requireUid(params.studyUid, 'StudyInstanceUID');
      const series = requireUid(params.seriesUid, 'SeriesInstanceUID');
      return (await studies.seriesVolumeInfo(study, series)) ?? Promise.reject(notCached(`series ${series}`));
    },
    getSeriesVolume: async ({ params }) => {
      const study = requireUid(params.studyUid, 'StudyInstanceUID');
      const series = requireUid(params.seriesUid, 'SeriesInstanceUID');
      return (await studies.seriesVolume(study, series)) ?? Promise.reject(notCached(`series ${series}`));
    },
    getFrame: async ({ params }) => {
      const study = requireUid(params.studyUid, 'StudyInstanceUID');
      const series = requireUid(params.seriesUid, 'SeriesInstanceUID');
      const instance = requireUid(params.instanceUid, 'SOPInstanceUID');
      const frame = Number(params.frame);
      // PS3.18 10.4.1.1.3: frame numbers are 1-based.
      if (!Number.isInteger(frame) || frame < 1) throw new HostError(400, 'bad-request', `frame must be ≥ 1, got "${params.frame}"`);
      return (await studies.displayFrame(study, series, instance, frame)) ?? Promise.reject(notCached(`frame ${frame} of instance ${instance}`));
    },
    openStudy: async ({ body }) => {
      if (!body || (!body.studyInstanceUid && !body.accessionNumber)) {
        throw new HostError(400, 'bad-request', 'openStudy needs studyInstanceUid or accessionNumber');
      }
      const uid = body.studyInstanceUid
        ? requireUid(body.studyInstanceUid, 'StudyInstanceUID')
        : studies.findStudyByAccession(body.accessionNumber ?? '');
      const known = uid !== undefined && studies.hasStudy(uid);
      if (!uid || !known) {
        const what = body.studyInstanceUid ? `Study ${body.studyInstanceUid}` : `Accession number ${body.accessionNumber}`;
        return { accepted: false, studyInstanceUid: uid, message: `${what} is not in the local cache` };
      }
      const status = studies.recordOpen(uid);
      services.pacs?.studyOpened(uid);
      services.events.emit({ type: 'onDidOpenStudy', studyInstanceUid: uid });
      if (status) services.events.emit({ type: 'onDidChangeReadingStatus', status });
      return { accepted: true, studyInstanceUid: uid, message: `Opening study ${uid}` };
    },
    putReadingStatus: async ({ params, body }) => {
      if (!studies.setReadingStatus) throw new HostError(501, 'unsupported', 'this host keeps no reading status');
      if (!isReadingStatus(body?.status)) throw new HostError(400, 'bad-request', `status must be ${READING_STATUSES.join(', ')}; got ${JSON.stringify(body?.status)}`);
      const saved = studies.setReadingStatus(requireUid(params.studyUid, 'StudyInstanceUID'), body.status);
      services.events.emit({ type: 'onDidChangeReadingStatus', status: saved });
      return saved;
    },
    getAnnotations: async ({ params }) => {
      return studies.getAnnotations(requireUid(params.studyUid, 'StudyInstanceUID'));
    },
    putAnnotations: async ({ params, body }) => {
      const saved = studies.putAnnotations(requireUid(params.studyUid, 'StudyInstanceUID'), body);
      // Every window showing the study merges the new version (one window's save never hides another's).
      services.events.emit({ type: 'onDidChangeAnnotations', studyInstanceUid: saved.studyInstanceUid, version: saved.version ?? 0 });
      return saved;
    },
    getSuvOverrides: async ({ params }) => {
      if (!studies.getSuvOverrides) throw new HostError(501, 'unsupported', 'this host keeps no SUV overrides');
      return studies.getSuvOverrides(requireUid(params.studyUid, 'StudyInstanceUID'), requireUid(params.seriesUid, 'SeriesInstanceUID'));
    },
    putSuvOverrides: async ({ params, body }) => {
      if (!studies.putSuvOverrides) throw new HostError(501, 'unsupported', 'this host keeps no SUV overrides');
      const saved = studies.putSuvOverrides(requireUid(params.studyUid, 'StudyInstanceUID'), requireUid(params.seriesUid, 'SeriesInstanceUID'), body);
      services.events.emit({ type: 'onDidChangeSuvOverrides', studyInstanceUid: saved.studyInstanceUid, seriesInstanceUid: saved.seriesInstanceUid });
      return saved;
    },
    getHanging: async ({ params, query }) => {
      const uid = requireUid(params.studyUid, 'StudyInstanceUID');
      const displays = query.displays === undefined ? Math.max(1, diagnosticDisplays(services.displays.listDisplays()).length) : Number(query.displays);
      if (!Number.isInteger(displays) || displays < 1) throw new HostError(400, 'bad-request', `displays must be a positive integer, got "${query.displays}"`);
      const input = studies.hangingInput(uid);
      if (!input) throw notCached(`study ${uid}`);
      const current = studyFactsFromSeriesHeads(input.current)!;
      const candidates = input.others.map((o) => studyFactsFromSeriesHeads(o)!);
      return hangStudy(services.protocols?.protocols() ?? shippedProtocols(), { current, candidates, displays });
    },
    getStudyResults: async ({ params }) => {
      const uid = requireUid(params.studyUid, 'StudyInstanceUID');
      return studies.results(uid) ?? Promise.reject(notCached(`study ${uid}`));
    },
    getSegmentStatistics: async ({ params }) => {
      const study = requireUid(params.studyUid, 'StudyInstanceUID');
      const sop = requireUid(params.sopUid, 'SOPInstanceUID');
      return (await studies.segmentStatistics(study, sop)) ?? Promise.reject(notCached(`segmentation ${sop}`));
    },
    saveStudyResults: async ({ params, body }) => {
      const uid = requireUid(params.studyUid, 'StudyInstanceUID');
      if (!studies.hasStudy(uid)) throw notCached(`study ${uid}`);
      const sendTo = body?.sendTo ?? [];
      const known = services.pacs?.status().nodes.map((n) => n.name) ?? [];
      const unknown = sendTo.filter((n) => !known.includes(n));
      if (unknown.length) throw new HostError(400, 'bad-request', `no PACS node named ${unknown.map((n) => `"${n}"`).join(', ')}`);
      const saved = studies.saveResults(uid, body ?? {});
      const sops = saved.written.map((w) => w.sopInstanceUid);
      let queued = 0;
      for (const node of sendTo) if (sops.length) queued += services.pacs!.sendInstances(node, uid, sops).queued;
      if (saved.written.length) services.events.emit({ type: 'onDidChangeStudies', studyInstanceUids: [uid] });
      return { ...saved, queued };
    },
    saveStudyRegistration: async ({ params, body }) => {
      const uid = requireUid(params.studyUid, 'StudyInstanceUID');
      if (!studies.hasStudy(uid)) throw notCached(`study ${uid}`);
      if (!body) throw new HostError(400, 'bad-request', 'a registration to save is needed');
      const saved = studies.saveRegistration(uid, body);
      services.events.emit({ type: 'onDidChangeStudies', studyInstanceUids: [uid] });
      return saved;
    },
    listProtocols: async () => services.protocols?.list() ?? { protocols: shippedProtocols().map((protocol) => ({ protocol, source: 'shipped' as const })), problems: [] },
    putProtocol: async ({ params, body }) => {
      const store = editableProtocols(services.protocols);
      if (body?.id !== params.protocolId) throw new HostError(400, 'bad-request', `the protocol's id (${JSON.stringify(body?.id)}) must be the one in the path (${params.protocolId})`);
      try {
        store.save(body, `protocol ${params.protocolId}`);
      } catch (e) {
        throw new HostError(400, 'bad-request', e instanceof Error ? e.message : String(e));
      }
      return store.list();
    },
    deleteProtocol: async ({ params }) => {
      const store = editableProtocols(services.protocols);
      if (!store.remove(params.protocolId)) {
        const shipped = shippedProtocols().some((p) => p.id === params.protocolId);
        throw shipped ? new HostError(400, 'bad-request', `${params.protocolId} is a shipped protocol: it cannot be removed (save an edited copy under its id to override it)`) : new HostError(404, 'not-found', `no user protocol ${params.protocolId}`);
      }
      return store.list();
    },
    listDisplays: async () => services.displays.listDisplays(),
    putDisplayRoles: async ({ body }) => {
      if (!services.profile) throw new HostError(501, 'unsupported', 'this host keeps no reading-room profile');
      const roles = body?.roles;
      if (typeof roles !== 'object' || roles === null || Object.values(roles).some((r) => typeof r !== 'string')) throw new HostError(400, 'bad-request', 'roles must map display ids to role names');
      try {
        services.profile.setRoles(services.displays.listDisplays(), roles);
      } catch (e) {
        throw new HostError(400, 'bad-request', e instanceof Error ? e.message : String(e));
      }
      const displays = services.displays.listDisplays();
      services.events.emit({ type: 'onDidChangeDisplays', displays });
      return displays;
    },
    ...createDicomWebRoutes(studies, (studyInstanceUids) => services.events.emit({ type: 'onDidChangeStudies', studyInstanceUids })),
    ...createPacsRoutes(services.pacs, studies),
    ...createExportRoutes(services.exports),
  };
}

function editableProtocols(store: ProtocolStore | undefined): ProtocolStore {
  if (!store) throw new HostError(501, 'unsupported', 'this host keeps no user protocols');
  return store;
}
