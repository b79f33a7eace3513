// The desktop app's host process: Electron main starts it (utilityProcess.fork of the built
// out/node/hostProcess.mjs) and tells it where the data are; it runs the same host service as
// browser mode (startHostService) and reports the loopback origin and token that main forwards
// the lightbox:// scheme to. Host events go to main, which relays them to every window.
import { randomBytes } from 'node:crypto';
import type { DisplayInfo } from '../../common/contract/hostContract';
import type { MainToHostMessage } from '../../common/contract/hostProcessProtocol';
import type { DisplayService } from '../host/displayService';
import { createKeyedSecretBox } from '../pacs/keyedSecretBox';
import { cacheKeyFrom } from '../cache/cacheKey';
import { connectToParent } from './parentChannel';
import { startHostService, type HostService } from './startHostService';

const channel = connectToParent();
let displays: DisplayInfo[] = [];
const displayService: DisplayService = { listDisplays: () => displays.map((d) => ({ ...d, bounds: { ...d.bounds } })) };
let service: HostService | undefined;
let stopping: Promise<void> | undefined;

function stop(): Promise<void> {
  stopping ??= (async () => {
    await service?.close().catch((error: unknown) => console.error(`lightbox host: ${error instanceof Error ? error.message : String(error)}`));
    channel.send({ type: 'stopped' });
    process.exit(0);
  })();
  return stopping;
}

async function start(message: Extract<MainToHostMessage, { type: 'start' }>): Promise<void> {
  displays = message.displays;
  const token = randomBytes(32).toString('base64url');
  service = await startHostService({
    mode: message.mode ?? 'electron',
    dataDir: message.dataDir,
    displays: displayService,
    token,
    auditSource: 'lightbox-desktop',
    rendererDir: message.rendererDir,
    receive: message.receive,
    ...(message.secretKey ? { secrets: createKeyedSecretBox(Buffer.from(message.secretKey, 'base64')) } : {}),
    ...(message.cacheKey ? { cacheKey: cacheKeyFrom(Buffer.from(message.cacheKey, 'base64')) } : {}),
    ...(message.mode === 'browser' ? {} : { demoPreset: 'chest' }),
    log: (line) => console.log(`lightbox host: ${line}`),
    warn: (line) => console.warn(`lightbox host: ${line}`),
  });
  const events = service.host.events;
  events.onDidEmit((event) => channel.send({ type: 'event', event }));
  channel.send({ type: 'ready', origin: service.server.origin, token, pid: process.pid });
}

channel.onMessage((message) => {
  switch (message.type) {
    case 'start':
      start(message).catch((error: unknown) => {
        channel.send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      });
      break;
    case 'displays':
      displays = message.displays;
      service?.host.events.emit({ type: 'onDidChangeDisplays', displays: service.host.displays.listDisplays() });
      break;
    case 'stop':
      void stop();
      break;
  }
});
// The app went away (crashed or killed): the host must not outlive it.
channel.onClose(() => void stop());
