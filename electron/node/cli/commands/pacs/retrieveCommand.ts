import { parseArgs } from 'node:util';
import { StudyCache } from '../../../cache/studyCache';
import { dicomWebClientFor } from '../../../pacs/dicomWebNode';
import { resolveNode } from '../../../pacs/pacsSettings';
import { retrieveStudy, type RetrieveVia } from '../../../pacs/retrieveStudy';
import type { Receiver } from '../../../pacs/storeReceiver';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { createProgressPrinter } from '../../progressPrinter';
import { PACS_OPTIONS, pacsSettingsFor, receiverForMove } from './pacsOptions';

export const retrieveCommand: CliCommand = {
  name: 'retrieve',
  summary: 'retrieve a study from a node into the local cache (resumable: a re-run fetches only what is missing)',
  usage: 'lightbox retrieve NODE STUDY_UID [--via move|get|wado] [--aet AE] [--scp-port PORT] [--json]',
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.args, options: { ...PACS_OPTIONS, via: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    const [spec, studyUid] = positionals;
    if (!spec || !studyUid) throw new CliUsageError('give NODE and STUDY_UID');
    const settings = pacsSettingsFor(ctx, values);
    const node = resolveNode(spec, settings);
    const via = (values.via ?? (node.kind === 'dicomweb' ? 'wado' : 'move')) as RetrieveVia;
    if (!['move', 'get', 'wado'].includes(via)) throw new CliUsageError('--via must be move, get or wado');
    if (via === 'wado' && node.kind !== 'dicomweb') throw new CliUsageError('--via wado needs a DICOMweb node');
    if (via !== 'wado' && node.kind !== 'dimse') throw new CliUsageError(`--via ${via} needs a DIMSE node`);
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    let receiver: Receiver | undefined;
    try {
      if (via === 'move') receiver = await receiverForMove(cache, settings, ctx.stderr);
      const progress = createProgressPrinter(ctx.stderr, 'retrieving');
      const result = await retrieveStudy({
        cache,
        node,
        studyUid,
        via,
        ourAeTitle: settings.aeTitle,
        dicomWeb: node.kind === 'dicomweb' ? dicomWebClientFor(node) : undefined,
        flushReceived: receiver ? () => receiver!.flush() : undefined,
        onProgress: (p) => progress.update(p.alreadyCached + p.received, p.total),
      });
      progress.done();
      if (values.json) ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else ctx.stdout.write(`${result.total} instances at ${node.name}: ${result.alreadyCached} already cached, ${result.received} retrieved, ${result.failed} failed, ${result.missing.length} missing\n`);
      return result.missing.length === 0 ? 0 : 1;
    } finally {
      await receiver?.stop();
      cache.close();
    }
  },
};
