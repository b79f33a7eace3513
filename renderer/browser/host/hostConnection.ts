import { EVENTS_PATH, type HostEvent } from '../../../electron/common/contract/hostContract';
import { createHostClient, type HostClient } from '../../../electron/common/contract/hostClient';
import { PRELOAD_GLOBAL, type LightboxPreloadApi } from '../../../electron/common/contract/preloadApi';

declare global {
  interface Window {
    [PRELOAD_GLOBAL]?: LightboxPreloadApi;
  }
}

export interface HostConnection {
  client: HostClient;
  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(listener: (event: HostEvent) => void): () => void;
}

/**
 * The page talks to the host on its own origin: `lightbox://app` inside Electron, the loopback
 * server in browser mode (the launch-token cookie rides along). Events come over IPC from the
 * preload when it exists, else over Server-Sent Events.
 */
export function connectToHost(): HostConnection {
  const client = createHostClient({
    baseUrl: window.location.origin,
    transport: (request) => fetch(request, { credentials: 'same-origin' }),
  });
  const preload = window[PRELOAD_GLOBAL];
  if (preload) return { client, onEvent: (listener) => preload.onEvent(listener) };
  // One event stream per page, shared by every subscriber: browsers allow six connections per
  // origin, and each display's page would otherwise hold several open for good.
  const listeners = new Set<(event: HostEvent) => void>();
  let source: EventSource | undefined;
  return {
    client,
    onEvent(listener) {
      listeners.add(listener);
      if (!source) {
        source = new EventSource(EVENTS_PATH, { withCredentials: true });
        source.onmessage = (message: MessageEvent<string>) => {
          const event = JSON.parse(message.data) as HostEvent;
          for (const l of [...listeners]) l(event);
        };
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = undefined;
        }
      };
    },
  };
}
