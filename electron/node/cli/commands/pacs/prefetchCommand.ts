import { parseArgs } from 'node:util';
import { StudyCache } from '../../../cache/studyCache';
import { parseQueryArguments } from '../../../dimse/queryIdentifier';
import { planPrefetch } from '../../../pacs/prefetchPlan';
import { resolveNode } from '../../../pacs/pacsSettings';
import { retrieveStudy } from '../../../pacs/retrieveStudy';
import { dicomWebClientFor } from '../../../pacs/dicomWebNode';
import type { Receiver } from '../../../pacs/storeReceiver';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { PACS_OPTIONS, pacsSettingsFor, receiverForMove } from './pacsOptions';

export const prefetchCommand: CliCommand = {
  name: 'prefetch',
  summary: "worklist prefetch: fetch the listed studies and their relevant priors tonight (by accession numbers or a study query, e.g. tomorrow's date)",
  usage: 'lightbox prefetch NODE (--accession A[,B…] | KEY=VALUE…) [--priors N] [--max-age YEARS] [--any-modality] [--dry-run] [--aet AE] [--scp-port PORT]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      options: { ...PACS_OPTIONS, accession: { type: 'string' }, priors: { type: 'string' }, 'max-age': { type: 'string' }, 'any-modality': { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    const [spec, ...terms] = positionals;
    if (!spec || (!values.accession && terms.length === 0)) throw new CliUsageError('give NODE and --accession or KEY=VALUE terms');
    const settings = pacsSettingsFor(ctx, values);
    const node = resolveNode(spec, settings);
    const rules = {
      maxPriors: values.priors !== undefined ? Number(values.priors) : settings.prefetch.maxPriors,
      maxAgeYears: values['max-age'] !== undefined ? Number(values['max-age']) : settings.prefetch.maxAgeYears,
      sameModality: values['any-modality'] ? false : settings.prefetch.sameModality,
    };
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    let receiver: Receiver | undefined;
    try {
      const plan = await planPrefetch(node, settings.aeTitle, cache, { accessions: values.accession?.split(',').filter(Boolean), query: terms.length ? parseQueryArguments(terms) : undefined }, rules);
      for (const s of plan.studies) ctx.stdout.write(`study ${s.studyInstanceUid}  ${s.studyDate} ${s.modalities.join('/')} ${s.studyDescription} (${s.cachedInstances} of ${s.instanceCount ?? '?'} cached)\n`);
      for (const p of plan.priors) ctx.stdout.write(`prior ${p.study.studyInstanceUid}  ${p.study.studyDate} ${p.study.studyDescription}: ${p.reasons.join(', ')}\n`);
      if (values['dry-run']) return 0;
      const via = node.kind === 'dicomweb' ? 'wado' : 'move';
      if (via === 'move') receiver = await receiverForMove(cache, settings, ctx.stderr);
      let incomplete = 0;
      for (const uid of [...plan.studies.map((s) => s.studyInstanceUid), ...plan.priors.map((p) => p.study.studyInstanceUid)]) {
        try {
          const result = await retrieveStudy({ cache, node, studyUid: uid, via, ourAeTitle: settings.aeTitle, dicomWeb: node.kind === 'dicomweb' ? dicomWebClientFor(node) : undefined, flushReceived: receiver ? () => receiver!.flush() : undefined });
          ctx.stdout.write(`${uid}: ${result.received} retrieved, ${result.alreadyCached} already cached, ${result.missing.length} missing\n`);
          if (result.missing.length) incomplete++;
        } catch (error) {
          incomplete++;
          ctx.stderr.write(`${uid}: ${(error as Error).message}\n`);
        }
      }
      return incomplete === 0 ? 0 : 1;
    } finally {
      await receiver?.stop();
      cache.close();
    }
  },
};
