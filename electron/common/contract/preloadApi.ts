import type { HostEvent } from './hostContract';

/** IPC channel on which Electron main pushes HostEvents to every window. */
export const HOST_EVENT_CHANNEL = 'lightbox:host-event';

/** Name of the single global the preload exposes with `contextBridge`. */
export const PRELOAD_GLOBAL = 'lightboxHost';

/**
 * What the preload exposes to the page: typed functions only, never raw `ipcRenderer`.
 * Requests themselves go through `fetch('lightbox://app/api/…')`; IPC carries events.
 */
export interface LightboxPreloadApi {
  readonly shell: 'electron';
  onEvent(listener: (event: HostEvent) => void): () => void;
}
