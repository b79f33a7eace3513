import { builtRendererDir } from '../runtime/appLayout';
import { API_PREFIX, DICOMWEB_PREFIX, type HostInfo } from '../../common/contract/hostContract';
import { createHostRequestHandler, type RequestHandler } from '../../common/contract/hostRequestHandler';
import { HostEventBus } from '../../common/events/hostEventBus';
import type { DisplayService } from './displayService';
import { createHostRouteImplementations } from './hostRoutes';
import { ProtocolStore } from '../hanging/protocolStore';
import { ReadingRoomProfileStore, withReadingRoomRoles } from './readingRoomProfileStore';
import { createStaticFileHandler } from './staticFileHandler';
import { createEmptyLocalStudies, type LocalStudies } from './localStudies';
import type { PacsApi } from './pacsApi';
import { LIGHTBOX_VERSION } from './version';
import type { HostDiagnosticsMonitor } from './hostDiagnostics';
import type { RequestBodyLimits } from '../../common/contract/requestBodyLimits';
import type { ExportJobs } from '../export/exportJobs';


export interface HostOptions {
  mode: HostInfo['mode'];
  dataDir: string;
  displays: DisplayService;
  /** The studies it serves (the local cache); absent: none. */
  studies?: LocalStudies;
  rendererDir?: string;
  notice?: string;
  /** DICOM networking (query/retrieve, send, our Storage SCP); absent: the PACS requests answer 501. */
  pacs?: PacsApi;
  /** The host's health (event-loop delay, threads); absent: `getHostDiagnostics` answers 501. */
  diagnostics?: HostDiagnosticsMonitor;
  /** The app's exports (folder, zip, PDI, ISO); absent: the export requests answer 501. */
  exports?: ExportJobs;
  /** How large a request body it takes (default: `DEFAULT_REQUEST_BODY_LIMITS`). */
  limits?: RequestBodyLimits;
  /** Failures whose details stay on the host (they name local files); default: stderr. */
  logError?(message: string): void;
}

export interface Host {
  /** Answers the whole app origin: the contract under /api, the renderer's files elsewhere. */
  handle: RequestHandler;
  events: HostEventBus;
  info: HostInfo;
  /** The displays with their reading-room roles. */
  displays: DisplayService;
}

/** Wires the Electron-free host services; the Electron glue and browser mode both call this. */
export function createHost(options: HostOptions): Host {
  const events = new HostEventBus();
  const info: HostInfo = {
    product: 'Lightbox',
    version: LIGHTBOX_VERSION,
    mode: options.mode,
    dataDir: options.dataDir,
    ...(options.notice ? { notice: options.notice } : {}),
  };
  const profile = new ReadingRoomProfileStore(options.dataDir);
  const displays = withReadingRoomRoles(options.displays, profile);
  const api = createHostRequestHandler(
    createHostRouteImplementations({
      info,
      studies: options.studies ?? createEmptyLocalStudies(),
      displays,
      profile,
      events,
      pacs: options.pacs,
      diagnostics: options.diagnostics,
      exports: options.exports,
      protocols: new ProtocolStore(options.dataDir),
    }),
    events,
    { limits: options.limits, logError: options.logError },
  );
  const files = createStaticFileHandler(options.rendererDir ?? builtRendererDir());
  const handle: RequestHandler = (request) => {
    const { pathname } = new URL(request.url);
    const isService = [API_PREFIX, DICOMWEB_PREFIX].some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
    return isService ? api(request) : files(request);
  };
  return { handle, events, info, displays };
}
