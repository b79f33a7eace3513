import { parseArgs } from 'node:util';
import { checkAeTitle, checkNode, describeNode, loadPacsSettings, resolveNode, savePacsSettings, type PacsNode } from '../../../pacs/pacsSettings';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { plainSecretBox } from '../../../pacs/secretBox';

export const nodesCommand: CliCommand = {
  name: 'nodes',
  summary: 'configure remote DICOM nodes (PACS, workstations) and our own AE title and SCP port',
  usage:
    'lightbox nodes ls [--json] | nodes add NAME AET@HOST:PORT|URL [--timeout SECONDS] [--authorization VALUE] | nodes rm NAME | nodes local [--aet AE] [--scp-port PORT] [--allow AE,AE…]',
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    const { values, positionals } = parseArgs({
      args: rest,
      options: { json: { type: 'boolean', default: false }, timeout: { type: 'string' }, authorization: { type: 'string' }, aet: { type: 'string' }, 'scp-port': { type: 'string' }, allow: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const settings = loadPacsSettings(ctx.dataDir);
    switch (sub) {
      case undefined:
      case 'ls': {
        if (values.json) {
          // Credentials are never printed.
          const nodes = settings.nodes.map((n) => (n.kind === 'dicomweb' && n.authorization ? { ...n, authorization: '(set)' } : n));
          ctx.stdout.write(`${JSON.stringify({ ...settings, nodes }, null, 2)}\n`);
        } else {
          ctx.stdout.write(`local: ${settings.aeTitle}, Storage SCP port ${settings.scpPort}, accepts from ${settings.allowedCallingAes.length ? settings.allowedCallingAes.join(', ') : 'any AE title'}\n`);
          for (const n of settings.nodes) ctx.stdout.write(`${n.name.padEnd(16)} ${describeNode(n)}${n.timeoutMs ? `, timeout ${n.timeoutMs / 1000} s` : ''}\n`);
        }
        return 0;
      }
      case 'add': {
        const [name, target] = positionals;
        if (!name || !target) throw new CliUsageError('nodes add needs NAME and AET@HOST:PORT or a DICOMweb URL');
        const parsed = resolveNode(target, { ...settings, nodes: [] });
        const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : undefined;
        if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new CliUsageError('--timeout must be a positive number of seconds');
        const node: PacsNode =
          parsed.kind === 'dimse'
            ? { name, kind: 'dimse', aeTitle: parsed.aeTitle, host: parsed.host, port: parsed.port, ...(timeoutMs ? { timeoutMs } : {}) }
            : { name, kind: 'dicomweb', url: parsed.url, ...(timeoutMs ? { timeoutMs } : {}), ...(values.authorization ? { authorization: plainSecretBox.seal(values.authorization) } : {}) };
        checkNode(node);
        settings.nodes = [...settings.nodes.filter((n) => n.name !== name), node];
        savePacsSettings(ctx.dataDir, settings);
        ctx.stdout.write(`${name}: ${describeNode(node)}\n`);
        return 0;
      }
      case 'rm': {
        const [name] = positionals;
        if (!settings.nodes.some((n) => n.name === name)) throw new Error(`no node named "${name}"`);
        settings.nodes = settings.nodes.filter((n) => n.name !== name);
        savePacsSettings(ctx.dataDir, settings);
        return 0;
      }
      case 'local': {
        if (values.aet) settings.aeTitle = checkAeTitle(values.aet, '--aet');
        if (values['scp-port']) settings.scpPort = Number(values['scp-port']);
        if (values.allow !== undefined) settings.allowedCallingAes = values.allow.split(',').filter(Boolean).map((ae) => checkAeTitle(ae, '--allow'));
        if (!Number.isInteger(settings.scpPort) || settings.scpPort < 1 || settings.scpPort > 65535) throw new CliUsageError(`--scp-port ${values['scp-port']} is not a TCP port`);
        savePacsSettings(ctx.dataDir, settings);
        ctx.stdout.write(`local: ${settings.aeTitle}, Storage SCP port ${settings.scpPort}\n`);
        return 0;
      }
      default:
        throw new CliUsageError(`unknown subcommand "${sub}"`);
    }
  },
};
