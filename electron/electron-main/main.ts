/**
 * Electron main process: app lifecycle, one window per display, the lightbox:// scheme, the OS
 * keychain — and nothing heavy. The host services (cache, index, DICOMweb, PACS, Storage SCP,
 * decoding) run in a process of their own (HostSupervisor: Electron's utility process running
 * out/node/hostProcess.mjs), so a study being imported, received or decoded never freezes a
 * window. Requests of the scheme are forwarded to the host's loopback server; host events come
 * back over the utility process's port and go to every window by IPC.
 */
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostEvent, OpenStudyCommand } from '../common/contract/hostContract';
import { createHostClient } from '../common/contract/hostClient';
import { HOST_EVENT_CHANNEL } from '../common/contract/preloadApi';
import { OPEN_LINK_SCHEME, parseOpenLink } from '../common/launch/openLink';
import { resolveDataDir } from '../node/config/dataDir';
import { APP_ORIGIN, handleAppScheme, registerAppSchemePrivileges } from './appScheme';
import { loadCacheKey } from './cacheKeyStore';
import { loadCredentialKey } from './credentialKey';
import { DisplayWindows } from './displayWindows';
import { listElectronDisplays, onDisplaysChanged } from './electronDisplayService';
import { HostSupervisor } from './hostSupervisor';
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

const toWindows = (event: HostEvent): void => {
  for (const window of BrowserWindow.getAllWindows()) window.webContents.send(HOST_EVENT_CHANNEL, event);
};

void app.whenReady().then(() => {
  const dataDir = app.getPath('userData');
  const credentialKey = loadCredentialKey(dataDir);
  const cacheKey = loadCacheKey(dataDir);
  const host = new HostSupervisor({
    modulePath: path.join(here, '../node/hostProcess.mjs'),
    startMessage: () => ({
      type: 'start',
      dataDir,
      displays: listElectronDisplays(),
      rendererDir: path.join(here, '../renderer'),
      ...(credentialKey ? { secretKey: credentialKey.toString('base64') } : {}),
      ...(cacheKey ? { cacheKey: cacheKey.toString('base64') } : {}),
    }),
    onEvent: toWindows,
  });
  host.start();
  handleAppScheme(host.handle);
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting) return;
    // The host closes its cache and SCP first: nothing it acknowledged is left half-written.
    event.preventDefault();
    quitting = true;
    void host.stop().finally(() => app.quit());
  });
  // One window per display; displays added, removed or rearranged: windows follow, the host re-plans.
  const windows = new DisplayWindows(here);
  onDisplaysChanged(() => {
    const displays = listElectronDisplays();
    host.send({ type: 'displays', displays });
    windows.sync(displays);
  });
  windows.sync(listElectronDisplays());
  const self = createHostClient({ baseUrl: APP_ORIGIN, transport: host.handle });
  openLink = (command) =>
    void self.call('openStudy', { body: command }).then((r) => {
      if (!r.accepted) console.warn(`Lightbox: ${r.message}`);
    });
  pendingLinks.forEach(openLink);
});

app.on('window-all-closed', () => app.quit());
