import { parseArgs } from 'node:util';
import { createHostClient } from '../../../common/contract/hostClient';
import type { OpenStudyCommand } from '../../../common/contract/hostContract';
import { findRunningServer } from '../../server/runningServer';
import { CliUsageError, type CliCommand } from '../cliTypes';

/** What a RIS/worklist runs to show a study on the workstation that is already running. */
export const openCommand: CliCommand = {
  name: 'open',
  summary: 'open a study in the running workstation (by Study Instance UID or accession number)',
  usage: 'lightbox open (--study UID | --accession NUMBER)',
  async run(ctx) {
    const { values } = parseArgs({ args: ctx.args, options: { study: { type: 'string' }, accession: { type: 'string' } }, strict: true });
    if (!values.study === !values.accession) throw new CliUsageError('give exactly one of --study UID or --accession NUMBER');
    const command: OpenStudyCommand = values.study ? { studyInstanceUid: values.study } : { accessionNumber: values.accession! };
    const server = findRunningServer(ctx.dataDir);
    if (!server) {
      const query = values.study ? `StudyInstanceUID=${encodeURIComponent(values.study)}` : `AccessionNumber=${encodeURIComponent(values.accession!)}`;
      ctx.stderr.write(
        `lightbox open: no Lightbox is running for ${ctx.dataDir}. Start it (npm start, or lightbox serve) and run this again, ` +
          `or open the served URL with ?${query} (desktop: lightbox://open?${query}).\n`,
      );
      return 1;
    }
    const client = createHostClient({ baseUrl: server.origin, transport: (r) => fetch(r), headers: { authorization: `Bearer ${server.token}` } });
    const result = await client.call('openStudy', { body: command });
    (result.accepted ? ctx.stdout : ctx.stderr).write(`${result.message}\n`);
    return result.accepted ? 0 : 1;
  },
};
