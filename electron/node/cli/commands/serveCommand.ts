import { parseArgs } from 'node:util';
import { createVirtualDisplayService } from '../../host/displayService';
import { startHostService } from '../../hostProcess/startHostService';
import { generateLaunchToken } from '../../server/loopbackAuth';
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
    const heartbeat = Number(values.heartbeat);
    if (!(heartbeat > 0)) throw new CliUsageError(`--heartbeat must be a positive number of seconds, got "${values.heartbeat}"`);
    const service = await startHostService({
      mode: 'browser',
      dataDir: ctx.dataDir,
      displays: createVirtualDisplayService(displays),
      token,
      port,
      auditSource: 'lightbox-host (browser mode)',
      notice: values.notice,
      receive: !values['no-scp'],
      heartbeatMs: heartbeat * 1000,
      ...(values['no-demo'] ? {} : { demoPreset: values['demo-preset'] }),
      log: (line) => ctx.stdout.write(`${line}\n`),
      warn: (line) => ctx.stderr.write(`lightbox serve: ${line}\n`),
    });
    ctx.stdout.write(`Lightbox ${service.host.info.version} (browser mode), data in ${ctx.dataDir}\n`);
    ctx.stdout.write(`Open: ${service.server.launchUrl}\n`);
    if (displays > 1) ctx.stdout.write(`Virtual displays: add &display=2 … &display=${displays} for the other windows\n`);
    await ctx.untilStopped;
    await service.close();
    return 0;
  },
};
