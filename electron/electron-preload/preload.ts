/**
 * Sandboxed preload: exposes one typed global (`window.lightboxHost`) through contextBridge.
 * It relays host events from main; requests go through fetch on the lightbox:// scheme.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HostEvent } from '../common/contract/hostContract';
import { HOST_EVENT_CHANNEL, PRELOAD_GLOBAL, type LightboxPreloadApi } from '../common/contract/preloadApi';

const api: LightboxPreloadApi = {
  shell: 'electron',
  onEvent(listener) {
    const relay = (_event: IpcRendererEvent, hostEvent: HostEvent): void => listener(hostEvent);
    ipcRenderer.on(HOST_EVENT_CHANNEL, relay);
    return () => ipcRenderer.removeListener(HOST_EVENT_CHANNEL, relay);
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
