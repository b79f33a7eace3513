import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createHostClient, type HostClient } from '../../electron/common/contract/hostClient';
import type { DisplayInfo } from '../../electron/common/contract/hostContract';
import type { EventLoopDelay } from '../../electron/common/contract/hostContract';
import type { HostToMainMessage, MainToHostMessage } from '../../electron/common/contract/hostProcessProtocol';
import { createVirtualDisplayService } from '../../electron/node/host/displayService';
import { appRoot } from '../../electron/node/runtime/appLayout';

/** The host as the product runs it: the built host process, in a process of its own. */
export interface ProductHost {
  origin: string;
  token: string;
  pid: number;
  /** A typed client that sends the token (scripts, not pages). */
  client: HostClient;
  /** The host's event-loop delay since it started or since the last reset. */
  eventLoopDelay(reset?: boolean): Promise<EventLoopDelay>;
  close(): Promise<void>;
}

/**
 * Starts out/node/hostProcess.mjs (built by `npm run build`; the bench command builds first) the
 * way Electron main does, over Node's IPC instead of the utility process's port. Browser mode's
 * pages then talk to its loopback server exactly as they talk to `lightbox serve`. `cacheKey`: an
 * encrypted cache's key, handed over in the start message as the desktop app hands it.
 */
export async function startProductHost(options: { dataDir: string; displays?: number | DisplayInfo[]; receive?: boolean; mode?: 'browser' | 'electron'; execArgv?: string[]; cacheKey?: Uint8Array }): Promise<ProductHost> {
  const module = path.join(appRoot(), 'out/node/hostProcess.mjs');
  if (!existsSync(module)) throw new Error(`${module} is missing: run \`npm run build\``);
  const child: ChildProcess = fork(module, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: options.execArgv ?? [] });
  const displays = Array.isArray(options.displays) ? options.displays : createVirtualDisplayService(options.displays ?? 1).listDisplays();
  const ready = new Promise<{ origin: string; token: string }>((resolve, reject) => {
    child.on('message', (message: HostToMainMessage) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new Error(`host process: ${message.message}`));
    });
    child.once('exit', (code) => reject(new Error(`host process exited with code ${code}`)));
  });
  const send = (message: MainToHostMessage): void => void child.send(message);
  send({ type: 'start', dataDir: options.dataDir, displays, rendererDir: path.join(appRoot(), 'out/renderer'), receive: options.receive ?? false, mode: options.mode ?? 'browser', ...(options.cacheKey ? { cacheKey: Buffer.from(options.cacheKey).toString('base64') } : {}) });
  const { origin, token } = await ready;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = createHostClient({ baseUrl: origin, transport: (r) => fetch(r), headers: { authorization: `Bearer ${token}` } });
  return {
    origin,
    token,
    pid: child.pid!,
    client,
    eventLoopDelay: async (reset = false) => (await client.call('getHostDiagnostics', { query: reset ? { reset: '1' } : {} })).eventLoop,
    async close() {
      send({ type: 'stop' });
      await exited;
    },
  };
}
