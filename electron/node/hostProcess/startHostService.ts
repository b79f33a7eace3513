import { mkdir } from 'node:fs/promises';
import type { HostInfo } from '../../common/contract/hostContract';
import { createCacheLocalStudies } from '../cache/cacheLocalStudies';
import { StudyCache } from '../cache/studyCache';
import type { CacheKey } from '../cache/cacheKey';
import { importDemoIfEmpty } from '../catalog/demoStudies';
import { createHost, type Host } from '../host/createHost';
import type { DisplayService } from '../host/displayService';
import { ImagingService } from '../imaging/imagingService';
import { ExportJobs } from '../export/exportJobs';
import { HostDiagnosticsMonitor } from '../host/hostDiagnostics';
import { PacsService } from '../pacs/pacsService';
import type { SecretBox } from '../pacs/secretBox';
import { startBrowserModeServer, type BrowserModeServer } from '../server/browserModeServer';
import { writeRunningServer } from '../server/runningServer';
import { resourceLimits } from '../config/resourceLimits';

export interface HostServiceOptions {
  mode: HostInfo['mode'];
  dataDir: string;
  displays: DisplayService;
  /** The loopback server's launch token (every request must carry it). */
  token: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Who acts, in audit entries. */
  auditSource: string;
  notice?: string;
  /** Built renderer files; default: the checkout's out/renderer. */
  rendererDir?: string;
  /** Run our Storage SCP (default true). */
  receive?: boolean;
  heartbeatMs?: number;
  secrets?: SecretBox;
  /** The encrypted cache's key (the desktop app's, from the OS keychain); else LIGHTBOX_CACHE_KEY_FILE, read by the cache. */
  cacheKey?: CacheKey;
  /** Generate and import the synthetic demo set into an empty cache (a preset name), or not. */
  demoPreset?: string;
  /** Progress and problems, one line each. */
  log(line: string): void;
  warn(line: string): void;
}

export interface HostService {
  host: Host;
  server: BrowserModeServer;
  pacs: PacsService;
  cache: StudyCache;
  imaging: ImagingService;
  /** Stops the SCP, the server and the decoding threads, and closes the cache. */
  close(): Promise<void>;
}

/**
 * The host: cache, index, DICOMweb, PACS (Storage SCP, outbox, prefetch), decoding — behind one
 * loopback server. Browser mode (`lightbox serve`) runs it in the CLI's process; the desktop app
 * runs it in a process of its own (Electron's utility process, hostProcessMain.ts), so that no
 * window ever waits on it. One entry point for both.
 */
export async function startHostService(options: HostServiceOptions): Promise<HostService> {
  // First, so that a mistyped limit stops the start with its name, before anything listens.
  const limits = resourceLimits();
  await mkdir(options.dataDir, { recursive: true });
  const cache = new StudyCache(options.dataDir, options.auditSource, options.cacheKey ? { key: options.cacheKey } : {});
  const imaging = new ImagingService(cache);
  const diagnostics = new HostDiagnosticsMonitor(() => imaging.parallelism);
  // The decoding threads start now, not on the first study opened.
  imaging.warmUp();
  const pacs = new PacsService({
    cache,
    dataDir: options.dataDir,
    receive: options.receive,
    heartbeatMs: options.heartbeatMs,
    secrets: options.secrets,
    emit: (event) => host.events.emit(event),
  });
  const exports = new ExportJobs(cache, (event) => host.events.emit(event));
  const host = createHost({
    pacs,
    exports,
    studies: createCacheLocalStudies(cache, imaging),
    mode: options.mode,
    dataDir: options.dataDir,
    displays: options.displays,
    notice: options.notice,
    rendererDir: options.rendererDir,
    diagnostics,
    limits: limits.requestBody,
    logError: options.warn,
  });
  const server = await startBrowserModeServer({ handle: host.handle, token: options.token, port: options.port, logError: options.warn });
  await pacs.start();
  const scp = pacs.status();
  if (scp.scpError) options.warn(scp.scpError);
  else if (scp.scpListening) options.log(`Storage SCP ${scp.aeTitle} on port ${scp.scpPort}`);
  // `lightbox open` beside the running workstation (browser mode or desktop) finds it here.
  const forget = writeRunningServer(options.dataDir, { origin: server.origin, token: options.token, pid: process.pid });
  // The demo set is made after the server answers, so the first start is not held up; open
  // pages refresh their study list when it lands.
  if (options.demoPreset) {
    const events = host.events;
    void importDemoIfEmpty(cache, options.dataDir, options.demoPreset, options.log)
      .then(() => events.emit({ type: 'onDidChangeStudies', studyInstanceUids: [] }))
      .catch((error: unknown) => options.warn(`demo set not loaded: ${error instanceof Error ? error.message : String(error)}`));
  }
  return {
    host,
    server,
    pacs,
    cache,
    imaging,
    async close() {
      forget();
      await pacs.stop();
      await server.close();
      // Exports still running are cancelled: nothing half-written is left at their destinations.
      await exports.close();
      await imaging.close();
      cache.close();
      diagnostics.stop();
    },
  };
}
