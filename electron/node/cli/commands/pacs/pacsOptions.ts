import type { StudyCache } from '../../../cache/studyCache';
import { acceptedCallingAes, checkAeTitle, loadPacsSettings, type PacsSettings } from '../../../pacs/pacsSettings';
import { startReceiver, type Receiver } from '../../../pacs/storeReceiver';
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

/**
 * Our Storage SCP for a C-MOVE run from the CLI. When the port is taken (the app, or `lightbox
 * scp`, is running), that receiver stores into the same cache: undefined, and the run goes on.
 */
export async function receiverForMove(cache: StudyCache, settings: PacsSettings, stderr: NodeJS.WritableStream): Promise<Receiver | undefined> {
  try {
    return await startReceiver(cache, { aeTitle: settings.aeTitle, port: settings.scpPort, host: settings.scpHost, allowedCallingAes: acceptedCallingAes(settings) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    stderr.write(`port ${settings.scpPort} is in use: assuming a running Lightbox receives the C-MOVE\n`);
    return undefined;
  }
}
