import type { DisplayInfo, HostEvent } from './hostContract';

/**
 * Messages between Electron's main process and the host process (Electron's utility process; a
 * Node child process where the desktop app is exercised without Electron). Main only starts,
 * feeds displays to, and stops the host; every request of the contract goes to the host's
 * loopback server, whose origin and token the host reports when it is ready.
 */
export type MainToHostMessage =
  | {
      type: 'start';
      dataDir: string;
      displays: DisplayInfo[];
      /** The built renderer (out/renderer in the app). */
      rendererDir: string;
      /**
       * The key PACS credentials are sealed with (base64, 32 bytes), itself kept sealed by the OS
       * keychain through Electron's safeStorage; absent where the OS offers none.
       */
      secretKey?: string;
      /**
       * The encrypted cache's key (base64, 32 bytes; README "Encrypted cache"), kept sealed by the
       * OS keychain the same way; absent for an unencrypted cache.
       */
      cacheKey?: string;
      /** Run the Storage SCP (default true). */
      receive?: boolean;
      /** How pages reach it (default: the desktop app's scheme); benchmarks serve browser-mode pages from it. */
      mode?: 'electron' | 'browser';
    }
  | { type: 'displays'; displays: DisplayInfo[] }
  | { type: 'stop' };

export type HostToMainMessage =
  | { type: 'ready'; origin: string; token: string; pid: number }
  | { type: 'event'; event: HostEvent }
  | { type: 'failed'; message: string }
  | { type: 'stopped' };
