import type { HostToMainMessage, MainToHostMessage } from '../../common/contract/hostProcessProtocol';

/** The host process's line to the process that started it. */
export interface ParentChannel {
  send(message: HostToMainMessage): void;
  onMessage(listener: (message: MainToHostMessage) => void): void;
  /** The parent went away: the host must not outlive the app. */
  onClose(listener: () => void): void;
}

/** Electron's utility process gives its child `process.parentPort` (a MessagePortMain). */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
}

/**
 * Connects to the parent: Electron's `process.parentPort` in a utility process, else Node's IPC
 * channel (`child_process.fork`), which is how the desktop path is driven where Electron cannot
 * be installed (the smoke test's Electron stand-in forks the same built module).
 */
export function connectToParent(): ParentChannel {
  const port = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => listener(event.data as MainToHostMessage)),
      onClose: (listener) => port.on('close', listener),
    };
  }
  if (process.send) {
    return {
      send: (message) => void process.send?.(message),
      onMessage: (listener) => process.on('message', (message) => listener(message as MainToHostMessage)),
      onClose: (listener) => process.on('disconnect', listener),
    };
  }
  throw new Error('the host process is started by the desktop app (Electron utility process or a Node child process with IPC)');
}
