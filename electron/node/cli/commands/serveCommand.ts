import { parseArgs } from 'node:util';
import { mkdir } from 'node:fs/promises';
import { createCacheStudyCatalog } from '../../cache/cacheStudyCatalog';
import { StudyCache } from '../../cache/studyCache';
import { importDemoIfEmpty } from '../../catalog/demoStudies';
import { createCacheDicomWeb } from '../../dicomweb/cacheDicomWeb';
import { createHost } from '../../host/createHost';
import { PacsService } from '../../pacs/pacsService';
import { createVirtualDisplayService } from '../../host/displayService';
import { startBrowserModeServer } from '../../server/browserModeServer';
import { generateLaunchToken } from '../../server/loopbackAuth';
import { writeRunningServer } from '../../server/runningServer';
import { CliUsageError, type CliCommand } from '../cliTypes';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'browser mode: serve the workstation on 127.0.0.1 and print the URL to open',
  usage: 'lightbox serve [--port N] [--token T] [--displays N] [--no-demo | --demo-preset tiny|chest] [--notice TEXT] [--no-scp] [--heartbeat SECONDS]',
  async run(ctx) {
    const { values } = parseArgs({
      args: ctx.args,
      options: {
        port: { type: 'string', default: '0' },
        token: { type: 'string' },
        displays: { type: 'string', default: '1' },
        notice: { type: 'string' },
        'no-demo': { type: 'boolean', default: false },
        'demo-preset': { type: 'string', default: 'chest' },
        // Without our Storage SCP (query, retrieve by C-GET/WADO and sending still work).
        'no-scp': { type: 'boolean', default: false },
        // How often each PACS node is echoed (offline nodes: every 5 s, or this if shorter).
        heartbeat: { type: 'string', default: '30' },
      },
      strict: true,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliUsageError(`--port must be 0–65535, got "${values.port}"`);
    const displays = Number(values.displays);
    if (!Number.isInteger(displays) || displays < 1 || displays > 8) throw new CliUsageError(`--displays must be 1–8, got "${values.displays}"`);
    const token = values.token ?? ctx.env.LIGHTBOX_TOKEN ?? generateLaunchToken();
    if (token.length < 16) throw new CliUsageError('the token must be at least 16 characters');
    await mkdir(ctx.dataDir, { recursive: true });
    const cache = new StudyCache(ctx.dataDir, 'lightbox-host (browser mode)');
    const heartbeat = Number(values.heartbeat);
    if (!(heartbeat > 0)) throw new CliUsageError(`--heartbeat must be a positive number of seconds, got "${values.heartbeat}"`);
    const pacs = new PacsService({ cache, dataDir: ctx.dataDir, receive: !values['no-scp'], heartbeatMs: heartbeat * 1000, emit: (event) => host.events.emit(event) });
    const host = createHost({
      pacs,
      catalog: createCacheStudyCatalog(cache),
      dicomweb: createCacheDicomWeb(cache),
      mode: 'browser',
      dataDir: ctx.dataDir,
      displays: createVirtualDisplayService(displays),
      notice: values.notice,
    });
    const server = await startBrowserModeServer({ handle: host.handle, token, port });
    await pacs.start();
    const scp = pacs.status();
    if (scp.scpError) ctx.stderr.write(`lightbox serve: ${scp.scpError}\n`);
    else if (scp.scpListening) ctx.stdout.write(`Storage SCP ${scp.aeTitle} on port ${scp.scpPort}\n`);
    ctx.stdout.write(`Lightbox ${host.info.version} (browser mode), data in ${ctx.dataDir}\n`);
    ctx.stdout.write(`Open: ${server.launchUrl}\n`);
    const forget = writeRunningServer(ctx.dataDir, { origin: new URL(server.launchUrl).origin, token, pid: process.pid });
    if (displays > 1) ctx.stdout.write(`Virtual displays: add &display=2 … &display=${displays} for the other windows\n`);
    // The demo set is made after the server answers, so the first start is not held up; open
    // pages refresh their study list when it lands.
    if (!values['no-demo']) {
      void importDemoIfEmpty(cache, ctx.dataDir, values['demo-preset'], (l) => ctx.stdout.write(`${l}\n`))
        .then(() => host.events.emit({ type: 'onDidChangeStudies', studyInstanceUids: [] }))
        .catch((error: unknown) => ctx.stderr.write(`lightbox serve: demo set not loaded: ${error instanceof Error ? error.message : String(error)}\n`));
    }
    await ctx.untilStopped;
    forget();
    await pacs.stop();
    await server.close();
    cache.close();
    return 0;
  },
};
