import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { checkAeTitle, checkNode, describeNode, loadPacsSettings, resolveNode, type PacsNode, type PacsSettings, acceptedCallingAes } from '../../../pacs/pacsSettings';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { plainSecretBox } from '../../../pacs/secretBox';
import { updatePacsSettings } from '../../../pacs/pacsSettingsUpdate';

export const nodesCommand: CliCommand = {
  name: 'nodes',
  summary: 'configure remote DICOM nodes (PACS, workstations) and our own AE title and SCP port',
  usage:
    'lightbox nodes ls [--json] | nodes add NAME AET@HOST:PORT|URL [--timeout SECONDS] [--authorization VALUE] [--ai-service] [--worklist] | nodes rm NAME | nodes local [--aet AE] [--scp-port PORT] [--scp-host ADDRESS] [--allow AE,AE…] [--allow-any | --only-known]\n' +
    '  The Storage SCP listens on the loopback and accepts only the configured DIMSE nodes\' AE titles (and --allow ones) unless told otherwise:\n' +
    '  --scp-host ADDRESS (0.0.0.0: every interface) for modalities and remote PACS to reach it; --allow-any to accept any calling AE title.\n' +
    '  --worklist: the node serves the RIS worklist (Modality Worklist C-FIND for AET@HOST:PORT, UPS-RS for a URL); see lightbox worklist.',
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    const { values, positionals } = parseArgs({
      args: rest,
      options: { json: { type: 'boolean', default: false }, timeout: { type: 'string' }, authorization: { type: 'string' }, 'ai-service': { type: 'boolean' }, worklist: { type: 'boolean' }, aet: { type: 'string' }, 'scp-port': { type: 'string' }, 'scp-host': { type: 'string' }, allow: { type: 'string' }, 'allow-any': { type: 'boolean' }, 'only-known': { type: 'boolean' } },
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
          ctx.stdout.write(`${describeLocal(settings)}\n`);
          for (const n of settings.nodes) ctx.stdout.write(`${n.name.padEnd(16)} ${describeNode(n)}${n.timeoutMs ? `, timeout ${n.timeoutMs / 1000} s` : ''}${n.aiService ? ', AI service' : ''}\n`);
        }
        return 0;
      }
      case 'add': {
        const [name, target] = positionals;
        if (!name || !target) throw new CliUsageError('nodes add needs NAME and AET@HOST:PORT or a DICOMweb URL');
        const parsed = resolveNode(target, { ...settings, nodes: [] });
        const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : undefined;
        if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new CliUsageError('--timeout must be a positive number of seconds');
        const worklist = values.worklist ? { worklist: true } : {};
        const node: PacsNode =
          parsed.kind === 'dimse'
            ? { name, kind: 'dimse', aeTitle: parsed.aeTitle, host: parsed.host, port: parsed.port, ...(timeoutMs ? { timeoutMs } : {}), ...(values['ai-service'] ? { aiService: true } : {}), ...worklist }
            : { name, kind: 'dicomweb', url: parsed.url, ...(timeoutMs ? { timeoutMs } : {}), ...(values.authorization ? { authorization: plainSecretBox.seal(values.authorization) } : {}), ...(values['ai-service'] ? { aiService: true } : {}), ...worklist };
        checkNode(node);
        // Read-modify-write under the settings lock: the running app may change them too.
        const saved = updatePacsSettings(ctx.dataDir, (current) => ({ ...current, nodes: [...current.nodes.filter((n) => n.name !== name), node] }));
        ctx.stdout.write(`${name}: ${describeNode(node)}\n`);
        if (node.kind === 'dimse' && !isLoopback(node.host) && isLoopback(saved.scpHost)) {
          ctx.stdout.write(`note: our Storage SCP listens on ${saved.scpHost} only: for ${name} to send us studies (C-MOVE), run lightbox nodes local --scp-host 0.0.0.0 (or this machine's address)\n`);
        }
        return 0;
      }
      case 'rm': {
        const [name] = positionals;
        updatePacsSettings(ctx.dataDir, (current) => {
          if (!current.nodes.some((n) => n.name === name)) throw new Error(`no node named "${name}"`);
          return { ...current, nodes: current.nodes.filter((n) => n.name !== name) };
        });
        return 0;
      }
      case 'local': {
        if (values['allow-any'] && values['only-known']) throw new CliUsageError('--allow-any and --only-known contradict each other');
        if (values['scp-host'] !== undefined && isIP(values['scp-host']) === 0) throw new CliUsageError(`--scp-host ${values['scp-host']} is not an IP address (0.0.0.0: every interface)`);
        const port = values['scp-port'] ? Number(values['scp-port']) : undefined;
        if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new CliUsageError(`--scp-port ${values['scp-port']} is not a TCP port`);
        const allowed = values.allow?.split(',').filter(Boolean).map((ae) => checkAeTitle(ae, '--allow'));
        const aeTitle = values.aet ? checkAeTitle(values.aet, '--aet') : undefined;
        const saved = updatePacsSettings(ctx.dataDir, (current) => ({
          ...current,
          ...(aeTitle ? { aeTitle } : {}),
          ...(port ? { scpPort: port } : {}),
          ...(allowed ? { allowedCallingAes: allowed } : {}),
          ...(values['allow-any'] ? { allowAnyCallingAe: true } : values['only-known'] ? { allowAnyCallingAe: false } : {}),
          ...(values['scp-host'] !== undefined ? { scpHost: values['scp-host'] } : {}),
        }));
        ctx.stdout.write(`${describeLocal(saved)}\n`);
        return 0;
      }
      default:
        throw new CliUsageError(`unknown subcommand "${sub}"`);
    }
  },
};

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Our side, as the SCP will run: where it listens and whom it accepts. */
function describeLocal(settings: PacsSettings): string {
  const accepted = acceptedCallingAes(settings);
  const from = accepted === undefined ? 'any calling AE title' : accepted.length ? accepted.join(', ') : 'no calling AE title yet (nodes add, or nodes local --allow AE)';
  return `local: ${settings.aeTitle}, Storage SCP on ${settings.scpHost} port ${settings.scpPort}, accepts from ${from}`;
}
