import { checkAeTitle, loadPacsSettings, type PacsSettings } from '../../../pacs/pacsSettings';
import type { CliContext } from '../../cliTypes';

/** Options every networking command takes: our AE title and SCP port for this run only. */
export const PACS_OPTIONS = { aet: { type: 'string' }, 'scp-port': { type: 'string' } } as const;

/** The saved settings with `--aet` / `--scp-port` applied. */
export function pacsSettingsFor(ctx: CliContext, values: { aet?: string; 'scp-port'?: string }): PacsSettings {
  const settings = loadPacsSettings(ctx.dataDir);
  if (values.aet) settings.aeTitle = checkAeTitle(values.aet, '--aet');
  if (values['scp-port']) {
    const port = Number(values['scp-port']);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--scp-port ${values['scp-port']} is not a TCP port`);
    settings.scpPort = port;
  }
  return settings;
}
