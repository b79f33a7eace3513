import { parseArgs } from 'node:util';
import { StudyCache } from '../../../cache/studyCache';
import { parseQueryArguments } from '../../../dimse/queryIdentifier';
import { planPrefetch } from '../../../pacs/prefetchPlan';
import { resolveNode } from '../../../pacs/pacsSettings';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { PACS_OPTIONS, pacsSettingsFor } from './pacsOptions';
import { printPlan, retrievePlan } from './prefetchRetrieve';

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
    try {
      const plan = await planPrefetch(node, settings.aeTitle, cache, { accessions: values.accession?.split(',').filter(Boolean), query: terms.length ? parseQueryArguments(terms) : undefined }, rules);
      printPlan(plan, ctx.stdout);
      if (values['dry-run']) return 0;
      return (await retrievePlan(plan, node, settings, cache, ctx)) === 0 ? 0 : 1;
    } finally {
      cache.close();
    }
  },
};
