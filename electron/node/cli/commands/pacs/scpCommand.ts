import { parseArgs } from 'node:util';
import { StudyCache } from '../../../cache/studyCache';
import { startReceiver } from '../../../pacs/storeReceiver';
import { acceptedCallingAes } from '../../../pacs/pacsSettings';
import type { CliCommand } from '../../cliTypes';
import { PACS_OPTIONS, pacsSettingsFor } from './pacsOptions';

export const scpCommand: CliCommand = {
  name: 'scp',
  summary: 'run the Storage SCP alone: receive from modalities and PACS into the local cache until stopped',
  usage: 'lightbox scp [--aet AE] [--port PORT] [--host ADDRESS] [--quiet]',
  async run(ctx) {
    const { values } = parseArgs({ args: ctx.args, options: { ...PACS_OPTIONS, port: { type: 'string' }, host: { type: 'string' }, quiet: { type: 'boolean', default: false } }, strict: true });
    const settings = pacsSettingsFor(ctx, { ...values, 'scp-port': values.port ?? values['scp-port'] });
    const cache = new StudyCache(ctx.dataDir, 'lightbox-scp');
    const log = (line: string): void => void ctx.stdout.write(`${new Date().toISOString()} ${line}\n`);
    const receiver = await startReceiver(cache, {
      aeTitle: settings.aeTitle,
      port: settings.scpPort,
      host: values.host ?? settings.scpHost,
      allowedCallingAes: acceptedCallingAes(settings),
      onEvent: (e) => {
        if (e.type === 'stored' && values.quiet) return;
        if (e.type === 'association') log(`association from ${e.callingAe} (${e.address})`);
        else if (e.type === 'rejected') log(`rejected ${e.callingAe} (${e.address}): ${e.reason}`);
        else if (e.type === 'stored') log(`stored ${e.sopInstanceUid} from ${e.callingAe}`);
        else if (e.type === 'store-failed') log(`refused ${e.sopInstanceUid} from ${e.callingAe}: ${e.error}`);
        else log(`closed ${e.callingAe}${e.error ? `: ${e.error}` : ''}`);
      },
    });
    const accepted = acceptedCallingAes(settings);
    log(`Storage SCP ${settings.aeTitle} listening on ${values.host ?? settings.scpHost} port ${receiver.port}, accepting ${accepted ? (accepted.length ? accepted.join(', ') : 'no calling AE title yet (lightbox nodes add, or nodes local --allow AE)') : 'any calling AE title'}`);
    await ctx.untilStopped;
    await receiver.stop();
    cache.close();
    return 0;
  },
};
