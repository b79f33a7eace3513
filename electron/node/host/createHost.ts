import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_PREFIX, DICOMWEB_PREFIX, type HostInfo } from '../../common/contract/hostContract';
import { createHostRequestHandler, type RequestHandler } from '../../common/contract/hostRequestHandler';
import { HostEventBus } from '../../common/events/hostEventBus';
import { createEmptyDicomWebService, type DicomWebService } from './dicomWebService';
import type { DisplayService } from './displayService';
import { createHostRouteImplementations } from './hostRoutes';
import { ProtocolStore } from '../hanging/protocolStore';
import { ReadingRoomProfileStore, withReadingRoomRoles } from './readingRoomProfileStore';
import { createStaticFileHandler } from './staticFileHandler';
import { createEmptyStudyCatalog, type StudyCatalog } from './studyCatalog';
import type { PacsApi } from './pacsApi';
import { LIGHTBOX_VERSION } from './version';

/** The built renderer when running from the checkout (out/renderer); bundles pass their own. */
export function checkoutRendererDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../out/renderer');
}

export interface HostOptions {
  mode: HostInfo['mode'];
  dataDir: string;
  displays: DisplayService;
  catalog?: StudyCatalog;
  dicomweb?: DicomWebService;
  rendererDir?: string;
  notice?: string;
  /** DICOM networking (query/retrieve, send, our Storage SCP); absent: the PACS requests answer 501. */
  pacs?: PacsApi;
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
      catalog: options.catalog ?? createEmptyStudyCatalog(),
      dicomweb: options.dicomweb ?? createEmptyDicomWebService(),
      displays,
      profile,
      events,
      pacs: options.pacs,
      protocols: new ProtocolStore(options.dataDir),
    }),
    events,
  );
  const files = createStaticFileHandler(options.rendererDir ?? checkoutRendererDir());
  const handle: RequestHandler = (request) => {
    const { pathname } = new URL(request.url);
    const isService = [API_PREFIX, DICOMWEB_PREFIX].some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
    return isService ? api(request) : files(request);
  };
  return { handle, events, info, displays };
}
