/**
 * Electron main process: the thin layer that wires the Electron-free host services to Electron
 * (custom scheme, windows, displays, IPC). Everything it calls lives in electron/node and is
 * tested without Electron.
 */
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_EVENT_CHANNEL } from '../common/contract/preloadApi';
import { OPEN_LINK_SCHEME, parseOpenLink } from '../common/launch/openLink';
import type { OpenStudyCommand } from '../common/contract/hostContract';
import { createHostClient } from '../common/contract/hostClient';
import { resolveDataDir } from '../node/config/dataDir';
import { createCacheStudyCatalog } from '../node/cache/cacheStudyCatalog';
import { StudyCache } from '../node/cache/studyCache';
import { importDemoIfEmpty } from '../node/catalog/demoStudies';
import { createCacheDicomWeb } from '../node/dicomweb/cacheDicomWeb';
import { createHost } from '../node/host/createHost';
import { PacsService } from '../node/pacs/pacsService';
import { createSafeStorageSecretBox } from './safeStorageSecretBox';
import { APP_ORIGIN, handleAppScheme, registerAppSchemePrivileges } from './appScheme';
import { DisplayWindows } from './displayWindows';
import { createElectronDisplayService, onDisplaysChanged } from './electronDisplayService';
import { enforceNavigationPolicy } from './windowSecurity';

const here = path.dirname(fileURLToPath(import.meta.url));

// The desktop app and the CLI share one data folder (`--data-dir`/LIGHTBOX_DATA_DIR honoured).
const dataDirFlag = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
app.setPath('userData', resolveDataDir({ flag: dataDirFlag }));
app.enableSandbox();
registerAppSchemePrivileges();
enforceNavigationPolicy();

if (!app.requestSingleInstanceLock()) app.quit();
// Deep links from a RIS/worklist: lightbox://open?StudyInstanceUID=… (macOS: open-url; Windows and
// Linux: the link arrives as an argument of a second instance, or of this one at start).
app.setAsDefaultProtocolClient(OPEN_LINK_SCHEME);
let openLink: (command: OpenStudyCommand) => void = () => undefined;
const pendingLinks = process.argv.map(parseOpenLink).filter((c): c is OpenStudyCommand => !!c);
app.on('open-url', (event, url) => {
  event.preventDefault();
  const command = parseOpenLink(url);
  if (command) openLink(command);
});
app.on('second-instance', (_event, argv) => {
  for (const command of argv.map(parseOpenLink)) if (command) openLink(command);
  BrowserWindow.getAllWindows()[0]?.focus();
});

void app.whenReady().then(() => {
  const displays = createElectronDisplayService();
  const cache = new StudyCache(app.getPath('userData'), 'lightbox-desktop');
  const pacs = new PacsService({ cache, dataDir: app.getPath('userData'), secrets: createSafeStorageSecretBox(), emit: (event) => host.events.emit(event) });
  app.on('will-quit', () => {
    void pacs.stop();
    cache.close();
  });
  const host = createHost({
    pacs,
    catalog: createCacheStudyCatalog(cache),
    dicomweb: createCacheDicomWeb(cache),
    mode: 'electron',
    dataDir: app.getPath('userData'),
    displays,
    rendererDir: path.join(here, '../renderer'),
  });
  handleAppScheme(host.handle);
  void pacs.start();
  host.events.onDidEmit((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(HOST_EVENT_CHANNEL, event);
  });
  // One window per display; displays added, removed or rearranged: windows follow, renderers re-plan.
  const windows = new DisplayWindows(here);
  const roomDisplays = () => host.displays.listDisplays();
  onDisplaysChanged(() => {
    const now = roomDisplays();
    windows.sync(now);
    host.events.emit({ type: 'onDidChangeDisplays', displays: now });
  });
  windows.sync(roomDisplays());
  const self = createHostClient({ baseUrl: APP_ORIGIN, transport: host.handle });
  openLink = (command) =>
    void self.call('openStudy', { body: command }).then((r) => {
      if (!r.accepted) console.warn(`Lightbox: ${r.message}`);
    });
  pendingLinks.forEach(openLink);
  // Windows first; the demo set (first start only) lands afterwards and the study lists refresh.
  void importDemoIfEmpty(cache, app.getPath('userData'), 'chest', (line) => console.log(line)).then(() =>
    host.events.emit({ type: 'onDidChangeStudies', studyInstanceUids: [] }),
  );
});

app.on('window-all-closed', () => app.quit());
